// The checksummed terrain cache (TerrainCache, the /vsilwcache/ file system
// under GDAL's WMS driver): entries are sealed with SHA-256, and a damaged,
// truncated, replaced or unsealed entry is deleted and fetched again from a
// web server on 127.0.0.1 that this test starts, never decoded or drawn.
//
// Tiles are tiny TMS GeoTIFFs whose values follow a formula (tileValue), so
// every read is checked against a value computed here, not by GDAL. SHA-256
// test vector: FIPS 180-2, appendix B.1 ("abc").
#include "common/atomic_file.h"
#include "io/gdal_environment.h"
#include "io/terrain_cache.h"

#include "support/local_http_server.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include <memory>
#include <vector>

using namespace linewatch;
using linewatch::test::LocalHttpServer;

namespace {

constexpr int kTilePx = 64;  // small tiles keep the test fast
constexpr int kZoom = 1;     // 2 x 2 tiles

struct DatasetCloser
{
    void operator()(void *d) const
    {
        if (d)
            GDALClose(d);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

/// The elevation of pixel (i, j) of tile (x, y): distinct per tile and pixel.
qint16 tileValue(int x, int y, int i, int j) { return static_cast<qint16>(1000 * x + 300 * y + (i * 3 + j) % 251); }

void writeTile(const QString &root, int x, int y)
{
    const QString dir = QStringLiteral("%1/%2/%3").arg(root).arg(kZoom).arg(x);
    QDir().mkpath(dir);
    const QByteArray path = QFile::encodeName(QStringLiteral("%1/%2.tif").arg(dir).arg(y));
    std::vector<qint16> pixels(kTilePx * kTilePx);
    for (int j = 0; j < kTilePx; ++j)
        for (int i = 0; i < kTilePx; ++i)
            pixels[j * kTilePx + i] = tileValue(x, y, i, j);
    DatasetPtr ds(GDALCreate(GDALGetDriverByName("GTiff"), path.constData(), kTilePx, kTilePx, 1, GDT_Int16, nullptr));
    QVERIFY2(ds, CPLGetLastErrorMsg());
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds.get(), 1), GF_Write, 0, 0, kTilePx, kTilePx, pixels.data(), kTilePx,
                          kTilePx, GDT_Int16, 0, 0),
             CE_None);
}

/// A TMS description of the 2 x 2 tiles at zoom 1 over the web-mercator
/// square, cached like the sample's (Extension .tif, default cache path).
/// The tag makes the URL, hence the cache subfolder, unique.
QByteArray description(const QString &baseUrl, const QString &tag)
{
    return QStringLiteral("<GDAL_WMS><Service name=\"TMS\"><ServerUrl>%1/${z}/${x}/${y}.tif?run=%2</ServerUrl></Service>"
                          "<DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>"
                          "<LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY>"
                          "<TileLevel>1</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
                          "<YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection>"
                          "<BlockSizeX>%3</BlockSizeX><BlockSizeY>%3</BlockSizeY><BandsCount>1</BandsCount>"
                          "<DataType>Int16</DataType><OverviewCount>0</OverviewCount>"
                          "<Cache><Extension>.tif</Extension></Cache><MaxConnections>1</MaxConnections>"
                          "</GDAL_WMS>")
        .arg(baseUrl, tag)
        .arg(kTilePx)
        .toUtf8();
}

DatasetPtr openDescription(const QByteArray &xml)
{
    return DatasetPtr(GDALOpenEx(xml.constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

struct Read
{
    CPLErr err = CE_Failure;
    qint16 value = 0;
    QString message;
};

/// Pixel (i, j) of tile (x, y) through the WMS dataset.
Read readPixel(void *dataset, int x, int y, int i, int j)
{
    Read r;
    CPLErrorReset();
    r.err = GDALRasterIO(GDALGetRasterBand(dataset, 1), GF_Read, x * kTilePx + i, y * kTilePx + j, 1, 1, &r.value, 1,
                         1, GDT_Int16, 0, 0);
    r.message = QString::fromUtf8(CPLGetLastErrorMsg());
    return r;
}

QString realCacheFolder(void *dataset)
{
    return TerrainCache::realPath(QString::fromUtf8(GDALGetMetadataItem(dataset, "CACHE_PATH", nullptr)));
}

QStringList filesBelow(const QString &dir, QDir::Filters extra = {})
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | extra, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    return files;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

/// True when the file is an intact entry holding tile (x, y).
bool entryHoldsTile(const QString &entryPath, int x, int y)
{
    const auto payload = TerrainCache::unseal(readAll(entryPath), QFile::encodeName(QFileInfo(entryPath).fileName()));
    if (!payload)
        return false;
    const QByteArray mem = QByteArrayLiteral("/vsimem/entry-check.tif");
    VSILFILE *f = VSIFileFromMemBuffer(mem.constData(), reinterpret_cast<GByte *>(const_cast<char *>(payload->constData())),
                                       static_cast<vsi_l_offset>(payload->size()), FALSE);
    VSIFCloseL(f);
    DatasetPtr tile(GDALOpen(mem.constData(), GA_ReadOnly));
    bool ok = tile != nullptr;
    for (int k = 0; ok && k < 4; ++k) {
        const int i = k * 17, j = k * 13;
        qint16 v = 0;
        ok = GDALRasterIO(GDALGetRasterBand(tile.get(), 1), GF_Read, i, j, 1, 1, &v, 1, 1, GDT_Int16, 0, 0) == CE_None
             && v == tileValue(x, y, i, j);
    }
    tile.reset();
    VSIUnlink(mem.constData());
    return ok;
}

} // namespace

class TestTerrainCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void sealsWithSha256_data();
    void sealsWithSha256();
    void environmentUsesTheCache();
    void fillsAndServesFromCache();
    void damagedEntryIsRefetched_data();
    void damagedEntryIsRefetched();
    void damagedEntryOfflineIsNotDrawn();
    void killedWriteIsIgnored();
    void failedSaveLeavesNoEntry();
    void pathsStayInTheFolder();

private:
    /// Reads tile (x, y) once through a fresh description (its own cache
    /// folder), closes it, and returns the entry's real path.
    QString fillOne(const QString &tag, int x, int y);

    QString mTiles;
    std::unique_ptr<LocalHttpServer> mServer;
};

void TestTerrainCache::initTestCase()
{
    GdalEnvironment::Options options;
    options.cacheFolder = test::tempDir() + QStringLiteral("/cache/terrain");
    GdalEnvironment::initialise(options);
    mTiles = test::tempDir() + QStringLiteral("/tiles");
    for (int x = 0; x < 2; ++x)
        for (int y = 0; y < 2; ++y)
            writeTile(mTiles, x, y);
    mServer = std::make_unique<LocalHttpServer>(mTiles);
    QString error;
    QVERIFY2(mServer->start(0, &error), qPrintable(error));
}

void TestTerrainCache::cleanupTestCase() { mServer.reset(); }

void TestTerrainCache::sealsWithSha256_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("empty payload") << QByteArray() << QByteArray("a.tif");
    QTest::newRow("FIPS 180-2 B.1 message \"ab\" + name \"c\"") << QByteArray("ab") << QByteArray("c");
    QByteArray big(1 << 20, Qt::Uninitialized);
    for (int i = 0; i < big.size(); ++i)
        big[i] = static_cast<char>(i * 7 + i / 256);
    QTest::newRow("1 MiB payload") << big << QByteArray("0123456789abcdef0123456789abcdef.tif");
}

void TestTerrainCache::sealsWithSha256()
{
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, name);
    const QByteArray entry = TerrainCache::seal(payload, name);
    QCOMPARE(entry.size(), payload.size() + TerrainCache::kTrailerBytes);
    QVERIFY(entry.startsWith(payload));
    QVERIFY(entry.endsWith("LWSHA256"));
    // The digest is SHA-256 of payload + name, checked against a second
    // implementation (and for "ab"+"c" against the published vector).
    const QByteArray digest = entry.mid(payload.size(), 32);
    QCOMPARE(digest, QCryptographicHash::hash(payload + name, QCryptographicHash::Sha256));
    if (payload == "ab")
        QCOMPARE(digest.toHex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(TerrainCache::unseal(entry, name).value_or(QByteArray("<refused>")), payload);

    // Every kind of damage is refused.
    auto refused = [&name](const QByteArray &bytes) { return !TerrainCache::unseal(bytes, name).has_value(); };
    for (qsizetype at : {qsizetype(0), payload.size() / 2, payload.size() - 1, payload.size(), entry.size() - 1}) {
        if (at < 0)
            continue;
        QByteArray flipped = entry;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
        QVERIFY2(refused(flipped), qPrintable(QStringLiteral("one bit flipped at byte %1").arg(at)));
    }
    QVERIFY(refused(entry.chopped(1)));
    QVERIFY(refused(entry.left(entry.size() / 2)));
    QVERIFY(refused(payload));                              // never sealed
    QVERIFY(refused(entry + "x"));                          // appended to
    QVERIFY(!TerrainCache::unseal(entry, name + "x"));      // sealed for another entry
}

void TestTerrainCache::environmentUsesTheCache()
{
    QCOMPARE(QString::fromUtf8(CPLGetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", "")), QStringLiteral("/vsilwcache"));
    QCOMPARE(TerrainCache::rootFolder(), test::tempDir() + QStringLiteral("/cache/terrain"));
    QCOMPARE(GdalEnvironment::cacheFolder(), TerrainCache::rootFolder());
    DatasetPtr ds = openDescription(description(mServer->baseUrl(), QStringLiteral("env")));
    QVERIFY2(ds, CPLGetLastErrorMsg());
    const QString cachePath = QString::fromUtf8(GDALGetMetadataItem(ds.get(), "CACHE_PATH", nullptr));
    QVERIFY2(cachePath.startsWith(QStringLiteral("/vsilwcache/")), qPrintable(cachePath));
    QVERIFY2(realCacheFolder(ds.get()).startsWith(TerrainCache::rootFolder() + QLatin1Char('/')),
             qPrintable(realCacheFolder(ds.get())));
}

QString TestTerrainCache::fillOne(const QString &tag, int x, int y)
{
    DatasetPtr ds = openDescription(description(mServer->baseUrl(), tag));
    if (!ds)
        return {};
    const Read r = readPixel(ds.get(), x, y, 5, 7);
    if (r.err != CE_None || r.value != tileValue(x, y, 5, 7))
        return {};
    const QStringList files = filesBelow(realCacheFolder(ds.get()));
    return files.size() == 1 ? files.first() : QString();
}

void TestTerrainCache::fillsAndServesFromCache()
{
    const QByteArray xml = description(mServer->baseUrl(), QStringLiteral("fill"));
    QString folder;
    mServer->resetCounters();
    const int writtenBefore = TerrainCache::writtenCount();
    {
        DatasetPtr ds = openDescription(xml);
        QVERIFY(ds);
        folder = realCacheFolder(ds.get());
        for (int x = 0; x < 2; ++x)
            for (int y = 0; y < 2; ++y) {
                const Read r = readPixel(ds.get(), x, y, 10, 20);
                QVERIFY2(r.err == CE_None, qPrintable(r.message));
                QCOMPARE(r.value, tileValue(x, y, 10, 20));
            }
    }
    QCOMPARE(mServer->requestCount(), 4);
    QCOMPARE(TerrainCache::writtenCount() - writtenBefore, 4);
    // Four sealed entries, each holding its tile; no temporaries left.
    const QStringList entries = filesBelow(folder, QDir::Hidden);
    QCOMPARE(entries.size(), 4);
    int intact = 0;
    for (const QString &e : entries)
        for (int x = 0; x < 2; ++x)
            for (int y = 0; y < 2; ++y)
                intact += entryHoldsTile(e, x, y) ? 1 : 0;
    QCOMPARE(intact, 4);

    // A new dataset reads everything from the cache: no request.
    mServer->resetCounters();
    {
        DatasetPtr ds = openDescription(xml);
        for (int x = 0; x < 2; ++x)
            for (int y = 0; y < 2; ++y)
                QCOMPARE(readPixel(ds.get(), x, y, 33, 44).value, tileValue(x, y, 33, 44));
    }
    QCOMPARE(mServer->requestCount(), 0);
}

void TestTerrainCache::damagedEntryIsRefetched_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("one bit flipped in the middle") << "flip-middle";
    QTest::newRow("one bit flipped in the last payload byte") << "flip-last";
    QTest::newRow("truncated to half (disk full, torn write)") << "truncate-half";
    QTest::newRow("trailer cut off (unsealed GeoTIFF, as plain GDAL caches)") << "unsealed";
    QTest::newRow("replaced by garbage") << "garbage";
    QTest::newRow("replaced by another tile's intact entry") << "other-entry";
    QTest::newRow("emptied (zero bytes)") << "empty";
}

void TestTerrainCache::damagedEntryIsRefetched()
{
    QFETCH(QString, damage);
    const QString tag = QStringLiteral("damage-") + damage;
    const QString entry = fillOne(tag, 1, 0);
    QVERIFY2(!entry.isEmpty(), "filling the cache failed");
    const QByteArray good = readAll(entry);
    const QByteArray payload = good.chopped(TerrainCache::kTrailerBytes);

    QByteArray bad = good;
    if (damage == QLatin1String("flip-middle"))
        bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x10);
    else if (damage == QLatin1String("flip-last"))
        bad[payload.size() - 1] = static_cast<char>(bad[payload.size() - 1] ^ 0x01);
    else if (damage == QLatin1String("truncate-half"))
        bad = good.left(good.size() / 2);
    else if (damage == QLatin1String("unsealed"))
        bad = payload;
    else if (damage == QLatin1String("garbage"))
        bad = QByteArray(good.size(), 'Z');
    else if (damage == QLatin1String("other-entry")) {
        const QString other = fillOne(tag + QStringLiteral("-other"), 0, 1);
        QVERIFY(!other.isEmpty());
        bad = readAll(other); // intact, but sealed under another name
    } else if (damage == QLatin1String("empty"))
        bad.clear();
    writeAll(entry, bad);

    const int discardedBefore = TerrainCache::discardedCount();
    mServer->resetCounters();
    {
        DatasetPtr ds = openDescription(description(mServer->baseUrl(), tag));
        const Read r = readPixel(ds.get(), 1, 0, 5, 7);
        QVERIFY2(r.err == CE_None, qPrintable(r.message));
        QCOMPARE(r.value, tileValue(1, 0, 5, 7));
        const Read r2 = readPixel(ds.get(), 1, 0, 60, 2);
        QCOMPARE(r2.value, tileValue(1, 0, 60, 2));
    }
    // Detected once, fetched once, and the entry is good again.
    QCOMPARE(TerrainCache::discardedCount() - discardedBefore, 1);
    QCOMPARE(mServer->requestCount(), 1);
    QVERIFY2(mServer->requestedPaths().first().startsWith(QStringLiteral("/1/1/0.tif")),
             qPrintable(mServer->requestedPaths().join(QLatin1Char(' '))));
    QVERIFY(entryHoldsTile(entry, 1, 0));
    QCOMPARE(readAll(entry), good);
}

void TestTerrainCache::damagedEntryOfflineIsNotDrawn()
{
    // A damaged entry and no server: the read fails (the layer panel says
    // why) rather than decoding the damaged bytes.
    const QString tag = QStringLiteral("offline");
    const QString entry = fillOne(tag, 0, 0);
    QVERIFY(!entry.isEmpty());
    QByteArray bad = readAll(entry);
    bad[bad.size() / 3] = static_cast<char>(bad[bad.size() / 3] ^ 0x40);
    writeAll(entry, bad);
    const quint16 port = mServer->port();
    const QString baseUrl = mServer->baseUrl();
    mServer->stop();
    {
        DatasetPtr ds = openDescription(description(baseUrl, tag));
        const Read r = readPixel(ds.get(), 0, 0, 5, 7);
        QCOMPARE(r.err, CE_Failure);
        QVERIFY2(r.message.contains(QStringLiteral("Failed to connect")), qPrintable(r.message));
    }
    QVERIFY(!QFileInfo::exists(entry)); // discarded
    QString error;
    QVERIFY2(mServer->start(port, &error), qPrintable(error));
    // Back online: fetched and good.
    QCOMPARE(fillOne(tag, 0, 0), entry);
    QVERIFY(entryHoldsTile(entry, 0, 0));
}

void TestTerrainCache::killedWriteIsIgnored()
{
    // A write killed before its rename leaves AtomicFile's temporary beside
    // where the entry would be. Here it even holds a validly sealed copy of
    // another tile: it must still be invisible and the tile fetched.
    const QString tag = QStringLiteral("killed");
    const QString entry = fillOne(tag, 1, 1);
    QVERIFY(!entry.isEmpty());
    const QFileInfo info(entry);
    const QString temporary = info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".lw-Ab3xYz");
    QVERIFY(QFile::rename(entry, temporary));
    const QString vsiFolder = TerrainCache::vsiPrefix() + QDir(TerrainCache::rootFolder()).relativeFilePath(info.absolutePath());
    VSIStatBufL st;
    QVERIFY(VSIStatL((vsiFolder + QStringLiteral("/.") + info.fileName() + QStringLiteral(".lw-Ab3xYz")).toUtf8().constData(), &st) != 0);
    QVERIFY(VSIStatL((vsiFolder + QLatin1Char('/') + info.fileName()).toUtf8().constData(), &st) != 0);
    const CPLStringList listed(VSIReadDir(vsiFolder.toUtf8().constData()));
    QCOMPARE(listed.size(), 0);

    mServer->resetCounters();
    {
        DatasetPtr ds = openDescription(description(mServer->baseUrl(), tag));
        const Read r = readPixel(ds.get(), 1, 1, 5, 7);
        QVERIFY2(r.err == CE_None, qPrintable(r.message));
        QCOMPARE(r.value, tileValue(1, 1, 5, 7));
    }
    QCOMPARE(mServer->requestCount(), 1);
    QVERIFY(entryHoldsTile(entry, 1, 1));
    const CPLStringList after(VSIReadDir(vsiFolder.toUtf8().constData()));
    QCOMPARE(after.size(), 1);
    QCOMPARE(QString::fromUtf8(after[0]), info.fileName());
}

void TestTerrainCache::failedSaveLeavesNoEntry()
{
    // Entries are saved by AtomicFile: a failing fsync (injected) leaves
    // neither an entry nor a temporary, and the read itself still succeeds.
    const QString tag = QStringLiteral("nosync");
    AtomicFile::injectFault(AtomicFile::Step::Sync, EIO, TerrainCache::rootFolder());
    QString folder;
    {
        DatasetPtr ds = openDescription(description(mServer->baseUrl(), tag));
        folder = realCacheFolder(ds.get());
        const Read r = readPixel(ds.get(), 0, 1, 5, 7);
        AtomicFile::clearFault();
        QVERIFY2(r.err == CE_None, qPrintable(r.message));
        QCOMPARE(r.value, tileValue(0, 1, 5, 7));
    }
    AtomicFile::clearFault();
    QCOMPARE(filesBelow(folder, QDir::Hidden), QStringList());
    // Without the fault the same read leaves one good entry.
    const QString entry = fillOne(tag, 0, 1);
    QVERIFY(!entry.isEmpty());
    QVERIFY(entryHoldsTile(entry, 0, 1));
}

void TestTerrainCache::pathsStayInTheFolder()
{
    // Nothing outside the cache folder is reachable through the prefix.
    const QString outside = test::tempDir() + QStringLiteral("/outside.txt");
    writeAll(outside, "secret");
    const QString climbing = TerrainCache::vsiPrefix() + QStringLiteral("../outside.txt");
    QCOMPARE(TerrainCache::realPath(climbing), QString());
    QCOMPARE(TerrainCache::realPath(QStringLiteral("/vsimem/x")), QString());
    QCOMPARE(TerrainCache::realPath(TerrainCache::vsiPrefix() + QStringLiteral("ab/c.tif")),
             TerrainCache::rootFolder() + QStringLiteral("/ab/c.tif"));
    VSIStatBufL st;
    QVERIFY(VSIStatL(climbing.toUtf8().constData(), &st) != 0);
    QVERIFY(VSIFOpenL(climbing.toUtf8().constData(), "rb") == nullptr);
    // Sealed entries cannot be updated in place or appended to.
    const QString entry = fillOne(QStringLiteral("modes"), 0, 0);
    QVERIFY(!entry.isEmpty());
    const QByteArray vsiEntry =
        (TerrainCache::vsiPrefix() + QDir(TerrainCache::rootFolder()).relativeFilePath(entry)).toUtf8();
    QVERIFY(VSIFOpenL(vsiEntry.constData(), "r+b") == nullptr);
    QVERIFY(VSIFOpenL(vsiEntry.constData(), "ab") == nullptr);
    // Reading through the prefix gives the payload, without the trailer.
    QVERIFY(VSIStatL(vsiEntry.constData(), &st) == 0);
    QCOMPARE(qint64(st.st_size), QFileInfo(entry).size() - TerrainCache::kTrailerBytes);
}

QTEST_GUILESS_MAIN(TestTerrainCache)
#include "test_terrain_cache.moc"

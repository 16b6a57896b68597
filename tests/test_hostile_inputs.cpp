// The hostile-input corpus (issue 6): truncated and bit-flipped rasters,
// resource bombs, files that reach outside their folder, malformed GeoJSON
// and CSV, bad dates, overlapping line versions, a project pointing at /etc
// and URLs, a wrong CRS. Every input is generated here, then opened by
// "linewatch-cli open" (the viewer's open path) in a child process, so a
// crash is a failed row, not a dead test runner, and the child's wall time
// and peak memory (wait4's ru_maxrss) are measured: issue 6 asks for "any
// input rejected or opened within 10 s and 1.5 GB".
//
// Expected outcomes are independent of the code: a feature count is what
// the generator wrote; an error pattern is the rule the input breaks.
#include "io/gdal_environment.h"
#include "support/synthetic_dem.h"
#include "support/sanitizers.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <gdal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <csignal>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace {

using linewatch::test::kSanitized;

/// Issue 6's 10 s for every input, in every build but one row under
/// AddressSanitizer. "GeoJSON, 250,000 vertices" spends its time inside
/// GDAL's GeoJSON driver, which parses a file twice by design (the layer's
/// schema at open, then the features), with json-c allocating an object per
/// number: about 7 million allocations, each through ASan's allocator. Our
/// own third parse is gone (issue 16: 5.75 G to 4.04 G instructions in the
/// release build, callgrind); what is left is library code. Measured on the
/// 2-core machine, asan preset, in the whole suite (ctest -j2, beside the
/// kill test's processes): 17.8 s before that fix, 11.7 s after; beside
/// lighter tests 2.9 s. The allocator's cost follows the load, hence 25 s.
/// The release build takes 0.7-1.0 s against the unchanged 10 s.
double secondsBound(const char *row)
{
    if (kSanitized && qstrcmp(row, "GeoJSON, 250,000 vertices") == 0)
        return 25.0;
    return 10.0;
}

} // namespace

using namespace linewatch;

namespace {

enum class Outcome { Opens, Fails, AsksConsent, OpensOrFails };

struct ChildRun
{
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    int signal = 0;
    double seconds = 0;
    double peakMiB = 0;
    QString out, err;
};

/// Middleman mode of this executable ("--measure-child REPORT KILL_AFTER_S
/// PROGRAM ARGS..."): forks and runs PROGRAM, kills it after KILL_AFTER_S,
/// and writes "exit CODE MAXRSS_KIB" or "signal SIG MAXRSS_KIB" to REPORT.
/// Why a middleman: a child's ru_maxrss includes the memory of the process
/// it was forked from (Linux records the old address space's peak at exec),
/// so the test process, holding the generated corpus, would inflate every
/// figure; this middleman is freshly started and small.
int measureChild(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    const char *report = argv[2];
    const double killAfterS = std::atof(argv[3]);
    const pid_t pid = fork();
    if (pid == 0) {
        execv(argv[4], argv + 4);
        _exit(127);
    }
    if (pid < 0)
        return 2;
    int status = 0;
    rusage usage{};
    const auto start = std::chrono::steady_clock::now();
    while (wait4(pid, &status, WNOHANG, &usage) != pid) {
        if (std::chrono::steady_clock::now() - start > std::chrono::duration<double>(killAfterS)) {
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            break;
        }
        usleep(2000);
    }
    FILE *out = std::fopen(report, "w");
    if (!out)
        return 2;
    if (WIFSIGNALED(status))
        std::fprintf(out, "signal %d %ld\n", WTERMSIG(status), usage.ru_maxrss);
    else
        std::fprintf(out, "exit %d %ld\n", WEXITSTATUS(status), usage.ru_maxrss);
    std::fclose(out);
    return 0;
}

/// Runs linewatch-cli with args through the middleman; it is killed after killAfterS.
ChildRun runCli(const QStringList &args, double killAfterS = 60)
{
    ChildRun run;
    const QString outPath = test::tempDir() + QStringLiteral("/child.out");
    const QString errPath = test::tempDir() + QStringLiteral("/child.err");
    const QString reportPath = test::tempDir() + QStringLiteral("/child.report");
    QFile::remove(reportPath);
    const QByteArray self = QFile::symLinkTarget(QStringLiteral("/proc/self/exe")).toLocal8Bit();
    std::vector<QByteArray> storage{self, "--measure-child", reportPath.toLocal8Bit(), QByteArray::number(killAfterS),
                                    (test::binDir() + QStringLiteral("/linewatch-cli")).toLocal8Bit()};
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.toLocal8Bit().constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    QElapsedTimer timer;
    timer.start();
    const int spawned = posix_spawn(&pid, self.constData(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return run;
    int status = 0;
    waitpid(pid, &status, 0);
    run.seconds = timer.elapsed() / 1000.0; // includes the middleman's start, a few ms
    QFile report(reportPath);
    if (!report.open(QIODevice::ReadOnly))
        return run;
    const QList<QByteArray> fields = report.readAll().simplified().split(' ');
    if (fields.size() != 3)
        return run;
    run.finished = run.seconds < killAfterS;
    run.peakMiB = fields[2].toDouble() / 1024.0; // ru_maxrss is in KiB on Linux
    if (fields[0] == "signal") {
        run.crashed = true;
        run.signal = fields[1].toInt();
    } else {
        run.exitCode = fields[1].toInt();
    }
    QFile o(outPath), e(errPath);
    if (o.open(QIODevice::ReadOnly))
        run.out = QString::fromUtf8(o.readAll());
    if (e.open(QIODevice::ReadOnly))
        run.err = QString::fromUtf8(e.readAll());
    return run;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

void put16(QByteArray &b, quint16 v) { b.append(char(v & 0xff)).append(char(v >> 8)); }
void put32(QByteArray &b, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        b.append(char((v >> (8 * i)) & 0xff));
}

/// A little-endian classic TIFF written byte by byte (TIFF 6.0 baseline
/// tags), 8-bit grey, whose `blockCount` strips or tiles all point at the same
/// `block` bytes: the shape of a decompression bomb. padTo pads the file.
QByteArray handmadeTiff(quint32 width, quint32 height, quint16 compression, quint32 tileSize, quint32 blockCount,
                        const QByteArray &block, int padTo = 0)
{
    QByteArray b("II*\0", 4);
    put32(b, 0); // IFD offset, patched below
    const quint32 blockOffset = b.size();
    b.append(block);
    const quint32 offsetsAt = b.size();
    for (quint32 i = 0; i < blockCount; ++i)
        put32(b, blockOffset);
    const quint32 countsAt = b.size();
    for (quint32 i = 0; i < blockCount; ++i)
        put32(b, block.size());
    if (b.size() % 2)
        b.append('\0');
    const quint32 ifd = b.size();
    b[4] = char(ifd & 0xff);
    b[5] = char((ifd >> 8) & 0xff);
    b[6] = char((ifd >> 16) & 0xff);
    b[7] = char((ifd >> 24) & 0xff);
    struct Entry
    {
        quint16 tag, type;
        quint32 count, value;
    };
    const bool tiled = tileSize > 0;
    const quint32 offsets = blockCount == 1 ? blockOffset : offsetsAt;
    const quint32 counts = blockCount == 1 ? quint32(block.size()) : countsAt;
    QList<Entry> entries = {{256, 4, 1, width}, {257, 4, 1, height}, {258, 3, 1, 8}, {259, 3, 1, compression},
                            {262, 3, 1, 1}};
    if (tiled) {
        entries << Entry{277, 3, 1, 1} << Entry{284, 3, 1, 1} << Entry{322, 4, 1, tileSize}
                << Entry{323, 4, 1, tileSize} << Entry{324, 4, blockCount, offsets} << Entry{325, 4, blockCount, counts};
    } else {
        entries << Entry{273, 4, blockCount, offsets} << Entry{277, 3, 1, 1} << Entry{278, 4, 1, height}
                << Entry{279, 4, blockCount, counts} << Entry{284, 3, 1, 1};
    }
    put16(b, entries.size());
    for (const Entry &e : entries) {
        put16(b, e.tag);
        put16(b, e.type);
        put32(b, e.count);
        put32(b, e.value); // SHORT values sit in the low bytes (little-endian)
    }
    put32(b, 0);
    if (b.size() < padTo)
        b.append(QByteArray(padTo - b.size(), '\0'));
    return b;
}

QByteArray feature(const QByteArray &geometry, const QByteArray &properties = "{}")
{
    return "{\"type\":\"Feature\",\"properties\":" + properties + ",\"geometry\":" + geometry + "}";
}

QByteArray collection(const QList<QByteArray> &features)
{
    QByteArray b = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (int i = 0; i < features.size(); ++i)
        b += (i ? "," : "") + features[i];
    return b + "]}";
}

QByteArray lineVersion(const char *id, const char *from, const char *to)
{
    return feature("{\"type\":\"LineString\",\"coordinates\":[[46.6,39.7],[46.7,39.75]]}",
                   QByteArray("{\"id\":\"") + id + "\",\"name\":\"Line\",\"valid_from\":\"" + from
                       + "\",\"valid_to\":" + (to ? QByteArray("\"") + to + "\"" : QByteArray("null"))
                       + ",\"left_label\":\"West\",\"right_label\":\"East\",\"source\":\"hostile-input corpus\"}");
}

} // namespace

class TestHostileInputs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void corpus_data();
    void corpus();
    void cleanupTestCase();

private:
    QString mDir;
    QString mOutside;
    QStringList mFigures;
};

void TestHostileInputs::initTestCase()
{
    GdalEnvironment::initialise();
    QVERIFY2(QFileInfo(test::binDir() + QStringLiteral("/linewatch-cli")).isExecutable(),
             "linewatch-cli is not built (build the test_hostile_inputs target)");
    mDir = test::tempDir() + QStringLiteral("/corpus");
    mOutside = test::tempDir() + QStringLiteral("/elsewhere");
    QVERIFY(QDir().mkpath(mDir) && QDir().mkpath(mOutside));
    const QString d = mDir + QLatin1Char('/');

    // Rasters: a good one, then damaged copies of it.
    QVERIFY(test::writeSyntheticDem(d + "dem.tif", test::sampleTerrainBox(), 70, 45));
    QFile good(d + "dem.tif");
    QVERIFY(good.open(QIODevice::ReadOnly));
    const QByteArray dem = good.readAll();
    QVERIFY(writeFile(d + "truncated.tif", dem.left(dem.size() * 6 / 10)));
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
        QByteArray flipped = dem;
        QRandomGenerator rng(seed);
        for (int i = 0; i < 16; ++i) {
            const int bit = int(rng.bounded(quint32(flipped.size() * 8)));
            flipped[bit / 8] = char(flipped[bit / 8] ^ (1 << (bit % 8)));
        }
        QVERIFY(writeFile(d + QStringLiteral("flipped-%1.tif").arg(seed), flipped));
    }
    // 8 KiB declaring 2^31-1 x 2^31-1 pixels in one strip.
    QVERIFY(writeFile(d + "huge-declared.tif", handmadeTiff(0x7fffffff, 0x7fffffff, 1, 0, 1, QByteArray(64, '\0'), 8192)));
    // Decompression bomb: 65536 x 65536 px (4 GiB) whose 65536 DEFLATE tiles
    // all share one 64 KiB-of-zeros stream (zlib; qCompress adds a 4-byte size).
    const QByteArray zeros = qCompress(QByteArray(256 * 256, '\0'), 9).mid(4);
    QVERIFY(writeFile(d + "deflate-bomb.tif", handmadeTiff(65536, 65536, 8, 256, 65536, zeros)));
    // Sparse: 4 GiB declared, no tile written (GDAL's SPARSE_OK).
    {
        const char *options[] = {"TILED=YES", "COMPRESS=DEFLATE", "SPARSE_OK=TRUE", nullptr};
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), (d + "sparse.tif").toUtf8().constData(), 65536, 65536,
                                     1, GDT_Byte, const_cast<char **>(options));
        QVERIFY(ds);
        double gt[6] = {46.3, 1e-5, 0, 39.95, 0, -1e-5};
        GDALSetGeoTransform(ds, gt);
        GDALSetProjection(ds, "EPSG:4326");
        GDALClose(ds);
    }
    QVERIFY(writeFile(d + "no-crs.tif", QByteArray()));
    {
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), (d + "no-crs.tif").toUtf8().constData(), 10, 10, 1,
                                     GDT_Int16, nullptr);
        QVERIFY(ds);
        double gt[6] = {46.3, 0.01, 0, 39.95, 0, -0.01};
        GDALSetGeoTransform(ds, gt);
        GDALClose(ds);
    }

    // Files that reach outside their folder.
    QVERIFY(writeFile(mOutside + "/secret.txt", "root:x:0:0:TOP-SECRET-CORPUS:/root:/bin/sh\n"));
    auto vrt = [](const QByteArray &source, bool relative) {
        return "<VRTDataset rasterXSize=\"70\" rasterYSize=\"45\"><SRS>EPSG:4326</SRS>"
               "<GeoTransform>46.3, 0.01, 0, 39.95, 0, -0.01</GeoTransform><VRTRasterBand dataType=\"Int16\" band=\"1\">"
               "<SimpleSource><SourceFilename relativeToVRT=\""
               + QByteArray(relative ? "1" : "0") + "\">" + source
               + "</SourceFilename><SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>";
    };
    QVERIFY(writeFile(d + "good.vrt", vrt("dem.tif", true)));
    QVERIFY(writeFile(d + "passwd.vrt", vrt("/etc/passwd", false)));
    QVERIFY(writeFile(d + "secret.vrt", vrt("../elsewhere/secret.txt", true)));
    QVERIFY(writeFile(d + "curl.vrt", vrt("/vsicurl/http://127.0.0.1:9/y.tif", false)));
    QVERIFY(writeFile(d + "loop-a.vrt", vrt("loop-b.vrt", true)));
    QVERIFY(writeFile(d + "loop-b.vrt", vrt("loop-a.vrt", true)));
    QVERIFY(writeFile(d + "python.vrt",
                      "<VRTDataset rasterXSize=\"1\" rasterYSize=\"1\"><VRTRasterBand dataType=\"Byte\" band=\"1\" "
                      "subClass=\"VRTDerivedRasterBand\"><PixelFunctionType>f</PixelFunctionType><PixelFunctionLanguage>"
                      "Python</PixelFunctionLanguage><PixelFunctionCode><![CDATA[\nimport os\ndef f(*a, **k):\n  "
                      "os.system('touch /tmp/pwned')\n]]></PixelFunctionCode></VRTRasterBand></VRTDataset>"));
    QVERIFY(writeFile(d + "network-link.kml",
                      "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark>"
                      "<name>A</name><Point><coordinates>46.7,39.7</coordinates></Point></Placemark><NetworkLink><Link>"
                      "<href>http://127.0.0.1:9/live.kml</href></Link></NetworkLink></Document></kml>"));
    QVERIFY(writeFile(d + "places.kml",
                      "<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark>"
                      "<name>A</name><Point><coordinates>46.7,39.7</coordinates></Point></Placemark><Placemark>"
                      "<name>B</name><Point><coordinates>46.8,39.8</coordinates></Point></Placemark></Document></kml>"));

    // GeoJSON.
    const QByteArray point = "{\"type\":\"Point\",\"coordinates\":[46.7,39.7]}";
    QVERIFY(writeFile(d + "three.geojson", collection({feature(point), feature(point), feature(point)})));
    QVERIFY(writeFile(d + "syntax.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","));
    QVERIFY(writeFile(d + "wrong-types.geojson",
                      collection({feature("{\"type\":\"Point\",\"coordinates\":\"forty-six\"}")})));
    QVERIFY(writeFile(d + "nan.geojson", collection({feature("{\"type\":\"Point\",\"coordinates\":[NaN,39.7]}")})));
    QVERIFY(writeFile(d + "out-of-range.geojson", collection({feature("{\"type\":\"Point\",\"coordinates\":[46.7,95]}")})));
    {
        QByteArray coords;
        coords.reserve(26 * 250000);
        for (int i = 0; i < 250000; ++i)
            coords += (i ? "," : "") + QByteArray("[") + QByteArray::number(46.3 + i * 2e-6, 'f', 7) + ","
                      + QByteArray::number(39.5 + (i % 1000) * 1e-4, 'f', 5) + "]";
        QVERIFY(writeFile(d + "many-vertices.geojson",
                          collection({feature("{\"type\":\"LineString\",\"coordinates\":[" + coords + "]}")})));
    }
    QVERIFY(writeFile(d + "deep.geojson", "{\"type\":\"FeatureCollection\",\"features\":[" + feature(
                                              "{\"type\":\"Point\",\"coordinates\":" + QByteArray(10000, '[') + "46.7,39.7"
                                              + QByteArray(10000, ']') + "}") + "]}"));
    {
        // 300 MiB on disk without writing it (sparse): over the 256 MiB bound.
        QFile big(d + "huge.geojson");
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write("{\"type\":\"FeatureCollection\",\"features\":[");
        QVERIFY(big.resize(300LL * 1024 * 1024));
    }
    QVERIFY(writeFile(d + "bad-crs.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
                                             "{\"name\":\"urn:ogc:def:crs:EPSG::999999\"}},\"features\":["
                                             + feature(point) + "]}"));

    // Points CSV, lines.
    QVERIFY(writeFile(d + "points-bad.csv", "id,lon,lat\np1,46.7,39.7\np2,forty-six,39.7\n"));
    QVERIFY(writeFile(d + "points-short.csv", "id;lon;lat\n"));
    QVERIFY(writeFile(d + "lines.geojson", collection({lineVersion("v1", "2020-11-10", "2022-08-26"),
                                                      lineVersion("v2", "2022-08-26", nullptr)})));
    QVERIFY(writeFile(d + "lines-bad-date.geojson", collection({lineVersion("v1", "2023-13-45", nullptr)})));
    QVERIFY(writeFile(d + "lines-overlap.geojson", collection({lineVersion("v1", "2020-11-10", "2022-08-26"),
                                                              lineVersion("v2", "2021-01-01", nullptr)})));

    // A colleague's project: /etc, a URL and one good layer.
    const QByteArray project = "{\"format\": \"linewatch-project\", \"version\": 1, \"layers\": [{\"path\": \"/etc/passwd\"}, "
                               "{\"path\": \"https://127.0.0.1:9/claims.geojson\"}, {\"path\": \"three.geojson\"}]}";
    QVERIFY(writeFile(d + "colleague.lwproj", project));
}

void TestHostileInputs::corpus_data()
{
    QTest::addColumn<QStringList>("args"); // linewatch-cli arguments; "@" is the corpus folder
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QString>("pattern"); // stdout on Opens, stderr otherwise (regular expression)

    auto row = [](const char *name, QStringList args, Outcome outcome, const QString &pattern) {
        QTest::newRow(name) << args << int(outcome) << pattern;
    };
    // Controls: the same kinds of file, well formed, open.
    row("GeoTIFF (control)", {"open", "@/dem.tif"}, Outcome::Opens, "raster, 70 x 45 pixels");
    row("VRT inside its folder (control)", {"open", "@/good.vrt"}, Outcome::Opens, "raster, 70 x 45 pixels");
    row("GeoJSON, 3 points (control)", {"open", "@/three.geojson"}, Outcome::Opens, "vector, 3 features");
    row("KML, 2 placemarks (control)", {"open", "@/places.kml"}, Outcome::Opens, "vector, 2 features");
    row("lines, 2 versions (control)", {"open", "@/lines.geojson"}, Outcome::Opens, "lines, 2 features");
    // Damaged and bomb rasters.
    row("truncated GeoTIFF (60%)", {"open", "@/truncated.tif"}, Outcome::Fails, "truncated.tif: .*(truncated|corrupt|read)");
    for (int seed = 1; seed <= 6; ++seed) {
        const QByteArray name = "bit-flipped GeoTIFF, seed " + QByteArray::number(seed);
        row(name.constData(), {"open", QStringLiteral("@/flipped-%1.tif").arg(seed)}, Outcome::OpensOrFails,
            QStringLiteral("flipped-%1.tif").arg(seed));
    }
    row("8 KiB TIFF declaring 2^31 x 2^31", {"open", "@/huge-declared.tif"}, Outcome::Fails, "huge-declared.tif: .*");
    row("DEFLATE bomb, 4 GiB in 512 KiB", {"open", "@/deflate-bomb.tif"}, Outcome::Fails,
        "deflate-bomb.tif: declares 4096 MiB of pixels in 0.5 MiB on disk, more than 1000:1");
    row("sparse TIFF, 4 GiB declared", {"open", "@/sparse.tif"}, Outcome::Fails, "sparse.tif: declares 4096 MiB of pixels");
    row("GeoTIFF without CRS", {"open", "@/no-crs.tif"}, Outcome::Fails, "no-crs.tif: has no coordinate reference system");
    // Outside the folder, the network, code.
    row("VRT to /etc/passwd", {"open", "@/passwd.vrt"}, Outcome::AsksConsent,
        "passwd.vrt: refers to files outside its folder or on the network, not read without your consent: /etc/passwd");
    row("VRT to a secret file via ../", {"open", "@/secret.vrt"}, Outcome::AsksConsent,
        "secret.vrt: refers to .*elsewhere/secret.txt");
    row("VRT to /vsicurl/", {"open", "@/curl.vrt"}, Outcome::AsksConsent, "/vsicurl/http://127.0.0.1:9/y.tif \\(network");
    row("VRT to /etc/passwd, allowed", {"open", "--allow-external", "@/passwd.vrt"}, Outcome::Fails, "passwd.vrt: ");
    row("nested VRT loop a -> b -> a", {"open", "@/loop-a.vrt"}, Outcome::Fails, "loop \\(loop-a.vrt → loop-b.vrt → loop-a.vrt\\)");
    row("VRT with a Python pixel function", {"open", "--allow-external", "@/python.vrt"}, Outcome::Fails,
        "python.vrt: .*Python pixel functions \\(never run");
    row("KML with a NetworkLink", {"open", "@/network-link.kml"}, Outcome::AsksConsent,
        "http://127.0.0.1:9/live.kml \\(network, KML network link");
    row("check: claims KML with a NetworkLink", {"check", "@/network-link.kml", "--lines", "@/lines.geojson"},
        Outcome::Fails, "linewatch-cli check: .*network-link.kml refers to files outside its folder or on the network, "
                        "not read without your consent: http://127.0.0.1:9/live.kml");
    row("render: VRT to /etc/passwd", {"render", "@/passwd.vrt", "-o", "@/passwd.png"}, Outcome::Fails,
        "render: not read; run with --allow-external");
    row("project with /etc and a URL", {"open", "@/colleague.lwproj"}, Outcome::AsksConsent,
        "/etc/passwd \\(local file, project layer; in colleague.lwproj\\)");
    // GeoJSON.
    row("GeoJSON syntax error", {"open", "@/syntax.geojson"}, Outcome::Fails, "syntax.geojson: ");
    row("GeoJSON wrong types", {"open", "@/wrong-types.geojson"}, Outcome::Fails,
        "wrong-types.geojson: .*the geometry is not valid GeoJSON");
    row("GeoJSON NaN coordinate", {"open", "@/nan.geojson"}, Outcome::Fails, "nan.geojson: ");
    row("GeoJSON latitude 95", {"open", "@/out-of-range.geojson"}, Outcome::Fails, "out-of-range.geojson: .*latitude 95");
    row("GeoJSON, 250,000 vertices", {"open", "@/many-vertices.geojson"}, Outcome::Opens, "vector, 1 features");
    row("GeoJSON nested 10,000 deep", {"open", "@/deep.geojson"}, Outcome::Fails,
        "deep.geojson: JSON nested more than 64 levels deep; refused");
    row("GeoJSON of 300 MiB", {"open", "@/huge.geojson"}, Outcome::Fails,
        "huge.geojson: is 300 MiB, more than Linewatch reads as a GEOJSON file \\(256 MiB\\); refused");
    row("GeoJSON with an unknown CRS", {"open", "@/bad-crs.geojson"}, Outcome::Fails, "bad-crs.geojson: ");
    // Points CSV, dates, line versions.
    row("points CSV, a non-number", {"distance", "--line", "@/lines.geojson", "--date", "2021-01-01", "@/points-bad.csv"},
        Outcome::Fails, "point p2: lon 'forty-six', lat '39.7' are not numbers");
    row("points CSV, wrong header", {"distance", "--line", "@/lines.geojson", "--date", "2021-01-01", "@/points-short.csv"},
        Outcome::Fails, "header must name the columns id, lon and lat");
    row("lines, valid_from 2023-13-45", {"open", "@/lines-bad-date.geojson"}, Outcome::Fails,
        "lines-bad-date.geojson: .*2023-13-45");
    row("lines, overlapping versions", {"open", "@/lines-overlap.geojson"}, Outcome::Fails,
        "versions v1 \\(2020-11-10 to 2022-08-26\\) and v2 \\(from 2021-01-01\\) of line 'Line' overlap in time");
}

void TestHostileInputs::corpus()
{
    QFETCH(QStringList, args);
    QFETCH(int, outcome);
    QFETCH(QString, pattern);
    for (QString &a : args)
        a.replace(QLatin1Char('@'), mDir);
    const ChildRun run = runCli(args);
    const QString log = QStringLiteral("exit %1, stdout:\n%2\nstderr:\n%3").arg(run.exitCode).arg(run.out, run.err);
    QVERIFY2(run.finished, qPrintable(QStringLiteral("killed after %1 s").arg(run.seconds)));
    QVERIFY2(!run.crashed, qPrintable(QStringLiteral("crashed with signal %1\n").arg(run.signal) + log));
    QString outcomeLine;
    for (const QString &line : (run.out + run.err).split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("opened:")) || line.startsWith(QLatin1String("linewatch-cli")))
            outcomeLine = outcomeLine.isEmpty() ? line.section(mDir + QLatin1Char('/'), -1) : outcomeLine;
    mFigures << QStringLiteral("%1: %2 s, %3 MiB, exit %4: %5")
                    .arg(QString::fromUtf8(QTest::currentDataTag()))
                    .arg(run.seconds, 0, 'f', 2)
                    .arg(run.peakMiB, 0, 'f', 0)
                    .arg(run.exitCode)
                    .arg(outcomeLine.left(160));
    // Issue 6: any input rejected or opened within 10 s and 1.5 GB.
    QVERIFY2(run.seconds <= secondsBound(QTest::currentDataTag()), qPrintable(QStringLiteral("%1 s").arg(run.seconds)));
    QVERIFY2(run.peakMiB <= 1536.0, qPrintable(QStringLiteral("%1 MiB").arg(run.peakMiB)));
    // Nothing of the secret file reaches any output.
    QVERIFY(!run.out.contains(QLatin1String("TOP-SECRET-CORPUS")) && !run.err.contains(QLatin1String("TOP-SECRET-CORPUS")));
    const QRegularExpression re(pattern);
    QVERIFY2(re.isValid(), qPrintable(re.errorString()));
    switch (Outcome(outcome)) {
    case Outcome::Opens:
        QVERIFY2(run.exitCode == 0 && run.out.contains(re), qPrintable(log));
        break;
    case Outcome::Fails:
        QVERIFY2(run.exitCode == 1 || run.exitCode == 2, qPrintable(log));
        QVERIFY2(run.err.contains(re), qPrintable(log));
        break;
    case Outcome::AsksConsent:
        QVERIFY2(run.exitCode == 3, qPrintable(log));
        QVERIFY2(run.err.contains(re), qPrintable(log));
        QVERIFY2(run.err.contains(QLatin1String("--allow-external")), qPrintable(log));
        break;
    case Outcome::OpensOrFails:
        // A flipped bit may land in pixels (opens) or in the header (a clear
        // error naming the file); never a crash or a hang.
        QVERIFY2((run.exitCode == 0 && run.out.contains(re)) || (run.exitCode == 1 && run.err.contains(re)),
                 qPrintable(log));
        break;
    }
}

void TestHostileInputs::cleanupTestCase()
{
    for (const QString &f : std::as_const(mFigures))
        qInfo("%s", qPrintable(f));
}

int main(int argc, char **argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--measure-child") == 0)
        return measureChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestHostileInputs test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_hostile_inputs.moc"

#include "io/terrain_source.h"

#include "common/atomic_file.h"
#include "io/gdal_environment.h"

#include <curl/curl.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_minixml.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <vector>

namespace linewatch {

namespace {

struct DatasetCloser
{
    void operator()(void *dataset) const
    {
        if (dataset)
            GDALClose(dataset);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct XmlDeleter
{
    void operator()(CPLXMLNode *node) const { CPLDestroyXMLNode(node); }
};
using XmlPtr = std::unique_ptr<CPLXMLNode, XmlDeleter>;

/// Sets a GDAL configuration option for the calling thread only and restores
/// the previous thread-local value when it goes out of scope, so a probe's
/// short timeouts never leak into the render threads.
class ThreadLocalOption
{
public:
    ThreadLocalOption(const char *key, const QByteArray &value) : mKey(key)
    {
        if (const char *old = CPLGetThreadLocalConfigOption(key, nullptr)) {
            mOld = old;
            mHadOld = true;
        }
        CPLSetThreadLocalConfigOption(key, value.constData());
    }
    ~ThreadLocalOption() { CPLSetThreadLocalConfigOption(mKey, mHadOld ? mOld.constData() : nullptr); }
    ThreadLocalOption(const ThreadLocalOption &) = delete;
    ThreadLocalOption &operator=(const ThreadLocalOption &) = delete;

private:
    const char *mKey;
    QByteArray mOld;
    bool mHadOld = false;
};

QString lastGdalError()
{
    return QString::fromUtf8(CPLGetLastErrorMsg()).trimmed();
}

/// The <GDAL_WMS> tree of a description file, or an Error naming it.
Result<XmlPtr> readDescription(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return Error(QStringLiteral("remote terrain description not found"), path);
    CPLErrorReset();
    XmlPtr root(CPLParseXMLFile(QFile::encodeName(path).constData()));
    if (!root)
        return Error(QStringLiteral("not a readable XML file: %1").arg(lastGdalError()), path);
    if (!CPLGetXMLNode(root.get(), "=GDAL_WMS"))
        return Error(QStringLiteral("not a GDAL WMS description (no <GDAL_WMS> element)"), path);
    return root;
}

QString hostOf(const CPLXMLNode *root)
{
    QString url = QString::fromUtf8(CPLGetXMLValue(root, "=GDAL_WMS.Service.ServerUrl", ""));
    url.replace(QRegularExpression(QStringLiteral(R"(\$\{[^}]*\})")), QStringLiteral("0"));
    return QUrl(url).host();
}

/// Opens a georeferenced raster or says why not.
Result<DatasetPtr> openRaster(const QString &path)
{
    CPLErrorReset();
    DatasetPtr dataset(GDALOpenEx(QFile::encodeName(path).constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                                  nullptr, nullptr));
    if (!dataset) {
        const QString why = lastGdalError();
        return Error(QStringLiteral("not a raster GDAL can read") + (why.isEmpty() ? QString() : QStringLiteral(": ") + why),
                     path);
    }
    if (GDALGetRasterCount(dataset.get()) < 1)
        return Error(QStringLiteral("has no raster band"), path);
    double geoTransform[6];
    if (GDALGetGeoTransform(dataset.get(), geoTransform) != CE_None && GDALGetGCPCount(dataset.get()) == 0)
        return Error(QStringLiteral("has no georeferencing (no geotransform, no ground control points)"), path);
    if (!GDALGetSpatialRef(dataset.get()) && !GDALGetGCPSpatialRef(dataset.get()))
        return Error(QStringLiteral("has no coordinate reference system; add a .prj or use a GeoTIFF"), path);
    return dataset;
}

OGRSpatialReferenceH spatialRefOf(void *dataset)
{
    OGRSpatialReferenceH srs = GDALGetSpatialRef(dataset);
    return srs ? srs : GDALGetGCPSpatialRef(dataset);
}

QString describeCrs(OGRSpatialReferenceH srs)
{
    const char *authority = OSRGetAuthorityName(srs, nullptr);
    const char *code = OSRGetAuthorityCode(srs, nullptr);
    if (authority && code)
        return QStringLiteral("%1:%2").arg(QString::fromLatin1(authority), QString::fromLatin1(code));
    return QString::fromUtf8(OSRGetName(srs));
}

QString localAttribution(const QStringList &files)
{
    QStringList names;
    for (const QString &f : files)
        names << QFileInfo(f).fileName();
    const int shown = 3;
    QString list = names.mid(0, shown).join(QStringLiteral(", "));
    if (names.size() > shown)
        list += QStringLiteral(" and %1 more").arg(names.size() - shown);
    return QStringLiteral("local DEM %1").arg(list);
}

Result<QString> buildMosaic(const QString &localFolder, const QStringList &files, QString mosaicFolder)
{
    if (mosaicFolder.isEmpty())
        mosaicFolder = GdalEnvironment::cacheFolder();
    if (mosaicFolder.isEmpty() || !QDir().mkpath(mosaicFolder))
        mosaicFolder = QStringLiteral("/vsimem/linewatch");
    // One mosaic per local folder, rebuilt on every resolve so added or
    // removed files are picked up.
    const QByteArray key = QCryptographicHash::hash(QDir(localFolder).absolutePath().toUtf8(), QCryptographicHash::Md5);
    const QString vrtPath = mosaicFolder + QStringLiteral("/local-terrain-%1.vrt").arg(QString::fromLatin1(key.toHex().left(12)));
    // GDAL writes the VRT in memory; the file on disk is then replaced
    // through the one writer (AtomicFile), so a reader never sees half a VRT.
    const bool onDisk = !mosaicFolder.startsWith(QLatin1String("/vsimem/"));
    const QString buildPath = onDisk ? QStringLiteral("/vsimem/linewatch-mosaic/") + QFileInfo(vrtPath).fileName() : vrtPath;
    VSIUnlink(QFile::encodeName(buildPath).constData());

    std::vector<QByteArray> names;
    std::vector<const char *> namePointers;
    for (const QString &f : files)
        names.push_back(QFile::encodeName(f));
    for (const QByteArray &n : names)
        namePointers.push_back(n.constData());

    // Highest resolution of the inputs and nearest neighbour: a mosaic must
    // not smooth or invent elevations.
    const char *argv[] = {"-resolution", "highest", "-r", "nearest", nullptr};
    GDALBuildVRTOptions *options = GDALBuildVRTOptionsNew(const_cast<char **>(argv), nullptr);
    CPLErrorReset();
    int usageError = 0;
    DatasetPtr vrt(GDALBuildVRT(QFile::encodeName(buildPath).constData(), static_cast<int>(namePointers.size()), nullptr,
                                namePointers.data(), options, &usageError));
    GDALBuildVRTOptionsFree(options);
    if (!vrt)
        return Error(QStringLiteral("could not build a mosaic of %1 DEMs: %2").arg(files.size()).arg(lastGdalError()),
                     localFolder);
    vrt.reset(); // GDALClose writes the VRT
    if (onDisk) {
        vsi_l_offset length = 0;
        GByte *bytes = VSIGetMemFileBuffer(QFile::encodeName(buildPath).constData(), &length, FALSE);
        const QByteArray text(reinterpret_cast<const char *>(bytes), bytes ? static_cast<qsizetype>(length) : 0);
        VSIUnlink(QFile::encodeName(buildPath).constData());
        if (text.isEmpty())
            return Error(QStringLiteral("could not build a mosaic of %1 DEMs").arg(files.size()), localFolder);
        if (const Status saved = AtomicFile::save(vrtPath, text); !saved.ok())
            return saved.error();
    }
    return vrtPath;
}

/// The URL of the tile TerrainSource::probe reads (the centre pixel of the
/// coarsest overview) for TMS descriptions with <YOrigin>top</YOrigin>, as
/// GDAL 3.6's TMS minidriver forms it: level TileLevel - overviews, tile
/// (TileX >> overviews) + block column, (TileY >> overviews) + block row.
/// Empty for other descriptions.
QByteArray probeTileUrl(const CPLXMLNode *root, GDALRasterBandH coarsest, int overviews, int x, int y)
{
    if (!EQUAL(CPLGetXMLValue(root, "=GDAL_WMS.Service.name", ""), "TMS")
        || !EQUAL(CPLGetXMLValue(root, "=GDAL_WMS.DataWindow.YOrigin", ""), "top"))
        return {};
    int blockX = 0, blockY = 0;
    GDALGetBlockSize(coarsest, &blockX, &blockY);
    if (blockX <= 0 || blockY <= 0)
        return {};
    const int level = std::atoi(CPLGetXMLValue(root, "=GDAL_WMS.DataWindow.TileLevel", "0")) - overviews;
    const int tileX = (std::atoi(CPLGetXMLValue(root, "=GDAL_WMS.DataWindow.TileX", "0")) >> overviews) + x / blockX;
    const int tileY = (std::atoi(CPLGetXMLValue(root, "=GDAL_WMS.DataWindow.TileY", "0")) >> overviews) + y / blockY;
    QByteArray url = CPLGetXMLValue(root, "=GDAL_WMS.Service.ServerUrl", "");
    url.replace("${z}", QByteArray::number(level));
    url.replace("${x}", QByteArray::number(tileX));
    url.replace("${y}", QByteArray::number(tileY));
    return url.contains("${") ? QByteArray() : url;
}

size_t discardBody(char *, size_t, size_t, void *)
{
    return 0; // only the status line and headers matter; stop at the first body byte
}

/// Keeps the value of the Location header (the last one, after interim answers).
size_t keepLocation(char *data, size_t size, size_t count, void *location)
{
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * count)).trimmed();
    if (line.size() > 9 && line.left(9).toLower() == "location:")
        *static_cast<QByteArray *>(location) = line.mid(9).trimmed();
    return size * count;
}

/// The answer to one request for the probe tile, redirects not followed.
struct FirstAnswer
{
    long status = 0;    ///< HTTP status; 0 when no answer came (refused, timed out)
    QString curlError;  ///< why no answer came
    QUrl redirect;      ///< the Location of a 3xx answer, resolved against the URL
};

/// libcurl directly, because GDAL 3.6 follows redirects unconditionally
/// (CPLHTTPSetOptions sets CURLOPT_FOLLOWLOCATION and has no option to turn
/// it off). Same connect and total limits as the probe's GDAL read.
FirstAnswer firstAnswer(const QByteArray &url, const QByteArray &userAgent, long long seconds,
                        const GdalEnvironment::HttpLimits &limits)
{
    FirstAnswer answer;
    CURL *curl = curl_easy_init();
    if (!curl) {
        answer.curlError = QStringLiteral("libcurl could not be initialised");
        return answer;
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    QByteArray location;
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<long long>(seconds, limits.connectTimeoutS)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(seconds));
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discardBody);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, keepLocation);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &location);
    if (!userAgent.isEmpty())
        curl_easy_setopt(curl, CURLOPT_USERAGENT, userAgent.constData());
    const CURLcode code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_easy_cleanup(curl);
    if (answer.status == 0)
        answer.curlError = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code)).trimmed();
    if (answer.status >= 300 && answer.status < 400 && !location.isEmpty())
        answer.redirect = QUrl(QString::fromUtf8(url)).resolved(QUrl(QString::fromUtf8(location)));
    return answer;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
           && a.port(a.scheme() == QLatin1String("https") ? 443 : 80) == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

} // namespace

bool TerrainSource::isIgnoredFileName(const QString &fileName)
{
    static const char *const ignoredSuffixes[] = {
        ".md", ".txt", ".pdf", ".html", ".htm", ".json", ".xml", // documentation and metadata (incl. .aux.xml)
        ".ovr", ".msk", ".prj", ".tfw", ".tifw", ".tiffw", ".wld", ".hdr", ".qml", ".sld", // sidecars
        ".md5", ".sha1", ".sha256", ".bak", ".part", ".crdownload", "~"};
    const QString name = fileName.toLower();
    if (name.startsWith(QLatin1Char('.')))
        return true;
    return std::any_of(std::begin(ignoredSuffixes), std::end(ignoredSuffixes),
                       [&name](const char *suffix) { return name.endsWith(QLatin1String(suffix)); });
}

Result<TerrainChoice> TerrainSource::resolve(const QString &localFolder, const QString &remoteDescription,
                                             const QString &mosaicFolder)
{
    QStringList files;
    if (!localFolder.isEmpty() && QFileInfo(localFolder).isDir()) {
        const QFileInfoList entries = QDir(localFolder).entryInfoList(QDir::Files, QDir::Name);
        for (const QFileInfo &entry : entries)
            if (!isIgnoredFileName(entry.fileName()))
                files << entry.absoluteFilePath();
    }

    if (!files.isEmpty()) {
        // Every file must be a georeferenced raster; a mosaic also needs one
        // CRS and one band count (GDALBuildVRT would silently skip the odd ones).
        std::vector<DatasetPtr> datasets;
        for (const QString &f : files) {
            auto opened = openRaster(f);
            if (!opened)
                return opened.error();
            datasets.push_back(std::move(opened).value());
        }
        for (std::size_t i = 1; i < datasets.size(); ++i) {
            OGRSpatialReferenceH first = spatialRefOf(datasets[0].get());
            OGRSpatialReferenceH other = spatialRefOf(datasets[i].get());
            if (!OSRIsSame(first, other))
                return Error(QStringLiteral("is in %1 but %2 is in %3; a mosaic of DEMs needs one CRS (reproject one "
                                            "with gdalwarp or keep one file)")
                                 .arg(describeCrs(other), QFileInfo(files[0]).fileName(), describeCrs(first)),
                             files[static_cast<int>(i)]);
            if (GDALGetRasterCount(datasets[i].get()) != GDALGetRasterCount(datasets[0].get()))
                return Error(QStringLiteral("has %1 bands but %2 has %3; a mosaic of DEMs needs one band count")
                                 .arg(GDALGetRasterCount(datasets[i].get()))
                                 .arg(QFileInfo(files[0]).fileName())
                                 .arg(GDALGetRasterCount(datasets[0].get())),
                             files[static_cast<int>(i)]);
        }
        datasets.clear();

        TerrainChoice choice;
        choice.remote = false;
        choice.localFiles = files;
        choice.attribution = localAttribution(files);
        if (files.size() == 1) {
            choice.path = files.first();
            return choice;
        }
        auto mosaic = buildMosaic(localFolder, files, mosaicFolder);
        if (!mosaic)
            return mosaic.error();
        choice.path = *mosaic;
        return choice;
    }

    // No local DEM: the remote description, checked so a broken file is
    // reported now rather than as a blank layer later. Opening a WMS
    // description does not touch the network.
    auto description = readDescription(remoteDescription);
    if (!description)
        return description.error();
    CPLErrorReset();
    DatasetPtr dataset(GDALOpenEx(QFile::encodeName(remoteDescription).constData(), GDAL_OF_RASTER | GDAL_OF_READONLY,
                                  nullptr, nullptr, nullptr));
    if (!dataset)
        return Error(QStringLiteral("GDAL cannot open this remote terrain description: %1").arg(lastGdalError()),
                     remoteDescription);
    TerrainChoice choice;
    choice.path = remoteDescription;
    choice.remote = true;
    choice.attribution = remoteAttribution(remoteDescription);
    return choice;
}

Status TerrainSource::probe(const QString &remoteDescription, const QString &localFolder,
                            std::chrono::milliseconds timeout)
{
    auto description = readDescription(remoteDescription);
    if (!description)
        return description.error();
    CPLXMLNode *wms = CPLGetXMLNode(description->get(), "=GDAL_WMS");
    const QString host = hostOf(description->get());
    const QString advice = QStringLiteral("; add a DEM to %1/ or File > Open").arg(QDir::toNativeSeparators(localFolder));

    // Without <Cache> the read has to go to the server. <Timeout> (whole
    // seconds) bounds the request, and thread-local options cap the connect
    // and low-speed limits for this thread only.
    const long long seconds = std::max<long long>(1, (timeout.count() + 999) / 1000);
    // Without <ZeroBlockHttpCodes> a 404 is reported as such instead of
    // reading as nodata: a probe that finds no tile has found a wrong URL.
    for (const char *element : {"Cache", "ZeroBlockHttpCodes"}) {
        if (CPLXMLNode *node = CPLGetXMLNode(wms, element)) {
            CPLRemoveXMLChild(wms, node);
            CPLDestroyXMLNode(node);
        }
    }
    CPLSetXMLValue(wms, "Timeout", QByteArray::number(seconds).constData());
    char *serialised = CPLSerializeXMLTree(wms);
    const QByteArray xml(serialised);
    CPLFree(serialised);

    const GdalEnvironment::HttpLimits limits = GdalEnvironment::httpLimits();
    const ThreadLocalOption connect("GDAL_HTTP_CONNECTTIMEOUT",
                                    QByteArray::number(std::min<long long>(seconds, limits.connectTimeoutS)));
    const ThreadLocalOption lowSpeed("GDAL_HTTP_LOW_SPEED_TIME",
                                     QByteArray::number(std::min<long long>(seconds, limits.lowSpeedTimeS)));
    const ThreadLocalOption total("GDAL_HTTP_TIMEOUT", QByteArray::number(seconds));
    const ThreadLocalOption noCache("GDAL_ENABLE_WMS_CACHE", "NO");

    CPLErrorReset();
    DatasetPtr dataset(GDALOpenEx(xml.constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!dataset)
        return Error(QStringLiteral("GDAL cannot open this remote terrain description: %1").arg(lastGdalError()),
                     remoteDescription);
    GDALRasterBandH band = GDALGetRasterBand(dataset.get(), 1);
    if (!band)
        return Error(QStringLiteral("remote terrain description has no band"), remoteDescription);
    const int overviews = GDALGetOverviewCount(band);
    if (overviews > 0)
        band = GDALGetOverview(band, overviews - 1);
    const int x = GDALGetRasterBandXSize(band) / 2;
    const int y = GDALGetRasterBandYSize(band) / 2;

    // A redirect to another host is an external reference the analyst never
    // agreed to (the description names its server): refuse it before GDAL,
    // which would follow it, reads anything. Redirects within the host are
    // fine. Only the probe tile can be checked this way; see
    // docs/data-safety.md.
    const QByteArray tileUrl = probeTileUrl(description->get(), band, overviews, x, y);
    if (!tileUrl.isEmpty()) {
        const FirstAnswer answer = firstAnswer(tileUrl, CPLGetXMLValue(wms, "UserAgent", ""), seconds, limits);
        // No answer at all: the GDAL read would only wait as long again.
        if (answer.status == 0)
            return Error(QStringLiteral("terrain tiles from %1 unreachable (offline?): %2%3").arg(host, answer.curlError, advice),
                         remoteDescription);
        const QUrl target = answer.redirect;
        if (target.isValid() && !sameOrigin(target, QUrl(QString::fromUtf8(tileUrl))))
            return Error(QStringLiteral("terrain tiles from %1 refused: the server redirects to another host (%2), "
                                        "which the terrain description does not name%3")
                             .arg(host, target.host() + (target.port() > 0 ? QStringLiteral(":%1").arg(target.port()) : QString()),
                                  advice),
                         remoteDescription);
    }
    double value = 0.0;
    CPLErrorReset();
    if (GDALRasterIO(band, GF_Read, x, y, 1, 1, &value, 1, 1, GDT_Float64, 0, 0) == CE_None
        && CPLGetLastErrorType() != CE_Failure)
        return Ok{};

    // The WMS driver reports "... HTTP status code: N, error: <curl message>."
    const QString gdalMessage = lastGdalError();
    const QString why = describeReadFailure(gdalMessage);
    if (why.startsWith(QLatin1String("server unreachable: ")))
        return Error(QStringLiteral("terrain tiles from %1 unreachable (offline?): %2%3")
                         .arg(host, why.mid(int(qstrlen("server unreachable: "))), advice),
                     remoteDescription);
    if (why.startsWith(QLatin1String("the server answered HTTP ")))
        return Error(QStringLiteral("terrain tiles from %1 unavailable: %2%3").arg(host, why, advice), remoteDescription);
    return Error(QStringLiteral("terrain tiles from %1 could not be read: %2%3")
                     .arg(host, why.section(QLatin1Char('\n'), 0, 0), advice),
                 remoteDescription);
}

QString TerrainSource::describeReadFailure(const QString &gdalMessage)
{
    static const QRegularExpression statusPattern(QStringLiteral(R"(HTTP status code: (\d+), error: ([^\n]*))"));
    const QRegularExpressionMatch match = statusPattern.match(gdalMessage);
    if (match.hasMatch()) {
        const int status = match.captured(1).toInt();
        QString curlError = match.captured(2).trimmed();
        if (curlError.endsWith(QLatin1Char('.')))
            curlError.chop(1);
        if (status == 0)
            return QStringLiteral("server unreachable: %1").arg(curlError);
        return QStringLiteral("the server answered HTTP %1").arg(status);
    }
    // The download "succeeded" (HTTP 200) but GDAL could not decode it: a
    // body cut short (connection closed, or aborted by the low-speed or total
    // timeout with the header already in) or not a raster at all.
    if (gdalMessage.contains(QLatin1String("ReadBlockFromFile")))
        return QStringLiteral("the server sent a tile that cannot be decoded (cut short, too slow, or not a raster)");
    return gdalMessage;
}

QString TerrainSource::remoteHost(const QString &remoteDescription)
{
    auto description = readDescription(remoteDescription);
    return description ? hostOf(description->get()) : QString();
}

QString TerrainSource::remoteAttribution(const QString &remoteDescription)
{
    auto description = readDescription(remoteDescription);
    if (!description)
        return {};
    const QString text = QString::fromUtf8(CPLGetXMLValue(description->get(), "=GDAL_WMS.Attribution", "")).simplified();
    return text.isEmpty() ? QStringLiteral("terrain tiles from %1").arg(hostOf(description->get())) : text;
}

} // namespace linewatch

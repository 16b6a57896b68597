#include "export/figure_exporter.h"

#include "common/atomic_file_group.h"
#include "render/map_renderer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>

namespace linewatch {

namespace {

QString formatName(FigureFormat f)
{
    switch (f) {
    case FigureFormat::Png: return QStringLiteral("png");
    case FigureFormat::Pdf: return QStringLiteral("pdf");
    case FigureFormat::Svg: return QStringLiteral("svg");
    case FigureFormat::GeoTiff: return QStringLiteral("geotiff");
    case FigureFormat::GeoPng: return QStringLiteral("png+worldfile");
    }
    return {};
}

/// Bytes of the files GDAL wrote under a /vsimem/ folder, by file name.
QList<QPair<QString, QByteArray>> takeMemoryFiles(const QByteArray &folder)
{
    QList<QPair<QString, QByteArray>> files;
    char **names = VSIReadDir(folder.constData());
    for (char **n = names; n && *n; ++n) {
        const QByteArray member = folder + '/' + *n;
        vsi_l_offset length = 0;
        GByte *data = VSIGetMemFileBuffer(member.constData(), &length, FALSE);
        if (data)
            files << qMakePair(QString::fromUtf8(*n),
                               QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(length)));
    }
    CSLDestroy(names);
    VSIRmdirRecursive(folder.constData());
    return files;
}

/// The map alone, georeferenced, through GDAL (GeoTIFF, or PNG with world
/// file and .aux.xml). GDAL writes into memory (/vsimem/), never to the
/// target folder; the files then join the export's AtomicFileGroup, so the
/// image, its world file and its .aux.xml are replaced together with the
/// sidecar or not at all. A companion an older export left (an .aux.xml
/// whose georeferencing GDAL would prefer to the new file's) is removed with
/// the same group.
Status addGeoreferenced(AtomicFileGroup &group, const QImage &mapImage, const MapSettings &s, FigureFormat format,
                        const QString &path)
{
    const QImage img = mapImage.convertToFormat(QImage::Format_RGBA8888);
    const int w = img.width(), h = img.height();
    GDALDriverH mem = GDALGetDriverByName("MEM");
    GDALDriverH out = GDALGetDriverByName(format == FigureFormat::GeoTiff ? "GTiff" : "PNG");
    if (!mem || !out)
        return Error{QStringLiteral("GDAL driver missing for georeferenced export"), path};
    GDALDatasetH ds = GDALCreate(mem, "", w, h, 4, GDT_Byte, nullptr);
    if (!ds)
        return Error{QStringLiteral("cannot create the georeferenced image in memory"), path};
    for (int b = 0; b < 4; ++b) {
        GDALRasterBandH band = GDALGetRasterBand(ds, b + 1);
        GDALSetRasterColorInterpretation(band, static_cast<GDALColorInterp>(GCI_RedBand + b));
        if (GDALRasterIO(band, GF_Write, 0, 0, w, h, const_cast<uchar *>(img.constBits()) + b, w, h, GDT_Byte, 4,
                         static_cast<int>(img.bytesPerLine()))
            != CE_None) {
            GDALClose(ds);
            return Error{QStringLiteral("cannot fill the georeferenced image"), path};
        }
    }
    const QRectF e = s.visibleExtent();
    double gt[6] = {e.left(), s.mapUnitsPerPixel(), 0, e.bottom(), 0, -s.mapUnitsPerPixel()};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    if (OSRSetFromUserInput(srs, s.crs().definition().toUtf8().constData()) == OGRERR_NONE)
        GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);

    // One folder per call: exports may run on several threads at once.
    static std::atomic_int counter{0};
    const QFileInfo target(path);
    const QByteArray folder = QByteArrayLiteral("/vsimem/linewatch-export-")
                              + QByteArray::number(QCoreApplication::applicationPid()) + '-'
                              + QByteArray::number(counter.fetch_add(1));
    const QByteArray memoryPath = folder + '/' + target.fileName().toUtf8();
    char **options = nullptr;
    if (format == FigureFormat::GeoTiff) {
        options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
        options = CSLSetNameValue(options, "TILED", "YES");
    } else {
        options = CSLSetNameValue(options, "WORLDFILE", "YES");
    }
    CPLErrorReset();
    GDALDatasetH written = GDALCreateCopy(out, memoryPath.constData(), ds, FALSE, options, nullptr, nullptr);
    CSLDestroy(options);
    GDALClose(ds);
    if (!written) {
        const QString why = QString::fromUtf8(CPLGetLastErrorMsg());
        VSIRmdirRecursive(folder.constData());
        return Error{QStringLiteral("cannot write: %1").arg(why), path};
    }
    GDALClose(written); // writes the .aux.xml

    // GDAL's names in memory -> the export's names on disk.
    const QString base = target.absolutePath() + QLatin1Char('/') + target.completeBaseName();
    const QString worldFile = base + QStringLiteral(".pgw");
    const QString auxFile = target.absoluteFilePath() + QStringLiteral(".aux.xml");
    bool wroteAux = false;
    const auto files = takeMemoryFiles(folder);
    // The image first, so a failure to write it changes nothing at all.
    for (const auto &[name, bytes] : files)
        if (name == target.fileName())
            if (const Status added = group.add(target.absoluteFilePath(), bytes); !added.ok())
                return added;
    for (const auto &[name, bytes] : files) {
        QString to;
        if (name == target.fileName())
            continue;
        if (name == target.completeBaseName() + QStringLiteral(".wld"))
            to = worldFile;
        else if (name == target.fileName() + QStringLiteral(".aux.xml")) {
            to = auxFile;
            wroteAux = true;
        } else
            to = target.absolutePath() + QLatin1Char('/') + name;
        if (const Status added = group.add(to, bytes); !added.ok())
            return added;
    }
    if (!wroteAux && QFileInfo::exists(auxFile))
        group.remove(auxFile);
    return Ok{};
}

} // namespace

Result<FigureFormat> FigureExporter::formatFor(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return FigureFormat::Png;
    if (suffix == QLatin1String("pdf"))
        return FigureFormat::Pdf;
    if (suffix == QLatin1String("svg"))
        return FigureFormat::Svg;
    if (suffix == QLatin1String("tif") || suffix == QLatin1String("tiff"))
        return FigureFormat::GeoTiff;
    return Error{QStringLiteral("unknown export format \".%1\" (expected .png, .pdf, .svg or .tif)").arg(suffix), path};
}

QString FigureExporter::sha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

QJsonObject FigureExporter::sidecar(const FigureComposer &composer, FigureFormat format, const QString &path,
                                    const QStringList &inputFiles, const FigureContent &content)
{
    QJsonArray inputs;
    for (const QString &in : inputFiles) {
        QJsonObject o;
        o.insert(QLatin1String("path"), in);
        const QFileInfo fi(in);
        if (fi.isFile()) {
            o.insert(QLatin1String("bytes"), double(fi.size()));
            o.insert(QLatin1String("sha256"), sha256(in));
        } else {
            o.insert(QLatin1String("sha256"), QJsonValue::Null);
            o.insert(QLatin1String("note"), QStringLiteral("not a local file (remote source or folder): not hashed"));
        }
        inputs.append(o);
    }
    const MapSettings &m = composer.mapSettings();
    const QRectF e = m.visibleExtent();
    QJsonObject map;
    map.insert(QLatin1String("crs"), m.crs().authId());
    map.insert(QLatin1String("extent"), QJsonArray{e.left(), e.top(), e.right(), e.bottom()});
    map.insert(QLatin1String("scale_denominator"), std::round(m.scaleDenominator()));
    map.insert(QLatin1String("size_px"), QJsonArray{m.outputSize().width(), m.outputSize().height()});
    QJsonObject o;
    o.insert(QLatin1String("generator"), QStringLiteral("Linewatch %1").arg(QStringLiteral(LINEWATCH_VERSION)));
    o.insert(QLatin1String("created_utc"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    o.insert(QLatin1String("output"), QFileInfo(path).fileName());
    o.insert(QLatin1String("format"), formatName(format));
    o.insert(QLatin1String("figure"), composer.spec().toJson());
    o.insert(QLatin1String("map"), map);
    o.insert(QLatin1String("method"), QJsonArray::fromStringList(content.methodNote));
    o.insert(QLatin1String("sources"), QJsonArray::fromStringList(content.attributions));
    o.insert(QLatin1String("inputs"), inputs);
    return o;
}

Status FigureExporter::write(FigureComposer &composer, FigureFormat format, const QString &path,
                             const QStringList &inputFiles, const std::atomic_bool *cancel, QList<LayerError> *errors)
{
    // Every file of this export (the figure, its world file and .aux.xml, the
    // sidecar) is one AtomicFileGroup: all replaced, or all left as they were.
    AtomicFileGroup files;
    const FigureSpec &spec = composer.spec();
    const QSizeF page = spec.pagePixels();
    QList<LayerError> layerErrors;
    switch (format) {
    case FigureFormat::Png: {
        QImage image(page.toSize(), QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(qRound(spec.dpi / 0.0254));
        image.setDotsPerMeterY(qRound(spec.dpi / 0.0254));
        QPainter p(&image);
        layerErrors = composer.draw(p, false, cancel);
        p.end();
        if (cancel && cancel->load())
            return Error{QStringLiteral("export cancelled"), path};
        // Encoded in memory, where writing cannot fail, then saved: libpng
        // abandons a failed write with longjmp, past Qt's destructors
        // (LeakSanitizer caught the leak under a file-size limit).
        QBuffer png;
        png.open(QIODevice::WriteOnly);
        QImageWriter w(&png, "png");
        if (!w.write(image))
            return Error{QStringLiteral("cannot encode PNG: %1").arg(w.errorString()), path};
        if (const Status added = files.add(path, png.data()); !added.ok())
            return added.error();
        break;
    }
    case FigureFormat::Pdf:
    case FigureFormat::Svg: {
        // Vector formats: a paint device on an AtomicFile, committed only
        // when the whole page was drawn.
        auto f = files.add(path);
        if (!f.ok())
            return f.error();
        const QString creator = QStringLiteral("Linewatch %1").arg(QStringLiteral(LINEWATCH_VERSION));
        std::unique_ptr<QPdfWriter> pdf;
        std::unique_ptr<QSvgGenerator> svg;
        QPaintDevice *device = nullptr;
        if (format == FigureFormat::Pdf) {
            pdf = std::make_unique<QPdfWriter>(*f);
            pdf->setResolution(spec.dpi);
            pdf->setPageLayout(QPageLayout(spec.pageSize, spec.orientation, QMarginsF(0, 0, 0, 0)));
            pdf->setTitle(spec.title);
            pdf->setCreator(creator);
            device = pdf.get();
        } else {
            svg = std::make_unique<QSvgGenerator>();
            svg->setOutputDevice(*f);
            svg->setSize(page.toSize());
            svg->setViewBox(QRectF(QPointF(0, 0), page));
            svg->setResolution(spec.dpi);
            svg->setTitle(spec.title);
            svg->setDescription(creator);
            device = svg.get();
        }
        {
            QPainter p(device);
            layerErrors = composer.draw(p, true, cancel);
        }
        pdf.reset(); // the document is complete once its writer is gone
        svg.reset();
        if (cancel && cancel->load())
            return Error{QStringLiteral("export cancelled"), path};
        break;
    }
    case FigureFormat::GeoTiff:
    case FigureFormat::GeoPng: {
        const MapSettings &m = composer.mapSettings();
        QImage image(m.outputSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(MapRenderer::defaultBackground());
        QPainter p(&image);
        layerErrors = composer.drawMapOnly(p, cancel);
        p.end();
        if (cancel && cancel->load())
            return Error{QStringLiteral("export cancelled"), path};
        if (const Status s = addGeoreferenced(files, image, m, format, path); !s.ok())
            return s;
        break;
    }
    }
    if (errors)
        *errors = layerErrors;
    const QJsonObject meta = sidecar(composer, format, path, inputFiles, composer.content());
    // The sidecar last: it describes the files before it.
    if (const Status s = files.add(path + QStringLiteral(".json"), QJsonDocument(meta).toJson(QJsonDocument::Indented));
        !s.ok())
        return s;
    return files.commit();
}

} // namespace linewatch

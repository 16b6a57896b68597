#include "io/resource_bounds.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <limits>

namespace linewatch {

namespace {

qint64 saturatingProduct(std::initializer_list<qint64> factors)
{
    qint64 p = 1;
    for (qint64 f : factors) {
        if (f <= 0)
            return 0;
        if (p > std::numeric_limits<qint64>::max() / f)
            return std::numeric_limits<qint64>::max();
        p *= f;
    }
    return p;
}

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / (1024.0 * 1024.0), 'f', bytes < 10LL * 1024 * 1024 ? 1 : 0)
           + QStringLiteral(" MiB");
}

bool isTextVector(const QString &suffix)
{
    static const QStringList text = {QStringLiteral("geojson"), QStringLiteral("json"), QStringLiteral("geojsonl"),
                                     QStringLiteral("geojsons"), QStringLiteral("topojson"), QStringLiteral("kml"),
                                     QStringLiteral("gpx"), QStringLiteral("csv")};
    return text.contains(suffix);
}

/// Streams the file in chunks, carrying the parser state across them.
struct JsonDepthCounter
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    int stopAbove = std::numeric_limits<int>::max();

    void feed(const char *p, qsizetype n)
    {
        for (qsizetype i = 0; i < n && deepest <= stopAbove; ++i) {
            const char c = p[i];
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"')
                inString = true;
            else if (c == '[' || c == '{')
                deepest = std::max(deepest, ++depth);
            else if ((c == ']' || c == '}') && depth > 0)
                --depth;
        }
    }
};

} // namespace

qint64 ResourceBounds::RasterDeclaration::declaredBytes() const
{
    return saturatingProduct({width, height, qint64(bands), qint64(bytesPerSample)});
}

qint64 ResourceBounds::RasterDeclaration::blockBytes() const
{
    return saturatingProduct({blockWidth, blockHeight, qint64(bands), qint64(bytesPerSample)});
}

int ResourceBounds::jsonNesting(const QByteArray &text, int stopAbove)
{
    JsonDepthCounter counter;
    counter.stopAbove = stopAbove;
    constexpr qsizetype chunk = 1 << 16;
    for (qsizetype at = 0; at < text.size() && counter.deepest <= stopAbove; at += chunk)
        counter.feed(text.constData() + at, std::min(chunk, text.size() - at));
    return counter.deepest;
}

Status ResourceBounds::checkFile(const QString &path, const Limits &limits)
{
    if (path.startsWith(QLatin1String("/vsi")) || path.contains(QLatin1String("://")))
        return Ok{};
    const QFileInfo info(path);
    if (!info.isFile())
        return Ok{};
    const QString suffix = info.suffix().toLower();
    if (isTextVector(suffix) && info.size() > limits.maxTextVectorBytes)
        return Error{QStringLiteral("is %1, more than Linewatch reads as a %2 file (%3); refused")
                         .arg(megabytes(info.size()), suffix.toUpper(), megabytes(limits.maxTextVectorBytes)),
                     path};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Ok{}; // the driver will say why it cannot be read
    char first = 0;
    while (file.getChar(&first) && QChar::isSpace(uchar(first))) {
    }
    const bool json = suffix == QLatin1String("geojson") || suffix == QLatin1String("json")
                      || suffix == QLatin1String("topojson") || first == '{' || first == '[';
    if (!json)
        return Ok{};
    file.seek(0);
    JsonDepthCounter counter;
    counter.stopAbove = limits.maxJsonNesting;
    while (!file.atEnd() && counter.deepest <= limits.maxJsonNesting) {
        const QByteArray chunk = file.read(1 << 20);
        if (chunk.isEmpty())
            break;
        counter.feed(chunk.constData(), chunk.size());
    }
    if (counter.deepest > limits.maxJsonNesting)
        return Error{QStringLiteral("JSON nested more than %1 levels deep; refused").arg(limits.maxJsonNesting), path};
    return Ok{};
}

Status ResourceBounds::checkRaster(const QString &path, const RasterDeclaration &d, const Limits &limits)
{
    const qint64 declared = d.declaredBytes();
    const qint64 block = d.blockBytes();
    if (block > limits.maxBlockBytes)
        return Error{QStringLiteral("one block of %1 × %2 pixels is %3 uncompressed, more than Linewatch reads at once "
                                    "(%4); refused")
                         .arg(d.blockWidth)
                         .arg(d.blockHeight)
                         .arg(megabytes(block), megabytes(limits.maxBlockBytes)),
                     path};
    if (declared > limits.ratioFloorBytes && d.bytesOnDisk >= 0
        && double(declared) > limits.maxCompressionRatio * double(std::max<qint64>(d.bytesOnDisk, 1)))
        return Error{QStringLiteral("declares %1 of pixels in %2 on disk, more than %3:1 compression (a decompression "
                                    "bomb or sparse file); refused")
                         .arg(megabytes(declared), megabytes(d.bytesOnDisk))
                         .arg(limits.maxCompressionRatio, 0, 'f', 0),
                     path};
    if (!d.hasOverviews && declared > limits.maxBytesWithoutOverviews)
        return Error{QStringLiteral("declares %1 of pixels and has no overviews, so a view of the whole raster would "
                                    "decompress all of it; add overviews (gdaladdo) to open it")
                         .arg(megabytes(declared)),
                     path};
    return Ok{};
}

} // namespace linewatch

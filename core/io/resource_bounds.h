#pragma once

#include "common/result.h"

#include <QString>

namespace linewatch {

/// Bounds on what an untrusted file may make Linewatch allocate or compute,
/// checked before any driver reads the data (issue 6: any input rejected or
/// opened within 10 s and 1.5 GB). docs/data-safety.md states the rules.
///
/// Rasters: a file's declared uncompressed size is compared with the bytes
/// on disk (all of its files, a VRT's sources included): DEFLATE cannot
/// compress more than about 1032:1, so more than maxCompressionRatio means
/// sparse or shared blocks (a "decompression bomb") and is refused once the
/// declared size exceeds ratioFloorBytes (below it any ratio is harmless).
/// One block larger than maxBlockBytes is refused (GDAL decompresses whole
/// blocks); a raster larger than maxBytesWithoutOverviews without overviews
/// is refused because a whole-area view would decompress all of it.
///
/// Vectors: GDAL's GeoJSON, KML and GPX drivers hold a whole text file in
/// memory (several times its size), so text vector files above
/// maxTextVectorBytes are refused, and JSON nested deeper than maxJsonNesting
/// (a legal MultiPolygon FeatureCollection needs 8) is refused before GDAL's
/// recursive parser sees it.
class ResourceBounds
{
public:
    struct Limits
    {
        double maxCompressionRatio = 1000.0;                   ///< declared bytes / bytes on disk
        qint64 ratioFloorBytes = 256LL * 1024 * 1024;          ///< [byte] declared sizes up to this pass any ratio
        qint64 maxBlockBytes = 256LL * 1024 * 1024;            ///< [byte] one uncompressed block or strip, all bands
        qint64 maxBytesWithoutOverviews = 8LL * 1024 * 1024 * 1024; ///< [byte] declared, when no overviews exist
        qint64 maxTextVectorBytes = 256LL * 1024 * 1024;       ///< [byte] GeoJSON/KML/GPX/CSV file size
        int maxJsonNesting = 64;                               ///< [levels] of [ and {
    };

    /// What a raster declares, read from its header by GDAL (no pixel read).
    struct RasterDeclaration
    {
        qint64 width = 0, height = 0; ///< [px]
        int bands = 0;
        int bytesPerSample = 0;
        qint64 blockWidth = 0, blockHeight = 0; ///< [px] natural block of band 1
        bool hasOverviews = false;
        qint64 bytesOnDisk = 0; ///< [byte] every file GDAL lists for the dataset (VRT sources included)

        qint64 declaredBytes() const;
        qint64 blockBytes() const;
    };

    /// Checks a file before any driver opens it: size of text vector files,
    /// nesting of JSON. Other files pass.
    static Status checkFile(const QString &path, const Limits &limits);
    static Status checkFile(const QString &path) { return checkFile(path, Limits{}); }

    /// Checks a raster's declaration; `path` names the file in the Error.
    static Status checkRaster(const QString &path, const RasterDeclaration &declaration, const Limits &limits);
    static Status checkRaster(const QString &path, const RasterDeclaration &declaration)
    {
        return checkRaster(path, declaration, Limits{});
    }

    /// The deepest nesting of arrays and objects in JSON text (strings and
    /// escapes skipped), stopping early once it passes `stopAbove`.
    static int jsonNesting(const QByteArray &text, int stopAbove);
};

} // namespace linewatch

#include "support/synthetic_dem.h"

#include "support/test_paths.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <gdal.h>
#include <cpl_string.h>

#include <cmath>
#include <vector>

namespace linewatch::test {

double syntheticElevation(const LonLatBox &box, double lon, double lat)
{
    // Three hills at fixed fractions of the box over a 600 m plain.
    const double u = (lon - box.west) / (box.east - box.west);
    const double v = (lat - box.south) / (box.north - box.south);
    auto hill = [&](double cu, double cv, double h, double s) {
        const double d2 = (u - cu) * (u - cu) + (v - cv) * (v - cv);
        return h * std::exp(-d2 / (2 * s * s));
    };
    return 600.0 + hill(0.3, 0.4, 1500, 0.12) + hill(0.7, 0.6, 1100, 0.08) + hill(0.55, 0.2, 800, 0.05);
}

bool writeSyntheticDem(const QString &path, const LonLatBox &box, int width, int height)
{
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    if (!driver)
        return false;
    char **options = nullptr;
    options = CSLSetNameValue(options, "TILED", "YES");
    options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
    GDALDatasetH ds = GDALCreate(driver, path.toUtf8().constData(), width, height, 1, GDT_Int16, options);
    CSLDestroy(options);
    if (!ds)
        return false;
    const double dx = (box.east - box.west) / width, dy = (box.north - box.south) / height;
    double gt[6] = {box.west, dx, 0, box.north, 0, -dy};
    GDALSetGeoTransform(ds, gt);
    GDALSetProjection(ds, "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                          "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]");
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(band, -32768);
    std::vector<GInt16> row(width);
    bool ok = true;
    for (int y = 0; y < height && ok; ++y) {
        const double lat = box.north - (y + 0.5) * dy;
        for (int x = 0; x < width; ++x)
            row[x] = static_cast<GInt16>(std::lround(syntheticElevation(box, box.west + (x + 0.5) * dx, lat)));
        ok = GDALRasterIO(band, GF_Write, 0, y, width, 1, row.data(), width, 1, GDT_Int16, 0, 0) == CE_None;
    }
    GDALClose(ds);
    return ok;
}

QString prepareSampleCopy(const QString &folderName)
{
    const QString from = sourceDir() + QStringLiteral("/maps/shusha");
    const QString to = tempDir() + QLatin1Char('/') + folderName;
    QDir(to).removeRecursively();
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + QLatin1Char('/') + QDir(from).relativeFilePath(src);
        QDir().mkpath(QFileInfo(dst).path());
        if (!QFile::copy(src, dst))
            return {};
    }
    QDir().mkpath(to + QStringLiteral("/terrain"));
    if (!writeSyntheticDem(to + QStringLiteral("/terrain/synthetic.tif"), sampleTerrainBox(), 700, 450))
        return {};
    return to + QStringLiteral("/shusha.lwproj");
}

} // namespace linewatch::test

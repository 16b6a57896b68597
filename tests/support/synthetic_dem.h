#pragma once

#include "common/geo_point.h"

#include <QString>

namespace linewatch::test {

/// Writes a GeoTIFF DEM in EPSG:4326 over box with Gaussian hills: a smooth,
/// known surface for tests that need terrain where no real DEM may be
/// shipped (the Shusha area). Int16 metres, nodata -32768, width x height px.
/// elevation(lon, lat) gives the exact value the file samples.
bool writeSyntheticDem(const QString &path, const LonLatBox &box, int width, int height);
double syntheticElevation(const LonLatBox &box, double lon, double lat);

/// The box the sample copy's synthetic DEM covers (the Shusha area).
inline LonLatBox sampleTerrainBox() { return LonLatBox{46.3, 39.5, 47.0, 39.95}; }

/// Copies maps/shusha into a fresh folder under tempDir() and drops a
/// synthetic DEM into its terrain/ folder, so the sample renders offline
/// with terrain. Returns the copy's project file, or "" on failure.
QString prepareSampleCopy(const QString &folderName = QStringLiteral("shusha"));

} // namespace linewatch::test

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

} // namespace linewatch::test

#pragma once

#include <cstddef>

namespace linewatch {

/// Sizes of a geographic grid cell on the WGS84 ellipsoid, for DEMs whose
/// cells are in degrees. Exact for the ellipsoid (meridian and normal radii of
/// curvature), so a 1″ SRTM cell at 46.5° N is 21.32 m wide and 30.88 m high.
struct Wgs84CellSize
{
    /// [m/deg] length of one degree of longitude along the parallel at latitude [deg].
    static double metresPerDegreeLongitude(double latitudeDegrees);
    /// [m/deg] length of one degree of latitude along the meridian at latitude [deg].
    static double metresPerDegreeLatitude(double latitudeDegrees);
};

/// Shaded relief by Horn's method (Horn 1981, "Hill shading and the
/// reflectance map", Proc. IEEE 69(1)) with exactly gdaldem's formulas
/// (apps/gdaldem_lib.cpp, GDAL 3.6: GDALHillshadeAlg and, for the
/// multidirectional option, GDALHillshadeMultiDirectionalAlg after Mark 1992,
/// USGS OF 92-422), so results compare with `gdaldem hillshade`.
///
/// Unlike gdaldem the cell size may change from row to row, which is what a
/// geographic DEM needs: its cells are narrower in metres towards the poles.
///
/// Written here rather than calling GDALDEMProcessing, which bench_terrain
/// measures as the baseline on the same 1920×1080 window: GDAL 3.6's
/// processing (to a MEM dataset) took 11.1-11.7 ms of CPU against 9.3-9.5 ms
/// here (November 2026, 2 shared cores), it needs a dataset per tile, and it
/// has one scale for both axes and all rows, so it cannot shade a geographic
/// DEM correctly away from the equator.
class Hillshade
{
public:
    struct Parameters
    {
        double azimuthDegrees = 315.0; ///< [deg] clockwise from north, where the light comes from
        double altitudeDegrees = 45.0; ///< [deg] above the horizon, in [0, 90]
        double zFactor = 1.0;          ///< vertical exaggeration
        bool multidirectional = false;
    };

    /// Shades the inner (width-2)×(height-2) cells of a row-major grid.
    ///
    /// elevations: width×height values [m], NaN where there is no data; the
    /// outer ring is the one-cell border the kernel needs.
    /// cellWidthMetres, cellHeightMetres: one positive value per row [m]
    /// (ground size of a cell in that row, east-west and north-south).
    /// out: (width-2)×(height-2) values: 0 where the centre cell has no data,
    /// else gdaldem's 1..255. A missing neighbour takes the centre's value, so
    /// shading goes up to the edge of the data.
    static void compute(const float *elevations, int width, int height, const double *cellWidthMetres,
                        const double *cellHeightMetres, const Parameters &parameters, float *out);

    /// The same, writing row r of the result at out + (r - 1) * outStride and
    /// noData where the centre cell has no data (the renderer shades straight
    /// into a width-wide buffer with NaN for no data).
    static void compute(const float *elevations, int width, int height, const double *cellWidthMetres,
                        const double *cellHeightMetres, const Parameters &parameters, float *out,
                        std::ptrdiff_t outStride, float noData);
};

} // namespace linewatch

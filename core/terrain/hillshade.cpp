#include "terrain/hillshade.h"

#include <cmath>
#include <numbers>

namespace linewatch {

namespace {
constexpr double kA = 6378137.0;                   // WGS84 semi-major axis [m]
constexpr double kF = 1.0 / 298.257223563;         // WGS84 flattening
constexpr double kE2 = kF * (2.0 - kF);            // first eccentricity squared
constexpr double kDegToRad = std::numbers::pi / 180.0;
} // namespace

double Wgs84CellSize::metresPerDegreeLongitude(double latitudeDegrees)
{
    const double phi = latitudeDegrees * kDegToRad;
    const double s = std::sin(phi);
    const double n = kA / std::sqrt(1.0 - kE2 * s * s); // prime vertical radius of curvature
    return n * std::cos(phi) * kDegToRad;
}

double Wgs84CellSize::metresPerDegreeLatitude(double latitudeDegrees)
{
    const double s = std::sin(latitudeDegrees * kDegToRad);
    const double w = 1.0 - kE2 * s * s;
    const double m = kA * (1.0 - kE2) / (w * std::sqrt(w)); // meridian radius of curvature
    return m * kDegToRad;
}

void Hillshade::compute(const float *elev, int width, int height, const double *cellWidthMetres,
                        const double *cellHeightMetres, const Parameters &p, float *out)
{
    compute(elev, width, height, cellWidthMetres, cellHeightMetres, p, out, width - 2, 0.0f);
}

void Hillshade::compute(const float *elev, int width, int height, const double *cellWidthMetres,
                        const double *cellHeightMetres, const Parameters &p, float *out, std::ptrdiff_t outStride,
                        float noData)
{
    if (width < 3 || height < 3)
        return;
    const double alt = p.altitudeDegrees * kDegToRad;
    const double az = p.azimuthDegrees * kDegToRad;
    // gdaldem folds Horn's 1/8 into the z factor.
    const double zf = p.zFactor / 8.0;
    const double squareZ = zf * zf;
    const double sinAlt254 = 254.0 * std::sin(alt);
    const double cosAltZ = std::cos(alt) * zf;
    const double cosAzCosAltZ254 = 254.0 * std::cos(az) * cosAltZ;
    const double sinAzCosAltZ254 = 254.0 * std::sin(az) * cosAltZ;
    const double sinAlt127 = 127.0 * std::sin(alt);
    const double cosAltZ127 = 127.0 * cosAltZ;
    const double cos225CosAltZ127 = 127.0 * std::cos(225.0 * kDegToRad) * cosAltZ;

    for (int r = 1; r < height - 1; ++r) {
        const float *r0 = elev + static_cast<std::ptrdiff_t>(r - 1) * width;
        const float *r1 = r0 + width;
        const float *r2 = r1 + width;
        // gdaldem's inv_ewres (east-west resolution, positive) and inv_nsres
        // (north-south, negative in a north-up geotransform).
        const double invEw = 1.0 / cellWidthMetres[r];
        const double invNs = -1.0 / cellHeightMetres[r];
        float *o = out + static_cast<std::ptrdiff_t>(r - 1) * outStride;
        for (int c = 1; c < width - 1; ++c) {
            const double z4 = r1[c];
            if (std::isnan(z4)) {
                o[c - 1] = noData;
                continue;
            }
            double x = ((r0[c - 1] + 2.0 * r1[c - 1] + r2[c - 1]) - (r0[c + 1] + 2.0 * r1[c + 1] + r2[c + 1])) * invEw;
            double y = ((r2[c - 1] + 2.0 * r2[c] + r2[c + 1]) - (r0[c - 1] + 2.0 * r0[c] + r0[c + 1])) * invNs;
            if (std::isnan(x) || std::isnan(y)) {
                // A neighbour without data takes the centre's value (NaN
                // propagates, so this rare path is found by the result).
                auto v = [z4](float z) { return std::isnan(z) ? z4 : static_cast<double>(z); };
                const double z0 = v(r0[c - 1]), z1 = v(r0[c]), z2 = v(r0[c + 1]);
                const double z3 = v(r1[c - 1]), z5 = v(r1[c + 1]);
                const double z6 = v(r2[c - 1]), z7 = v(r2[c]), z8 = v(r2[c + 1]);
                x = ((z0 + z3 + z3 + z6) - (z2 + z5 + z5 + z8)) * invEw;
                y = ((z6 + z7 + z7 + z8) - (z0 + z1 + z1 + z2)) * invNs;
            }
            const double xxPlusYy = x * x + y * y;
            double shade;
            if (!p.multidirectional) {
                const double cang254 =
                    (sinAlt254 - (y * cosAzCosAltZ254 - x * sinAzCosAltZ254)) / std::sqrt(1.0 + squareZ * xxPlusYy);
                shade = cang254 <= 0.0 ? 1.0 : 1.0 + cang254;
            } else if (xxPlusYy == 0.0) {
                shade = 1.0 + sinAlt254;
            } else {
                const double v225 = std::max(0.0, sinAlt127 + (x - y) * cos225CosAltZ127);
                const double v270 = std::max(0.0, sinAlt127 - x * cosAltZ127);
                const double v315 = std::max(0.0, sinAlt127 + (x + y) * cos225CosAltZ127);
                const double v360 = std::max(0.0, sinAlt127 - y * cosAltZ127);
                const double w225 = 0.5 * xxPlusYy - x * y;
                const double w270 = x * x;
                const double w315 = xxPlusYy - w225;
                const double w360 = y * y;
                const double cang127 = (w225 * v225 + w270 * v270 + w315 * v315 + w360 * v360) / xxPlusYy
                                       / std::sqrt(1.0 + squareZ * xxPlusYy);
                shade = 1.0 + cang127;
            }
            o[c - 1] = static_cast<float>(shade);
        }
    }
}

} // namespace linewatch

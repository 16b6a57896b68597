#pragma once

#include "common/geo_point.h"
#include "common/result.h"

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace linewatch {

class DemSampler;

/// One point of an elevation profile.
struct ProfileSample
{
    double distanceMetres = 0.0;          ///< [m] geodesic distance from the path's start, along the path
    LonLat position;                      ///< WGS84, on the geodesic of its segment
    std::optional<double> elevationMetres; ///< [m] from the DEM; nullopt for nodata or outside the DEM
};

/// Terrain elevations along a path of WGS84 points, for the profile dock and
/// for line of sight.
///
/// Each segment between consecutive vertices is followed along its WGS84
/// geodesic (not a straight line in some projection), so a profile of a long
/// segment crosses the terrain the shortest way, as a measured distance does.
/// Distances are geodesic lengths along the path. Every vertex is a sample;
/// between vertices the samples are evenly spaced, no further apart than the
/// requested spacing.
///
/// Ascent and descent are the sums of the rises and falls between consecutive
/// samples that both have an elevation, with no smoothing and no threshold:
/// they include the DEM's own noise (SRTM: a few metres per sample on rough
/// ground), which makes them larger than a GPS tracker's hysteresis-filtered
/// figures. A nodata gap is skipped, not bridged: the rise across it is
/// unknown, so ascent − descent equals end − start elevation only when the
/// profile has no gap.
class ElevationProfile
{
public:
    /// Samples the DEM along the path.
    ///
    /// path: at least two WGS84 vertices, each LonLat::isValid(), with a total
    /// length above zero. spacingMetres: the largest distance [m] between
    /// samples, > 0 and finite. cancel (may be null) is polled between samples;
    /// when it becomes true the result is an Error saying so. Errors name the
    /// offending vertex (0-based) and value; no more than maxSamples samples
    /// are taken (a 1 000 km path at 1 m spacing is refused, not attempted).
    static Result<ElevationProfile> compute(DemSampler &dem, const std::vector<LonLat> &path, double spacingMetres,
                                            const std::atomic_bool *cancel = nullptr);

    /// The same with defaultSpacingMetres(dem).
    static Result<ElevationProfile> compute(DemSampler &dem, const std::vector<LonLat> &path,
                                            const std::atomic_bool *cancel = nullptr);

    /// Half the DEM's cell size [m] (DemSampler::cellSizeMetres()): every
    /// cell the path crosses gets at least one sample, so a one-cell ridge
    /// is not stepped over. NaN if the DEM's cell size is unknown.
    static double defaultSpacingMetres(const DemSampler &dem);

    static constexpr std::size_t maxSamples = 1'000'000;

    const std::vector<ProfileSample> &samples() const { return mSamples; }
    /// Index into samples() of each path vertex (equal for coincident vertices).
    const std::vector<std::size_t> &vertexSamples() const { return mVertexSamples; }

    double lengthMetres() const { return mLengthMetres; }
    /// Lowest and highest sampled elevation [m]; nullopt when every sample is nodata.
    std::optional<double> minElevationMetres() const;
    std::optional<double> maxElevationMetres() const;
    /// Index of the lowest and highest sample; nullopt as above.
    std::optional<std::size_t> minSample() const { return mMinSample; }
    std::optional<std::size_t> maxSample() const { return mMaxSample; }
    double ascentMetres() const { return mAscentMetres; }   ///< [m], >= 0
    double descentMetres() const { return mDescentMetres; } ///< [m], >= 0, a positive number
    /// Number of samples without an elevation.
    std::size_t missingSamples() const { return mMissingSamples; }

private:
    void summarise();

    std::vector<ProfileSample> mSamples;
    std::vector<std::size_t> mVertexSamples;
    double mLengthMetres = 0.0;
    std::optional<std::size_t> mMinSample, mMaxSample;
    double mAscentMetres = 0.0, mDescentMetres = 0.0;
    std::size_t mMissingSamples = 0;
};

} // namespace linewatch

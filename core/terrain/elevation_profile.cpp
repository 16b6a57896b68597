#include "terrain/elevation_profile.h"

#include "terrain/dem_sampler.h"
#include "geodesy/geodesic_segment.h"

#include <cmath>

namespace linewatch {

namespace {

QString describe(const LonLat &p)
{
    return QStringLiteral("(lon %1, lat %2)").arg(p.lon, 0, 'g', 10).arg(p.lat, 0, 'g', 10);
}

Error cancelled() { return Error{QStringLiteral("elevation profile cancelled")}; }

/// A vertex as positionAt() would give it: longitude reduced to [-180°, 180°].
LonLat reduced(const LonLat &p) { return LonLat{std::remainder(p.lon, 360.0), p.lat}; }

} // namespace

Result<ElevationProfile> ElevationProfile::compute(DemSampler &dem, const std::vector<LonLat> &path,
                                                   double spacingMetres, const std::atomic_bool *cancel)
{
    if (path.size() < 2)
        return Error{QStringLiteral("a profile needs at least two points, got %1").arg(path.size())};
    for (std::size_t i = 0; i < path.size(); ++i) {
        const LonLat &p = path[i];
        if (!p.isFinite())
            return Error{QStringLiteral("point %1 %2 is not a number").arg(i).arg(describe(p))};
        if (!p.isValid())
            return Error{QStringLiteral("point %1 %2 is out of range (latitude within ±90°, longitude within ±540°)")
                             .arg(i)
                             .arg(describe(p))};
    }
    if (!std::isfinite(spacingMetres) || spacingMetres <= 0)
        return Error{QStringLiteral("sample spacing must be a positive number of metres, got %1").arg(spacingMetres)};

    std::vector<GeodesicSegment> segments;
    segments.reserve(path.size() - 1);
    double total = 0;
    double sampleCount = 1; // the last vertex
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        segments.emplace_back(path[i], path[i + 1]);
        total += segments.back().lengthMetres();
        sampleCount += std::ceil(segments.back().lengthMetres() / spacingMetres) + 1;
    }
    if (!(total > 0))
        return Error{QStringLiteral("the path has zero length (all points coincide)")};
    if (sampleCount > double(maxSamples))
        return Error{QStringLiteral("%1 m at %2 m spacing would need more than %3 samples; use a wider spacing")
                         .arg(total, 0, 'f', 0)
                         .arg(spacingMetres)
                         .arg(maxSamples)};

    ElevationProfile profile;
    profile.mLengthMetres = total;
    profile.mSamples.reserve(static_cast<std::size_t>(sampleCount));
    profile.mVertexSamples.reserve(path.size());
    double start = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const GeodesicSegment &segment = segments[i];
        const double length = segment.lengthMetres();
        // The vertex itself (once, when the previous segment had zero length).
        if (profile.mSamples.empty() || start > profile.mSamples.back().distanceMetres)
            profile.mSamples.push_back({start, reduced(path[i]), std::nullopt});
        profile.mVertexSamples.push_back(profile.mSamples.size() - 1);
        const auto steps = static_cast<std::size_t>(std::ceil(length / spacingMetres));
        for (std::size_t k = 1; k < steps; ++k) {
            const double s = length * double(k) / double(steps);
            profile.mSamples.push_back({start + s, segment.positionAt(s), std::nullopt});
        }
        start += length;
    }
    if (start > profile.mSamples.back().distanceMetres)
        profile.mSamples.push_back({start, reduced(path.back()), std::nullopt});
    profile.mVertexSamples.push_back(profile.mSamples.size() - 1);

    for (std::size_t i = 0; i < profile.mSamples.size(); ++i) {
        if (cancel && (i % 64) == 0 && cancel->load(std::memory_order_relaxed))
            return cancelled();
        profile.mSamples[i].elevationMetres = dem.elevationAt(profile.mSamples[i].position);
    }
    if (cancel && cancel->load(std::memory_order_relaxed))
        return cancelled();
    profile.summarise();
    return profile;
}

Result<ElevationProfile> ElevationProfile::compute(DemSampler &dem, const std::vector<LonLat> &path,
                                                   const std::atomic_bool *cancel)
{
    const double spacing = defaultSpacingMetres(dem);
    if (!std::isfinite(spacing))
        return Error{QStringLiteral("cannot choose a sample spacing: the DEM's cell size is unknown"), dem.path()};
    return compute(dem, path, spacing, cancel);
}

double ElevationProfile::defaultSpacingMetres(const DemSampler &dem) { return dem.cellSizeMetres() / 2; }

void ElevationProfile::summarise()
{
    const ProfileSample *previous = nullptr;
    for (std::size_t i = 0; i < mSamples.size(); ++i) {
        const ProfileSample &s = mSamples[i];
        if (!s.elevationMetres) {
            ++mMissingSamples;
            previous = nullptr;
            continue;
        }
        const double z = *s.elevationMetres;
        if (!mMinSample || z < *mSamples[*mMinSample].elevationMetres)
            mMinSample = i;
        if (!mMaxSample || z > *mSamples[*mMaxSample].elevationMetres)
            mMaxSample = i;
        if (previous) {
            const double dz = z - *previous->elevationMetres;
            (dz > 0 ? mAscentMetres : mDescentMetres) += std::abs(dz);
        }
        previous = &s;
    }
}

std::optional<double> ElevationProfile::minElevationMetres() const
{
    return mMinSample ? mSamples[*mMinSample].elevationMetres : std::nullopt;
}

std::optional<double> ElevationProfile::maxElevationMetres() const
{
    return mMaxSample ? mSamples[*mMaxSample].elevationMetres : std::nullopt;
}

} // namespace linewatch

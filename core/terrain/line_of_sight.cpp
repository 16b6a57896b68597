#include "terrain/line_of_sight.h"

#include "terrain/dem_sampler.h"
#include "geodesy/geodesic_segment.h"

#include <cmath>
#include <limits>

namespace linewatch {

namespace {

bool nonNegative(double v) { return std::isfinite(v) && v >= 0; }

QString describe(const LonLat &p)
{
    return QStringLiteral("(lon %1, lat %2)").arg(p.lon, 0, 'g', 10).arg(p.lat, 0, 'g', 10);
}

} // namespace

Result<LineOfSight> LineOfSight::compute(DemSampler &dem, const LonLat &observer, const LonLat &target,
                                         const LineOfSightOptions &options, const std::atomic_bool *cancel)
{
    if (!observer.isValid())
        return Error{QStringLiteral("observer position %1 is not a valid WGS84 position").arg(describe(observer))};
    if (!target.isValid())
        return Error{QStringLiteral("target position %1 is not a valid WGS84 position").arg(describe(target))};
    if (!nonNegative(options.observerHeightMetres))
        return Error{QStringLiteral("observer height must be a number of metres >= 0, got %1")
                         .arg(options.observerHeightMetres)};
    if (!nonNegative(options.targetHeightMetres))
        return Error{
            QStringLiteral("target height must be a number of metres >= 0, got %1").arg(options.targetHeightMetres)};
    if (!std::isfinite(options.refractionCoefficient) || options.refractionCoefficient >= 1)
        return Error{QStringLiteral("refraction coefficient must be a number below 1, got %1")
                         .arg(options.refractionCoefficient)};

    const GeodesicSegment line(observer, target);
    if (!(line.lengthMetres() > 0))
        return Error{QStringLiteral("observer and target coincide")};

    Result<ElevationProfile> profile = options.spacingMetres
        ? ElevationProfile::compute(dem, {observer, target}, *options.spacingMetres, cancel)
        : ElevationProfile::compute(dem, {observer, target}, cancel);
    if (!profile)
        return profile.error();

    LineOfSight los;
    los.mProfile = std::move(profile).value();
    double azimuth = 0;
    const LonLat middle = line.positionAt(line.lengthMetres() / 2, &azimuth);
    los.mEarthRadius = GeodesicSegment::normalSectionRadiusMetres(middle.lat, azimuth);
    los.mEffectiveRadius = los.mEarthRadius / (1 - options.refractionCoefficient);
    los.evaluate(options);
    return los;
}

void LineOfSight::evaluate(const LineOfSightOptions &options)
{
    const std::vector<ProfileSample> &samples = mProfile.samples();
    const std::size_t n = samples.size();
    mSightLine.assign(n, std::nullopt);
    mClearance.assign(n, std::nullopt);
    mSampleVisibility.assign(n, SampleVisibility::Unknown);
    const std::optional<double> groundA = samples.front().elevationMetres;
    const std::optional<double> groundB = samples.back().elevationMetres;
    mObserverEye = groundA ? *groundA + options.observerHeightMetres : NAN;
    mTargetTop = groundB ? *groundB + options.targetHeightMetres : NAN;
    if (!groundA || !groundB) {
        mVerdict = Verdict::Indeterminate;
        mReason = !groundA ? QStringLiteral("no elevation at the observer") : QStringLiteral("no elevation at the target");
        if (groundA)
            classifySamples(options.targetHeightMetres);
        return;
    }

    const double total = mProfile.lengthMetres();
    bool gap = false;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = samples[i].distanceMetres;
        const double bulge = d * (total - d) / (2 * mEffectiveRadius);
        mSightLine[i] = mObserverEye + (mTargetTop - mObserverEye) * d / total - bulge;
        if (samples[i].elevationMetres)
            mClearance[i] = *mSightLine[i] - *samples[i].elevationMetres;
        else
            gap = true;
    }

    // The first stretch of interior samples below the terrain, and its crest.
    for (std::size_t i = 1; i + 1 < n; ++i) {
        if (!mClearance[i] || *mClearance[i] >= 0)
            continue;
        Obstruction o;
        o.startMetres = samples[i].distanceMetres;
        o.riseAboveSightLineMetres = -std::numeric_limits<double>::infinity();
        for (; i + 1 < n && mClearance[i] && *mClearance[i] < 0; ++i) {
            if (-*mClearance[i] > o.riseAboveSightLineMetres) {
                o.sample = i;
                o.riseAboveSightLineMetres = -*mClearance[i];
            }
            o.endMetres = samples[i].distanceMetres;
        }
        o.distanceMetres = samples[o.sample].distanceMetres;
        o.position = samples[o.sample].position;
        o.terrainElevationMetres = *samples[o.sample].elevationMetres;
        mObstruction = o;
        break;
    }

    if (mObstruction) {
        mVerdict = Verdict::Blocked;
    } else if (gap) {
        mVerdict = Verdict::Indeterminate;
        mReason = QStringLiteral("%1 of %2 samples between observer and target have no elevation")
                      .arg(mProfile.missingSamples())
                      .arg(n);
    } else {
        mVerdict = Verdict::Visible;
    }
    classifySamples(options.targetHeightMetres);
}

void LineOfSight::classifySamples(double targetHeightMetres)
{
    // Viewshed along the profile: seen from the eye, each point has an
    // apparent slope (z − d²/(2R') − eye) / d; a point is hidden when the
    // known terrain before it has a steeper slope. For the target sample this
    // is the same test as a negative clearance, so the last entry agrees with
    // the verdict.
    const std::vector<ProfileSample> &samples = mProfile.samples();
    const auto slope = [&](double d, double z) { return (z - d * d / (2 * mEffectiveRadius) - mObserverEye) / d; };
    double steepest = -std::numeric_limits<double>::infinity();
    bool unknownBefore = false;
    mSampleVisibility.front() = SampleVisibility::Visible;
    for (std::size_t i = 1; i < samples.size(); ++i) {
        const double d = samples[i].distanceMetres;
        const std::optional<double> z = samples[i].elevationMetres;
        if (!z) {
            mSampleVisibility[i] = SampleVisibility::Unknown;
            unknownBefore = true;
            continue;
        }
        const double own = slope(d, *z + targetHeightMetres);
        if (own < steepest)
            mSampleVisibility[i] = SampleVisibility::Hidden;
        else
            mSampleVisibility[i] = unknownBefore ? SampleVisibility::Unknown : SampleVisibility::Visible;
        steepest = std::max(steepest, slope(d, *z));
    }
}

} // namespace linewatch

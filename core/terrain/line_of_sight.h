#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "terrain/elevation_profile.h"

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace linewatch {

class DemSampler;

/// Inputs of a line-of-sight check besides the two points.
struct LineOfSightOptions
{
    double observerHeightMetres = 2.0; ///< [m] eye above the ground at the observer, >= 0
    double targetHeightMetres = 0.0;   ///< [m] above the ground at the target, >= 0
    /// Coefficient of atmospheric refraction k: the sight ray bends with
    /// radius R/k, which the computation folds into an effective Earth radius
    /// R' = R / (1 - k). 0.13 is Gauss's standard value for geodetic
    /// levelling (gdal_viewshed's default curvature coefficient 0.857 is
    /// 1 - k for k = 1/7, visible light); must be < 1.
    double refractionCoefficient = 0.13;
    /// [m] largest distance between samples; nullopt: ElevationProfile's default
    /// (half a DEM cell).
    std::optional<double> spacingMetres;
};

/// Where the terrain first cuts the sight line: the highest point, relative
/// to the sight line, of the first stretch of samples above it.
struct Obstruction
{
    std::size_t sample = 0;               ///< index into profile().samples()
    double distanceMetres = 0.0;          ///< [m] from the observer, along the geodesic
    LonLat position;
    double terrainElevationMetres = 0.0;  ///< [m] DEM elevation there
    double riseAboveSightLineMetres = 0.0; ///< [m] > 0: terrain above the (curved) sight line
    double startMetres = 0.0, endMetres = 0.0; ///< [m] first and last blocked sample of that stretch
};

/// Whether two points on a DEM see each other, with the Earth's curvature and
/// atmospheric refraction, and what in between is hidden.
///
/// Terrain is sampled along the WGS84 geodesic from observer to target
/// (ElevationProfile). In the vertical plane of that geodesic, the sight line
/// runs straight from the observer's eye to the target's top; relative to it
/// the ground at distance d (of a total D) bulges up by d·(D − d) / (2 R'),
/// with R' = R / (1 − k). R is the WGS84 ellipsoid's radius of curvature along
/// the line's azimuth at its midpoint (Euler's theorem, see
/// GeodesicSegment::normalSectionRadiusMetres). Using the mean radius 6 371 009 m
/// instead would change R by −0.56 % to +0.45 %, and the bulge by the opposite
/// fraction: at most 0.25 m on a 50 km line with k = 0.13 (bulge 43 m). The
/// parabola d·(D − d)/(2R') stands for the circle; the relative difference
/// is about (D/R')²/12, under 1e-5 for D < 60 km. Heights are taken as
/// linear in ground distance, which ignores that horizontal distances grow
/// with height: against the exact straight 3D chord (k = 0) the sight line
/// is off by about Δh²/(4R) for ends Δh apart in height, 7 cm for 1350 m
/// (tested against GeographicLib's CartConvert), far below any DEM's
/// vertical error. One radius serves the whole line: along 100 km it varies
/// by less than 0.02 % of R. DEM heights (usually above the geoid) are used
/// as they are: the geoid's offset from the ellipsoid changes by metres over
/// tens of kilometres and shifts eye, target and terrain almost alike.
///
/// Nodata is never guessed: with no elevation at the observer or the target
/// the answer is Indeterminate; with gaps in between it is Blocked if known
/// terrain blocks the line and Indeterminate otherwise.
class LineOfSight
{
public:
    enum class Verdict { Visible, Blocked, Indeterminate };
    /// Could a target of the target height standing at a sample be seen?
    enum class SampleVisibility { Visible, Hidden, Unknown };

    /// observer and target must be valid, distinct WGS84 positions; bad
    /// options (negative or NaN heights, k >= 1, spacing <= 0) give an Error.
    static Result<LineOfSight> compute(DemSampler &dem, const LonLat &observer, const LonLat &target,
                                       const LineOfSightOptions &options = {},
                                       const std::atomic_bool *cancel = nullptr);

    Verdict verdict() const { return mVerdict; }
    bool isVisible() const { return mVerdict == Verdict::Visible; }
    /// Why the verdict is Indeterminate ("no elevation at the target"); empty otherwise.
    const QString &indeterminateReason() const { return mReason; }

    /// The first obstruction when the verdict is Blocked.
    const std::optional<Obstruction> &firstObstruction() const { return mObstruction; }

    /// The terrain along the line; the vectors below have one entry per sample.
    const ElevationProfile &profile() const { return mProfile; }
    /// [m] height of the sight line above the DEM's datum at each sample, for
    /// drawing over the profile: the straight chord minus the Earth bulge, so
    /// it curves down in the middle. nullopt when an endpoint has no elevation.
    const std::vector<std::optional<double>> &sightLineElevationsMetres() const { return mSightLine; }
    /// [m] sight line minus terrain (negative where the terrain is above the
    /// line); nullopt where either is unknown. The ends hold the observer and
    /// target heights.
    const std::vector<std::optional<double>> &clearancesMetres() const { return mClearance; }
    /// Whether a target of targetHeightMetres standing at each sample would be
    /// visible from the observer's eye (the last entry agrees with verdict()).
    /// Unknown where the sample or terrain between it and the observer is nodata
    /// and the known terrain does not already hide it.
    const std::vector<SampleVisibility> &sampleVisibility() const { return mSampleVisibility; }

    double observerEyeElevationMetres() const { return mObserverEye; } ///< [m]; NaN if unknown
    double targetTopElevationMetres() const { return mTargetTop; }     ///< [m]; NaN if unknown
    double earthRadiusMetres() const { return mEarthRadius; }         ///< [m] R along the line
    double effectiveRadiusMetres() const { return mEffectiveRadius; } ///< [m] R / (1 − k)

private:
    LineOfSight() = default;
    void evaluate(const LineOfSightOptions &options);
    void classifySamples(double targetHeightMetres);

    ElevationProfile mProfile;
    Verdict mVerdict = Verdict::Indeterminate;
    QString mReason;
    std::optional<Obstruction> mObstruction;
    std::vector<std::optional<double>> mSightLine, mClearance;
    std::vector<SampleVisibility> mSampleVisibility;
    double mObserverEye = 0.0, mTargetTop = 0.0;
    double mEarthRadius = 0.0, mEffectiveRadius = 0.0;
};

} // namespace linewatch

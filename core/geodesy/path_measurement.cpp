#include "geodesy/path_measurement.h"

#include <cmath>

namespace linewatch {

namespace {

/// Reduces an angle to [0, full), mapping values that round up to `full` to 0.
double reduce(double angle, double full)
{
    double r = std::fmod(angle, full);
    if (r < 0)
        r += full;
    return r >= full ? 0.0 : r;
}

} // namespace

double MeasuredSegment::azimuthMils() const { return reduce(azimuthDeg * (6400.0 / 360.0), 6400.0); }

PathMeasurement::PathMeasurement(std::vector<LonLat> points, bool closed, const Geodesic &geodesic)
    : mPoints(std::move(points)), mClosed(closed)
{
    if (mClosed && mPoints.size() >= 2 && mPoints.front() == mPoints.back())
        mPoints.pop_back();
    const std::size_t n = mPoints.size();
    const std::size_t segmentCount = n < 2 ? 0 : (mClosed ? n : n - 1);
    mSegments.reserve(segmentCount);
    for (std::size_t i = 0; i < segmentCount; ++i) {
        MeasuredSegment s;
        s.from = mPoints[i];
        s.to = mPoints[(i + 1) % n];
        const Geodesic::Inverse g = geodesic.inverse(s.from, s.to);
        s.lengthM = g.distanceM;
        // geod_inverse gives (-180, 180]; bearings are read as 0..360.
        s.azimuthDeg = reduce(g.azimuth1Deg, 360.0);
        mTotalM += s.lengthM;
        mSegments.push_back(s);
    }
    if (hasArea()) {
        const Geodesic::PolygonMeasure m = geodesic.polygon(mPoints);
        mAreaM2 = std::abs(m.areaM2);
        mPerimeterM = m.perimeterM;
    }
}

} // namespace linewatch

#pragma once

#include "common/geo_point.h"

#include <limits>
#include <vector>

namespace linewatch::test {

/// The nearest point of a geodesic polyline found without the engine under
/// test: 4,000 samples per segment with geod_position, then a golden-section
/// search of the bracket round the best sample down to 1e-7 m of arc length,
/// all through PROJ's geodesic.h. Slow; an independent expectation for tests.
struct Reference
{
    double distanceM = std::numeric_limits<double>::infinity();
    LonLat foot;
    double alongM = 0.0;
    int segment = -1;       ///< over all parts; the lower index on a tie
    bool atVertex = false;  ///< the foot is within 0.1 mm of a segment end
};

Reference bruteForce(const std::vector<std::vector<LonLat>> &parts, LonLat p);

} // namespace linewatch::test

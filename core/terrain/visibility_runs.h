#pragma once

#include "terrain/line_of_sight.h"

#include <cstddef>
#include <vector>

namespace linewatch {

/// A stretch of consecutive samples of a line of sight with the same
/// visibility, for drawing the line on the map in green (seen), red (hidden)
/// and grey (unknown).
struct VisibilityRun
{
    std::size_t first = 0; ///< index into LineOfSight::profile().samples()
    std::size_t last = 0;  ///< inclusive; a run of one sample has first == last
    LineOfSight::SampleVisibility visibility = LineOfSight::SampleVisibility::Unknown;
};

/// Splits LineOfSight::sampleVisibility() into runs.
class VisibilityRuns
{
public:
    /// Runs in order, covering every sample once. Consecutive runs share no
    /// sample; a drawing joins run i's last sample to run i+1's first with
    /// the colour of run i+1, so the map line has no gap.
    static std::vector<VisibilityRun> of(const LineOfSight &lineOfSight);
};

} // namespace linewatch

#include "terrain/visibility_runs.h"

namespace linewatch {

std::vector<VisibilityRun> VisibilityRuns::of(const LineOfSight &lineOfSight)
{
    std::vector<VisibilityRun> runs;
    const auto &v = lineOfSight.sampleVisibility();
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!runs.empty() && runs.back().visibility == v[i])
            runs.back().last = i;
        else
            runs.push_back({i, i, v[i]});
    }
    return runs;
}

} // namespace linewatch

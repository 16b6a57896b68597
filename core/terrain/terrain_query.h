#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "terrain/elevation_profile.h"
#include "terrain/line_of_sight.h"

#include <QString>

#include <atomic>
#include <optional>
#include <vector>

namespace linewatch {

/// The answer to a TerrainQuery: a profile, or a line of sight (which holds
/// its own profile).
struct TerrainAnswer
{
    std::optional<ElevationProfile> profile;
    std::optional<LineOfSight> lineOfSight;

    /// The terrain along the path, whichever kind of answer this is.
    const ElevationProfile &terrain() const { return lineOfSight ? lineOfSight->profile() : *profile; }
};

/// An elevation profile or a line of sight, described by values only so it
/// can be handed to a worker thread: the worker opens its own DemSampler on
/// demPath (DemSampler is one-thread-at-a-time), computes, and returns the
/// answer by value. The profile dock runs these through QtConcurrent.
struct TerrainQuery
{
    enum class Kind { Profile, LineOfSight };

    Kind kind = Kind::Profile;
    QString demPath;           ///< the DEM to sample (the topmost visible terrain layer's source)
    std::vector<LonLat> path;  ///< WGS84; for LineOfSight exactly two points, observer then target
    LineOfSightOptions lineOfSightOptions; ///< used for LineOfSight only

    /// Runs the query. Errors: no DEM ("no elevation layer is visible"), a
    /// DEM that cannot be opened (the sampler's message, naming the file),
    /// a line of sight without exactly two points, and whatever
    /// ElevationProfile or LineOfSight refuse; "cancelled" when cancel turns
    /// true meanwhile.
    Result<TerrainAnswer> run(const std::atomic_bool *cancel = nullptr) const;
};

} // namespace linewatch

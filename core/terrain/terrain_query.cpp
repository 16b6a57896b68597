#include "terrain/terrain_query.h"

#include "terrain/dem_sampler.h"

#include <QCoreApplication>

namespace linewatch {

Result<TerrainAnswer> TerrainQuery::run(const std::atomic_bool *cancel) const
{
    auto tr = [](const char *text, int n = -1) {
        return QCoreApplication::translate("linewatch::TerrainQuery", text, nullptr, n);
    };
    if (demPath.isEmpty())
        return Error(tr("no elevation layer is visible: add or show a DEM"));
    if (kind == Kind::LineOfSight && path.size() != 2)
        return Error(tr("line of sight needs an observer and a target, got %n point(s)", int(path.size())));
    auto dem = DemSampler::open(demPath);
    if (!dem.ok())
        return dem.error();
    TerrainAnswer answer;
    if (kind == Kind::Profile) {
        auto profile = ElevationProfile::compute(*dem, path, cancel);
        if (!profile.ok())
            return profile.error();
        answer.profile = std::move(profile).value();
    } else {
        auto los = LineOfSight::compute(*dem, path[0], path[1], lineOfSightOptions, cancel);
        if (!los.ok())
            return los.error();
        answer.lineOfSight = std::move(los).value();
    }
    return answer;
}

} // namespace linewatch

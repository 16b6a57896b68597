// A claims file (GeoJSON as OGR reads it) through ClaimSet, the code that
// parses claim properties: never crash; every claim without problems has a
// position in range; the claims written back as a project's "claim_edits"
// read back as the same claims with the same problems-free status.
#include "claims/claim_set.h"
#include "io/gdal_environment.h"

#include <cpl_vsi.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace {

const char *const kPath = "/vsimem/fuzz_claims.geojson";

bool inRange(const linewatch::LonLat &p)
{
    return std::isfinite(p.lon) && std::isfinite(p.lat) && std::abs(p.lon) <= 180 && std::abs(p.lat) <= 90;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    linewatch::GdalEnvironment::initialise();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // GDAL owns (and frees on unlink) a copy of the bytes.
    auto *copy = static_cast<GByte *>(VSIMalloc(size ? size : 1));
    if (!copy)
        return 0;
    std::memcpy(copy, data, size);
    VSIFCloseL(VSIFileFromMemBuffer(kPath, copy, size, TRUE));
    const auto set = linewatch::ClaimSet::load(QString::fromLatin1(kPath));
    VSIUnlink(kPath);
    if (!set.ok())
        return 0;
    for (const linewatch::Claim &c : set->claims()) {
        if (!c.problems.isEmpty())
            continue;
        if (c.id.isEmpty() || !c.date.isValid() || !std::isfinite(c.distanceM) || c.distanceM < 0 || (!c.point && !c.polygon))
            std::abort();
        if (c.point && !inRange(*c.point))
            std::abort();
    }
    const auto again = linewatch::ClaimSet::fromJson(set->toJson(), QStringLiteral("fuzz"));
    if (!again.ok() || again->claims().size() != set->claims().size())
        std::abort();
    for (std::size_t i = 0; i < set->claims().size(); ++i) {
        const linewatch::Claim &a = set->claims()[i], &b = again->claims()[i];
        if (a.id != b.id || (a.problems.isEmpty() && !b.problems.isEmpty()))
            std::abort();
    }
    return 0;
}

// A lines file (GeoJSON as OGR reads it) through LineSet, the code that
// parses line-version properties: never crash; a file without problems holds
// versions whose dates are ordered, whose lines have a finite length, and
// each of which is the one select() finds on its first day.
#include "claims/line_set.h"
#include "io/gdal_environment.h"

#include <cpl_vsi.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace {
const char *const kPath = "/vsimem/fuzz_lines.geojson";
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
    const auto set = linewatch::LineSet::load(QString::fromLatin1(kPath));
    VSIUnlink(kPath);
    if (!set.ok() || !set->problems().isEmpty())
        return 0;
    for (const linewatch::LineVersion &v : set->versions()) {
        if (v.id.isEmpty() || !v.validFrom.isValid() || (v.validTo.isValid() && v.validTo <= v.validFrom))
            std::abort();
        if (!(v.geometry.lengthM() >= 0) || !std::isfinite(v.geometry.lengthM()))
            std::abort();
        // An unnamed version is found by the empty name only when it is the only line.
        if (v.name.isEmpty() && set->names().size() != 1)
            continue;
        const auto found = set->select(v.name, v.validFrom);
        if (!found.ok() || *found != &v)
            std::abort();
    }
    return 0;
}

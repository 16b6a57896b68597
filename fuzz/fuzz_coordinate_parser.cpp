// Coordinate strings (DD, DMS, UTM, MGRS, place names): never crash, and any
// position returned is a valid WGS84 position.
#include "crs/coordinate_parser.h"
#include "io/gazetteer.h"

#include <QString>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const auto gazetteer = linewatch::Gazetteer::loadBundled();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto parsed = linewatch::CoordinateParser::parse(text, gazetteer.ok() ? &*gazetteer : nullptr);
    if (parsed.ok() && !parsed->position.isValid())
        std::abort();
    return 0;
}

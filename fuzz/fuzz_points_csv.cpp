// The points CSV of `linewatch-cli distance`: a header then records; never
// crash, and every accepted point is in range.
#include "claims/points_csv.h"

#include <QString>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QStringList lines = text.split(QLatin1Char('\n'));
    const auto columns = linewatch::PointsCsv::header(lines.value(0));
    if (!columns.ok())
        return 0;
    for (int i = 1; i < lines.size(); ++i) {
        const auto row = linewatch::PointsCsv::row(lines[i], *columns);
        if (row.ok() && (!row->position.isValid() || std::abs(row->position.lon) > 180))
            std::abort();
    }
    return 0;
}

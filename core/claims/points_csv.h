#pragma once

#include "common/geo_point.h"
#include "common/result.h"

#include <QString>
#include <QStringList>

namespace linewatch {

/// The points CSV of `linewatch-cli distance`: a header naming the columns
/// id, lon and lat (any order, case-insensitive, other columns ignored), then
/// one point per record in WGS84 degrees. Records are read one at a time so a
/// million points never sit in memory together.
class PointsCsv
{
public:
    struct Columns
    {
        int id = -1, lon = -1, lat = -1;
        int needed = 0; ///< the highest of the three, + 1
    };
    struct Row
    {
        QString id;
        LonLat position;
    };

    /// Splits one CSV record (RFC 4180 quotes; no line breaks inside fields).
    static QStringList splitRecord(const QString &line);
    /// The columns of a header record. Error: "the header must name the
    /// columns id, lon and lat (found: ...)".
    static Result<Columns> header(const QString &line);
    /// One record. Errors name the point and the fault: too few columns, not
    /// numbers, latitude outside [-90, 90], longitude outside [-180, 180].
    static Result<Row> row(const QString &line, const Columns &columns);
};

} // namespace linewatch

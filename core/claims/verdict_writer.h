#pragma once

#include "claims/claim_set.h"
#include "claims/verdict.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace linewatch {

/// The output formats of `linewatch-cli check` (claim-check.md, "Output"):
/// CSV with the fixed columns, a JSON array, or the claims written back as
/// GeoJSON with the verdict fields added. Distances have 4 decimals; a
/// figure that does not exist (an error verdict) is empty in CSV and null in
/// JSON. JSON and GeoJSON also carry claim_source, line_source and
/// line_approximate so no source is lost.
class VerdictWriter
{
public:
    static QString csvHeader(); ///< "id,verdict,line_id,distance_min_m,distance_max_m,side,margin_m,reason"
    static QString csvRow(const Verdict &v);
    /// RFC 4180 quoting: fields with a comma, quote or line break are quoted.
    static QString csvField(const QString &s);
    static QByteArray json(const std::vector<Verdict> &verdicts);
    /// The claims' geometry and properties with the verdict fields added. The
    /// claim's own `side` (the side it names) is kept; the position's side is
    /// written as `position_side`.
    static QByteArray geoJson(const ClaimSet &claims, const std::vector<Verdict> &verdicts);
};

} // namespace linewatch

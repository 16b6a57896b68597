#pragma once

#include "claims/claim.h"
#include "claims/line_set.h"
#include "claims/verdict.h"
#include "common/geo_point.h"

#include <vector>

namespace linewatch {

/// Checks claims against the dated versions of a LineSet, exactly as
/// claim-check.md fixes it: the version valid on the claim's date, the
/// distance interval over the whole position (point with its uncertainty
/// radius, or the whole polygon), widened by the line's accuracy_m, the side,
/// and the verdict with its margin and a one-line reason.
///
/// Holds a reference to the LineSet, which must outlive it. check() is const
/// and thread-safe.
class ClaimChecker
{
public:
    explicit ClaimChecker(const LineSet &lines) : mLines(lines) {}

    Verdict check(const Claim &claim) const;

    /// The verdict of `claim` against `lines`, or an `error` verdict saying
    /// why it cannot be checked: no lines file (`lines` is nullptr) or a
    /// lines file with problems. What the claims layer shows and keeps.
    static Verdict checkAgainst(const LineSet *lines, const Claim &claim);

    /// The band where "beyond D" begins for `claim`, D its distanceM: the
    /// geodesic offset of `version` at D (GeodesicOffset::band, WGS84) on the
    /// side the claim names, matched case-insensitively against the version's
    /// left and right labels, or on both sides when it names neither. Rings
    /// of lon/lat [deg]; empty when D <= 0.
    static std::vector<std::vector<LonLat>> beyondBand(const Claim &claim, const LineVersion &version);

private:
    const LineSet &mLines;
};

} // namespace linewatch

#pragma once

#include "claims/claim.h"
#include "claims/line_set.h"
#include "claims/verdict.h"

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

private:
    const LineSet &mLines;
};

} // namespace linewatch

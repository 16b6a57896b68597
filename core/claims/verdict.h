#pragma once

#include <QString>

#include <limits>

namespace linewatch {

/// The outcome of checking one claim against the line version valid on its
/// date (claim-check.md, "Verdict").
struct Verdict
{
    enum class Outcome { Supported, Contradicted, Indeterminate, Error };
    enum class PositionSide { Left, Right, Both, On, Unknown };

    QString claimId;
    Outcome outcome = Outcome::Error;
    QString lineId;          ///< the version used; empty on error before one was chosen
    double distanceMinM = std::numeric_limits<double>::quiet_NaN(); ///< widened by uncertainty and line accuracy
    double distanceMaxM = std::numeric_limits<double>::quiet_NaN();
    PositionSide side = PositionSide::Unknown;
    double marginM = std::numeric_limits<double>::quiet_NaN();
    QString reason;          ///< one line for an analyst, or what is wrong
    QString claimSource;     ///< the claim's `source`, kept in the results
    QString lineSource;      ///< the line version's `source`
    bool lineApproximate = false;

    static QString outcomeName(Outcome o);
    static QString sideName(PositionSide s); ///< "left", "right", "both", "on", "" for Unknown
};

} // namespace linewatch

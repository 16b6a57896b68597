#include "claims/claim_checker.h"

#include "geodesy/geodesic_offset.h"

#include <QLocale>
#include <QObject>

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {

constexpr double kOnM = 1e-3; // "on" the line below 1 mm (claim-check.md)
/// Distances within 1 um of D count as equal to D: Karney's solution is good
/// to about 15 nm, so a position placed exactly at D must not land on either
/// side of it by rounding.
constexpr double kEqualM = 1e-6;

/// "2,314.2 m": one decimal, thousands separators.
QString metres(double m) { return QLocale(QLocale::English).toString(m, 'f', 1) + QStringLiteral(" m"); }

/// The claim's own distance as given: "2,000 m", or "2,000.5 m".
QString threshold(double m)
{
    const QLocale en(QLocale::English);
    if (m == std::floor(m) && std::abs(m) < 1e15)
        return en.toString(static_cast<qlonglong>(m)) + QStringLiteral(" m");
    return en.toString(m, 'f', 1) + QStringLiteral(" m");
}

} // namespace

Verdict ClaimChecker::check(const Claim &claim) const
{
    Verdict v;
    v.claimId = claim.id;
    v.claimSource = claim.source;
    auto fail = [&](const QString &why) {
        v.outcome = Verdict::Outcome::Error;
        v.reason = why;
        return v;
    };
    if (!claim.problems.isEmpty())
        return fail(claim.problems.join(QStringLiteral("; ")));
    if (!mLines.problems().isEmpty())
        return fail(QStringLiteral("the lines file %1 has problems (see the messages before)").arg(mLines.path()));

    auto chosen = mLines.select(claim.line, claim.date);
    if (!chosen)
        return fail(chosen.error().message);
    const LineVersion &line = **chosen;
    v.lineId = line.id;
    v.lineSource = line.source;
    v.lineApproximate = line.approximate;
    const QString lineText = QStringLiteral("line %1, valid %2").arg(line.id, line.intervalText());

    std::optional<Verdict::PositionSide> named;
    if (!claim.side.isEmpty()) {
        if (claim.side.compare(line.leftLabel, Qt::CaseInsensitive) == 0)
            named = Verdict::PositionSide::Left;
        else if (claim.side.compare(line.rightLabel, Qt::CaseInsensitive) == 0)
            named = Verdict::PositionSide::Right;
        else
            return fail(QStringLiteral("side '%1' is neither left_label '%2' nor right_label '%3' of line %4")
                            .arg(claim.side, line.leftLabel, line.rightLabel, line.id));
    }

    // The raw distance interval of the position, then widened by the claim's
    // uncertainty r and the line's accuracy a.
    const double widen = claim.uncertaintyM + line.accuracyM;
    double rawMin = 0.0, rawMax = 0.0;
    Side nearestSide = Side::On;
    bool touches = false;
    if (claim.point) {
        const NearestPoint n = line.geometry.nearest(*claim.point);
        rawMin = rawMax = n.distanceM;
        nearestSide = n.side;
    } else if (claim.polygon) {
        const auto range = claim.polygon->distanceTo(line.geometry);
        rawMin = range.minM;
        rawMax = range.maxM;
        touches = range.touches;
        nearestSide = range.nearestOnLine.side;
    } else {
        return fail(QStringLiteral("no position (expected Point or Polygon)"));
    }
    v.distanceMinM = std::max(0.0, rawMin - widen);
    v.distanceMaxM = rawMax + widen;

    if (touches)
        v.side = Verdict::PositionSide::Both;
    else if (claim.point && rawMin < kOnM && widen == 0.0)
        v.side = Verdict::PositionSide::On;
    else if (rawMin > widen && nearestSide != Side::On)
        v.side = nearestSide == Side::Left ? Verdict::PositionSide::Left : Verdict::PositionSide::Right;
    else
        v.side = Verdict::PositionSide::Both;
    const bool wholly = v.side == Verdict::PositionSide::Left || v.side == Verdict::PositionSide::Right;
    const QString sideLabel = v.side == Verdict::PositionSide::Left ? line.leftLabel : line.rightLabel;
    const bool sideOk = !named || v.side == *named;
    const bool wrongSide = named && wholly && v.side != *named;

    const double d = claim.distanceM;
    const double lo = v.distanceMinM, hi = v.distanceMaxM;
    const QString whollyText = wholly ? QStringLiteral(", wholly on the %1 side").arg(sideLabel) : QString();
    const bool beyond = claim.relation == Claim::Relation::Beyond;
    const bool loAbove = lo > d + kEqualM, hiAtMost = hi <= d + kEqualM;
    const bool supportedByDistance = beyond ? loAbove : hiAtMost;
    const bool contradictedByDistance = beyond ? hiAtMost : loAbove;

    if (contradictedByDistance) {
        v.outcome = Verdict::Outcome::Contradicted;
        v.marginM = std::max(0.0, beyond ? d - hi : lo - d);
        v.reason = beyond ? QStringLiteral("max %1 <= %2%3 (%4)").arg(metres(hi), threshold(d), whollyText, lineText)
                          : QStringLiteral("min %1 > %2%3 (%4)").arg(metres(lo), threshold(d), whollyText, lineText);
    } else if (wrongSide) {
        v.outcome = Verdict::Outcome::Contradicted;
        v.marginM = rawMin - widen; // how far the position lies wholly beyond the line on the other side
        v.reason = QStringLiteral("wholly on the %1 side, not the %2 side the claim names (min %3, %4)")
                       .arg(sideLabel, claim.side, metres(lo), lineText);
    } else if (supportedByDistance && sideOk) {
        v.outcome = Verdict::Outcome::Supported;
        v.marginM = std::max(0.0, beyond ? lo - d : d - hi);
        v.reason = beyond ? QStringLiteral("min %1 > %2%3 (%4)").arg(metres(lo), threshold(d), whollyText, lineText)
                          : QStringLiteral("max %1 <= %2%3 (%4)").arg(metres(hi), threshold(d), whollyText, lineText);
    } else {
        v.outcome = Verdict::Outcome::Indeterminate;
        QString why;
        if (!supportedByDistance) {
            // The interval reaches across D: the uncertainty that would have to go.
            v.marginM = std::max(0.0, std::min(d - lo, hi - d));
            why = QStringLiteral("distance %1 to %2 straddles %3").arg(metres(lo), metres(hi), threshold(d));
        } else {
            // Distance decides, side does not: the position straddles the line.
            v.marginM = std::max(0.0, widen - rawMin);
            why = QStringLiteral("%1 %2 but the position straddles the line, so it cannot lie wholly on the %3 side")
                      .arg(beyond ? QStringLiteral("min %1 >").arg(metres(lo)) : QStringLiteral("max %1 <=").arg(metres(hi)),
                           threshold(d), claim.side);
        }
        QStringList widening;
        if (claim.uncertaintyM > 0.0)
            widening.append(QStringLiteral("position uncertainty %1").arg(threshold(claim.uncertaintyM)));
        if (line.accuracyM > 0.0)
            widening.append(QStringLiteral("line accuracy %1").arg(threshold(line.accuracyM)));
        if (!widening.isEmpty())
            why += QStringLiteral(", with ") + widening.join(QStringLiteral(" and "));
        v.reason = QStringLiteral("%1 (%2)").arg(why, lineText);
    }
    return v;
}

Verdict ClaimChecker::checkAgainst(const LineSet *lines, const Claim &claim)
{
    if (lines && lines->problems().isEmpty())
        return ClaimChecker(*lines).check(claim);
    Verdict v;
    v.claimId = claim.id;
    v.claimSource = claim.source;
    v.reason = lines ? QObject::tr("the lines file %1 has problems").arg(lines->path())
                     : QObject::tr("no lines file to check against");
    return v;
}

std::vector<std::vector<LonLat>> ClaimChecker::beyondBand(const Claim &claim, const LineVersion &version)
{
    std::vector<Side> sides;
    if (claim.side.compare(version.leftLabel, Qt::CaseInsensitive) == 0 && !claim.side.isEmpty())
        sides = {Side::Left};
    else if (claim.side.compare(version.rightLabel, Qt::CaseInsensitive) == 0 && !claim.side.isEmpty())
        sides = {Side::Right};
    else
        sides = {Side::Left, Side::Right};
    std::vector<std::vector<LonLat>> band;
    if (claim.distanceM > 0.0)
        for (Side side : sides)
            for (auto &ring : GeodesicOffset::band(version.geometry, claim.distanceM, side))
                band.push_back(std::move(ring));
    return band;
}

} // namespace linewatch

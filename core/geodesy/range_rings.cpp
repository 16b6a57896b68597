#include "geodesy/range_rings.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace linewatch {

RangeRings::RangeRings(LonLat centre, std::vector<double> radiiM) : mCentre(centre)
{
    for (double r : radiiM)
        if (std::isfinite(r) && r > 0)
            mRadiiM.push_back(r);
}

std::vector<LonLat> RangeRings::ring(LonLat centre, double radiusM, int vertices, const Geodesic &geodesic)
{
    std::vector<LonLat> points;
    if (vertices < 3)
        return points;
    points.reserve(std::size_t(vertices));
    for (int i = 0; i < vertices; ++i)
        points.push_back(geodesic.direct(centre, 360.0 * i / vertices, radiusM));
    return points;
}

Result<std::vector<double>> RangeRings::parseRadiiKm(const QString &text)
{
    QString t = text.trimmed();
    // A unit after the list is allowed, and it must be kilometres.
    static const QRegularExpression unit(QStringLiteral("\\s*km\\s*$"), QRegularExpression::CaseInsensitiveOption);
    t.remove(unit);
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    const QStringList items = t.split(separators, Qt::SkipEmptyParts);
    if (items.isEmpty())
        return Error(QStringLiteral("no radius given; type radii in km, e.g. \"1, 2, 5\""));
    // Half the meridian: beyond it a "circle" shrinks again towards the antipode.
    constexpr double maxM = 20000e3;
    std::vector<double> radii;
    for (const QString &item : items) {
        bool ok = false;
        const double km = item.toDouble(&ok);
        if (!ok || !std::isfinite(km))
            return Error(QStringLiteral("\"%1\" is not a distance in km").arg(item));
        if (km <= 0)
            return Error(QStringLiteral("radius %1 km: must be greater than zero").arg(item));
        if (km * 1000.0 > maxM)
            return Error(QStringLiteral("radius %1 km: larger than 20000 km (half the meridian)").arg(item));
        radii.push_back(km * 1000.0);
    }
    std::sort(radii.begin(), radii.end());
    radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
    return radii;
}

} // namespace linewatch

#pragma once
// Reference geodesics from GeographicLib's GeodSolve (installed with
// GeographicLib 2.1.2), an implementation independent of PROJ's geodesic.c:
// the terrain tests compare distances and positions with it.

#include "common/geo_point.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <cmath>
#include <vector>

namespace linewatch::test {

/// Runs GeodSolve with the arguments, one input line per entry; returns the
/// whitespace-separated numbers of each output line (empty on failure).
inline std::vector<std::vector<double>> geodSolve(const QStringList &arguments, const QStringList &lines)
{
    QProcess p;
    p.start(QStringLiteral("GeodSolve"), QStringList{QStringLiteral("-p"), QStringLiteral("6")} + arguments);
    if (!p.waitForStarted(10000))
        return {};
    p.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toLatin1());
    p.closeWriteChannel();
    p.waitForFinished(30000);
    std::vector<std::vector<double>> out;
    const QStringList rows = QString::fromLatin1(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &row : rows) {
        std::vector<double> values;
        for (const QString &f : row.simplified().split(QLatin1Char(' ')))
            values.push_back(f.toDouble());
        out.push_back(values);
    }
    return out;
}

inline QString latLon(const LonLat &p) { return QStringLiteral("%1 %2").arg(p.lat, 0, 'f', 12).arg(p.lon, 0, 'f', 12); }

/// Geodesic length [m] between two points (GeodSolve -i); NaN on failure.
inline double geodDistance(const LonLat &a, const LonLat &b)
{
    const auto r = geodSolve({QStringLiteral("-i")}, {latLon(a) + QLatin1Char(' ') + latLon(b)});
    return r.size() == 1 && r[0].size() == 3 ? r[0][2] : NAN;
}

/// The point at distance [m] from a point along an azimuth [deg] (GeodSolve direct).
inline LonLat geodDirect(const LonLat &from, double azimuthDeg, double distanceMetres)
{
    const auto r = geodSolve({}, {latLon(from) + QStringLiteral(" %1 %2").arg(azimuthDeg, 0, 'f', 12).arg(distanceMetres, 0, 'f', 6)});
    return r.size() == 1 && r[0].size() == 3 ? LonLat{r[0][1], r[0][0]} : LonLat{NAN, NAN};
}

} // namespace linewatch::test

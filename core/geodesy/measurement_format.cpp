#include "geodesy/measurement_format.h"

#include "geodesy/path_measurement.h"

#include <QStringList>

#include <cmath>

namespace linewatch::MeasurementFormat {

QString distance(double m)
{
    if (!std::isfinite(m))
        return {};
    // Decide the unit on the rounded value so 999.96 m reads "1.000 km", not "1000.0 m".
    if (std::round(m * 10) < 10000)
        return QStringLiteral("%1 m").arg(m, 0, 'f', 1);
    if (std::round(m) < 100000)
        return QStringLiteral("%1 km").arg(m / 1000.0, 0, 'f', 3);
    return QStringLiteral("%1 km").arg(m / 1000.0, 0, 'f', 2);
}

QString roundDistance(double m)
{
    if (!std::isfinite(m))
        return {};
    if (std::abs(m) < 1000.0)
        return QStringLiteral("%1 m").arg(QString::number(m, 'g', 6));
    return QStringLiteral("%1 km").arg(QString::number(m / 1000.0, 'g', 6));
}

QString area(double m2)
{
    if (!std::isfinite(m2))
        return {};
    if (std::round(m2) < 100000)
        return QStringLiteral("%1 m²").arg(m2, 0, 'f', 0);
    const QString km2 = QStringLiteral("%1 km²").arg(m2 / 1e6, 0, 'f', 3);
    if (m2 < 100e6)
        return QStringLiteral("%1 (%2 ha)").arg(km2).arg(m2 / 1e4, 0, 'f', 1);
    return km2;
}

QString azimuth(double degrees, AngleUnit unit)
{
    if (!std::isfinite(degrees))
        return {};
    if (unit == AngleUnit::Mils) {
        double mils = std::fmod(std::round(degreesToMils(degrees)), 6400.0);
        if (mils < 0)
            mils += 6400.0;
        return QStringLiteral("%1 mils").arg(int(mils), 4, 10, QLatin1Char('0'));
    }
    double tenths = std::fmod(std::round(degrees * 10.0), 3600.0);
    if (tenths < 0)
        tenths += 3600.0;
    return QStringLiteral("%1°").arg(tenths / 10.0, 5, 'f', 1, QLatin1Char('0'));
}

QString text(const PathMeasurement &m, AngleUnit unit)
{
    QStringList lines;
    lines << (m.isClosed() ? QStringLiteral("Closed path, %1 points (lat, lon in degrees; geodesic on WGS84)")
                           : QStringLiteral("Path, %1 points (lat, lon in degrees; geodesic on WGS84)"))
                 .arg(m.points().size());
    int i = 1;
    for (const MeasuredSegment &s : m.segments()) {
        lines << QStringLiteral("%1. %2, %3 -> %4, %5: %6, azimuth %7")
                     .arg(i++)
                     .arg(s.from.lat, 0, 'f', 6)
                     .arg(s.from.lon, 0, 'f', 6)
                     .arg(s.to.lat, 0, 'f', 6)
                     .arg(s.to.lon, 0, 'f', 6)
                     .arg(distance(s.lengthM), azimuth(s.azimuthDeg, unit));
    }
    lines << QStringLiteral("Total: %1").arg(distance(m.totalLengthM()));
    if (m.hasArea())
        lines << QStringLiteral("Area: %1, perimeter %2").arg(area(m.areaM2()), distance(m.perimeterM()));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace linewatch::MeasurementFormat

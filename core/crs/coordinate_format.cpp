#include "crs/coordinate_format.h"

#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>

#include <cmath>

namespace linewatch::CoordinateFormat {

QString decimalDegrees(const LonLat &p, int decimals)
{
    if (!p.isValid())
        return {};
    return QStringLiteral("%1° %2, %3° %4")
        .arg(std::abs(p.lat), 0, 'f', decimals)
        .arg(p.lat < 0 ? QLatin1Char('S') : QLatin1Char('N'))
        .arg(std::abs(p.lon), 0, 'f', decimals)
        .arg(p.lon < 0 ? QLatin1Char('W') : QLatin1Char('E'));
}

namespace {

QString dmsComponent(double value, int secondDecimals, int degreeWidth)
{
    const double scale = std::pow(10.0, secondDecimals);
    // Round once, in units of the last printed digit of the seconds, so that
    // 59.96″ becomes the next minute rather than "60.0″".
    const double totalUnits = std::round(std::abs(value) * 3600.0 * scale);
    const double unitsPerDegree = 3600.0 * scale;
    const auto degrees = static_cast<long long>(totalUnits / unitsPerDegree);
    double rest = totalUnits - degrees * unitsPerDegree;
    const auto minutes = static_cast<long long>(rest / (60.0 * scale));
    rest -= minutes * 60.0 * scale;
    const double seconds = rest / scale;
    return QStringLiteral("%1°%2′%3″")
        .arg(degrees, degreeWidth, 10, QLatin1Char('0'))
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(seconds, secondDecimals > 0 ? secondDecimals + 3 : 2, 'f', secondDecimals, QLatin1Char('0'));
}

} // namespace

QString degreesMinutesSeconds(const LonLat &p, int secondDecimals)
{
    if (!p.isValid())
        return {};
    return QStringLiteral("%1 %2, %3 %4")
        .arg(dmsComponent(p.lat, secondDecimals, 2))
        .arg(p.lat < 0 ? QLatin1Char('S') : QLatin1Char('N'))
        .arg(dmsComponent(p.lon, secondDecimals, 3))
        .arg(p.lon < 0 ? QLatin1Char('W') : QLatin1Char('E'));
}

namespace {

/// UTM (or UPS near the poles) of p through GeographicLib; false outside.
bool toUtm(const LonLat &p, int &zone, bool &north, double &x, double &y)
{
    if (!p.isValid() || p.lat < -90 || p.lat > 90)
        return false;
    try {
        GeographicLib::UTMUPS::Forward(p.lat, p.lon, zone, north, x, y);
        return true;
    } catch (const GeographicLib::GeographicErr &) {
        return false;
    }
}

} // namespace

QString utm(const LonLat &p)
{
    int zone = 0;
    bool north = true;
    double x = 0, y = 0;
    if (!toUtm(p, zone, north, x, y))
        return {};
    const QString z = zone == 0 ? QString() : QString::number(zone);
    return QStringLiteral("%1%2 %3 %4")
        .arg(z)
        .arg(north ? QLatin1Char('N') : QLatin1Char('S'))
        .arg(std::floor(x), 0, 'f', 0)
        .arg(std::floor(y), 0, 'f', 0);
}

QString mgrs(const LonLat &p, int digits)
{
    int zone = 0;
    bool north = true;
    double x = 0, y = 0;
    if (!toUtm(p, zone, north, x, y))
        return {};
    try {
        std::string code;
        GeographicLib::MGRS::Forward(zone, north, x, y, p.lat, digits, code);
        const QString s = QString::fromStdString(code);
        // Split "38SPK4976302393" into zone+band, square, easting, northing.
        const int prefix = zone == 0 ? 1 : (zone < 10 ? 2 : 3);
        const QString gzd = s.left(prefix);
        const QString square = s.mid(prefix, 2);
        const QString numbers = s.mid(prefix + 2);
        const int half = numbers.size() / 2;
        return QStringLiteral("%1 %2 %3 %4").arg(gzd, square, numbers.left(half), numbers.mid(half)).trimmed();
    } catch (const GeographicLib::GeographicErr &) {
        return {};
    }
}

} // namespace linewatch::CoordinateFormat

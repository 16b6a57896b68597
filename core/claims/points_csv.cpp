#include "claims/points_csv.h"

#include <algorithm>

namespace linewatch {

QStringList PointsCsv::splitRecord(const QString &line)
{
    QStringList out;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            out.append(field);
            field.clear();
        } else {
            field += c;
        }
    }
    out.append(field);
    return out;
}

Result<PointsCsv::Columns> PointsCsv::header(const QString &line)
{
    const QStringList names = splitRecord(line.trimmed());
    auto column = [&names](const char *name) {
        for (int i = 0; i < names.size(); ++i)
            if (names[i].trimmed().compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
                return i;
        return -1;
    };
    Columns c;
    c.id = column("id");
    c.lon = column("lon");
    c.lat = column("lat");
    if (c.id < 0 || c.lon < 0 || c.lat < 0)
        return Error{QStringLiteral("the header must name the columns id, lon and lat (found: %1)")
                         .arg(names.join(QLatin1Char(',')))};
    c.needed = std::max({c.id, c.lon, c.lat}) + 1;
    return c;
}

Result<PointsCsv::Row> PointsCsv::row(const QString &line, const Columns &columns)
{
    const QStringList f = splitRecord(line.trimmed());
    if (f.size() < columns.needed)
        return Error{QStringLiteral("%1 columns, expected at least %2").arg(f.size()).arg(columns.needed)};
    bool lonOk = false, latOk = false;
    Row r;
    r.id = f[columns.id].trimmed();
    r.position = LonLat{f[columns.lon].trimmed().toDouble(&lonOk), f[columns.lat].trimmed().toDouble(&latOk)};
    const LonLat &p = r.position;
    if (!lonOk || !latOk || !p.isFinite())
        return Error{QStringLiteral("point %1: lon '%2', lat '%3' are not numbers")
                         .arg(r.id, f[columns.lon].trimmed(), f[columns.lat].trimmed())};
    if (p.lat < -90.0 || p.lat > 90.0)
        return Error{QStringLiteral("point %1: latitude %2 outside [-90, 90]").arg(r.id).arg(p.lat)};
    if (p.lon < -180.0 || p.lon > 180.0)
        return Error{QStringLiteral("point %1: longitude %2 outside [-180, 180]").arg(r.id).arg(p.lon)};
    return r;
}

} // namespace linewatch

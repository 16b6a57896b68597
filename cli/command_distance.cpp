// linewatch-cli distance: the exact geodesic distance from every point of a
// CSV to one line version, streamed row by row (a million points are never
// held in memory at once).
#include "commands.h"

#include "claims/points_csv.h"

#include "claims/iso_date.h"
#include "claims/line_set.h"
#include "geodesy/line_distance.h"

#include <QFile>
#include <QStringList>

#include <cmath>
#include <cstdio>

namespace linewatch::cli {

namespace {

const char *kDistanceHelp =
    "usage: linewatch-cli distance --line LINES_FILE [--line-id ID] [--date YYYY-MM-DD] POINTS.csv|-\n"
    "\n"
    "Reads POINTS.csv (a header row with columns id,lon,lat in WGS84 degrees; other\n"
    "columns are ignored; - reads standard input, and a pipe or /dev/stdin is read to\n"
    "its end) and writes to stdout, one row per point:\n"
    "  id,distance_m,side,foot_lon,foot_lat,along_m,segment\n"
    "distance_m: geodesic distance on the WGS84 ellipsoid to the nearest point of the\n"
    "line (the foot), 4 decimals; side: left|right of the line's digitised direction,\n"
    "or on (under 1 mm); foot_lon/foot_lat: 9 decimals; along_m: length of the line\n"
    "from its first vertex to the foot; segment: 0-based segment index over all parts.\n"
    "\n"
    "  --line FILE      lines file (any OGR source: GeoJSON, GeoPackage, Shapefile)\n"
    "  --line-id ID     the version with this id\n"
    "  --date DATE      the version valid on this date (when the file holds one line name)\n"
    "  --allow-external follow references outside the file's folder or to the network\n"
    "                   (a KML network link, ...); refused by default\n"
    "Without --line-id or --date the file must hold exactly one version.\n"
    "\n"
    "Exit status: 0 all rows written, 2 bad input (each problem named on stderr).\n";

QByteArray csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')))
        return s.toUtf8();
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return (QLatin1Char('"') + q + QLatin1Char('"')).toUtf8();
}

} // namespace

int runDistance(const QStringList &args)
{
    QString linesPath, lineId, dateText, pointsPath;
    bool allowExternal = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&](QString &into) {
            if (i + 1 >= args.size()) {
                std::fprintf(stderr, "linewatch-cli distance: %s needs a value\n", qPrintable(a));
                return false;
            }
            into = args[++i];
            return true;
        };
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kDistanceHelp, stdout);
            return 0;
        } else if (a == QLatin1String("--allow-external")) {
            allowExternal = true;
        } else if (a == QLatin1String("--line")) {
            if (!value(linesPath))
                return 2;
        } else if (a == QLatin1String("--line-id")) {
            if (!value(lineId))
                return 2;
        } else if (a == QLatin1String("--date")) {
            if (!value(dateText))
                return 2;
            if (dateText.trimmed().isEmpty()) {
                std::fprintf(stderr, "linewatch-cli distance: --date is empty (expected YYYY-MM-DD)\n");
                return 2;
            }
        } else if (a.startsWith(QLatin1String("--"))) {
            std::fprintf(stderr, "linewatch-cli distance: unknown option %s\n\n%s", qPrintable(a), kDistanceHelp);
            return 2;
        } else if (pointsPath.isEmpty()) {
            pointsPath = a;
        } else {
            std::fprintf(stderr, "linewatch-cli distance: more than one points file (%s)\n", qPrintable(a));
            return 2;
        }
    }
    if (linesPath.isEmpty() || pointsPath.isEmpty()) {
        std::fprintf(stderr, "linewatch-cli distance: --line LINES_FILE and POINTS.csv are required\n\n%s", kDistanceHelp);
        return 2;
    }

    if (!externalReferencesAllowed({linesPath}, allowExternal, "distance"))
        return 2;
    auto lines = LineSet::load(linesPath);
    if (!lines) {
        std::fprintf(stderr, "%s\n", qPrintable(lines.error().toString()));
        return 2;
    }
    if (!lines->problems().isEmpty()) {
        for (const Error &e : lines->problems())
            std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
        return 2;
    }
    const LineVersion *version = nullptr;
    if (!lineId.isEmpty()) {
        version = lines->byId(lineId);
        if (!version) {
            std::fprintf(stderr, "%s: no line version with id '%s'\n", qPrintable(linesPath), qPrintable(lineId));
            return 2;
        }
        if (!dateText.isEmpty()) {
            auto date = IsoDate::parse(dateText);
            if (!date || !version->isValidOn(*date)) {
                std::fprintf(stderr, "%s: line %s is not valid on %s (valid %s)\n", qPrintable(linesPath), qPrintable(lineId),
                             qPrintable(dateText), qPrintable(version->intervalText()));
                return 2;
            }
        }
    } else if (!dateText.isEmpty()) {
        auto date = IsoDate::parse(dateText);
        if (!date) {
            std::fprintf(stderr, "linewatch-cli distance: --date: %s\n", qPrintable(date.error().message));
            return 2;
        }
        auto chosen = lines->select(QString(), *date);
        if (!chosen) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(linesPath), qPrintable(chosen.error().message));
            return 2;
        }
        version = *chosen;
    } else if (lines->versions().size() == 1) {
        version = &lines->versions().front();
    } else {
        std::fprintf(stderr, "%s: the file holds %d line versions; choose one with --line-id or --date\n",
                     qPrintable(linesPath), static_cast<int>(lines->versions().size()));
        return 2;
    }

    // "-" is standard input; /dev/stdin, a pipe or <(...) open as files but
    // are sequential: they are read until readLine() returns nothing, never
    // by atEnd(), which on a pipe only says that nothing is buffered yet.
    QFile in;
    bool opened = false;
    if (pointsPath == QLatin1String("-")) {
        opened = in.open(stdin, QIODevice::ReadOnly | QIODevice::Text);
    } else {
        in.setFileName(pointsPath);
        opened = in.open(QIODevice::ReadOnly | QIODevice::Text);
    }
    if (!opened) {
        std::fprintf(stderr, "%s: cannot open: %s\n", qPrintable(pointsPath), qPrintable(in.errorString()));
        return 2;
    }
    const auto columns = PointsCsv::header(QString::fromUtf8(in.readLine()));
    if (!columns.ok()) {
        std::fprintf(stderr, "%s: line 1: %s\n", qPrintable(pointsPath), qPrintable(columns.error().message));
        return 2;
    }

    std::fputs("id,distance_m,side,foot_lon,foot_lat,along_m,segment\n", stdout);
    int status = 0;
    int lineNo = 1;
    char buffer[256];
    for (QByteArray bytes = in.readLine(); !bytes.isEmpty(); bytes = in.readLine()) {
        const QString raw = QString::fromUtf8(bytes);
        ++lineNo;
        if (raw.trimmed().isEmpty())
            continue;
        const auto row = PointsCsv::row(raw, *columns);
        if (!row.ok()) {
            std::fprintf(stderr, "%s: line %d: %s\n", qPrintable(pointsPath), lineNo, qPrintable(row.error().message));
            status = 2;
            continue;
        }
        const LonLat p = row->position;
        const QString id = row->id;
        const NearestPoint n = version->geometry.nearest(p);
        const char *side = n.side == Side::Left ? "left" : (n.side == Side::Right ? "right" : "on");
        std::snprintf(buffer, sizeof buffer, ",%.4f,%s,%.9f,%.9f,%.4f,%d\n", n.distanceM, side, n.foot.lon, n.foot.lat,
                      n.alongM, n.segment);
        const QByteArray idBytes = csvField(id);
        std::fwrite(idBytes.constData(), 1, static_cast<std::size_t>(idBytes.size()), stdout);
        std::fputs(buffer, stdout);
    }
    if (in.error() != QFileDevice::NoError) {
        std::fprintf(stderr, "%s: read error after line %d: %s\n", qPrintable(pointsPath), lineNo, qPrintable(in.errorString()));
        status = 2;
    }
    std::fflush(stdout);
    return status;
}

} // namespace linewatch::cli

// linewatch-cli check: verdicts for every claim of a claims file against the
// line version valid on each claim's date (claim-check.md).
#include "commands.h"

#include "claims/claim_checker.h"
#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "claims/verdict_writer.h"
#include "common/atomic_file.h"
#include "export/kml_writer.h"

#include <QFileInfo>

#include <QStringList>

#include <cstdio>

namespace linewatch::cli {

namespace {

const char *kCheckHelp =
    "usage: linewatch-cli check CLAIMS_FILE --lines LINES_FILE [--format csv|json|geojson|kml|kmz]\n"
    "                            [-o FILE]\n"
    "\n"
    "Checks each claim (a Point or Polygon feature with id, date, text, source,\n"
    "relation beyond|within, distance_m, optional side, uncertainty_m, line) against\n"
    "the version of the line valid on the claim's date, and writes one verdict per\n"
    "claim to stdout:\n"
    "  csv (default): id,verdict,line_id,distance_min_m,distance_max_m,side,margin_m,reason\n"
    "  json:          an array of objects with those fields and the sources\n"
    "  geojson:       the claims with those fields added (the position's side as\n"
    "                 position_side; the claim's own side is kept)\n"
    "  kml, kmz:      for Google Earth: claims styled by verdict with their\n"
    "                 uncertainty circles and dates, the line versions with their\n"
    "                 validity as time spans, sources in the descriptions (kmz needs -o)\n"
    "-o FILE writes to FILE (atomically) instead of stdout.\n"
    "--allow-external follows references outside the files' folders or to the\n"
    "network (a KML network link, ...); refused by default.\n"
    "verdict: supported | contradicted | indeterminate | error; side: left | right |\n"
    "both | on; distances in metres with 4 decimals. See docs/claim-check.md.\n"
    "\n"
    "Exit status: 0 every claim has a verdict; 2 bad input (a message per problem on\n"
    "stderr naming the file, the claim and what is wrong; the other claims are still\n"
    "checked and printed).\n";

} // namespace

int runCheck(const QStringList &args)
{
    QString claimsPath, linesPath, outputPath, format = QStringLiteral("csv");
    bool allowExternal = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kCheckHelp, stdout);
            return 0;
        } else if (a == QLatin1String("--allow-external")) {
            allowExternal = true;
        } else if (a == QLatin1String("--lines") || a == QLatin1String("--format") || a == QLatin1String("-o")
                   || a == QLatin1String("--output")) {
            if (i + 1 >= args.size()) {
                std::fprintf(stderr, "linewatch-cli check: %s needs a value\n", qPrintable(a));
                return 2;
            }
            (a == QLatin1String("--lines") ? linesPath : a == QLatin1String("--format") ? format : outputPath) = args[++i];
        } else if (a.startsWith(QLatin1String("-"))) {
            std::fprintf(stderr, "linewatch-cli check: unknown option %s\n\n%s", qPrintable(a), kCheckHelp);
            return 2;
        } else if (claimsPath.isEmpty()) {
            claimsPath = a;
        } else {
            std::fprintf(stderr, "linewatch-cli check: more than one claims file (%s)\n", qPrintable(a));
            return 2;
        }
    }
    if (claimsPath.isEmpty() || linesPath.isEmpty()) {
        std::fprintf(stderr, "linewatch-cli check: CLAIMS_FILE and --lines LINES_FILE are required\n\n%s", kCheckHelp);
        return 2;
    }
    const QStringList formats = {QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("geojson"),
                                 QStringLiteral("kml"), QStringLiteral("kmz")};
    if (!formats.contains(format)) {
        std::fprintf(stderr, "linewatch-cli check: unknown format '%s' (csv, json, geojson, kml or kmz)\n", qPrintable(format));
        return 2;
    }
    if (format == QLatin1String("kmz") && outputPath.isEmpty()) {
        std::fprintf(stderr, "linewatch-cli check: --format kmz needs -o FILE.kmz\n");
        return 2;
    }

    if (!externalReferencesAllowed({claimsPath, linesPath}, allowExternal, "check"))
        return 2;
    auto lines = LineSet::load(linesPath);
    if (!lines) {
        std::fprintf(stderr, "%s\n", qPrintable(lines.error().toString()));
        return 2;
    }
    auto claims = ClaimSet::load(claimsPath);
    if (!claims) {
        std::fprintf(stderr, "%s\n", qPrintable(claims.error().toString()));
        return 2;
    }
    int status = 0;
    for (const Error &e : lines->problems()) {
        std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
        status = 2;
    }

    const ClaimChecker checker(*lines);
    std::vector<Verdict> verdicts;
    for (const Claim &claim : claims->claims()) {
        verdicts.push_back(checker.check(claim));
        const Verdict &v = verdicts.back();
        if (v.outcome == Verdict::Outcome::Error) {
            status = 2;
            if (lines->problems().isEmpty())
                std::fprintf(stderr, "%s: claim %s: %s\n", qPrintable(claimsPath), qPrintable(v.claimId), qPrintable(v.reason));
        }
    }

    QByteArray out;
    if (format == QLatin1String("csv")) {
        out = VerdictWriter::csvHeader().toUtf8() + '\n';
        for (const Verdict &v : verdicts)
            out += VerdictWriter::csvRow(v).toUtf8() + '\n';
    } else if (format == QLatin1String("json")) {
        out = VerdictWriter::json(verdicts);
    } else if (format == QLatin1String("geojson")) {
        out = VerdictWriter::geoJson(*claims, verdicts);
    } else {
        KmlWriter::Content content;
        content.title = QFileInfo(claimsPath).completeBaseName();
        content.claims = &*claims;
        content.verdicts = verdicts;
        content.lines = lines.ok() ? &*lines : nullptr;
        if (!outputPath.isEmpty()) {
            const Status written = KmlWriter::write(content, outputPath);
            if (!written.ok()) {
                std::fprintf(stderr, "linewatch-cli check: %s\n", qPrintable(written.error().toString()));
                return 1;
            }
            return status;
        }
        out = KmlWriter::kml(content);
    }
    if (!outputPath.isEmpty()) {
        if (const Status written = AtomicFile::save(outputPath, out); !written.ok()) {
            std::fprintf(stderr, "linewatch-cli check: %s\n", qPrintable(written.error().toString()));
            return 1;
        }
        return status;
    }
    std::fwrite(out.constData(), 1, static_cast<std::size_t>(out.size()), stdout);
    std::fflush(stdout);
    return status;
}

} // namespace linewatch::cli

// linewatch-cli distance and check, end to end: run the executable, parse
// what it prints, and compare with expectations computed here (a brute-force
// geodesic search that does not use the engine, and the verdict rules).
#include "support/reference_distance.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <sys/resource.h>

#include <cmath>
#include <random>

using namespace linewatch;

namespace {

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList &args, const QString &stdoutFile = QString())
{
    QProcess p;
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile);
    p.start(test::binDir() + QStringLiteral("/linewatch-cli"), args);
    Run r;
    if (!p.waitForFinished(300000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString sample(const char *name) { return test::sourceDir() + QStringLiteral("/maps/shusha/") + QLatin1String(name); }

QString writeFile(const QString &name, const QByteArray &content)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

/// The parts of a line version read straight from the GeoJSON text.
std::vector<std::vector<LonLat>> partsOf(const QString &path, const QString &id)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    const QJsonArray features = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("features")).toArray();
    std::vector<std::vector<LonLat>> parts;
    for (const QJsonValue &fv : features) {
        const QJsonObject feature = fv.toObject();
        if (feature.value(QStringLiteral("properties")).toObject().value(QStringLiteral("id")).toString() != id)
            continue;
        for (const QJsonValue &part : feature.value(QStringLiteral("geometry")).toObject().value(QStringLiteral("coordinates")).toArray()) {
            std::vector<LonLat> pts;
            for (const QJsonValue &c : part.toArray())
                pts.push_back({c.toArray()[0].toDouble(), c.toArray()[1].toDouble()});
            parts.push_back(pts);
        }
    }
    return parts;
}

/// Splits a CSV record with RFC 4180 quotes.
QStringList splitCsv(const QString &line)
{
    QStringList out;
    QString field;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
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

QStringList lines(const QString &text) { return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

} // namespace

class TestCliClaims : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void help_data();
    void help();
    void checkSample();
    void checkSampleJsonAndGeoJson();
    void checkBadClaimsStillPrintsTheOthers();
    void checkBadInputWholeFile_data();
    void checkBadInputWholeFile();
    void distanceAgainstBruteForce();
    void distanceBadRowsAndVersionChoice();
    void distanceStreamsAMillionPoints();
    void distanceReadsPipesAndStandardInput_data();
    void distanceReadsPipesAndStandardInput();
    void distanceRefusesAnEmptyDate();
};

void TestCliClaims::initTestCase()
{
    QVERIFY2(QFileInfo::exists(test::binDir() + QStringLiteral("/linewatch-cli")), "build linewatch-cli first");
}

void TestCliClaims::help_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("distance") << "distance";
    QTest::newRow("check") << "check";
}

void TestCliClaims::help()
{
    QFETCH(QString, command);
    const Run r = runCli({command, QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("usage: linewatch-cli ") + command));
}

void TestCliClaims::checkSample()
{
    const Run r = runCli({QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), sample("line_of_contact.geojson")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList rows = lines(r.out);
    QCOMPARE(rows.value(0), QStringLiteral("id,verdict,line_id,distance_min_m,distance_max_m,side,margin_m,reason"));
    QCOMPARE(rows.size(), 5);
    QMap<QString, QStringList> byId;
    for (int i = 1; i < rows.size(); ++i) {
        const QStringList f = splitCsv(rows[i]);
        QCOMPARE(f.size(), 8);
        byId.insert(f[0], f);
    }
    // The seed claim: the 2054 m height (2.9 km at 45 deg from the approximate
    // Sarybaba summit), loc-2022 valid on 2023-03-25, r = 1000, a = 1000.
    const QStringList seed = byId.value(QStringLiteral("rumod-2023-03-25"));
    QCOMPARE(seed.value(1), QStringLiteral("indeterminate"));
    QCOMPARE(seed.value(2), QStringLiteral("loc-2022"));
    const double d = test::bruteForce(partsOf(sample("line_of_contact.geojson"), QStringLiteral("loc-2022")),
                                      {46.60891389629204, 39.7134666812312}).distanceM;
    QVERIFY2(std::abs(seed.value(3).toDouble() - (d - 2000.0)) < 1e-3, qPrintable(seed.value(3)));
    QVERIFY2(std::abs(seed.value(4).toDouble() - (d + 2000.0)) < 1e-3, qPrintable(seed.value(4)));
    QCOMPARE(seed.value(5), QStringLiteral("right"));
    QVERIFY(seed.value(3).contains(QRegularExpression(QStringLiteral("^\\d+\\.\\d{4}$"))));
    QVERIFY(seed.value(7).contains(QStringLiteral("straddles 2,000 m")));
    QVERIFY(seed.value(7).contains(QStringLiteral("line loc-2022, valid 2022-08-26 to 2023-09-20")));
    QCOMPARE(byId.value(QStringLiteral("example-lachin-2021")).value(1), QStringLiteral("supported"));
    QCOMPARE(byId.value(QStringLiteral("example-lachin-2023")).value(1), QStringLiteral("contradicted"));
    QCOMPARE(byId.value(QStringLiteral("example-lachin-2023")).value(5), QStringLiteral("left"));
    QCOMPARE(byId.value(QStringLiteral("example-shusha-area-2021")).value(1), QStringLiteral("supported"));
}

void TestCliClaims::checkSampleJsonAndGeoJson()
{
    const QStringList base = {QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), sample("line_of_contact.geojson"), QStringLiteral("--format")};
    const Run json = runCli(base + QStringList{QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray verdicts = QJsonDocument::fromJson(json.out.toUtf8()).array();
    QCOMPARE(verdicts.size(), 4);
    const QJsonObject seed = verdicts[0].toObject();
    QCOMPARE(seed.value(QStringLiteral("id")).toString(), QStringLiteral("rumod-2023-03-25"));
    QCOMPARE(seed.value(QStringLiteral("claim_source")).toString(),
             QStringLiteral("Russian Ministry of Defence, statement of 25 March 2023 (as reported by Turan, 27 Mar 2023)"));
    QVERIFY(seed.value(QStringLiteral("line_source")).toString().contains(QStringLiteral("Illustrative sketch")));
    QCOMPARE(seed.value(QStringLiteral("line_approximate")).toBool(), true);

    const Run geo = runCli(base + QStringList{QStringLiteral("geojson")});
    QCOMPARE(geo.exitCode, 0);
    const QJsonObject fc = QJsonDocument::fromJson(geo.out.toUtf8()).object();
    const QJsonArray features = fc.value(QStringLiteral("features")).toArray();
    QCOMPARE(features.size(), 4);
    const QJsonObject props = features[0].toObject().value(QStringLiteral("properties")).toObject();
    QCOMPARE(props.value(QStringLiteral("verdict")).toString(), QStringLiteral("indeterminate"));
    QCOMPARE(props.value(QStringLiteral("position_side")).toString(), QStringLiteral("right"));
    QVERIFY(props.value(QStringLiteral("text")).toString().startsWith(QStringLiteral("Azerbaijani forces occupied")));
    QVERIFY(props.value(QStringLiteral("side")).toString().startsWith(QStringLiteral("Russian peacekeeping zone")));
    QCOMPARE(features[3].toObject().value(QStringLiteral("geometry")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("Polygon"));
}

void TestCliClaims::checkBadClaimsStillPrintsTheOthers()
{
    const QString claims = writeFile(QStringLiteral("claims-2019.geojson"), R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"old","date":"2019-05-01","text":"t","source":"test","relation":"beyond","distance_m":100},
  "geometry":{"type":"Point","coordinates":[46.6,39.7]}},
 {"type":"Feature","properties":{"id":"neg","date":"2021-05-01","text":"t","source":"test","relation":"beyond","distance_m":-3},
  "geometry":{"type":"Point","coordinates":[46.6,39.7]}},
 {"type":"Feature","properties":{"id":"fine","date":"2021-05-01","text":"t","source":"test","relation":"within","distance_m":100000},
  "geometry":{"type":"Point","coordinates":[46.6,39.7]}}]})");
    const Run r = runCli({QStringLiteral("check"), claims, QStringLiteral("--lines"), sample("line_of_contact.geojson")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(claims + QStringLiteral(": claim old: no line version valid on 2019-05-01")), qPrintable(r.err));
    QVERIFY2(r.err.contains(claims + QStringLiteral(": claim neg: negative distance_m -3")), qPrintable(r.err));
    const QStringList rows = lines(r.out);
    QCOMPARE(rows.size(), 4);
    QVERIFY(rows[1].startsWith(QStringLiteral("old,error,,,,,,")));
    QVERIFY(rows[3].startsWith(QStringLiteral("fine,supported,loc-2020,")));
}

void TestCliClaims::checkBadInputWholeFile_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString overlapping = writeFile(QStringLiteral("overlap.geojson"), R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"a","name":"n","valid_from":"2020-01-01","left_label":"L","right_label":"R","source":"s"},
  "geometry":{"type":"LineString","coordinates":[[46.6,39.6],[46.6,39.9]]}},
 {"type":"Feature","properties":{"id":"b","name":"n","valid_from":"2021-01-01","left_label":"L","right_label":"R","source":"s"},
  "geometry":{"type":"LineString","coordinates":[[46.6,39.6],[46.6,39.9]]}}]})");
    QTest::newRow("overlapping versions") << QStringList{QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), overlapping}
                                          << overlapping + QStringLiteral(": versions a (from 2020-01-01) and b (from 2021-01-01) of line 'n' overlap in time");
    QTest::newRow("missing lines file") << QStringList{QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), QStringLiteral("/nonexistent/lines.geojson")}
                                        << QStringLiteral("/nonexistent/lines.geojson: cannot open");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), sample("line_of_contact.geojson"), QStringLiteral("--format"), QStringLiteral("xml")}
                                    << QStringLiteral("unknown format 'xml'");
    QTest::newRow("no lines option") << QStringList{QStringLiteral("check"), sample("claims.geojson")} << QStringLiteral("--lines LINES_FILE");
}

void TestCliClaims::checkBadInputWholeFile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
}

void TestCliClaims::distanceAgainstBruteForce()
{
    // 300 random points round the sample (fixed seed) and the places of SOURCES.md.
    QByteArray csv = "id,name,lon,lat\n";
    std::vector<LonLat> pts = {{46.7483, 39.7583}, {46.75194, 39.81528}, {46.54694, 39.64083}, {46.64306, 39.68750}};
    std::mt19937 rng(20230325);
    std::uniform_real_distribution<double> lon(46.3, 47.0), lat(39.5, 40.0);
    for (int i = 0; i < 300; ++i)
        pts.push_back({lon(rng), lat(rng)});
    for (std::size_t i = 0; i < pts.size(); ++i)
        csv += QStringLiteral("p%1,\"name, with comma\",%2,%3\n").arg(i).arg(pts[i].lon, 0, 'f', 9).arg(pts[i].lat, 0, 'f', 9).toUtf8();
    const QString points = writeFile(QStringLiteral("points.csv"), csv);
    const Run r = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                          QStringLiteral("--line-id"), QStringLiteral("loc-2020"), points});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList rows = lines(r.out);
    QCOMPARE(rows.value(0), QStringLiteral("id,distance_m,side,foot_lon,foot_lat,along_m,segment"));
    QCOMPARE(rows.size(), static_cast<int>(pts.size()) + 1);
    const auto parts = partsOf(sample("line_of_contact.geojson"), QStringLiteral("loc-2020"));
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const QStringList f = rows[static_cast<int>(i) + 1].split(QLatin1Char(','));
        QCOMPARE(f.size(), 7);
        QCOMPARE(f[0], QStringLiteral("p%1").arg(i));
        const test::Reference ref = test::bruteForce(parts, pts[i]);
        // 4 decimals printed: agree within 1 mm.
        QVERIFY2(std::abs(f[1].toDouble() - ref.distanceM) < 1e-3,
                 qPrintable(QStringLiteral("%1: %2 vs %3").arg(f[0], f[1]).arg(ref.distanceM, 0, 'f', 6)));
        QCOMPARE(f[1].section(QLatin1Char('.'), 1).size(), 4);
        QCOMPARE(f[3].section(QLatin1Char('.'), 1).size(), 9);
        QVERIFY(f[2] == QLatin1String("left") || f[2] == QLatin1String("right"));
        QVERIFY(std::abs(f[5].toDouble() - ref.alongM) < 0.01);
        QCOMPARE(f[6].toInt(), ref.segment);
    }
    // Shusha is Azerbaijani-held (left), Stepanakert and Lachin (2020) in the peacekeeping zone (right).
    QCOMPARE(rows[1].split(QLatin1Char(','))[2], QStringLiteral("left"));
    QCOMPARE(rows[2].split(QLatin1Char(','))[2], QStringLiteral("right"));
    QCOMPARE(rows[3].split(QLatin1Char(','))[2], QStringLiteral("right"));
}

void TestCliClaims::distanceReadsPipesAndStandardInput_data()
{
    // Issue 11: "cat points.csv | linewatch-cli distance --line L /dev/stdin"
    // printed the header only and exited 0 (atEnd() on a pipe), and "-" was
    // refused. Every way in gives the output the file gives.
    QTest::addColumn<QString>("how");
    QTest::newRow("- from a pipe") << QStringLiteral("-");
    QTest::newRow("/dev/stdin from a pipe") << QStringLiteral("/dev/stdin");
    QTest::newRow("process substitution") << QStringLiteral("<(cat)");
}

void TestCliClaims::distanceReadsPipesAndStandardInput()
{
    QFETCH(QString, how);
    QByteArray csv = "id,lon,lat\n";
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(46.3, 47.0), lat(39.5, 40.0);
    for (int i = 0; i < 20000; ++i)
        csv += QStringLiteral("p%1,%2,%3\n").arg(i).arg(lon(rng), 0, 'f', 7).arg(lat(rng), 0, 'f', 7).toUtf8();
    const QString points = writeFile(QStringLiteral("pipe-points.csv"), csv);
    const QString cli = test::binDir() + QStringLiteral("/linewatch-cli");
    const QStringList options{QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                              QStringLiteral("--line-id"), QStringLiteral("loc-2020")};
    const Run fromFile = runCli(options + QStringList{points});
    QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.err));
    QCOMPARE(lines(fromFile.out).size(), 20001);

    QProcess p;
    if (how.startsWith(QLatin1Char('<'))) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("POINTS"), points);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("bash"), QStringList{QStringLiteral("-c"), QStringLiteral("\"$0\" \"$@\" <(cat \"$POINTS\")"), cli} + options);
        p.closeWriteChannel();
    } else {
        p.start(cli, options + QStringList{how});
        QVERIFY(p.waitForStarted());
        p.write(csv);
        p.closeWriteChannel();
    }
    QVERIFY(p.waitForFinished(120000));
    QCOMPARE(p.exitCode(), 0);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QCOMPARE(lines(out).size(), 20001);
    QVERIFY(out == fromFile.out);
}

void TestCliClaims::distanceRefusesAnEmptyDate()
{
    const QString points = writeFile(QStringLiteral("date-points.csv"), "id,lon,lat\na,46.6,39.7\n");
    const Run r = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                          QStringLiteral("--date"), QString(), points});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--date is empty")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCliClaims::distanceBadRowsAndVersionChoice()
{
    const QString points = writeFile(QStringLiteral("bad-points.csv"), "lat,lon,id\n39.7,46.6,a\n95,46.6,b\nx,46.6,c\n39.8,46.7,d\n");
    const Run r = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                          QStringLiteral("--date"), QStringLiteral("2023-03-25"), points});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(points + QStringLiteral(": line 3: point b: latitude 95 outside [-90, 90]")), qPrintable(r.err));
    QVERIFY2(r.err.contains(points + QStringLiteral(": line 4: point c: lon '46.6', lat 'x' are not numbers")), qPrintable(r.err));
    const QStringList rows = lines(r.out);
    QCOMPARE(rows.size(), 3); // header, a, d: the good rows are still written
    QVERIFY(rows[1].startsWith(QStringLiteral("a,")));
    QVERIFY(rows[2].startsWith(QStringLiteral("d,")));

    const Run ambiguous = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"), points});
    QCOMPARE(ambiguous.exitCode, 2);
    QVERIFY(ambiguous.err.contains(QStringLiteral("choose one with --line-id or --date")));
    const Run noVersion = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                                  QStringLiteral("--date"), QStringLiteral("2019-05-01"), points});
    QCOMPARE(noVersion.exitCode, 2);
    QVERIFY(noVersion.err.contains(QStringLiteral("no line version valid on 2019-05-01")));
    const Run badHeader = runCli({QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"),
                                  QStringLiteral("--line-id"), QStringLiteral("loc-2020"), writeFile(QStringLiteral("h.csv"), "x,y\n1,2\n")});
    QCOMPARE(badHeader.exitCode, 2);
    QVERIFY(badHeader.err.contains(QStringLiteral("line 1: the header must name the columns id, lon and lat")));
}

void TestCliClaims::distanceStreamsAMillionPoints()
{
    // A million rows must not be held at once: the peak memory of the run
    // with 1,000,000 points stays within 25 MiB of the run with 1,000 (a
    // million rows of text alone would be about 40 MB; a million results
    // kept until the end about as much again).
    auto makeCsv = [](const QString &name, int n) {
        const QString path = test::tempDir() + QLatin1Char('/') + name;
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        std::mt19937 rng(1);
        std::uniform_real_distribution<double> lon(46.3, 47.0), lat(39.5, 40.0);
        QByteArray buf = "id,lon,lat\n";
        for (int i = 0; i < n; ++i) {
            buf += "pt" + QByteArray::number(i) + ',' + QByteArray::number(lon(rng), 'f', 6) + ',' + QByteArray::number(lat(rng), 'f', 6) + '\n';
            if (buf.size() > (1 << 20)) {
                f.write(buf);
                buf.clear();
            }
        }
        f.write(buf);
        return path;
    };
    const QString small = makeCsv(QStringLiteral("small.csv"), 1000), big = makeCsv(QStringLiteral("big.csv"), 1000000);
    const QStringList base = {QStringLiteral("distance"), QStringLiteral("--line"), sample("line_of_contact.geojson"), QStringLiteral("--line-id"), QStringLiteral("loc-2022")};
    const QString out = test::tempDir() + QStringLiteral("/out.csv");
    QCOMPARE(runCli(base + QStringList{small}, out).exitCode, 0);
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    const long smallKiB = usage.ru_maxrss;
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(runCli(base + QStringList{big}, out).exitCode, 0);
    const qint64 ms = timer.elapsed();
    getrusage(RUSAGE_CHILDREN, &usage);
    const long bigKiB = usage.ru_maxrss;
    QFile result(out);
    QVERIFY(result.open(QIODevice::ReadOnly));
    qint64 rows = 0;
    while (!result.atEnd()) {
        result.readLine();
        ++rows;
    }
    QCOMPARE(rows, qint64(1000001));
    qInfo("1,000,000 points in %lld ms; peak RSS %ld KiB (1,000 points: %ld KiB)", ms, bigKiB, smallKiB);
    QVERIFY2(bigKiB - smallKiB < 25 * 1024, qPrintable(QStringLiteral("peak RSS grew by %1 KiB").arg(bigKiB - smallKiB)));
}

QTEST_GUILESS_MAIN(TestCliClaims)
#include "test_cli_claims.moc"

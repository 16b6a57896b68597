// The bundled gazetteer (maps/shusha/gazetteer.geojson): its coordinates are
// those of /work/shared/data/SOURCES.md §4, every spelling the brief lists
// finds its place whatever the case, accents or punctuation, prefixes offer
// completions, and broken files get errors that name the file and feature.
#include "io/gazetteer.h"
#include "support/test_paths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace linewatch;

namespace {

QString bundledFile() { return test::sourceDir() + QStringLiteral("/maps/shusha/gazetteer.geojson"); }

QString writeTemp(const QString &name, const QByteArray &content)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content);
    return path;
}

} // namespace

class TestGazetteer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bundledResourceEqualsFile();
    void coordinates_data();
    void coordinates();
    void coordinatesAgreeWithSourcesMd_data();
    void coordinatesAgreeWithSourcesMd();
    void everyPlaceIsComplete();
    void agreesWithPlacesLayer();
    void findsEverySpelling_data();
    void findsEverySpelling();
    void normalise_data();
    void normalise();
    void suggest_data();
    void suggest();
    void suggestHonoursLimit();
    void badFiles_data();
    void badFiles();
    void missingFile();

private:
    Gazetteer mGazetteer;
};

void TestGazetteer::initTestCase()
{
    const Result<Gazetteer> gazetteer = Gazetteer::load(bundledFile());
    QVERIFY2(gazetteer.ok(), qPrintable(gazetteer.ok() ? QString() : gazetteer.error().toString()));
    mGazetteer = *gazetteer;
    QCOMPARE(mGazetteer.places().size(), 9);
}

void TestGazetteer::bundledResourceEqualsFile()
{
    const Result<Gazetteer> bundled = Gazetteer::loadBundled();
    QVERIFY2(bundled.ok(), qPrintable(bundled.ok() ? QString() : bundled.error().toString()));
    QCOMPARE(bundled->places().size(), mGazetteer.places().size());
    for (qsizetype i = 0; i < bundled->places().size(); ++i) {
        const Place &a = bundled->places().at(i);
        const Place &b = mGazetteer.places().at(i);
        QCOMPARE(a.name, b.name);
        QCOMPARE(a.position, b.position);
        QCOMPARE(a.names.size(), b.names.size());
        QCOMPARE(a.source, b.source);
    }
}

void TestGazetteer::coordinates_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<bool>("approximate");
    QTest::addColumn<QString>("sourceFragment");

    // Values typed from SOURCES.md §4 (collected Nov 2026), which cites each.
    QTest::newRow("Shusha: en.wikipedia infobox") << QStringLiteral("Shusha") << 39.7583 << 46.7483 << false << QStringLiteral("wikipedia");
    QTest::newRow("Stepanakert: simple.wikipedia") << QStringLiteral("Stepanakert") << 39.81528 << 46.75194 << false << QStringLiteral("simple.wikipedia.org/wiki/Stepanakert");
    QTest::newRow("Lachin: en.wikipedia") << QStringLiteral("Lachin") << 39.64083 << 46.54694 << false << QStringLiteral("wikipedia.org/wiki/Lachin");
    QTest::newRow("Turşsu: en.wikipedia Turshsu") << QStringLiteral("Turşsu") << 39.68750 << 46.64306 << false << QStringLiteral("Turshsu");
    QTest::newRow("Yeghtsahogh: en.wikipedia") << QStringLiteral("Yeghtsahogh") << 39.67722 << 46.58750 << false << QStringLiteral("Yeghtsahogh");
    QTest::newRow("Mount Sarybaba: lead's fixed approximate position") << QStringLiteral("Mount Sarybaba") << 39.6950 << 46.5850 << true << QStringLiteral("Approximate position");
    QTest::newRow("Böyük Kirs: az.wikipedia") << QStringLiteral("Böyük Kirs") << 39.6475 << 46.7458 << false << QStringLiteral("az.m.wikipedia.org");
    QTest::newRow("Height 2054 m: 2.9 km NE of the approximate summit (GeodSolve)") << QStringLiteral("Height 2054 m") << 39.713467 << 46.608914 << true << QStringLiteral("GeodSolve");
    QTest::newRow("Parukh: en.wikipedia infobox") << QStringLiteral("Parukh") << 40.01639 << 46.80111 << false << QStringLiteral("40°00′59″N");
}

void TestGazetteer::coordinates()
{
    QFETCH(QString, name);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(bool, approximate);
    QFETCH(QString, sourceFragment);
    const QList<GazetteerMatch> matches = mGazetteer.find(name);
    QCOMPARE(matches.size(), 1);
    const Place &place = matches.front().place;
    // Exactly the source's figures: the file holds them as decimal text.
    QCOMPARE(place.position.lat, lat);
    QCOMPARE(place.position.lon, lon);
    QCOMPARE(place.approximate, approximate);
    QVERIFY2(place.source.contains(sourceFragment), qPrintable(place.source));
}

void TestGazetteer::coordinatesAgreeWithSourcesMd_data()
{
    QTest::addColumn<QString>("rowStart");
    QTest::addColumn<QString>("name");
    QTest::newRow("Shusha") << QStringLiteral("| Shusha / Shushi |") << QStringLiteral("Shusha");
    QTest::newRow("Stepanakert") << QStringLiteral("| Stepanakert / Khankendi |") << QStringLiteral("Stepanakert");
    QTest::newRow("Lachin") << QStringLiteral("| Lachin / Berdzor (town) |") << QStringLiteral("Lachin");
    QTest::newRow("Yeghtsahogh") << QStringLiteral("| Yeghtsahogh / Sarıbaba (village) |") << QStringLiteral("Yeghtsahogh");
    QTest::newRow("Lisagor") << QStringLiteral("| Lisagor / Turşsu") << QStringLiteral("Lisagor");
    QTest::newRow("Parukh") << QStringLiteral("| Parukh / Farukh / Farrukh (village) |") << QStringLiteral("Parukh");
    QTest::newRow("Böyük Kirs") << QStringLiteral("| Böyük Kirs (mountain;") << QStringLiteral("Böyük Kirs");
}

// Reads the table itself, so a later edit of either file is caught.
void TestGazetteer::coordinatesAgreeWithSourcesMd()
{
    QFETCH(QString, rowStart);
    QFETCH(QString, name);
    const QString dataDir = test::sharedDataDir();
    if (dataDir.isEmpty())
        QSKIP("../shared/data (SOURCES.md) is not present; the gazetteer's coordinates are still checked against "
              "typed values in coordinates()");
    QFile file(dataDir + QStringLiteral("/SOURCES.md"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    QString row;
    for (const QString &line : lines)
        if (line.startsWith(rowStart))
            row = line;
    QVERIFY2(!row.isEmpty(), qPrintable(QStringLiteral("no row starting \"%1\" in SOURCES.md").arg(rowStart)));
    // Columns: | place | lat N | lon E | …; the first number of each cell ("39.6475 (39°38′51″)").
    const QStringList cells = row.split(QLatin1Char('|'));
    QVERIFY(cells.size() > 4);
    static const QRegularExpression firstNumber(QStringLiteral("^\\s*(\\d+\\.\\d+)"));
    const QRegularExpressionMatch lat = firstNumber.match(cells.at(2));
    const QRegularExpressionMatch lon = firstNumber.match(cells.at(3));
    QVERIFY2(lat.hasMatch() && lon.hasMatch(), qPrintable(row));
    const QList<GazetteerMatch> matches = mGazetteer.find(name);
    QCOMPARE(matches.size(), 1);
    QCOMPARE(matches.front().place.position.lat, lat.captured(1).toDouble());
    QCOMPARE(matches.front().place.position.lon, lon.captured(1).toDouble());
}

void TestGazetteer::everyPlaceIsComplete()
{
    for (const Place &place : mGazetteer.places()) {
        QVERIFY(!place.name.isEmpty());
        QVERIFY2(!place.source.isEmpty(), qPrintable(place.name));
        QVERIFY2(place.names.size() >= 2, qPrintable(place.name));
        for (const PlaceName &n : place.names) {
            QVERIFY2(!n.language.isEmpty(), qPrintable(n.text));
            // Each spelling finds its own place and no other.
            const QList<GazetteerMatch> matches = mGazetteer.find(n.text);
            QCOMPARE(matches.size(), 1);
            QCOMPARE(matches.front().place.name, place.name);
        }
        QVERIFY2(!place.kind.isEmpty(), qPrintable(place.name));
        // Inside the sample's window (39.6–39.9 N, 46.5–46.9 E) except Parukh, just north of it.
        QVERIFY2(place.position.lat > 39.6 && place.position.lat < 40.1, qPrintable(place.name));
        QVERIFY2(place.position.lon > 46.5 && place.position.lon < 46.9, qPrintable(place.name));
    }
}

// The map's places layer and the gazetteer describe the same points; "go to"
// must land on the symbol the map draws.
void TestGazetteer::agreesWithPlacesLayer()
{
    QFile file(test::sourceDir() + QStringLiteral("/maps/shusha/places.geojson"));
    if (!file.exists())
        QSKIP("maps/shusha/places.geojson is not in this tree");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray features = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("features")).toArray();
    QVERIFY(!features.isEmpty());
    for (const QJsonValue &value : features) {
        const QJsonObject feature = value.toObject();
        const QJsonObject properties = feature.value(QStringLiteral("properties")).toObject();
        const QString name = properties.value(QStringLiteral("name")).toString();
        const QJsonArray coordinates = feature.value(QStringLiteral("geometry")).toObject().value(QStringLiteral("coordinates")).toArray();
        // "Stepanakert / Khankendi" → look up "Stepanakert".
        const QList<GazetteerMatch> matches = mGazetteer.find(name.split(QStringLiteral(" / ")).first());
        QVERIFY2(matches.size() == 1, qPrintable(name));
        const Place &place = matches.front().place;
        QCOMPARE(place.name, name);
        QCOMPARE(place.position.lon, coordinates.at(0).toDouble());
        QCOMPARE(place.position.lat, coordinates.at(1).toDouble());
        QCOMPARE(place.approximate, properties.value(QStringLiteral("approximate")).toBool());
        QCOMPARE(place.kind, properties.value(QStringLiteral("kind")).toString());
    }
}

void TestGazetteer::findsEverySpelling_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("matched");
    QTest::addColumn<QString>("language");

    const QString shusha = QStringLiteral("Shusha / Shushi");
    const QString khankendi = QStringLiteral("Stepanakert / Khankendi");
    const QString lachin = QStringLiteral("Lachin / Berdzor");
    const QString lisagor = QStringLiteral("Lisagor / Turşsu");
    const QString village = QStringLiteral("Yeghtsahogh / Sarıbaba");
    const QString summit = QStringLiteral("Mount Sarybaba");
    const QString kirs = QStringLiteral("Böyük Kirs");
    const QString height = QStringLiteral("Height 2054 m");

    // Every spelling the brief lists, as written there.
    QTest::newRow("Shusha") << QStringLiteral("Shusha") << shusha << QStringLiteral("Shusha") << QStringLiteral("en");
    QTest::newRow("Shushi") << QStringLiteral("Shushi") << shusha << QStringLiteral("Shushi") << QStringLiteral("hy-Latn");
    QTest::newRow("Şuşa") << QStringLiteral("Şuşa") << shusha << QStringLiteral("Şuşa") << QStringLiteral("az");
    QTest::newRow("Шуша") << QStringLiteral("Шуша") << shusha << QStringLiteral("Шуша") << QStringLiteral("ru");
    QTest::newRow("Շուշի") << QStringLiteral("Շուշի") << shusha << QStringLiteral("Շուշի") << QStringLiteral("hy");
    QTest::newRow("Khankendi") << QStringLiteral("Khankendi") << khankendi << QStringLiteral("Khankendi") << QStringLiteral("en");
    QTest::newRow("Stepanakert") << QStringLiteral("Stepanakert") << khankendi << QStringLiteral("Stepanakert") << QStringLiteral("en");
    QTest::newRow("Xankəndi") << QStringLiteral("Xankəndi") << khankendi << QStringLiteral("Xankəndi") << QStringLiteral("az");
    QTest::newRow("Степанакерт") << QStringLiteral("Степанакерт") << khankendi << QStringLiteral("Степанакерт") << QStringLiteral("ru");
    QTest::newRow("Ստեփանակերտ") << QStringLiteral("Ստեփանակերտ") << khankendi << QStringLiteral("Ստեփանակերտ") << QStringLiteral("hy");
    QTest::newRow("Lachin") << QStringLiteral("Lachin") << lachin << QStringLiteral("Lachin") << QStringLiteral("en");
    QTest::newRow("Berdzor") << QStringLiteral("Berdzor") << lachin << QStringLiteral("Berdzor") << QStringLiteral("hy-Latn");
    QTest::newRow("Laçın") << QStringLiteral("Laçın") << lachin << QStringLiteral("Laçın") << QStringLiteral("az");
    QTest::newRow("Лачин") << QStringLiteral("Лачин") << lachin << QStringLiteral("Лачин") << QStringLiteral("ru");
    QTest::newRow("Բերձոր") << QStringLiteral("Բերձոր") << lachin << QStringLiteral("Բերձոր") << QStringLiteral("hy");
    QTest::newRow("Lisagor") << QStringLiteral("Lisagor") << lisagor << QStringLiteral("Lisagor") << QStringLiteral("hy-Latn");
    QTest::newRow("Turşsu") << QStringLiteral("Turşsu") << lisagor << QStringLiteral("Turşsu") << QStringLiteral("az");
    QTest::newRow("Lysogor") << QStringLiteral("Lysogor") << lisagor << QStringLiteral("Lysogor") << QStringLiteral("ru-Latn");
    QTest::newRow("Лисагор") << QStringLiteral("Лисагор") << lisagor << QStringLiteral("Лисагор") << QStringLiteral("ru");
    QTest::newRow("Sarıbaba (village)") << QStringLiteral("Sarıbaba") << village << QStringLiteral("Sarıbaba") << QStringLiteral("az");
    QTest::newRow("Yeghtsahogh") << QStringLiteral("Yeghtsahogh") << village << QStringLiteral("Yeghtsahogh") << QStringLiteral("hy-Latn");
    QTest::newRow("Եղցահող") << QStringLiteral("Եղցահող") << village << QStringLiteral("Եղցահող") << QStringLiteral("hy");
    QTest::newRow("Mount Sarybaba (summit)") << QStringLiteral("Mount Sarybaba") << summit << QStringLiteral("Mount Sarybaba") << QStringLiteral("en");
    QTest::newRow("Сарыбаба (summit)") << QStringLiteral("Сарыбаба") << summit << QStringLiteral("Сарыбаба") << QStringLiteral("ru");
    QTest::newRow("Böyük Kirs") << QStringLiteral("Böyük Kirs") << kirs << QStringLiteral("Böyük Kirs") << QStringLiteral("az");
    QTest::newRow("Mets Kirs") << QStringLiteral("Mets Kirs") << kirs << QStringLiteral("Mets Kirs") << QStringLiteral("hy-Latn");
    // Further spellings, as in maps/shusha/places.geojson.
    QTest::newRow("Лысогор") << QStringLiteral("Лысогор") << lisagor << QStringLiteral("Лысогор") << QStringLiteral("ru");
    QTest::newRow("Լիսագոր") << QStringLiteral("Լիսագոր") << lisagor << QStringLiteral("Լիսագոր") << QStringLiteral("hy");
    QTest::newRow("Егцаох") << QStringLiteral("Егцаох") << village << QStringLiteral("Егцаох") << QStringLiteral("ru");
    QTest::newRow("Sarıbaba dağı (summit)") << QStringLiteral("Sarıbaba dağı") << summit << QStringLiteral("Sarıbaba dağı") << QStringLiteral("az");
    QTest::newRow("высота Сарыбаба (summit)") << QStringLiteral("высота Сарыбаба") << summit << QStringLiteral("высота Сарыбаба") << QStringLiteral("ru");
    QTest::newRow("Մեծ Քիրս") << QStringLiteral("Մեծ Քիրս") << kirs << QStringLiteral("Մեծ Քիրս") << QStringLiteral("hy");
    QTest::newRow("Большой Кирс") << QStringLiteral("Большой Кирс") << kirs << QStringLiteral("Большой Кирс") << QStringLiteral("ru");
    QTest::newRow("Height 2054 m") << QStringLiteral("Height 2054 m") << height << QStringLiteral("Height 2054 m") << QStringLiteral("en");
    QTest::newRow("высота 2054") << QStringLiteral("высота 2054") << height << QStringLiteral("высота 2054") << QStringLiteral("ru");

    // Case, accents, special letters, punctuation and spaces do not matter.
    QTest::newRow("upper case without cedillas") << QStringLiteral("SUSA") << shusha << QStringLiteral("Şuşa") << QStringLiteral("az");
    QTest::newRow("upper case with cedillas") << QStringLiteral("ŞUŞA") << shusha << QStringLiteral("Şuşa") << QStringLiteral("az");
    QTest::newRow("decomposed cedillas (NFD input)") << QStringLiteral("S\u0327us\u0327a") << shusha << QStringLiteral("Şuşa") << QStringLiteral("az");
    QTest::newRow("Cyrillic upper case") << QStringLiteral("ШУША") << shusha << QStringLiteral("Шуша") << QStringLiteral("ru");
    QTest::newRow("Armenian upper case") << QStringLiteral("ՇՈՒՇԻ") << shusha << QStringLiteral("Շուշի") << QStringLiteral("hy");
    QTest::newRow("schwa typed as e") << QStringLiteral("Xankendi") << khankendi << QStringLiteral("Xankəndi") << QStringLiteral("az");
    QTest::newRow("capital schwa") << QStringLiteral("XANKƏNDI") << khankendi << QStringLiteral("Xankəndi") << QStringLiteral("az");
    QTest::newRow("dotless i typed as i") << QStringLiteral("Lacin") << lachin << QStringLiteral("Laçın") << QStringLiteral("az");
    QTest::newRow("upper case LAÇIN") << QStringLiteral("LAÇIN") << lachin << QStringLiteral("Laçın") << QStringLiteral("az");
    QTest::newRow("Saribaba without dotless i") << QStringLiteral("saribaba") << village << QStringLiteral("Sarıbaba") << QStringLiteral("az");
    QTest::newRow("Turkish capital İ in BÖYÜK KİRS") << QStringLiteral("BÖYÜK KİRS") << kirs << QStringLiteral("Böyük Kirs") << QStringLiteral("az");
    QTest::newRow("hyphen instead of space") << QStringLiteral("boyuk-kirs") << kirs << QStringLiteral("Böyük Kirs") << QStringLiteral("az");
    QTest::newRow("no space") << QStringLiteral("MetsKirs") << kirs << QStringLiteral("Mets Kirs") << QStringLiteral("hy-Latn");
    QTest::newRow("apostrophe") << QStringLiteral("Mets’ Kirs") << kirs << QStringLiteral("Mets Kirs") << QStringLiteral("hy-Latn");
    QTest::newRow("abbreviated Mt.") << QStringLiteral("mt sarybaba") << summit << QStringLiteral("Mt. Sarybaba") << QStringLiteral("en");
    QTest::newRow("Sarybaba is the summit") << QStringLiteral("Sarybaba") << summit << QStringLiteral("Sarybaba") << QStringLiteral("en");
    QTest::newRow("surrounding blanks") << QStringLiteral("  Stepanakert ") << khankendi << QStringLiteral("Stepanakert") << QStringLiteral("en");
}

void TestGazetteer::findsEverySpelling()
{
    QFETCH(QString, typed);
    QFETCH(QString, place);
    QFETCH(QString, matched);
    QFETCH(QString, language);
    const QList<GazetteerMatch> matches = mGazetteer.find(typed);
    QCOMPARE(matches.size(), 1);
    QCOMPARE(matches.front().place.name, place);
    QCOMPARE(matches.front().matchedName.text, matched);
    QCOMPARE(matches.front().matchedName.language, language);
}

void TestGazetteer::normalise_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("key");
    QTest::newRow("diaeresis and space") << QStringLiteral("Böyük Kirs") << QStringLiteral("boyukkirs");
    QTest::newRow("schwa") << QStringLiteral("Xankəndi") << QStringLiteral("xankendi");
    QTest::newRow("cedilla and dotless i") << QStringLiteral("Laçın") << QStringLiteral("lacin");
    QTest::newRow("capital dotted I") << QStringLiteral("İ") << QStringLiteral("i");
    QTest::newRow("hyphen, apostrophe, period") << QStringLiteral("Mt. Sary-ba'ba") << QStringLiteral("mtsarybaba");
    QTest::newRow("Cyrillic keeps its script") << QStringLiteral("Степанакерт") << QStringLiteral("степанакерт");
    QTest::newRow("Cyrillic yo folds to ye") << QStringLiteral("Ёж") << QStringLiteral("еж");
    QTest::newRow("Armenian capitals fold") << QStringLiteral("ՇՈՒՇԻ") << QStringLiteral("շուշի");
    QTest::newRow("only punctuation") << QStringLiteral(" - ' ") << QString();
}

void TestGazetteer::normalise()
{
    QFETCH(QString, name);
    QFETCH(QString, key);
    QCOMPARE(Gazetteer::normalise(name), key);
}

void TestGazetteer::suggest_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expected"); // matched spellings, in order

    QTest::newRow("Shu offers both Latin spellings") << QStringLiteral("Shu") << QStringList{QStringLiteral("Shusha"), QStringLiteral("Shushi")};
    QTest::newRow("su offers Şuşa") << QStringLiteral("su") << QStringList{QStringLiteral("Şuşa")};
    QTest::newRow("Ст offers Степанакерт") << QStringLiteral("Ст") << QStringList{QStringLiteral("Степанакерт")};
    QTest::newRow("sar offers village and summit") << QStringLiteral("sar") << QStringList{QStringLiteral("Sarıbaba"), QStringLiteral("Sarybaba"), QStringLiteral("Sarıbaba dağı")};
    QTest::newRow("whole name first") << QStringLiteral("lisagor") << QStringList{QStringLiteral("Lisagor")};
    QTest::newRow("Mount offers the summit") << QStringLiteral("mount") << QStringList{QStringLiteral("Mount Sarybaba")};
    QTest::newRow("no match") << QStringLiteral("xyz") << QStringList{};
    QTest::newRow("empty prefix offers nothing") << QString() << QStringList{};
}

void TestGazetteer::suggest()
{
    QFETCH(QString, prefix);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const GazetteerMatch &m : mGazetteer.suggest(prefix))
        got << m.matchedName.text;
    QCOMPARE(got, expected);
}

void TestGazetteer::suggestHonoursLimit()
{
    // "l" starts Lachin, Laçın, Lisagor, Lysogor.
    QCOMPARE(mGazetteer.suggest(QStringLiteral("l")).size(), 4);
    QCOMPARE(mGazetteer.suggest(QStringLiteral("l"), 2).size(), 2);
    QCOMPARE(mGazetteer.suggest(QStringLiteral("l"), 0).size(), 0);
}

void TestGazetteer::badFiles_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fragment");

    const QByteArray good = R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.7483, 39.7583]},
        "properties": {"name": "Shusha", "names": [{"name": "Shusha", "lang": "en"}], "source": "x", "approximate": false}})";
    auto collection = [](const QByteArray &features) {
        return QByteArray(R"({"type": "FeatureCollection", "features": [)") + features + "]}";
    };
    QTest::newRow("not JSON") << QStringLiteral("not_json.geojson") << QByteArray("{\"type\": ") << QStringLiteral("not valid JSON");
    QTest::newRow("not a collection") << QStringLiteral("feature.geojson") << good << QStringLiteral("expected a GeoJSON FeatureCollection");
    QTest::newRow("no features") << QStringLiteral("nofeatures.geojson") << QByteArray(R"({"type": "FeatureCollection"})") << QStringLiteral("expected a \"features\" array");
    QTest::newRow("line in feature 2")
        << QStringLiteral("line.geojson")
        << collection(good + R"(, {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {}})")
        << QStringLiteral("feature 2: expected a Point geometry");
    QTest::newRow("latitude 95")
        << QStringLiteral("lat95.geojson")
        << collection(QByteArray(good).replace("39.7583", "95"))
        << QStringLiteral("feature 1: coordinates [46.7483, 95] are not a longitude and latitude");
    QTest::newRow("no source")
        << QStringLiteral("nosource.geojson") << collection(QByteArray(good).replace(R"("source": "x", )", ""))
        << QStringLiteral("feature 1: Shusha: expected a \"source\"");
    QTest::newRow("no approximate flag")
        << QStringLiteral("noapprox.geojson") << collection(QByteArray(good).replace(R"(, "approximate": false)", ""))
        << QStringLiteral("expected \"approximate\": true or false");
    QTest::newRow("no names")
        << QStringLiteral("nonames.geojson")
        << collection(QByteArray(good).replace(R"("names": [{"name": "Shusha", "lang": "en"}], )", ""))
        << QStringLiteral("expected a \"names\" array");
    QTest::newRow("name without language")
        << QStringLiteral("nolang.geojson") << collection(QByteArray(good).replace(R"(, "lang": "en")", ""))
        << QStringLiteral("needs a \"name\" and a \"lang\"");
}

void TestGazetteer::badFiles()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, fragment);
    const QString path = writeTemp(fileName, content);
    QVERIFY(!path.isEmpty());
    const Result<Gazetteer> gazetteer = Gazetteer::load(path);
    QVERIFY(!gazetteer.ok());
    QCOMPARE(gazetteer.error().path, path);
    QVERIFY2(gazetteer.error().message.contains(fragment),
             qPrintable(QStringLiteral("\"%1\" lacks \"%2\"").arg(gazetteer.error().message, fragment)));
    QVERIFY(gazetteer.error().toString().startsWith(path));
}

void TestGazetteer::missingFile()
{
    const QString path = test::tempDir() + QStringLiteral("/no_such_gazetteer.geojson");
    const Result<Gazetteer> gazetteer = Gazetteer::load(path);
    QVERIFY(!gazetteer.ok());
    QCOMPARE(gazetteer.error().path, path);
    QVERIFY2(gazetteer.error().message.contains(QStringLiteral("cannot open gazetteer")),
             qPrintable(gazetteer.error().message));
}

QTEST_GUILESS_MAIN(TestGazetteer)
#include "test_gazetteer.moc"

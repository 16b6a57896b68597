// Parsing of "go to" text: every written form of degrees, UTM and MGRS, place
// names through the gazetteer, and malformed input with the message it gets.
//
// Expected positions come from outside the parser:
// - degrees: worked out by hand from the written figures (39°45′29.9″ =
//   39 + 45/60 + 29.9/3600), written as that arithmetic in the rows;
// - UTM and MGRS: GeographicLib 2.1.2's GeoConvert (`echo 38SPK4976302393 |
//   GeoConvert -p 7`; UTM with the centre of the 1 m square, `echo "38n
//   649763.5 4402393.5" | GeoConvert -p 7`), the reference implementation;
// - published: the GeoConvert manual's example "38SMB4488" → 33.33424
//   44.40363, and the FGDC US National Grid standard's example
//   18SUJ2348306479 (FGDC-STD-011-2001), the Washington Monument, whose NGS
//   NAD83 position is 38°53′22.08257″N 77°02′06.86427″W.
#include "crs/coordinate_format.h"
#include "crs/coordinate_parser.h"
#include "io/gazetteer.h"

#include <QtTest>

#include <QRandomGenerator>

#include <cmath>
#include <numbers>

using namespace linewatch;

Q_DECLARE_METATYPE(linewatch::CoordinateNotation)

namespace {

/// [m] distance between nearby points on a sphere of the WGS84 mean radius:
/// good to 0.5 % at the metre scales compared here.
double metresBetween(const LonLat &a, const LonLat &b)
{
    constexpr double metresPerDegree = 6371008.8 * std::numbers::pi / 180.0;
    const double north = (a.lat - b.lat) * metresPerDegree;
    const double east = (a.lon - b.lon) * metresPerDegree * std::cos((a.lat + b.lat) / 2 * std::numbers::pi / 180.0);
    return std::hypot(north, east);
}

QString describe(const LonLat &p) { return QStringLiteral("%1, %2").arg(p.lat, 0, 'f', 9).arg(p.lon, 0, 'f', 9); }

// Shusha as en.wikipedia gives it (SOURCES.md §4), in its written forms.
constexpr double kShushaLat = 39.7583;
constexpr double kShushaLon = 46.7483;
// 39°45′29.9″N 46°44′53.9″E, the DMS of Shusha rounded to 0.1″.
constexpr double kShushaDmsLat = 39 + 45 / 60.0 + 29.9 / 3600.0;
constexpr double kShushaDmsLon = 46 + 44 / 60.0 + 53.9 / 3600.0;
// GeoConvert: 38n 649763.5 4402393.5 (centre of the 1 m square of
// CoordinateFormat::utm's "38N 649763 4402393") and 38SPK4976302393.
constexpr double kShushaUtmLat = 39.758304421842;
constexpr double kShushaUtmLon = 46.748300425707;

} // namespace

class TestCoordinateParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void placeNames_data();
    void placeNames();
    void roundTripsCoordinateFormat_data();
    void roundTripsCoordinateFormat();
    void neverThrowsOnTruncatedInput();
    void neverThrowsOnRandomInput();
    void namesWithDigitsReachTheGazetteer();

private:
    Gazetteer mGazetteer;
};

void TestCoordinateParser::initTestCase()
{
    const Result<Gazetteer> gazetteer = Gazetteer::loadBundled();
    QVERIFY2(gazetteer.ok(), qPrintable(gazetteer.ok() ? QString() : gazetteer.error().toString()));
    mGazetteer = *gazetteer;
}

void TestCoordinateParser::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<CoordinateNotation>("notation");
    QTest::addColumn<double>("precisionMetres");
    QTest::addColumn<double>("toleranceMetres");
    QTest::addColumn<QString>("noteFragment");

    const auto dd = CoordinateNotation::DecimalDegrees;
    const auto dms = CoordinateNotation::DegreesMinutesSeconds;
    const auto utm = CoordinateNotation::Utm;
    const auto mgrs = CoordinateNotation::Mgrs;
    const double mm = 0.001;

    // Decimal degrees: exact figures, so millimetres.
    QTest::newRow("DD comma and space (lat, lon)") << QStringLiteral("39.7583, 46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD space only") << QStringLiteral("39.7583 46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD comma without space") << QStringLiteral("39.7583,46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD semicolon") << QStringLiteral("39.7583; 46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD hemisphere suffix, lon first") << QStringLiteral("46.7483E 39.7583N") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD hemisphere prefix") << QStringLiteral("N39.7583 E46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD hemisphere prefix, spaced, lon first") << QStringLiteral("E 46.7483, N 39.7583") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD lowercase hemispheres") << QStringLiteral("39.7583n 46.7483e") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD degree signs") << QStringLiteral("39.7583° 46.7483°") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD degree signs and letters") << QStringLiteral("39.7583°N, 46.7483°E") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD surrounding blanks") << QStringLiteral("  39.7583 , 46.7483\t") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD negative (Aconcagua area)") << QStringLiteral("-33.5, -70.99999") << -33.5 << -70.99999 << dd << 0.0 << mm << QString();
    QTest::newRow("DD Unicode minus") << QStringLiteral("\u221233.5, \u221270.99999") << -33.5 << -70.99999 << dd << 0.0 << mm << QString();
    QTest::newRow("DD S and W letters") << QStringLiteral("33.5S 70.99999W") << -33.5 << -70.99999 << dd << 0.0 << mm << QString();
    QTest::newRow("DD explicit plus") << QStringLiteral("+39.7583 +46.7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD decimal commas") << QStringLiteral("39,7583 46,7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD decimal commas and separator comma") << QStringLiteral("39,7583, 46,7483") << kShushaLat << kShushaLon << dd << 0.0 << mm << QString();
    QTest::newRow("DD integer pair with comma separator") << QStringLiteral("39,46") << 39.0 << 46.0 << dd << 0.0 << mm << QString();
    QTest::newRow("DD limits +90 +180") << QStringLiteral("90, 180") << 90.0 << 180.0 << dd << 0.0 << mm << QString();
    QTest::newRow("DD limits -90 -180") << QStringLiteral("-90 -180") << -90.0 << -180.0 << dd << 0.0 << mm << QString();

    // Degrees, minutes, seconds (and decimal minutes).
    QTest::newRow("DMS Unicode prime and double prime") << QStringLiteral("39°45′29.9″N 46°44′53.9″E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS spaced with blanks around letters") << QStringLiteral("39°45′29.9″ N, 46°44′53.9″ E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS ASCII quote marks") << QStringLiteral("39°45'29.9\"N 46°44'53.9\"E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS two apostrophes for seconds") << QStringLiteral("39°45'29.9''N 46°44'53.9''E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS typographic quotes") << QStringLiteral("39°45’29.9”N 46°44’53.9”E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS masculine ordinal as degree") << QStringLiteral("39º45'29.9\"N 46º44'53.9\"E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS numbers and letters only") << QStringLiteral("39 45 29.9 N 46 44 53.9 E") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS d m s letters") << QStringLiteral("39d45m29.9sN 46d44m53.9sE") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS d m s letters, no hemispheres") << QStringLiteral("39d45m29.9s 46d44m53.9s") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS marks, no hemispheres") << QStringLiteral("39°45′29.9″ 46°44′53.9″") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS six bare numbers") << QStringLiteral("39 45 29.9 46 44 53.9") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS prefix hemispheres") << QStringLiteral("N 39°45′29.9″ E 46°44′53.9″") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    QTest::newRow("DMS lon first with letters") << QStringLiteral("46°44′53.9″E 39°45′29.9″N") << kShushaDmsLat << kShushaDmsLon << dms << 0.0 << mm << QString();
    // GeoConvert -: output (`echo 39.7583 46.7483 | GeoConvert -: -p 1` gives 39:45:29.88N 046:44:53.88E).
    QTest::newRow("DMS colons (GeoConvert -:)") << QStringLiteral("39:45:29.88N 046:44:53.88E") << 39 + 45 / 60.0 + 29.88 / 3600.0 << 46 + 44 / 60.0 + 53.88 / 3600.0 << dms << 0.0 << mm << QString();
    QTest::newRow("DM colons, no hemispheres") << QStringLiteral("39:45.498 46:44.898") << 39 + 45.498 / 60.0 << 46 + 44.898 / 60.0 << dms << 0.0 << mm << QString();
    QTest::newRow("DMS southern/western") << QStringLiteral("33°30′00″S 70°59′59.964″W") << -33.5 << -(70 + 59 / 60.0 + 59.964 / 3600.0) << dms << 0.0 << mm << QString();
    // The sign belongs to the whole value, also when the degrees are zero (-0°30′ is -0.5°, not +0.5°).
    QTest::newRow("DMS negative zero degrees") << QStringLiteral("-0°30′, -0°15′") << -0.5 << -0.25 << dms << 0.0 << mm << QString();
    // 45.498′ = 45′29.88″: the SOURCES.md infobox value 39°45.5′ written to 0.001′.
    QTest::newRow("DM decimal minutes, ASCII") << QStringLiteral("39°45.498'N 46°44.898'E") << 39 + 45.498 / 60.0 << 46 + 44.898 / 60.0 << dms << 0.0 << mm << QString();
    QTest::newRow("DM decimal minutes, prime") << QStringLiteral("39°45.5′N 46°44.9′E") << 39 + 45.5 / 60.0 << 46 + 44.9 / 60.0 << dms << 0.0 << mm << QString();
    QTest::newRow("DM decimal comma minutes") << QStringLiteral("39°45,498′N 46°44,898′E") << 39 + 45.498 / 60.0 << 46 + 44.898 / 60.0 << dms << 0.0 << mm << QString();
    QTest::newRow("DM four bare numbers") << QStringLiteral("39 45.498 46 44.898") << 39 + 45.498 / 60.0 << 46 + 44.898 / 60.0 << dms << 0.0 << mm << QString();

    // UTM: figures are truncated metres, so the centre of the 1 m square.
    QTest::newRow("UTM zone+N (GeoConvert)") << QStringLiteral("38N 649763 4402393") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QString();
    QTest::newRow("UTM spaced N with E/N suffixes (GeoConvert)") << QStringLiteral("38 N 649763E 4402393N") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QString();
    QTest::newRow("UTM mE mN suffixes, 'north' (GeoConvert)") << QStringLiteral("38 north 649763mE 4402393mN") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QString();
    QTest::newRow("UTM lowercase, comma (GeoConvert)") << QStringLiteral("38n 649763, 4402393") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QString();
    // Shusha lies in band S (39.76°N < 40°N): band T is the neighbour, accepted with a note.
    QTest::newRow("UTM band letter T, neighbour band (GeoConvert)") << QStringLiteral("38T 649763 4402393") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QStringLiteral("outside band T");
    QTest::newRow("UTM band S read as band (GeoConvert)") << QStringLiteral("38S 649763 4402393") << kShushaUtmLat << kShushaUtmLon << utm << 1.0 << mm << QStringLiteral("band S (northern hemisphere)");
    // GeoConvert: 19s 314215.5 6291490.5 → -33.500001510011 -70.999988087313.
    QTest::newRow("UTM S outside band S is the southern hemisphere (GeoConvert)") << QStringLiteral("19S 314215 6291490") << -33.500001510011 << -70.999988087313 << utm << 1.0 << mm << QStringLiteral("southern hemisphere");
    QTest::newRow("UTM 'south' (GeoConvert)") << QStringLiteral("19 south 314215 6291490") << -33.500001510011 << -70.999988087313 << utm << 1.0 << mm << QString();
    QTest::newRow("UTM southern band H (GeoConvert)") << QStringLiteral("19H 314215 6291490") << -33.500001510011 << -70.999988087313 << utm << 1.0 << mm << QString();
    // GeoConvert: 38n 649763.4735 4402393.0085 → 39.758300000064 46.748300004532 (0.001 m square, centre).
    QTest::newRow("UTM millimetre decimals (GeoConvert)") << QStringLiteral("38N 649763.473 4402393.008") << 39.758300000064 << 46.748300004532 << utm << 0.001 << mm << QString();

    // MGRS: GeoConvert returns the centre of the square.
    QTest::newRow("MGRS 1 m, compact (GeoConvert)") << QStringLiteral("38SPK4976302393") << kShushaUtmLat << kShushaUtmLon << mgrs << 1.0 << mm << QString();
    QTest::newRow("MGRS 1 m, spaced (GeoConvert)") << QStringLiteral("38S PK 49763 02393") << kShushaUtmLat << kShushaUtmLon << mgrs << 1.0 << mm << QString();
    QTest::newRow("MGRS 1 m, lowercase, partly spaced (GeoConvert)") << QStringLiteral("38spk 49763 02393") << kShushaUtmLat << kShushaUtmLon << mgrs << 1.0 << mm << QString();
    QTest::newRow("MGRS 10 m (GeoConvert)") << QStringLiteral("38SPK49760239") << 39.758317667094 << 46.748318270329 << mgrs << 10.0 << mm << QString();
    QTest::newRow("MGRS 100 m (GeoConvert)") << QStringLiteral("38SPK497023") << 39.757915035144 << 46.748132991587 << mgrs << 100.0 << mm << QString();
    QTest::newRow("MGRS 1 km (GeoConvert)") << QStringLiteral("38SPK4902") << 39.759309843998 << 46.745249955590 << mgrs << 1000.0 << mm << QString();
    QTest::newRow("MGRS 10 km (GeoConvert)") << QStringLiteral("38SPK40") << 39.782603280247 << 46.693290968057 << mgrs << 10000.0 << mm << QString();
    QTest::newRow("MGRS 100 km, no digits (GeoConvert)") << QStringLiteral("38SPK") << 40.186988003039 << 46.762038283258 << mgrs << 100000.0 << mm << QString();
    QTest::newRow("MGRS Stepanakert (GeoConvert)") << QStringLiteral("38SPK4995108723") << 39.815278804648 << 46.751939863397 << mgrs << 1.0 << mm << QString();
    QTest::newRow("MGRS UPS north (GeoConvert of 85N 10E)") << QStringLiteral("ZAB9645452981") << 85.000001648780 << 10.000038551304 << mgrs << 1.0 << mm << QString();
    QTest::newRow("MGRS UPS south (GeoConvert of 85.5S 120.25W)") << QStringLiteral("A TK 68208 48186") << -85.499998619683 << -120.250013844452 << mgrs << 1.0 << mm << QString();
    // Published: GeoConvert(1) manual, EXAMPLES: 38SMB4488 → 33.33424 44.40363 (5 decimals: ±0.6 m).
    QTest::newRow("MGRS GeoConvert manual example 38SMB4488") << QStringLiteral("38SMB4488") << 33.33424 << 44.40363 << mgrs << 1000.0 << 1.0 << QString();
    // Published: FGDC-STD-011-2001 (US National Grid) example 18SUJ2348306479, the
    // Washington Monument; NGS NAD83 38°53′22.08257″N 077°02′06.86427″W. The
    // reference is truncated to 1 m, so the square's centre is within 0.71 m.
    QTest::newRow("MGRS FGDC USNG example, Washington Monument (NGS)") << QStringLiteral("18S UJ 23483 06479") << 38 + 53 / 60.0 + 22.08257 / 3600.0 << -(77 + 2 / 60.0 + 6.86427 / 3600.0) << mgrs << 1.0 << 0.71 << QString();
}

void TestCoordinateParser::parses()
{
    QFETCH(QString, text);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(CoordinateNotation, notation);
    QFETCH(double, precisionMetres);
    QFETCH(double, toleranceMetres);
    QFETCH(QString, noteFragment);

    const Result<ParsedPosition> parsed = CoordinateParser::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    const LonLat expected{lon, lat};
    const double error = metresBetween(parsed->position, expected);
    QVERIFY2(error <= toleranceMetres,
             qPrintable(QStringLiteral("got %1, expected %2: %3 m apart, tolerance %4 m")
                            .arg(describe(parsed->position), describe(expected))
                            .arg(error)
                            .arg(toleranceMetres)));
    QCOMPARE(toString(parsed->notation), toString(notation));
    QCOMPARE(parsed->precisionMetres, precisionMetres);
    if (noteFragment.isEmpty())
        QVERIFY2(parsed->note.isEmpty(), qPrintable(parsed->note));
    else
        QVERIFY2(parsed->note.contains(noteFragment), qPrintable(parsed->note));
    QVERIFY(!parsed->place.has_value());
}

void TestCoordinateParser::rejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("empty") << QString() << QStringLiteral("expected coordinates or a place name");
    QTest::newRow("blank") << QStringLiteral("   ") << QStringLiteral("expected coordinates or a place name");
    QTest::newRow("latitude 95") << QStringLiteral("95, 46") << QStringLiteral("expected latitude within ±90°, got 95");
    QTest::newRow("latitude -90.5 by letter") << QStringLiteral("90.5S 46E") << QStringLiteral("expected latitude within ±90°, got -90.5");
    QTest::newRow("lon, lat without letters") << QStringLiteral("120.5, 39.7") << QStringLiteral("without N, S, E or W the latitude comes first");
    QTest::newRow("longitude 200") << QStringLiteral("39, 200") << QStringLiteral("expected longitude within ±180°, got 200");
    QTest::newRow("61 minutes") << QStringLiteral("39°61′N 46°44′E") << QStringLiteral("expected minutes below 60, got 61");
    // Found by fuzz_coordinate_parser (scripts/fuzz.sh): a number after the
    // seconds read past the end of the degrees/minutes/seconds array.
    QTest::newRow("fuzz: number after seconds") << QString::fromUtf8("1:139°42′′5")
                                                << QStringLiteral("expected at most degrees, minutes and seconds");
    QTest::newRow("60 seconds") << QStringLiteral("39°45′60″N 46°44′53.9″E") << QStringLiteral("expected seconds below 60, got 60");
    QTest::newRow("decimals before minutes") << QStringLiteral("39.5°30′N 46°E") << QStringLiteral("only the last of degrees, minutes and seconds may have decimals");
    QTest::newRow("minutes before degrees") << QStringLiteral("45′39°N 46°E") << QStringLiteral("expected degrees, minutes and seconds in that order");
    QTest::newRow("two latitudes") << QStringLiteral("39.7583N 46.7483N") << QStringLiteral("expected one latitude (N or S) and one longitude (E or W)");
    QTest::newRow("sign and letter") << QStringLiteral("-39.7583S 46.7483E") << QStringLiteral("either a sign or a hemisphere letter");
    QTest::newRow("one hemisphere letter") << QStringLiteral("39.7583N 46.7483") << QStringLiteral("hemisphere letter on both values");
    QTest::newRow("letters before and after") << QStringLiteral("N39.7583 46.7483E") << QStringLiteral("all before or all after");
    QTest::newRow("three numbers") << QStringLiteral("39.7583 46.7483 12") << QStringLiteral("expected latitude and longitude, got 3 numbers");
    QTest::newRow("one number") << QStringLiteral("39.7583") << QStringLiteral("expected latitude and longitude, got 1 number");
    QTest::newRow("three values") << QStringLiteral("1, 2, 3") << QStringLiteral("expected two values, latitude and longitude, got 3");
    QTest::newRow("hyphen between numbers") << QStringLiteral("39.7583-46.7483") << QStringLiteral("'-' straight after a number is ambiguous");
    QTest::newRow("UTM easting and northing run together") << QStringLiteral("38N6497634402393") << QStringLiteral("expected a space between the UTM easting and northing");
    QTest::newRow("ambiguous decimal comma") << QStringLiteral("39,5 46") << QStringLiteral("ambiguous commas");
    QTest::newRow("unexpected character") << QStringLiteral("39.7583 @ 46.7483") << QStringLiteral("unexpected character '@'");
    QTest::newRow("words with a number") << QStringLiteral("hello 12") << QStringLiteral("could not read \"hello\"");
    QTest::newRow("three colons") << QStringLiteral("39:45:29:9N 46E") << QStringLiteral("expected at most degrees, minutes and seconds for one value, got 4 numbers");
    QTest::newRow("lone mark") << QStringLiteral("° 39 46") << QStringLiteral("must follow a number");
    QTest::newRow("MGRS odd digits") << QStringLiteral("38SPK497630239") << QStringLiteral("MGRS needs an even number of digits");
    QTest::newRow("MGRS odd digits, one") << QStringLiteral("38SPK4") << QStringLiteral("MGRS needs an even number of digits");
    QTest::newRow("MGRS unequal groups") << QStringLiteral("38SPK 4976 302393") << QStringLiteral("same number of digits, got 4 and 6");
    QTest::newRow("MGRS too many digits") << QStringLiteral("38SPK497630239312") << QStringLiteral("at most 5 digits each");
    QTest::newRow("MGRS letter I") << QStringLiteral("38SIK4976302393") << QStringLiteral("not a valid MGRS reference");
    QTest::newRow("MGRS zone 61") << QStringLiteral("61SPK4976302393") << QStringLiteral("not a valid MGRS reference");
    QTest::newRow("MGRS grid zone only") << QStringLiteral("38S") << QStringLiteral("MGRS needs the 100 km square letters");
    QTest::newRow("UTM zone 61") << QStringLiteral("61N 649763 4402393") << QStringLiteral("expected a UTM zone from 1 to 60, got 61");
    QTest::newRow("UTM zone 0") << QStringLiteral("0N 649763 4402393") << QStringLiteral("expected a UTM zone from 1 to 60, got 0");
    QTest::newRow("UTM band I") << QStringLiteral("38I 649763 4402393") << QStringLiteral("latitude band letter C to X");
    QTest::newRow("UTM easting out of range") << QStringLiteral("38N 6497630 4402393") << QStringLiteral("expected UTM easting and northing");
    QTest::newRow("UTM band far from latitude") << QStringLiteral("38X 649763 4402393") << QStringLiteral("UTM band X covers 72.00°N to 84.00°N");
    QTest::newRow("unknown name, no gazetteer") << QStringLiteral("Shusha") << QStringLiteral("\"Shusha\": unknown place; try a name like Shusha, or coordinates such as 39.7583, 46.7483");
    QTest::newRow("garbage") << QStringLiteral("!!!") << QStringLiteral("unknown place");
}

void TestCoordinateParser::rejects()
{
    QFETCH(QString, text);
    QFETCH(QString, fragment);
    const Result<ParsedPosition> parsed = CoordinateParser::parse(text);
    QVERIFY2(!parsed.ok(), qPrintable(parsed.ok() ? describe(parsed->position) : QString()));
    QVERIFY2(parsed.error().message.contains(fragment),
             qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"").arg(parsed.error().message, fragment)));
}

void TestCoordinateParser::placeNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::addColumn<QString>("matched");
    QTest::addColumn<bool>("approximate");
    QTest::addColumn<QString>("errorFragment");

    // Coordinates: SOURCES.md §4 (the gazetteer copies them); Sarybaba summit: the lead's fixed position.
    QTest::newRow("Şuşa (az)") << QStringLiteral("Şuşa") << kShushaLat << kShushaLon << QStringLiteral("Şuşa") << false << QString();
    QTest::newRow("shushi, lower case") << QStringLiteral("shushi") << kShushaLat << kShushaLon << QStringLiteral("Shushi") << false << QString();
    QTest::newRow("Степанакерт (ru)") << QStringLiteral("Степанакерт") << 39.81528 << 46.75194 << QStringLiteral("Степанакерт") << false << QString();
    QTest::newRow("Mount Sarybaba is approximate") << QStringLiteral("Mount Sarybaba") << 39.6950 << 46.5850 << QStringLiteral("Mount Sarybaba") << true << QString();
    QTest::newRow("unknown with suggestions") << QStringLiteral("Shu") << 0.0 << 0.0 << QString() << false << QStringLiteral("did you mean Shusha, Shushi");
    QTest::newRow("unknown without suggestions") << QStringLiteral("Atlantis") << 0.0 << 0.0 << QString() << false << QStringLiteral("\"Atlantis\": unknown place; try a name like Shusha, or coordinates such as 39.7583, 46.7483");
    QTest::newRow("bad coordinates stay coordinate errors") << QStringLiteral("95, 46") << 0.0 << 0.0 << QString() << false << QStringLiteral("expected latitude within ±90°");
}

void TestCoordinateParser::placeNames()
{
    QFETCH(QString, text);
    QFETCH(double, lat);
    QFETCH(double, lon);
    QFETCH(QString, matched);
    QFETCH(bool, approximate);
    QFETCH(QString, errorFragment);

    const Result<ParsedPosition> parsed = CoordinateParser::parse(text, &mGazetteer);
    if (!errorFragment.isEmpty()) {
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(errorFragment), qPrintable(parsed.error().message));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(toString(parsed->notation), toString(CoordinateNotation::PlaceName));
    QCOMPARE(parsed->position.lat, lat);
    QCOMPARE(parsed->position.lon, lon);
    QCOMPARE(parsed->precisionMetres, 0.0);
    QVERIFY(parsed->place.has_value());
    QCOMPARE(parsed->place->matchedName.text, matched);
    QCOMPARE(parsed->place->place.approximate, approximate);
    QVERIFY(!parsed->place->place.source.isEmpty());
    QCOMPARE(parsed->note.contains(QStringLiteral("approximate")), approximate);
}

void TestCoordinateParser::roundTripsCoordinateFormat_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::newRow("Shusha (en.wikipedia)") << kShushaLat << kShushaLon;
    QTest::newRow("Lachin (en.wikipedia)") << 39.64083 << 46.54694;
    QTest::newRow("southern/western, Andes") << -33.5 << -70.99999;
    QTest::newRow("just east of the antimeridian") << -16.5 << 179.99;
}

// CoordinateFormat writes what the status bar shows; whatever it writes must
// come back to the same place: within the rounding of each format.
void TestCoordinateParser::roundTripsCoordinateFormat()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    const LonLat p{lon, lat};
    struct Case
    {
        QString text;
        double toleranceMetres;
    };
    const Case cases[] = {
        {CoordinateFormat::decimalDegrees(p), 0.6},          // 1e-5° halves: 0.56 m
        {CoordinateFormat::degreesMinutesSeconds(p), 2.2},   // 0.05″ in each axis: 1.5 m, diagonal 2.2 m
        {CoordinateFormat::utm(p), 0.71},                    // centre of the 1 m square
        {CoordinateFormat::mgrs(p), 0.71},
    };
    for (const Case &c : cases) {
        QVERIFY(!c.text.isEmpty());
        const Result<ParsedPosition> parsed = CoordinateParser::parse(c.text);
        QVERIFY2(parsed.ok(), qPrintable(c.text + QStringLiteral(": ") + (parsed.ok() ? QString() : parsed.error().message)));
        const double error = metresBetween(parsed->position, p);
        QVERIFY2(error <= c.toleranceMetres,
                 qPrintable(QStringLiteral("%1 → %2: %3 m off").arg(c.text, describe(parsed->position)).arg(error)));
    }
}

// GeographicLib throws on bad MGRS and UTM; the parser must not. Every prefix
// of every accepted form is thrown at it (a typist's intermediate states).
void TestCoordinateParser::neverThrowsOnTruncatedInput()
{
    const QStringList forms = {
        QStringLiteral("39°45′29.9″N 46°44′53.9″E"), QStringLiteral("39d45m29.9sN 46d44m53.9sE"),
        QStringLiteral("38 N 649763E 4402393N"),     QStringLiteral("38S PK 49763 02393"),
        QStringLiteral("ZAB9645452981"),              QStringLiteral("N39,7583 E46,7483"),
        QStringLiteral("-33.5, -70.99999"),           QStringLiteral("38SMB4488"),
    };
    int accepted = 0, rejected = 0;
    for (const QString &form : forms) {
        for (qsizetype n = 0; n <= form.size(); ++n) {
            const QString text = form.left(n);
            try {
                const Result<ParsedPosition> parsed = CoordinateParser::parse(text, &mGazetteer);
                if (parsed.ok()) {
                    QVERIFY2(parsed->position.isValid(), qPrintable(text));
                    ++accepted;
                } else {
                    QVERIFY2(!parsed.error().message.isEmpty(), qPrintable(text));
                    ++rejected;
                }
            } catch (...) {
                QFAIL(qPrintable(QStringLiteral("parse threw on \"%1\"").arg(text)));
            }
        }
    }
    QVERIFY(accepted > 0);
    QVERIFY(rejected > 0);
}

// Random strings over the parser's own alphabet (digits, separators, marks,
// hemisphere, unit and MGRS letters), seeded so a failure is reproducible.
void TestCoordinateParser::neverThrowsOnRandomInput()
{
    const QString alphabet = QStringLiteral("0123456789.,;:/-+ °º′″'\"’”NSEWnsewdmsDMSZABPKT\u2212");
    QRandomGenerator random(20261126);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        QString text;
        const int length = static_cast<int>(random.bounded(1, 24));
        for (int k = 0; k < length; ++k)
            text += alphabet.at(static_cast<qsizetype>(random.bounded(static_cast<int>(alphabet.size()))));
        try {
            const Result<ParsedPosition> parsed = CoordinateParser::parse(text, &mGazetteer);
            if (parsed.ok()) {
                QVERIFY2(parsed->position.isValid() && std::abs(parsed->position.lon) <= 180.0, qPrintable(text));
                ++accepted;
            } else {
                QVERIFY2(!parsed.error().message.isEmpty(), qPrintable(text));
            }
        } catch (...) {
            QFAIL(qPrintable(QStringLiteral("parse threw on \"%1\"").arg(text)));
        }
    }
    QVERIFY(accepted > 0);
}

// A name with digits is tried in the gazetteer before the coordinate error is
// given: "Height 2054 m" (Turan's "2054m height", placed approximately).
void TestCoordinateParser::namesWithDigitsReachTheGazetteer()
{
    const Result<ParsedPosition> parsed = CoordinateParser::parse(QStringLiteral("height 2054 m"), &mGazetteer);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(toString(parsed->notation), toString(CoordinateNotation::PlaceName));
    // maps/shusha/SOURCES.md: GeodSolve 2.9 km at 45° from the approximate summit.
    QCOMPARE(parsed->position, (LonLat{46.608914, 39.713467}));
    QVERIFY(parsed->place->place.approximate);
    QVERIFY2(parsed->note.startsWith(QStringLiteral("approximate position")), qPrintable(parsed->note));
    // Without the gazetteer it is bad coordinates.
    const Result<ParsedPosition> without = CoordinateParser::parse(QStringLiteral("height 2054 m"));
    QVERIFY(!without.ok());
    QVERIFY2(without.error().message.contains(QStringLiteral("could not read \"height\"")),
             qPrintable(without.error().message));
}

QTEST_GUILESS_MAIN(TestCoordinateParser)
#include "test_coordinate_parser.moc"

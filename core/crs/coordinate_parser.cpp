#include "crs/coordinate_parser.h"

#include <GeographicLib/MGRS.hpp>
#include <GeographicLib/UTMUPS.hpp>

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

namespace linewatch {

QString toString(CoordinateNotation notation)
{
    switch (notation) {
    case CoordinateNotation::DecimalDegrees:
        return QStringLiteral("decimal degrees");
    case CoordinateNotation::DegreesMinutesSeconds:
        return QStringLiteral("DMS");
    case CoordinateNotation::Utm:
        return QStringLiteral("UTM");
    case CoordinateNotation::Mgrs:
        return QStringLiteral("MGRS");
    case CoordinateNotation::PlaceName:
        return QStringLiteral("place name");
    }
    return {};
}

namespace {

const QString kTryInstead = QStringLiteral("try a name like Shusha, or coordinates such as 39.7583, 46.7483");
const QString kDegreesExample =
    QStringLiteral("expected coordinates such as 39.7583, 46.7483 or 39°45′29.9″N 46°44′53.9″E");

QString number(double value) { return QString::number(value, 'g', 12); }

double powerOfTen(int exponent)
{
    double p = 1.0;
    for (int i = 0; i < std::abs(exponent); ++i)
        p *= 10.0;
    return exponent < 0 ? 1.0 / p : p;
}

// ---------------------------------------------------------------- MGRS

/// MGRS is recognised by its shape (zone, band, two square letters, digits);
/// everything else about it is checked here or by GeographicLib.
std::optional<Result<ParsedPosition>> tryMgrs(const QString &text)
{
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    QString compact = text.toUpper();
    compact.remove(blanks);
    static const QRegularExpression utmForm(QStringLiteral("^\\d{1,2}[A-Z][A-Z]{2}(\\d*)$"));
    static const QRegularExpression upsForm(QStringLiteral("^[ABYZ][A-Z]{2}(\\d+)$"));
    static const QRegularExpression zoneOnly(QStringLiteral("^\\d{1,2}[C-HJ-NP-X]$"));

    if (zoneOnly.match(compact).hasMatch())
        return Result<ParsedPosition>(Error(
            QStringLiteral("MGRS needs the 100 km square letters after the grid zone, e.g. 38SPK or 38SPK4902")));
    QRegularExpressionMatch match = utmForm.match(compact);
    if (!match.hasMatch())
        match = upsForm.match(compact);
    if (!match.hasMatch())
        return std::nullopt;

    const QString digits = match.captured(1);
    // Written in groups ("38S PK 4976 302393"), easting and northing must have
    // the same length; a mismatch is a typo that the compact form would hide.
    const QStringList groups = text.trimmed().split(blanks);
    if (groups.size() >= 3) {
        static const QRegularExpression allDigits(QStringLiteral("^\\d+$"));
        const QString &e = groups.at(groups.size() - 2);
        const QString &n = groups.at(groups.size() - 1);
        if (allDigits.match(e).hasMatch() && allDigits.match(n).hasMatch() && e.size() != n.size())
            return Result<ParsedPosition>(
                Error(QStringLiteral("MGRS easting and northing need the same number of digits, got %1 and %2")
                          .arg(e.size())
                          .arg(n.size())));
    }
    if (digits.size() % 2 != 0)
        return Result<ParsedPosition>(
            Error(QStringLiteral("MGRS needs an even number of digits (as many for the easting as for the "
                                 "northing), got %1")
                      .arg(digits.size())));
    if (digits.size() > 10)
        return Result<ParsedPosition>(Error(
            QStringLiteral("MGRS takes at most 5 digits each for easting and northing (1 m), got %1 digits")
                .arg(digits.size())));

    try {
        int zone = 0;
        bool north = true;
        double x = 0, y = 0, lat = 0, lon = 0;
        int prec = 0;
        GeographicLib::MGRS::Reverse(compact.toStdString(), zone, north, x, y, prec, true);
        GeographicLib::UTMUPS::Reverse(zone, north, x, y, lat, lon);
        ParsedPosition parsed;
        parsed.position = LonLat{lon, lat};
        parsed.notation = CoordinateNotation::Mgrs;
        parsed.precisionMetres = 100000.0 * powerOfTen(-prec);
        return Result<ParsedPosition>(parsed);
    } catch (const std::exception &e) {
        return Result<ParsedPosition>(
            Error(QStringLiteral("not a valid MGRS reference: %1").arg(QString::fromUtf8(e.what()))));
    }
}

// ---------------------------------------------------------------- UTM

constexpr char kBands[] = "CDEFGHJKLMNPQRSTUVWX"; // 8° bands from 80°S; X is 72–84°N

/// [deg] southern and northern edge of a latitude band.
std::pair<double, double> bandRange(int index)
{
    const double south = -80.0 + 8.0 * index;
    return {south, index == 19 ? 84.0 : south + 8.0};
}

QString latitudeText(double lat)
{
    return QStringLiteral("%1°%2").arg(std::abs(lat), 0, 'f', 2).arg(lat < 0 ? QLatin1Char('S') : QLatin1Char('N'));
}

std::optional<Result<ParsedPosition>> tryUtm(const QString &text)
{
    static const QRegularExpression utmForm(
        QStringLiteral("^(\\d{1,2})\\s*(NORTH|SOUTH|[A-Z])\\s*[,;]?\\s*(\\d+(?:\\.\\d+)?)"
                       "(?:\\s*M?E\\s*[,;]?\\s*|\\s*[,;]\\s*|\\s+)" // something must part easting and northing
                       "(\\d+(?:\\.\\d+)?)\\s*(?:M?N)?$"));
    const QRegularExpressionMatch match = utmForm.match(text.toUpper());
    if (!match.hasMatch()) {
        static const QRegularExpression runTogether(QStringLiteral("^\\d{1,2}\\s*[A-Z]\\s*\\d{9,}$"));
        if (runTogether.match(text.toUpper()).hasMatch())
            return Result<ParsedPosition>(
                Error(QStringLiteral("expected a space between the UTM easting and northing, as in 38N 649763 4402393")));
        return std::nullopt;
    }

    const int zone = match.captured(1).toInt();
    if (zone < 1 || zone > 60)
        return Result<ParsedPosition>(Error(QStringLiteral("expected a UTM zone from 1 to 60, got %1").arg(zone)));
    const QString letter = match.captured(2);
    const QString eastingText = match.captured(3);
    const QString northingText = match.captured(4);

    // Whole metres denote a 1 m square (like MGRS, the figures are truncated,
    // as CoordinateFormat::utm writes them); return its centre.
    auto decimalsOf = [](const QString &s) {
        const qsizetype dot = s.indexOf(QLatin1Char('.'));
        return dot < 0 ? 0 : static_cast<int>(s.size() - dot - 1);
    };
    const double precision = powerOfTen(-std::min(decimalsOf(eastingText), decimalsOf(northingText)));
    const double x = eastingText.toDouble() + precision / 2;
    const double y = northingText.toDouble() + precision / 2;

    auto reverse = [&](bool north, double &lat, double &lon) -> std::optional<Error> {
        try {
            GeographicLib::UTMUPS::Reverse(zone, north, x, y, lat, lon);
            return std::nullopt;
        } catch (const std::exception &e) {
            return Error(QStringLiteral("expected UTM easting and northing in metres within the zone: %1")
                             .arg(QString::fromUtf8(e.what())));
        }
    };

    ParsedPosition parsed;
    parsed.notation = CoordinateNotation::Utm;
    parsed.precisionMetres = precision;
    double lat = 0, lon = 0;
    const QString zoneText = match.captured(1) + letter;

    if (letter == QStringLiteral("NORTH") || letter == QStringLiteral("N") || letter == QStringLiteral("SOUTH")) {
        if (auto error = reverse(letter != QStringLiteral("SOUTH"), lat, lon))
            return Result<ParsedPosition>(*error);
    } else if (letter == QStringLiteral("S")) {
        // "S" is band S (32–40°N) or, in GeographicLib's notation, the
        // southern hemisphere. Band S wins when the point then lies in it,
        // which is what analysts of this region mean by "38S".
        const auto [bandSouth, bandNorth] = bandRange(static_cast<int>(QByteArray(kBands).indexOf('S')));
        if (!reverse(true, lat, lon) && lat >= bandSouth && lat < bandNorth) {
            parsed.note = QStringLiteral("%1 read as latitude band S (northern hemisphere); write \"%2 south\" for "
                                         "the southern hemisphere")
                              .arg(zoneText, match.captured(1));
        } else {
            if (auto error = reverse(false, lat, lon))
                return Result<ParsedPosition>(*error);
            parsed.note = QStringLiteral("%1 read as the southern hemisphere (the northing is not in band S, "
                                         "32°N to 40°N)")
                              .arg(zoneText);
        }
    } else {
        const int band = static_cast<int>(QByteArray(kBands).indexOf(letter.toLatin1()));
        if (letter.size() != 1 || band < 0)
            return Result<ParsedPosition>(
                Error(QStringLiteral("expected N or S (hemisphere) or a latitude band letter C to X (not I or O) "
                                     "after UTM zone %1, got %2")
                          .arg(zone)
                          .arg(letter)));
        const bool north = band >= 10; // N is the first band north of the equator
        if (auto error = reverse(north, lat, lon))
            return Result<ParsedPosition>(*error);
        // The letter is trusted for the hemisphere; the latitude may stray
        // into a neighbouring band (a point near a band edge, or a letter
        // taken from the map sheet) but not further.
        const auto [bandSouth, bandNorth] = bandRange(band);
        if (lat < bandSouth - 8.0 || lat > bandNorth + 8.0)
            return Result<ParsedPosition>(Error(
                QStringLiteral("UTM band %1 covers %2 to %3, but the easting and northing give %4; expected the "
                               "band letter of the latitude (or N/S for the hemisphere)")
                    .arg(letter, latitudeText(bandSouth), latitudeText(bandNorth), latitudeText(lat))));
        if (lat < bandSouth || lat >= bandNorth)
            parsed.note = QStringLiteral("%1 is at %2, outside band %3 (%4 to %5); only the hemisphere was taken "
                                         "from the band letter")
                              .arg(zoneText, latitudeText(lat), letter, latitudeText(bandSouth),
                                   latitudeText(bandNorth));
    }
    parsed.position = LonLat{lon, lat};
    return Result<ParsedPosition>(parsed);
}

// ---------------------------------------------------------------- degrees

enum class Unit { None, Degrees, Minutes, Seconds };

struct Token
{
    enum Kind { Number, Mark, Hemisphere, Separator } kind = Number;
    double value = 0.0;
    bool fraction = false;    ///< the number has decimals
    bool negative = false;
    bool hasSign = false;
    Unit unit = Unit::None;   ///< Mark: which; Number: set when a mark follows
    QChar hemisphere;         ///< 'N', 'S', 'E' or 'W'
    QString text;
};

bool isDegreeMark(QChar c) { return c == QChar(0x00B0) || c == QChar(0x00BA) || c == QChar(0x02DA); }

bool isMinuteMark(QChar c)
{
    switch (c.unicode()) {
    case '\'':
    case '`':
    case 0x2032: // ′ prime
    case 0x2019: // ’
    case 0x2018: // ‘
    case 0x00B4: // ´
    case 0x02B9: // ʹ
    case 0x02BC: // ʼ
        return true;
    default:
        return false;
    }
}

bool isSecondMark(QChar c)
{
    switch (c.unicode()) {
    case '"':
    case 0x2033: // ″ double prime
    case 0x201D: // ”
    case 0x201C: // “
    case 0x02BA: // ʺ
        return true;
    default:
        return false;
    }
}

bool isSign(QChar c) { return c == QLatin1Char('-') || c == QLatin1Char('+') || c == QChar(0x2212); }

bool isHemisphereLetter(QChar c)
{
    const QChar u = c.toUpper();
    return u == QLatin1Char('N') || u == QLatin1Char('S') || u == QLatin1Char('E') || u == QLatin1Char('W');
}

Result<std::vector<Token>> tokenise(const QString &text, bool commaIsDecimal)
{
    std::vector<Token> tokens;
    const qsizetype size = text.size();
    bool spaceBefore = true;
    for (qsizetype i = 0; i < size;) {
        const QChar c = text.at(i);
        auto digitAt = [&](qsizetype k) { return k >= 0 && k < size && text.at(k).isDigit(); };
        if (c.isSpace()) {
            spaceBefore = true;
            ++i;
            continue;
        }
        const bool attached = !spaceBefore;
        spaceBefore = false;

        if (isSign(c) || c.isDigit() || (c == QLatin1Char('.') && digitAt(i + 1))) {
            Token t;
            t.kind = Token::Number;
            qsizetype k = i;
            if (isSign(c)) {
                // "47-66" could be a range or a separator as well as a sign.
                if (attached && !tokens.empty() && (tokens.back().kind == Token::Number || tokens.back().kind == Token::Mark))
                    return Error(QStringLiteral("'%1' straight after a number is ambiguous; put a space or a comma "
                                                "before a signed value")
                                     .arg(QString(c)));
                t.hasSign = true;
                t.negative = c != QLatin1Char('+');
                ++k;
                if (!digitAt(k) && !(k < size && text.at(k) == QLatin1Char('.') && digitAt(k + 1)))
                    return Error(QStringLiteral("expected a number after '%1'").arg(c));
            }
            QString digits;
            while (digitAt(k))
                digits += text.at(k++);
            if (k < size && digitAt(k + 1)
                && (text.at(k) == QLatin1Char('.') || (commaIsDecimal && text.at(k) == QLatin1Char(',') && digitAt(k - 1)))) {
                t.fraction = true;
                digits += QLatin1Char('.');
                ++k;
                while (digitAt(k))
                    digits += text.at(k++);
            }
            t.value = digits.toDouble();
            t.text = text.mid(i, k - i);
            tokens.push_back(t);
            i = k;
            continue;
        }
        if (isDegreeMark(c) || isMinuteMark(c) || isSecondMark(c)) {
            Token t;
            t.kind = Token::Mark;
            t.text = c;
            t.unit = isDegreeMark(c) ? Unit::Degrees : isSecondMark(c) ? Unit::Seconds : Unit::Minutes;
            ++i;
            if (t.unit == Unit::Minutes && i < size && isMinuteMark(text.at(i))) { // '' for seconds
                t.unit = Unit::Seconds;
                t.text += text.at(i++);
            }
            tokens.push_back(t);
            continue;
        }
        if (c == QLatin1Char(':')) {
            // GeoConvert's d:m:s ("39:45:29.9N"); the unit is worked out in group().
            Token t;
            t.kind = Token::Mark;
            t.text = c;
            tokens.push_back(t);
            ++i;
            continue;
        }
        if (c == QLatin1Char(',') || c == QLatin1Char(';') || c == QLatin1Char('/')) {
            Token t;
            t.kind = Token::Separator;
            t.text = c;
            tokens.push_back(t);
            ++i;
            continue;
        }
        if (c.isLetter()) {
            qsizetype end = i;
            while (end < size && text.at(end).isLetter())
                ++end;
            const QString run = text.mid(i, end - i);
            for (qsizetype j = 0; j < run.size(); ++j) {
                const QChar letter = run.at(j);
                const QChar upper = letter.toUpper();
                // d, m and s mark units only straight after a number ("39d45m29.9s").
                const bool afterNumber = j == 0 && attached && !tokens.empty() && tokens.back().kind == Token::Number;
                Token t;
                t.text = letter;
                if (afterNumber && upper == QLatin1Char('D')) {
                    t.kind = Token::Mark;
                    t.unit = Unit::Degrees;
                } else if (afterNumber && upper == QLatin1Char('M')) {
                    t.kind = Token::Mark;
                    t.unit = Unit::Minutes;
                } else if (afterNumber && upper == QLatin1Char('S')
                           && ((j + 1 < run.size() && isHemisphereLetter(run.at(j + 1)))
                               || (letter == QLatin1Char('s') && tokens.size() >= 2
                                   && tokens[tokens.size() - 2].kind == Token::Mark
                                   && tokens[tokens.size() - 2].unit == Unit::Minutes))) {
                    // "29.9sN", or "45m29.9s": seconds, not south.
                    t.kind = Token::Mark;
                    t.unit = Unit::Seconds;
                } else if (isHemisphereLetter(letter)) {
                    t.kind = Token::Hemisphere;
                    t.hemisphere = upper;
                } else {
                    return Error(QStringLiteral("could not read \"%1\"; %2").arg(run, kDegreesExample));
                }
                tokens.push_back(t);
            }
            i = end;
            continue;
        }
        return Error(QStringLiteral("unexpected character '%1'; %2").arg(QString(c), kDegreesExample));
    }
    return tokens;
}

struct Component
{
    std::vector<Token> numbers; ///< Number tokens, unit set when marked
    QChar hemisphere;           ///< null when none was written
};

struct Angle
{
    double degrees = 0.0;
    bool subdivided = false; ///< written with minutes (and seconds)
};

Result<Angle> evaluate(const Component &component)
{
    if (component.numbers.empty())
        return Error(QStringLiteral("expected a number for each of latitude and longitude"));
    if (component.numbers.size() > 3)
        return Error(QStringLiteral("expected at most degrees, minutes and seconds for one value, got %1 numbers")
                         .arg(component.numbers.size()));
    double parts[3] = {0, 0, 0};
    Unit previous = Unit::None;
    for (std::size_t i = 0; i < component.numbers.size(); ++i) {
        const Token &t = component.numbers[i];
        // An unmarked number after seconds has no unit left (fuzzer find:
        // "1:139°42′′5" indexed past the seconds).
        if (t.unit == Unit::None && previous == Unit::Seconds)
            return Error(QStringLiteral("expected at most degrees, minutes and seconds for one value, got \"%1\" after the seconds")
                             .arg(t.text));
        const Unit unit = t.unit != Unit::None ? t.unit : static_cast<Unit>(static_cast<int>(previous) + 1);
        if (unit <= previous || (i == 0 && unit != Unit::Degrees))
            return Error(QStringLiteral("expected degrees, minutes and seconds in that order, got \"%1\"").arg(t.text));
        if (i > 0 && t.hasSign)
            return Error(QStringLiteral("a sign goes before the degrees, not before \"%1\"").arg(t.text));
        if (t.fraction && i + 1 < component.numbers.size())
            return Error(QStringLiteral("only the last of degrees, minutes and seconds may have decimals, got \"%1\"")
                             .arg(t.text));
        if (unit == Unit::Minutes && t.value >= 60.0)
            return Error(QStringLiteral("expected minutes below 60, got %1").arg(number(t.value)));
        if (unit == Unit::Seconds && t.value >= 60.0)
            return Error(QStringLiteral("expected seconds below 60, got %1").arg(number(t.value)));
        parts[static_cast<int>(unit) - 1] = t.value;
        previous = unit;
    }
    const double magnitude = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
    return Angle{component.numbers.front().negative ? -magnitude : magnitude, component.numbers.size() > 1};
}

/// Splits the tokens into the latitude and longitude components.
Result<std::pair<Component, Component>> group(const std::vector<Token> &tokens)
{
    // Marks belong to the number before them.
    std::vector<Token> items;
    for (const Token &t : tokens) {
        if (t.kind == Token::Mark) {
            if (items.empty() || items.back().kind != Token::Number || items.back().unit != Unit::None)
                return Error(QStringLiteral("a mark such as ° ′ ″ must follow a number, got \"%1\"").arg(t.text));
            Unit unit = t.unit;
            if (unit == Unit::None) {
                // A colon ends degrees, or minutes when the number before
                // was itself degrees ended by a colon: "39:45:29.9".
                const bool afterColonDegrees = items.size() >= 2 && items[items.size() - 2].kind == Token::Number
                                               && items[items.size() - 2].unit == Unit::Degrees
                                               && items[items.size() - 2].text.endsWith(QLatin1Char(':'));
                unit = afterColonDegrees ? Unit::Minutes : Unit::Degrees;
                items.back().text += QLatin1Char(':');
            }
            items.back().unit = unit;
        } else {
            items.push_back(t);
        }
    }

    int hemispheres = 0;
    for (const Token &t : items)
        hemispheres += t.kind == Token::Hemisphere;

    std::vector<Component> components;
    if (hemispheres > 0) {
        if (hemispheres != 2)
            return Error(QStringLiteral("expected a hemisphere letter on both values (N or S, and E or W) or on "
                                        "neither"));
        const bool prefix = items.front().kind == Token::Hemisphere;
        if (!prefix && items.back().kind != Token::Hemisphere)
            return Error(QStringLiteral("expected the hemisphere letters all before or all after their values"));
        Component current;
        for (const Token &t : items) {
            if (t.kind == Token::Separator)
                continue;
            if (t.kind == Token::Hemisphere) {
                if (prefix) {
                    if (!current.hemisphere.isNull())
                        components.push_back(current);
                    current = Component{};
                    current.hemisphere = t.hemisphere;
                } else {
                    current.hemisphere = t.hemisphere;
                    components.push_back(current);
                    current = Component{};
                }
            } else {
                current.numbers.push_back(t);
            }
        }
        if (prefix)
            components.push_back(current);
        const bool emptyValue = std::any_of(components.begin(), components.end(),
                                            [](const Component &c) { return c.numbers.empty(); });
        if ((!prefix && !current.numbers.empty()) || emptyValue) // "N39.7583 46.7483E"
            return Error(QStringLiteral("expected the hemisphere letters all before or all after their values"));
    } else {
        // Explicit separators first: "39.7583, 46.7483".
        bool hasSeparator = false;
        components.emplace_back();
        for (const Token &t : items) {
            if (t.kind == Token::Separator) {
                hasSeparator = true;
                components.emplace_back();
            } else {
                components.back().numbers.push_back(t);
            }
        }
        if (!hasSeparator) {
            // No separator: a degree mark starts a value ("39°45′ 46°44′"),
            // else the numbers split in half ("39 45 29.9 46 44 53.9").
            const std::vector<Token> numbers = components.front().numbers;
            components.clear();
            const bool marked = std::any_of(numbers.begin(), numbers.end(),
                                            [](const Token &t) { return t.unit == Unit::Degrees; });
            if (marked) {
                for (const Token &t : numbers) {
                    if (components.empty() || (t.unit == Unit::Degrees && !components.back().numbers.empty()))
                        components.emplace_back();
                    components.back().numbers.push_back(t);
                }
            } else if (numbers.size() % 2 == 0 && !numbers.empty()) {
                components.resize(2);
                for (std::size_t i = 0; i < numbers.size(); ++i)
                    components[i < numbers.size() / 2 ? 0 : 1].numbers.push_back(numbers[i]);
            } else {
                return Error(QStringLiteral("expected latitude and longitude, got %1 number%2; %3")
                                 .arg(numbers.size())
                                 .arg(numbers.size() == 1 ? QString() : QStringLiteral("s"), kDegreesExample));
            }
        }
    }
    if (components.size() != 2)
        return Error(QStringLiteral("expected two values, latitude and longitude, got %1").arg(components.size()));
    for (const Component &component : components)
        if (component.numbers.empty())
            return Error(QStringLiteral("expected a number for each of latitude and longitude; %1").arg(kDegreesExample));
    return std::make_pair(components[0], components[1]);
}

Result<ParsedPosition> parseDegreesOnce(const QString &text, bool commaIsDecimal)
{
    const Result<std::vector<Token>> tokens = tokenise(text, commaIsDecimal);
    if (!tokens)
        return tokens.error();
    if (tokens->empty())
        return Error(kDegreesExample);
    const auto grouped = group(*tokens);
    if (!grouped)
        return grouped.error();
    Component first = grouped->first;
    Component second = grouped->second;

    const bool lettered = !first.hemisphere.isNull();
    if (lettered) {
        auto isLatitude = [](QChar h) { return h == QLatin1Char('N') || h == QLatin1Char('S'); };
        if (isLatitude(first.hemisphere) == isLatitude(second.hemisphere))
            return Error(QStringLiteral("expected one latitude (N or S) and one longitude (E or W), got %1 and %2")
                             .arg(first.hemisphere)
                             .arg(second.hemisphere));
        if (!isLatitude(first.hemisphere))
            std::swap(first, second);
        if (first.numbers.front().hasSign || second.numbers.front().hasSign)
            return Error(QStringLiteral("use either a sign or a hemisphere letter, not both"));
    }

    const Result<Angle> lat = evaluate(first);
    if (!lat)
        return lat.error();
    const Result<Angle> lon = evaluate(second);
    if (!lon)
        return lon.error();
    double latitude = lat->degrees;
    double longitude = lon->degrees;
    if (first.hemisphere == QLatin1Char('S'))
        latitude = -latitude;
    if (second.hemisphere == QLatin1Char('W'))
        longitude = -longitude;

    if (!(std::abs(latitude) <= 90.0)) {
        QString hint;
        if (!lettered && std::abs(longitude) <= 90.0)
            hint = QStringLiteral(" (without N, S, E or W the latitude comes first)");
        return Error(QStringLiteral("expected latitude within ±90°, got %1%2").arg(number(latitude), hint));
    }
    if (!(std::abs(longitude) <= 180.0))
        return Error(QStringLiteral("expected longitude within ±180°, got %1").arg(number(longitude)));

    ParsedPosition parsed;
    parsed.position = LonLat{longitude, latitude};
    parsed.notation = lat->subdivided || lon->subdivided ? CoordinateNotation::DegreesMinutesSeconds
                                                         : CoordinateNotation::DecimalDegrees;
    return parsed;
}

/// Commas are decimal separators only where that is the one reading that
/// works: the text has no point and reading "digit,digit" as a decimal
/// comma parses while reading it as a separator does not (or gives the same).
Result<ParsedPosition> parseDegrees(const QString &text)
{
    static const QRegularExpression decimalComma(QStringLiteral("\\d,\\d"));
    if (text.contains(QLatin1Char('.')) || !decimalComma.match(text).hasMatch())
        return parseDegreesOnce(text, false);
    const Result<ParsedPosition> separated = parseDegreesOnce(text, false);
    const Result<ParsedPosition> decimal = parseDegreesOnce(text, true);
    if (separated && decimal && !(separated->position == decimal->position))
        return Error(QStringLiteral("ambiguous commas in \"%1\": write decimals with a point, or separate latitude "
                                    "and longitude with a comma and a space")
                         .arg(text));
    if (separated)
        return separated;
    return decimal;
}

// ---------------------------------------------------------------- places

Result<ParsedPosition> lookUpPlace(const QString &text, const PlaceLookup *places)
{
    if (!places)
        return Error(QStringLiteral("\"%1\": unknown place; %2").arg(text, kTryInstead));
    const QList<GazetteerMatch> matches = places->find(text);
    if (matches.isEmpty()) {
        QStringList names;
        for (const GazetteerMatch &m : places->suggest(text, 3))
            names << m.matchedName.text;
        if (!names.isEmpty())
            return Error(QStringLiteral("\"%1\": unknown place; did you mean %2? Or enter coordinates such as "
                                        "39.7583, 46.7483")
                             .arg(text, names.join(QStringLiteral(", "))));
        return Error(QStringLiteral("\"%1\": unknown place; %2").arg(text, kTryInstead));
    }
    if (matches.size() > 1) {
        QStringList names;
        for (const GazetteerMatch &m : matches)
            names << m.place.name;
        return Error(QStringLiteral("\"%1\" names several places: %2; type the full name of one")
                         .arg(text, names.join(QStringLiteral("; "))));
    }
    ParsedPosition parsed;
    parsed.position = matches.front().place.position;
    parsed.notation = CoordinateNotation::PlaceName;
    parsed.place = matches.front();
    if (matches.front().place.approximate)
        parsed.note = QStringLiteral("approximate position: %1").arg(matches.front().place.source);
    return parsed;
}

} // namespace

Result<ParsedPosition> CoordinateParser::parse(const QString &text, const PlaceLookup *places)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error(QStringLiteral("expected coordinates or a place name; %1").arg(kTryInstead));
    try {
        if (auto mgrs = tryMgrs(trimmed))
            return *mgrs;
        if (auto utm = tryUtm(trimmed))
            return *utm;
        const bool hasDigit = std::any_of(trimmed.begin(), trimmed.end(), [](QChar c) { return c.isDigit(); });
        if (!hasDigit)
            return lookUpPlace(trimmed, places);
        Result<ParsedPosition> degrees = parseDegrees(trimmed);
        if (!degrees && places && !places->find(trimmed).isEmpty())
            return lookUpPlace(trimmed, places); // a name with digits
        return degrees;
    } catch (const std::exception &e) {
        // Nothing above is expected to throw; keep the promise anyway.
        return Error(QStringLiteral("could not read \"%1\": %2").arg(trimmed, QString::fromUtf8(e.what())));
    }
}

} // namespace linewatch

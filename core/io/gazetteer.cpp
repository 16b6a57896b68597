#include "io/gazetteer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {

Error featureError(const QString &path, int featureNumber, const QString &message)
{
    return Error(QStringLiteral("feature %1: %2").arg(featureNumber).arg(message), path);
}

} // namespace

QString Gazetteer::bundledPath() { return QStringLiteral(":/linewatch/gazetteer.geojson"); }

Result<Gazetteer> Gazetteer::loadBundled() { return load(bundledPath()); }

Result<Gazetteer> Gazetteer::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot open gazetteer: %1").arg(file.errorString()), path);
    return fromGeoJson(file.readAll(), path);
}

Result<Gazetteer> Gazetteer::fromGeoJson(const QByteArray &json, const QString &path)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error(QStringLiteral("not valid JSON at byte %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString()),
                     path);
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("type")).toString() != QStringLiteral("FeatureCollection"))
        return Error(QStringLiteral("expected a GeoJSON FeatureCollection"), path);
    const QJsonValue featuresValue = root.value(QStringLiteral("features"));
    if (!featuresValue.isArray())
        return Error(QStringLiteral("expected a \"features\" array"), path);

    Gazetteer gazetteer;
    const QJsonArray features = featuresValue.toArray();
    for (qsizetype i = 0; i < features.size(); ++i) {
        const int number = static_cast<int>(i) + 1;
        const QJsonObject feature = features.at(i).toObject();
        const QJsonObject geometry = feature.value(QStringLiteral("geometry")).toObject();
        if (geometry.value(QStringLiteral("type")).toString() != QStringLiteral("Point"))
            return featureError(path, number, QStringLiteral("expected a Point geometry"));
        const QJsonArray coordinates = geometry.value(QStringLiteral("coordinates")).toArray();
        if (coordinates.size() < 2 || !coordinates.at(0).isDouble() || !coordinates.at(1).isDouble())
            return featureError(path, number, QStringLiteral("expected Point coordinates [lon, lat]"));

        Place place;
        place.position = LonLat{coordinates.at(0).toDouble(), coordinates.at(1).toDouble()};
        if (!(std::abs(place.position.lat) <= 90.0) || !(std::abs(place.position.lon) <= 180.0))
            return featureError(path, number,
                                QStringLiteral("coordinates [%1, %2] are not a longitude and latitude")
                                    .arg(place.position.lon)
                                    .arg(place.position.lat));

        const QJsonObject properties = feature.value(QStringLiteral("properties")).toObject();
        place.name = properties.value(QStringLiteral("name")).toString();
        if (place.name.trimmed().isEmpty())
            return featureError(path, number, QStringLiteral("expected a non-empty \"name\""));
        place.kind = properties.value(QStringLiteral("kind")).toString();
        place.source = properties.value(QStringLiteral("source")).toString();
        if (place.source.trimmed().isEmpty())
            return featureError(path, number, QStringLiteral("%1: expected a \"source\"").arg(place.name));
        const QJsonValue approximate = properties.value(QStringLiteral("approximate"));
        if (!approximate.isBool())
            return featureError(path, number,
                                QStringLiteral("%1: expected \"approximate\": true or false").arg(place.name));
        place.approximate = approximate.toBool();

        const QJsonArray names = properties.value(QStringLiteral("names")).toArray();
        if (names.isEmpty())
            return featureError(path, number, QStringLiteral("%1: expected a \"names\" array").arg(place.name));
        for (const QJsonValue &value : names) {
            const QJsonObject entry = value.toObject();
            PlaceName name{entry.value(QStringLiteral("name")).toString(),
                           entry.value(QStringLiteral("lang")).toString()};
            if (normalise(name.text).isEmpty() || name.language.isEmpty())
                return featureError(path, number,
                                    QStringLiteral("%1: every entry of \"names\" needs a \"name\" and a \"lang\"")
                                        .arg(place.name));
            place.names.append(name);
        }
        gazetteer.mPlaces.append(place);
    }

    for (int p = 0; p < gazetteer.mPlaces.size(); ++p) {
        const Place &place = gazetteer.mPlaces.at(p);
        for (int n = 0; n < place.names.size(); ++n)
            gazetteer.mEntries.push_back(Entry{normalise(place.names.at(n).text), p, n});
    }
    std::sort(gazetteer.mEntries.begin(), gazetteer.mEntries.end(), [](const Entry &a, const Entry &b) {
        if (a.key != b.key)
            return a.key < b.key;
        return a.place != b.place ? a.place < b.place : a.name < b.name;
    });
    return gazetteer;
}

GazetteerMatch Gazetteer::matchOf(const Entry &entry) const
{
    const Place &place = mPlaces.at(entry.place);
    return GazetteerMatch{place, place.names.at(entry.name)};
}

QList<GazetteerMatch> Gazetteer::find(const QString &name) const
{
    const QString key = normalise(name);
    QList<GazetteerMatch> matches;
    if (key.isEmpty())
        return matches;
    auto it = std::lower_bound(mEntries.begin(), mEntries.end(), key,
                               [](const Entry &e, const QString &k) { return e.key < k; });
    QList<int> seenPlaces;
    for (; it != mEntries.end() && it->key == key; ++it) {
        // Two spellings of one place can fold to the same key (Sarıbaba and
        // Saribaba); report the place once.
        if (seenPlaces.contains(it->place))
            continue;
        seenPlaces.append(it->place);
        matches.append(matchOf(*it));
    }
    return matches; // entries of one key are sorted by place, i.e. file order
}

QList<GazetteerMatch> Gazetteer::suggest(const QString &prefix, int maxResults) const
{
    const QString key = normalise(prefix);
    QList<GazetteerMatch> matches;
    if (key.isEmpty() || maxResults <= 0)
        return matches;
    std::vector<const Entry *> hits;
    for (auto it = std::lower_bound(mEntries.begin(), mEntries.end(), key,
                                    [](const Entry &e, const QString &k) { return e.key < k; });
         it != mEntries.end() && it->key.startsWith(key); ++it)
        hits.push_back(&*it);
    std::stable_sort(hits.begin(), hits.end(), [](const Entry *a, const Entry *b) {
        if (a->key.size() != b->key.size())
            return a->key.size() < b->key.size(); // a whole-name match is the shortest
        return a->place < b->place;
    });
    for (const Entry *entry : hits) {
        if (matches.size() >= maxResults)
            break;
        const GazetteerMatch match = matchOf(*entry);
        const bool duplicate = std::any_of(matches.begin(), matches.end(), [&](const GazetteerMatch &m) {
            return m.place.name == match.place.name && m.matchedName.text == match.matchedName.text;
        });
        if (!duplicate)
            matches.append(match);
    }
    return matches;
}

QString Gazetteer::normalise(const QString &name)
{
    const QString decomposed = name.normalized(QString::NormalizationForm_KD);
    QString key;
    key.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        switch (c.unicode()) {
        case 0x0131: // ı dotless i (Azerbaijani, Turkish): "Laçın" is also typed "Lacin"
            key += QLatin1Char('i');
            continue;
        case 0x0259: // ə schwa (Azerbaijani): "Xankəndi" is also typed "Xankendi"
        case 0x018F: // Ə
            key += QLatin1Char('e');
            continue;
        case 0x02BC: // ʼ modifier letter apostrophe
        case 0x02BB: // ʻ
        case 0x02B9: // ʹ
            continue;
        default:
            break;
        }
        if (c.isMark() || c.isSpace() || c.isPunct() || c.category() == QChar::Symbol_Modifier)
            continue;
        key += c;
    }
    // İ decomposes to I + combining dot above (dropped above), so folding
    // without a Turkish locale gives the expected i.
    return key.toCaseFolded();
}

} // namespace linewatch

#pragma once

#include "common/result.h"
#include "crs/place_lookup.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

namespace linewatch {

/// The place names an analyst types into "go to": a small list of points,
/// each with all its names and spellings in the languages of the region
/// (Azerbaijani, Armenian, Russian, English transliterations) and the source
/// of its coordinate.
///
/// Lookup ignores case, accents, script variants of letters and punctuation
/// (see normalise()), so "susa", "ŞUŞA" and "Şuşa" find the same entry. It
/// does not transliterate: "Shushi" is found because it is listed as a name,
/// not because it is derived from "Շուշի".
///
/// The file is GeoJSON: a FeatureCollection of Points, each with properties
/// `name` (string), `names` (array of {"name", "lang"}), `source` (string),
/// `approximate` (bool) and optionally `kind` (string).
class Gazetteer final : public PlaceLookup
{
public:
    Gazetteer() = default;

    /// Reads a gazetteer file. Errors name the file (Error::path) and, for a
    /// bad feature, its 1-based number ("feature 3: expected a Point geometry").
    static Result<Gazetteer> load(const QString &path);

    /// Parses GeoJSON text; `path` is only used in error messages.
    static Result<Gazetteer> fromGeoJson(const QByteArray &json, const QString &path = {});

    /// The gazetteer of the Shusha region compiled into the library
    /// (maps/shusha/gazetteer.geojson, as a Qt resource at bundledPath()).
    static Result<Gazetteer> loadBundled();
    static QString bundledPath();

    const QList<Place> &places() const { return mPlaces; }

    /// Places with a name equal to `name` after normalise(), in file order.
    /// Usually one; empty when nothing matches.
    QList<GazetteerMatch> find(const QString &name) const override;

    /// Names that start with `prefix` after normalise(), for a completer:
    /// whole-name matches first, then shorter names, then file order; at most
    /// `maxResults`. One place may appear once per matching spelling
    /// ("Shush" offers both "Shusha" and "Shushi"). An empty prefix offers
    /// nothing.
    QList<GazetteerMatch> suggest(const QString &prefix, int maxResults = 10) const override;

    /// The lookup key of a name: Unicode NFKD, combining marks dropped, case
    /// folded, dotless ı and schwa ə mapped to i and e, and spaces,
    /// hyphens, apostrophes and other punctuation removed. "Böyük Kirs" →
    /// "boyukkirs", "Xankəndi" → "xankendi", "İ" → "i".
    static QString normalise(const QString &name);

private:
    struct Entry
    {
        QString key;   ///< normalise(name)
        int place = 0; ///< index into mPlaces
        int name = 0;  ///< index into mPlaces[place].names
    };

    GazetteerMatch matchOf(const Entry &entry) const;

    QList<Place> mPlaces;
    std::vector<Entry> mEntries; ///< sorted by key, then place, then name
};

} // namespace linewatch

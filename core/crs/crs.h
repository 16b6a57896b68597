#pragma once

#include "common/result.h"

#include <QString>

namespace linewatch {

/// A coordinate reference system as text PROJ understands ("EPSG:32638", a
/// WKT string from a GDAL dataset, a PROJ string), checked once on creation.
/// A value type: cheap to copy, safe to send to worker threads (it holds no
/// PROJ handle; transforms are made per thread by CrsTransform).
class Crs
{
public:
    Crs() = default;

    /// Parses and checks the definition; the error names what PROJ said.
    static Result<Crs> fromString(const QString &definition);
    static Crs wgs84() { return fromKnown(QStringLiteral("EPSG:4326"), QStringLiteral("WGS 84"), true); }
    static Crs webMercator() { return fromKnown(QStringLiteral("EPSG:3857"), QStringLiteral("WGS 84 / Pseudo-Mercator"), false); }

    bool isValid() const { return !mDefinition.isEmpty(); }
    /// The definition as given (EPSG code or WKT).
    const QString &definition() const { return mDefinition; }
    /// A short human name, e.g. "WGS 84 / UTM zone 38N".
    const QString &name() const { return mName; }
    /// "EPSG:32638" when the CRS has an EPSG identifier, else the name.
    QString authId() const { return mAuthId.isEmpty() ? mName : mAuthId; }
    /// True for lon/lat systems, whose map units are degrees.
    bool isGeographic() const { return mGeographic; }

    friend bool operator==(const Crs &a, const Crs &b) { return a.mDefinition == b.mDefinition; }

    /// The WGS84 UTM zone CRS (EPSG:326zz north, 327zz south) for a position.
    static Crs utmFor(double lonDeg, double latDeg);
    /// A display CRS to view data in: its own CRS when that is projected,
    /// else the UTM zone of the centre of its WGS84 extent (lat within
    /// ±84), else Web Mercator. Geographic data viewed in degrees looks
    /// squashed away from the equator; analysts expect a conformal map.
    static Crs displayCrsFor(const Crs &dataCrs, double centerLonDeg, double centerLatDeg);

private:
    static Crs fromKnown(const QString &def, const QString &name, bool geographic)
    {
        Crs c;
        c.mDefinition = def;
        c.mAuthId = def;
        c.mName = name;
        c.mGeographic = geographic;
        return c;
    }

    QString mDefinition;
    QString mName;
    QString mAuthId;
    bool mGeographic = false;
};

} // namespace linewatch

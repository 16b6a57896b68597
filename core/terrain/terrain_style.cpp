#include "terrain/terrain_style.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace linewatch {

QList<ElevationStop> TerrainStyle::defaultRamp()
{
    // Hypsometric tints in the manner of Imhof and school atlases: greens
    // below 500 m, yellows to browns in the hills and mountains, greys and
    // white above the snow line. Absolute elevations so that one colour means
    // one height on every map.
    return {
        {-100.0, QColor(0x6f, 0xa8, 0x8c)}, {0.0, QColor(0x8c, 0xb8, 0x7e)},    {200.0, QColor(0xa8, 0xc6, 0x86)},
        {500.0, QColor(0xcc, 0xd8, 0x98)},  {900.0, QColor(0xec, 0xe4, 0xa8)},  {1400.0, QColor(0xe2, 0xc8, 0x8e)},
        {2000.0, QColor(0xc9, 0xa2, 0x74)}, {2600.0, QColor(0xb0, 0x90, 0x76)}, {3200.0, QColor(0xb8, 0xb0, 0xa8)},
        {4000.0, QColor(0xe6, 0xe4, 0xe2)}, {5500.0, QColor(0xff, 0xff, 0xff)},
    };
}

namespace {

QString keyError(const char *key, const QString &what)
{
    return QStringLiteral("terrain style: \"%1\" %2").arg(QString::fromLatin1(key), what);
}

bool readBool(const QJsonObject &json, const char *key, bool &out, QString &error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isBool()) {
        error = keyError(key, QStringLiteral("must be true or false"));
        return false;
    }
    out = v.toBool();
    return true;
}

bool readNumber(const QJsonObject &json, const char *key, double lo, double hi, double &out, QString &error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < lo || v.toDouble() > hi) {
        error = keyError(key, QStringLiteral("must be a number from %1 to %2").arg(lo).arg(hi));
        return false;
    }
    out = v.toDouble();
    return true;
}

} // namespace

QJsonObject TerrainStyle::toJson() const
{
    QJsonArray stops;
    for (const ElevationStop &s : ramp)
        stops.append(QJsonObject{{QStringLiteral("elevation_m"), s.elevationMetres},
                                 {QStringLiteral("colour"), s.colour.name(QColor::HexRgb)}});
    return QJsonObject{
        {QStringLiteral("hillshade"), hillshade},
        {QStringLiteral("multidirectional"), multidirectional},
        {QStringLiteral("azimuth_deg"), azimuthDegrees},
        {QStringLiteral("altitude_deg"), altitudeDegrees},
        {QStringLiteral("z_factor"), zFactor},
        {QStringLiteral("colour_relief"), colourRelief},
        {QStringLiteral("ramp"), stops},
        {QStringLiteral("shade_opacity"), shadeOpacity},
    };
}

Result<TerrainStyle> TerrainStyle::fromJson(const QJsonObject &json)
{
    TerrainStyle s;
    QString error;
    if (!readBool(json, "hillshade", s.hillshade, error) || !readBool(json, "multidirectional", s.multidirectional, error)
        || !readNumber(json, "azimuth_deg", -360.0, 360.0, s.azimuthDegrees, error)
        || !readNumber(json, "altitude_deg", 0.0, 90.0, s.altitudeDegrees, error)
        || !readNumber(json, "z_factor", 1e-6, 1e6, s.zFactor, error)
        || !readBool(json, "colour_relief", s.colourRelief, error)
        || !readNumber(json, "shade_opacity", 0.0, 1.0, s.shadeOpacity, error))
        return Error{error};
    const QJsonValue rampValue = json.value(QStringLiteral("ramp"));
    if (!rampValue.isUndefined()) {
        if (!rampValue.isArray() || rampValue.toArray().size() < 2)
            return Error{keyError("ramp", QStringLiteral("must be a list of at least two stops"))};
        QList<ElevationStop> ramp;
        double previous = -std::numeric_limits<double>::infinity();
        for (const QJsonValue &v : rampValue.toArray()) {
            const QJsonObject o = v.toObject();
            const QJsonValue e = o.value(QStringLiteral("elevation_m"));
            const QColor c = QColor::fromString(o.value(QStringLiteral("colour")).toString());
            if (!e.isDouble() || !std::isfinite(e.toDouble()) || !c.isValid())
                return Error{keyError("ramp", QStringLiteral("stop %1 needs a numeric \"elevation_m\" and a \"colour\" like \"#a8c686\"")
                                                  .arg(ramp.size() + 1))};
            if (e.toDouble() <= previous)
                return Error{keyError("ramp", QStringLiteral("stop %1 must be higher than the one before").arg(ramp.size() + 1))};
            previous = e.toDouble();
            ramp.append({e.toDouble(), c});
        }
        s.ramp = ramp;
    }
    return s;
}

quint64 TerrainStyle::fingerprint() const
{
    const QByteArray bytes = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    const QByteArray digest = QCryptographicHash::hash(bytes, QCryptographicHash::Sha1);
    quint64 h = 0;
    std::memcpy(&h, digest.constData(), sizeof h);
    return h;
}

} // namespace linewatch

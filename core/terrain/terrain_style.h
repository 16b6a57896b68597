#pragma once

#include "common/result.h"

#include <QColor>
#include <QJsonObject>
#include <QList>

namespace linewatch {

/// One stop of a hypsometric colour ramp: the colour at an elevation.
struct ElevationStop
{
    double elevationMetres = 0.0; ///< [m]
    QColor colour;
    friend bool operator==(const ElevationStop &, const ElevationStop &) = default;
};

/// How a DEM is drawn: a hillshade (Horn's method, gdaldem's formulas)
/// multiplied over a hypsometric colour relief. A value type, saved in the
/// project file with toJson()/fromJson().
///
/// The defaults give a conventional topographic look: a soft multidirectional
/// shade (light from the north-west quadrant, 45° up) over greens in the
/// lowlands, pale yellows and browns in the hills and greys to white on the
/// high peaks, the ramp of classic school atlases (after Imhof).
struct TerrainStyle
{
    bool hillshade = true;
    /// gdaldem's -multidirectional: four lights at 225°, 270°, 315° and 360°
    /// weighted by aspect (Mark 1992, USGS OF 92-422); azimuth is then unused.
    bool multidirectional = true;
    double azimuthDegrees = 315.0;  ///< [deg] clockwise from north, where the light comes from
    double altitudeDegrees = 45.0;  ///< [deg] above the horizon
    double zFactor = 1.0;           ///< vertical exaggeration
    bool colourRelief = true;
    QList<ElevationStop> ramp = defaultRamp();
    /// Strength of the shade multiplied over the relief: 0 none, 1 full.
    double shadeOpacity = 0.7;

    static QList<ElevationStop> defaultRamp();

    QJsonObject toJson() const;
    /// Missing keys keep their defaults; wrong types or values out of range
    /// give an Error naming the key.
    static Result<TerrainStyle> fromJson(const QJsonObject &json);

    /// A stable hash of everything that changes how a tile looks, so cached
    /// tiles of another style are never reused.
    quint64 fingerprint() const;

    friend bool operator==(const TerrainStyle &, const TerrainStyle &) = default;
};

} // namespace linewatch

#pragma once

#include "terrain/terrain_style.h"

#include <QColor>
#include <QImage>
#include <QList>

#include <array>

namespace linewatch {

/// The ramp of a TerrainStyle as a lookup table over a fixed elevation range:
/// linear interpolation between stops, clamped at both ends. Built once per
/// renderer so the per-pixel colour is one multiply and one load.
class ElevationColourTable
{
public:
    ElevationColourTable(const QList<ElevationStop> &ramp, double minMetres, double maxMetres);

    /// The colour at elevation [m] as 0xAARRGGBB (opaque).
    QRgb colourAt(double elevationMetres) const;
    /// The exact interpolated colour, without the table's quantisation.
    static QColor interpolate(const QList<ElevationStop> &ramp, double elevationMetres);
    /// A horizontal ramp image for the legend, from min to max.
    static QImage rampImage(const QList<ElevationStop> &ramp, double minMetres, double maxMetres, int width = 128,
                            int height = 12);

private:
    static constexpr int Entries = 4096;
    std::array<QRgb, Entries> mTable{};
    double mMin = 0.0;
    double mScale = 1.0; ///< [entries/m]
};

} // namespace linewatch

#include "terrain/elevation_colour_table.h"

#include <cmath>

namespace linewatch {

QColor ElevationColourTable::interpolate(const QList<ElevationStop> &ramp, double z)
{
    if (ramp.isEmpty())
        return QColor(Qt::gray);
    if (z <= ramp.front().elevationMetres)
        return ramp.front().colour;
    for (qsizetype i = 1; i < ramp.size(); ++i) {
        const ElevationStop &a = ramp[i - 1];
        const ElevationStop &b = ramp[i];
        if (z <= b.elevationMetres) {
            const double t = (z - a.elevationMetres) / (b.elevationMetres - a.elevationMetres);
            auto mix = [t](int u, int v) { return static_cast<int>(std::lround(u + (v - u) * t)); };
            return QColor(mix(a.colour.red(), b.colour.red()), mix(a.colour.green(), b.colour.green()),
                          mix(a.colour.blue(), b.colour.blue()));
        }
    }
    return ramp.back().colour;
}

ElevationColourTable::ElevationColourTable(const QList<ElevationStop> &ramp, double minMetres, double maxMetres)
{
    if (!(maxMetres > minMetres))
        maxMetres = minMetres + 1.0;
    mMin = minMetres;
    mScale = (Entries - 1) / (maxMetres - minMetres);
    for (int i = 0; i < Entries; ++i)
        mTable[i] = interpolate(ramp, minMetres + i / mScale).rgba();
}

QRgb ElevationColourTable::colourAt(double z) const
{
    const double f = (z - mMin) * mScale + 0.5;
    const int i = f <= 0.0 ? 0 : (f >= Entries - 1 ? Entries - 1 : static_cast<int>(f));
    return mTable[i];
}

QImage ElevationColourTable::rampImage(const QList<ElevationStop> &ramp, double minMetres, double maxMetres, int width,
                                       int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int x = 0; x < width; ++x) {
        const double z = minMetres + (maxMetres - minMetres) * (x + 0.5) / width;
        const QRgb c = interpolate(ramp, z).rgb();
        for (int y = 0; y < height; ++y)
            image.setPixel(x, y, c);
    }
    return image;
}

} // namespace linewatch

#pragma once

#include <QBrush>
#include <QColor>
#include <QImage>
#include <QPainterPath>
#include <QPen>
#include <QString>

namespace linewatch {

/// One row of the legend: how a kind of feature looks and what it means.
/// Shared by the layer panel and by exported figures.
struct LegendItem
{
    enum class Symbol { Line, Fill, Marker, Ramp, Raster };

    Symbol symbol = Symbol::Line;
    QString label;
    QPen pen;
    QBrush brush;
    double markerSize = 8.0; ///< [pt]
    QPainterPath markerPath; ///< for Symbol::Marker: the shape centred on (0, 0), 1 unit across; empty: a circle
    QImage ramp;             ///< for Symbol::Ramp: a horizontal colour ramp
    QString rampMin, rampMax; ///< labels at the ends of the ramp, e.g. "200 m"
};

} // namespace linewatch

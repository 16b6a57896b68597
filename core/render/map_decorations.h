#pragma once

#include <QPointF>
#include <QRectF>
#include <QStringList>

class QPainter;

namespace linewatch {

class MapSettings;

/// Elements drawn over the map by the canvas, the CLI and export alike.
namespace MapDecorations {

/// A round ground length [m] (1, 2 or 5 × 10^n) whose bar is at most
/// maxPixels long at the centre of the view, measured geodesically.
/// 0 when the scale is unknown.
double scaleBarLength(const MapSettings &settings, double maxPixels);

/// "500 m", "2 km", "1.5 km".
QString formatDistance(double metres);

/// Draws a geodesic scale bar with its bottom-left corner at bottomLeft [px];
/// sizes in points scale with the settings' DPI. Returns the box drawn.
QRectF drawScaleBar(QPainter &painter, const MapSettings &settings, QPointF bottomLeft, double maxPoints = 110);

/// Draws the attribution of the given sources in the bottom-right corner of
/// bounds, on a translucent panel, one source per line, lines elided to fit.
/// Returns the box drawn.
QRectF drawAttribution(QPainter &painter, const MapSettings &settings, const QRectF &bounds, const QStringList &sources);

} // namespace MapDecorations

} // namespace linewatch

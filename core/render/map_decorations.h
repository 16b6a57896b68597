#pragma once

#include <QPointF>
#include <QRectF>
#include <QList>
#include <QStringList>

class QPainter;

namespace linewatch {

class Layer;
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

/// One line per visible layer, top layer first: "Name: source", with
/// "(approximate)" for approximate data and "source not stated" when the
/// data names none (an analyst must see that too). Duplicates are dropped.
QStringList attributions(const QList<const Layer *> &layersBottomFirst);

/// Draws the attribution of the given sources in the bottom-right corner of
/// bounds, on a translucent panel, one source per line, lines elided to fit.
/// Returns the box drawn.
QRectF drawAttribution(QPainter &painter, const MapSettings &settings, const QRectF &bounds, const QStringList &sources);

/// The direction of true north at the centre of the view, in degrees
/// clockwise from "up" on the output (the grid convergence in UTM, 0 in
/// geographic and Web Mercator). NaN when the centre cannot be transformed.
double trueNorthAngle(const MapSettings &settings);

/// Draws a north arrow pointing to true north at the centre of the view, on
/// a round plate whose bounding box has its top-right corner at topRight [px];
/// the arrow is heightPoints tall. Returns the box drawn.
QRectF drawNorthArrow(QPainter &painter, const MapSettings &settings, QPointF topRight, double heightPoints = 28);

} // namespace MapDecorations

} // namespace linewatch

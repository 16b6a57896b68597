#pragma once

#include "common/geo_point.h"

#include <QColor>
#include <QPolygonF>
#include <QString>

#include <vector>

class QPainter;

namespace linewatch {

class MapCanvas;

/// Drawing helpers shared by the measuring tools: geodesics traced in widget
/// pixels, labels that stay readable over terrain, and the snap marker.
namespace MeasurePainting {

/// The colour of live measurements.
inline QColor toolColour() { return QColor(0xd9, 0x48, 0x0f); }

/// The geodesic from a to b as widget pixels of the canvas's current view,
/// sampled densely enough (every ~12 px, up to 256 pieces) that a geodesic
/// that curves in the display CRS is drawn curved. Points that cannot be
/// shown (outside the projection) are left out.
QPolygonF geodesicPixels(const MapCanvas &canvas, LonLat a, LonLat b);

/// A closed ring of lon/lat points as widget pixels (no densification).
QPolygonF ringPixels(const MapCanvas &canvas, const std::vector<LonLat> &ring);

/// A polyline in the tool colour over a white casing, dashed when rubber.
void drawPath(QPainter &painter, const QPolygonF &pixels, bool rubberBand, QColor colour = toolColour());

/// A label box (white, slightly transparent, dark text) centred at the pixel.
void drawLabel(QPainter &painter, QPointF centre, const QString &text, bool emphasised = false);

/// A vertex dot.
void drawVertex(QPainter &painter, QPointF pixel, QColor colour = toolColour());

/// The marker of the vertex the next click will snap to.
void drawSnapMarker(QPainter &painter, QPointF pixel);

} // namespace MeasurePainting

} // namespace linewatch

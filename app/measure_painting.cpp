#include "measure_painting.h"

#include "map_canvas.h"

#include "geodesy/geodesic.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace linewatch::MeasurePainting {

namespace {

bool isFinite(QPointF p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }

} // namespace

QPolygonF geodesicPixels(const MapCanvas &canvas, LonLat a, LonLat b)
{
    QPolygonF out;
    const QPointF pa = canvas.pixelOf(a), pb = canvas.pixelOf(b);
    const Geodesic::Inverse g = Geodesic::wgs84().inverse(a, b);
    // Pieces from the on-screen length; a geodesic is straight in no common
    // display CRS, so long ones need many pieces to look right.
    const double screen = isFinite(pa) && isFinite(pb) ? std::hypot(pb.x() - pa.x(), pb.y() - pa.y()) : 1000.0;
    const int pieces = std::clamp(int(std::ceil(screen / 12.0)), 1, 256);
    if (isFinite(pa))
        out << pa;
    for (int i = 1; i < pieces; ++i) {
        const QPointF p = canvas.pixelOf(Geodesic::wgs84().direct(a, g.azimuth1Deg, g.distanceM * i / pieces));
        if (isFinite(p))
            out << p;
    }
    if (isFinite(pb))
        out << pb;
    return out;
}

QPolygonF ringPixels(const MapCanvas &canvas, const std::vector<LonLat> &ring)
{
    QPolygonF out;
    for (const LonLat &p : ring) {
        const QPointF q = canvas.pixelOf(p);
        if (isFinite(q))
            out << q;
    }
    if (!out.isEmpty())
        out << out.first();
    return out;
}

void drawPath(QPainter &painter, const QPolygonF &pixels, bool rubberBand, QColor colour)
{
    if (pixels.size() < 2)
        return;
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(255, 255, 255, 200), 4.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(pixels);
    QPen pen(colour, 2.0, rubberBand ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.drawPolyline(pixels);
    painter.restore();
}

void drawLabel(QPainter &painter, QPointF centre, const QString &text, bool emphasised)
{
    if (text.isEmpty() || !isFinite(centre))
        return;
    painter.save();
    QFont font = painter.font();
    font.setPointSizeF(emphasised ? 9.5 : 8.5);
    font.setBold(emphasised);
    painter.setFont(font);
    const QFontMetricsF fm(font);
    const QSizeF size(fm.horizontalAdvance(text) + 8, fm.height() + 2);
    const QRectF box(centre - QPointF(size.width() / 2, size.height() / 2), size);
    painter.setPen(QPen(QColor(0, 0, 0, 90), 0.8));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRoundedRect(box, 3, 3);
    painter.setPen(QColor(0x20, 0x20, 0x20));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void drawVertex(QPainter &painter, QPointF pixel, QColor colour)
{
    painter.save();
    painter.setPen(QPen(Qt::white, 1.5));
    painter.setBrush(colour);
    painter.drawEllipse(pixel, 4.0, 4.0);
    painter.restore();
}

void drawSnapMarker(QPainter &painter, QPointF pixel)
{
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::white, 4.0));
    painter.drawRect(QRectF(pixel - QPointF(7, 7), QSizeF(14, 14)));
    painter.setPen(QPen(QColor(0xc2, 0x25, 0x7a), 2.0));
    painter.drawRect(QRectF(pixel - QPointF(7, 7), QSizeF(14, 14)));
    painter.restore();
}

} // namespace linewatch::MeasurePainting

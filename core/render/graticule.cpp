#include "render/graticule.h"

#include "crs/crs_transform.h"
#include "render/map_settings.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>
#include <vector>

namespace linewatch {

double Graticule::interval(double span)
{
    static const double steps[] = {1.0 / 60, 2.0 / 60, 5.0 / 60, 10.0 / 60, 15.0 / 60, 0.5, 1, 2, 5, 10, 15, 30};
    for (double s : steps)
        if (span / s <= 7.0)
            return s;
    return 30.0;
}

QString Graticule::label(double degrees, bool longitude, double interval)
{
    const QChar hemisphere = longitude ? (degrees < 0 ? QLatin1Char('W') : QLatin1Char('E'))
                                       : (degrees < 0 ? QLatin1Char('S') : QLatin1Char('N'));
    const long long minutesTotal = std::llround(std::abs(degrees) * 60.0);
    const long long d = minutesTotal / 60, m = minutesTotal % 60;
    if (interval >= 1.0 || m == 0)
        return QStringLiteral("%1°%2").arg(d).arg(hemisphere);
    return QStringLiteral("%1°%2′%3").arg(d).arg(m, 2, 10, QLatin1Char('0')).arg(hemisphere);
}

namespace {

struct Crossing
{
    QPointF at;
    double value;
};

} // namespace

void Graticule::draw(QPainter &painter, const MapSettings &settings, const QRectF &frame, double band, Parts parts)
{
    const CrsTransform *toWgs = CrsTransform::forThread(settings.crs(), Crs::wgs84());
    const CrsTransform *toMap = CrsTransform::forThread(Crs::wgs84(), settings.crs());
    if (!toWgs || !toMap)
        return;
    const QRectF ll = toWgs->forwardBounds(settings.visibleExtent());
    if (ll.isNull())
        return;
    const double step = interval(std::max(ll.width(), ll.height()));
    const double ppt = settings.pixelsPerPoint();
    const QPointF offset = frame.topLeft();

    QFont font = painter.font();
    font.setPointSizeF(6.5);
    const QFontMetricsF fm(font, painter.device());

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QList<QPair<QPointF, QString>> labels; // anchor on the frame edge, text
    auto trace = [&](bool meridian, double value) {
        const int n = 64;
        std::vector<double> xs(n + 1), ys(n + 1);
        for (int i = 0; i <= n; ++i) {
            const double t = double(i) / n;
            xs[i] = meridian ? value : ll.left() + t * ll.width();
            ys[i] = meridian ? ll.top() + t * ll.height() : value;
        }
        toMap->forwardMany(xs.data(), ys.data(), xs.size());
        QPainterPath path;
        bool started = false;
        QPointF prev;
        bool prevInside = false;
        for (int i = 0; i <= n; ++i) {
            if (!std::isfinite(xs[i])) {
                started = false;
                continue;
            }
            const QPointF p = settings.mapToPixel(QPointF(xs[i], ys[i])) + offset;
            const bool inside = frame.contains(p);
            if (started && inside != prevInside) {
                // Where the line crosses the frame edge: label there.
                QPointF a = prev, b = p;
                for (int k = 0; k < 30; ++k) {
                    const QPointF m = (a + b) / 2;
                    (frame.contains(m) == prevInside ? a : b) = m;
                }
                labels << qMakePair((a + b) / 2, label(value, meridian, step));
            }
            if (!started)
                path.moveTo(p);
            else
                path.lineTo(p);
            started = true;
            prev = p;
            prevInside = inside;
        }
        if (parts != Parts::Labels)
            painter.drawPath(path);
    };
    painter.setClipRect(frame);
    painter.setPen(QPen(QColor(40, 40, 40, 110), 0.5 * ppt));
    painter.setBrush(Qt::NoBrush);
    for (double lon = std::ceil(ll.left() / step) * step; lon <= ll.right(); lon += step)
        trace(true, lon);
    for (double lat = std::ceil(ll.top() / step) * step; lat <= ll.bottom(); lat += step)
        trace(false, lat);
    painter.setClipping(false);
    if (parts == Parts::Lines) {
        painter.restore();
        return;
    }

    painter.setFont(font);
    painter.setPen(QColor(0x30, 0x30, 0x30));
    const double eps = 1.0;
    for (const auto &[at, text] : std::as_const(labels)) {
        const double w = fm.horizontalAdvance(text);
        // Labels that would run into a corner of the band collide with the
        // labels of the other edge: leave them out.
        const bool horizontalEdge = std::abs(at.y() - frame.top()) < eps || std::abs(at.y() - frame.bottom()) < eps;
        // Longitudes are labelled on the top and bottom edges, latitudes on
        // the sides; a tilted line crossing the other edges is not labelled.
        const bool isLongitude = text.endsWith(QLatin1Char('E')) || text.endsWith(QLatin1Char('W'));
        if (isLongitude != horizontalEdge)
            continue;
        const double along = horizontalEdge ? at.x() - frame.left() : at.y() - frame.top();
        const double length = horizontalEdge ? frame.width() : frame.height();
        if (along < w / 2 + band || along > length - w / 2 - band)
            continue;
        QPointF pos;
        if (std::abs(at.y() - frame.top()) < eps)
            pos = QPointF(at.x() - w / 2, frame.top() - (band - fm.ascent()) / 2 - fm.descent());
        else if (std::abs(at.y() - frame.bottom()) < eps)
            pos = QPointF(at.x() - w / 2, frame.bottom() + (band + fm.ascent()) / 2 - fm.descent());
        else if (std::abs(at.x() - frame.left()) < eps) {
            painter.save();
            painter.translate(frame.left() - band / 2 + fm.ascent() / 2 - fm.descent() / 2, at.y() + w / 2);
            painter.rotate(-90);
            painter.drawText(QPointF(0, 0), text);
            painter.restore();
            continue;
        } else if (std::abs(at.x() - frame.right()) < eps) {
            painter.save();
            painter.translate(frame.right() + band / 2 - fm.ascent() / 2 + fm.descent() / 2, at.y() - w / 2);
            painter.rotate(90);
            painter.drawText(QPointF(0, 0), text);
            painter.restore();
            continue;
        } else {
            continue;
        }
        painter.drawText(pos, text);
    }
    painter.restore();
}

} // namespace linewatch

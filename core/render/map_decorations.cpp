#include "render/map_decorations.h"

#include "render/layer.h"
#include "render/map_settings.h"

#include "crs/crs_transform.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch::MapDecorations {

double scaleBarLength(const MapSettings &settings, double maxPixels)
{
    const double metresPerPixel = settings.metresPerPixelAtCenter();
    if (!(metresPerPixel > 0) || !(maxPixels > 0))
        return 0.0;
    const double maxMetres = metresPerPixel * maxPixels;
    const double magnitude = std::pow(10.0, std::floor(std::log10(maxMetres)));
    for (double step : {5.0, 2.0, 1.0})
        if (step * magnitude <= maxMetres)
            return step * magnitude;
    return magnitude;
}

QString formatDistance(double metres)
{
    if (metres >= 1000.0) {
        const double km = metres / 1000.0;
        const bool whole = std::abs(km - std::round(km)) < 1e-9;
        return QStringLiteral("%1 km").arg(km, 0, 'f', whole ? 0 : (km < 10 ? 1 : 0));
    }
    if (metres >= 1.0)
        return QStringLiteral("%1 m").arg(metres, 0, 'f', 0);
    return QStringLiteral("%1 cm").arg(metres * 100.0, 0, 'f', 0);
}

QRectF drawScaleBar(QPainter &painter, const MapSettings &settings, QPointF bottomLeft, double maxPoints)
{
    const double ppt = settings.pixelsPerPoint();
    const double length = scaleBarLength(settings, maxPoints * ppt);
    if (!(length > 0))
        return {};
    const double barPixels = length / settings.metresPerPixelAtCenter();
    const double h = 4.0 * ppt;
    QFont font = painter.font();
    font.setPointSizeF(8.0);
    const QFontMetricsF fm(font, painter.device());
    const QString label = formatDistance(length);
    const QString zero = QStringLiteral("0");

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setFont(font);
    const double pad = 4.0 * ppt;
    const QRectF box(bottomLeft.x(), bottomLeft.y() - (h + fm.height() + 3 * pad),
                     barPixels + fm.horizontalAdvance(label) / 2 + fm.horizontalAdvance(zero) / 2 + 2 * pad,
                     h + fm.height() + 3 * pad);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 210));
    painter.drawRoundedRect(box, 2 * ppt, 2 * ppt);

    const double x0 = box.left() + pad + fm.horizontalAdvance(zero) / 2;
    const double y0 = box.bottom() - pad - h;
    // Alternating black and white halves, the usual cartographic bar.
    painter.setPen(QPen(Qt::black, 0.8 * ppt));
    painter.setBrush(Qt::black);
    painter.drawRect(QRectF(x0, y0, barPixels / 2, h));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(x0 + barPixels / 2, y0, barPixels / 2, h));
    painter.setPen(Qt::black);
    painter.drawText(QPointF(x0 - fm.horizontalAdvance(zero) / 2, y0 - pad / 2 - fm.descent()), zero);
    painter.drawText(QPointF(x0 + barPixels - fm.horizontalAdvance(label) / 2, y0 - pad / 2 - fm.descent()), label);
    painter.restore();
    return box;
}

QStringList attributions(const QList<const Layer *> &layersBottomFirst)
{
    QStringList lines;
    for (auto it = layersBottomFirst.crbegin(); it != layersBottomFirst.crend(); ++it) {
        const Layer *l = *it;
        if (!l->isVisible())
            continue;
        const QString line = QStringLiteral("%1: %2%3").arg(
            l->name(), l->attribution().isEmpty() ? QObject::tr("source not stated") : l->attribution(),
            l->isApproximate() ? QObject::tr(" (approximate)") : QString());
        if (!lines.contains(line))
            lines << line;
    }
    return lines;
}

QRectF drawAttribution(QPainter &painter, const MapSettings &settings, const QRectF &bounds, const QStringList &sources)
{
    if (sources.isEmpty())
        return {};
    const double ppt = settings.pixelsPerPoint();
    QFont font = painter.font();
    font.setPointSizeF(7.0);
    const QFontMetricsF fm(font, painter.device());
    const double pad = 3.0 * ppt;
    const double maxWidth = bounds.width() * 0.6;
    QStringList lines;
    double width = 0;
    for (const QString &s : sources) {
        const QString line = fm.elidedText(s, Qt::ElideRight, maxWidth);
        lines << line;
        width = std::max(width, fm.horizontalAdvance(line));
    }
    const double height = lines.size() * fm.lineSpacing();
    const QRectF box(bounds.right() - width - 2 * pad, bounds.bottom() - height - 2 * pad, width + 2 * pad,
                     height + 2 * pad);
    painter.save();
    painter.setFont(font);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 200));
    painter.drawRect(box);
    painter.setPen(QColor(0x33, 0x33, 0x33));
    double y = box.top() + pad + fm.ascent();
    for (const QString &l : lines) {
        painter.drawText(QPointF(box.right() - pad - fm.horizontalAdvance(l), y), l);
        y += fm.lineSpacing();
    }
    painter.restore();
    return box;
}

double trueNorthAngle(const MapSettings &settings)
{
    const CrsTransform *toWgs = CrsTransform::forThread(settings.crs(), Crs::wgs84());
    const CrsTransform *toMap = CrsTransform::forThread(Crs::wgs84(), settings.crs());
    if (!toWgs || !toMap)
        return NAN;
    QPointF c = settings.center();
    QPointF ll = c;
    if (!toWgs->forward(ll))
        return NAN;
    // A step north of 1e-4 degrees (about 11 m) is small enough that the
    // meridian is straight on any map scale, large enough for double precision.
    const double step = ll.y() > 89.0 ? -1e-4 : 1e-4;
    QPointF n(ll.x(), ll.y() + step);
    if (!toMap->forward(n))
        return NAN;
    const QPointF d = n - c;
    // Map y grows north; the output's "up" is +y in map units.
    double angle = std::atan2(d.x(), d.y()) * 180.0 / M_PI;
    if (step < 0)
        angle += 180.0;
    return std::remainder(angle, 360.0);
}

QRectF drawNorthArrow(QPainter &painter, const MapSettings &settings, QPointF topRight, double heightPoints)
{
    const double angle = trueNorthAngle(settings);
    if (!std::isfinite(angle))
        return {};
    const double ppt = settings.pixelsPerPoint();
    const double h = heightPoints * ppt;
    const double w = h * 0.42;
    QFont font = painter.font();
    font.setPointSizeF(9.0);
    font.setBold(true);
    const QFontMetricsF fm(font, painter.device());
    // The plate holds the arrow and the "N" above it at any rotation.
    const double r = std::max(h, w) * 0.5 + fm.height() + 2 * ppt;
    const QPointF center = topRight + QPointF(-r, r);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.translate(center);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 210));
    painter.drawEllipse(QPointF(0, 0), r, r);
    painter.rotate(angle);
    // A split arrowhead: dark west half, light east half, as on survey maps.
    QPainterPath left, right;
    left.moveTo(0, -h / 2);
    left.lineTo(-w / 2, h / 2);
    left.lineTo(0, h / 4);
    left.closeSubpath();
    right.moveTo(0, -h / 2);
    right.lineTo(w / 2, h / 2);
    right.lineTo(0, h / 4);
    right.closeSubpath();
    painter.setPen(QPen(QColor(0x20, 0x20, 0x20), 0.8 * ppt));
    painter.setBrush(QColor(0x20, 0x20, 0x20));
    painter.drawPath(left);
    painter.setBrush(Qt::white);
    painter.drawPath(right);
    painter.setFont(font);
    painter.setPen(QColor(0x20, 0x20, 0x20));
    const QString n = QStringLiteral("N");
    painter.drawText(QPointF(-fm.horizontalAdvance(n) / 2, -h / 2 - fm.descent() - 1 * ppt), n);
    painter.restore();
    return QRectF(center.x() - r, center.y() - r, 2 * r, 2 * r);
}

} // namespace linewatch::MapDecorations

#include "map_overlay.h"

#include "map_canvas.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

MapOverlay::MapOverlay(MapCanvas *canvas) : QWidget(canvas), mCanvas(canvas)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    setGeometry(canvas->rect());
    canvas->installEventFilter(this);
    connect(canvas, &MapCanvas::viewChanged, this, qOverload<>(&QWidget::update));
    connect(canvas, &MapCanvas::frameRendered, this, qOverload<>(&QWidget::update));
    raise();
    show();
}

bool MapOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mCanvas && event->type() == QEvent::Resize)
        setGeometry(mCanvas->rect());
    return QWidget::eventFilter(watched, event);
}

void MapOverlay::setMarker(const QString &key, const LonLat &position, const QColor &colour, const QStringList &label)
{
    Item item;
    item.marker = true;
    item.vertices = {position};
    item.colour = colour;
    item.label = label;
    mItems.insert(key, item);
    update();
}

void MapOverlay::setPolyline(const QString &key, const std::vector<LonLat> &vertices, const QColor &colour,
                             double widthPixels)
{
    Item item;
    item.vertices = vertices;
    item.colour = colour;
    item.width = widthPixels;
    mItems.insert(key, item);
    update();
}

void MapOverlay::removeItems(const QString &prefix)
{
    for (auto it = mItems.begin(); it != mItems.end();)
        it = it.key().startsWith(prefix) ? mItems.erase(it) : std::next(it);
    update();
}

LonLat MapOverlay::position(const QString &key) const
{
    const auto it = mItems.constFind(key);
    return it == mItems.cend() || it->vertices.empty() ? LonLat{NAN, NAN} : it->vertices.front();
}

void MapOverlay::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    auto finite = [](QPointF q) { return std::isfinite(q.x()) && std::isfinite(q.y()); };
    for (const Item &item : std::as_const(mItems)) {
        p.setBrush(Qt::NoBrush); // a label's fill must not fill the next polyline
        if (!item.marker) {
            QPainterPath path;
            bool open = false;
            for (const LonLat &v : item.vertices) {
                const QPointF q = mCanvas->pixelOf(v);
                if (!finite(q)) {
                    open = false;
                    continue;
                }
                open ? path.lineTo(q) : path.moveTo(q);
                open = true;
            }
            // A dark casing keeps green and red readable over hillshade.
            p.setPen(QPen(QColor(20, 20, 20, 160), item.width + 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawPath(path);
            p.setPen(QPen(item.colour, item.width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            p.drawPath(path);
            continue;
        }
        const QPointF c = mCanvas->pixelOf(item.vertices.front());
        if (!finite(c))
            continue;
        p.setPen(QPen(Qt::white, 4));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(c, 9, 9);
        p.setPen(QPen(item.colour, 2));
        p.drawEllipse(c, 9, 9);
        p.drawLine(c + QPointF(-14, 0), c + QPointF(-4, 0));
        p.drawLine(c + QPointF(4, 0), c + QPointF(14, 0));
        p.drawLine(c + QPointF(0, -14), c + QPointF(0, -4));
        p.drawLine(c + QPointF(0, 4), c + QPointF(0, 14));
        if (item.label.isEmpty())
            continue;
        // Bold first line, then the rest wrapped to a readable width (sources can be long).
        QFont bold = font();
        bold.setBold(true);
        const QFontMetrics boldMetrics(bold), fm(font());
        const int maxWidth = std::min(380, std::max(160, width() / 2));
        const QRect titleRect = boldMetrics.boundingRect(QRect(0, 0, maxWidth, 1000), Qt::TextWordWrap, item.label.first());
        const QString rest = item.label.mid(1).join(QLatin1Char('\n'));
        const QRect restRect = rest.isEmpty() ? QRect() : fm.boundingRect(QRect(0, 0, maxWidth, 1000), Qt::TextWordWrap, rest);
        const double w = std::max(titleRect.width(), restRect.width()) + 12;
        QRectF box(c + QPointF(16, 6), QSizeF(w, titleRect.height() + restRect.height() + 10));
        // Keep the label on screen when the marker is near an edge.
        if (box.right() > width())
            box.moveRight(c.x() - 16);
        if (box.bottom() > height())
            box.moveBottom(c.y() - 6);
        box.moveLeft(std::max(box.left(), 2.0));
        box.moveTop(std::max(box.top(), 2.0));
        p.setPen(QPen(item.colour, 1));
        p.setBrush(QColor(255, 255, 255, 230));
        p.drawRoundedRect(box, 4, 4);
        p.setPen(Qt::black);
        p.setFont(bold);
        p.drawText(QRectF(box.left() + 6, box.top() + 4, w - 12, titleRect.height()), Qt::TextWordWrap, item.label.first());
        p.setFont(font());
        if (!rest.isEmpty())
            p.drawText(QRectF(box.left() + 6, box.top() + 6 + titleRect.height(), w - 12, restRect.height()),
                       Qt::TextWordWrap, rest);
    }
}

} // namespace linewatch

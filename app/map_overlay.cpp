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
        const QFontMetrics fm = p.fontMetrics();
        int w = 0;
        for (const QString &line : item.label)
            w = std::max(w, fm.horizontalAdvance(line));
        QRectF box(c + QPointF(16, 6), QSizeF(w + 12, fm.height() * item.label.size() + 8));
        // Keep the label on screen when the marker is near the right or bottom edge.
        if (box.right() > width())
            box.moveRight(c.x() - 16);
        if (box.bottom() > height())
            box.moveBottom(c.y() - 6);
        p.setPen(QPen(item.colour, 1));
        p.setBrush(QColor(255, 255, 255, 225));
        p.drawRoundedRect(box, 4, 4);
        p.setPen(Qt::black);
        for (int i = 0; i < item.label.size(); ++i) {
            QFont f = p.font();
            f.setBold(i == 0);
            p.setFont(f);
            p.drawText(QPointF(box.left() + 6, box.top() + 4 + fm.ascent() + i * fm.height()), item.label[i]);
        }
        QFont f = p.font();
        f.setBold(false);
        p.setFont(f);
    }
}

} // namespace linewatch

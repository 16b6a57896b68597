#include "render/label_engine.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>

namespace linewatch {

void LabelEngine::addObstacle(const QRectF &box)
{
    QMutexLocker lock(&mMutex);
    mObstacles << box;
}

void LabelEngine::addLabel(const LabelCandidate &candidate)
{
    if (candidate.text.trimmed().isEmpty())
        return;
    QMutexLocker lock(&mMutex);
    mCandidates << candidate;
}

void LabelEngine::drawLabels(QPainter &painter, const QRectF &bounds)
{
    QMutexLocker lock(&mMutex);
    QList<LabelCandidate> order = mCandidates;
    std::stable_sort(order.begin(), order.end(),
                     [](const LabelCandidate &a, const LabelCandidate &b) { return a.priority > b.priority; });

    QList<QRectF> taken;
    auto collides = [&](const QRectF &r) {
        if (!bounds.contains(r))
            return true;
        for (const QRectF &o : std::as_const(mObstacles))
            if (o.intersects(r))
                return true;
        for (const QRectF &t : std::as_const(taken))
            if (t.intersects(r))
                return true;
        return false;
    };

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    for (const LabelCandidate &c : std::as_const(order)) {
        const QFontMetricsF fm(c.font, painter.device());
        const QSizeF size(fm.horizontalAdvance(c.text), fm.height());
        const double gap = c.offset + fm.height() * 0.15;
        // Positions relative to the anchor: upper right first, then right,
        // lower right, upper left, left, lower left, above, below.
        std::array<QPointF, 8> corners = {
            QPointF(gap * 0.7, -gap * 0.7 - size.height()), QPointF(gap, -size.height() / 2),
            QPointF(gap * 0.7, gap * 0.7), QPointF(-gap * 0.7 - size.width(), -gap * 0.7 - size.height()),
            QPointF(-gap - size.width(), -size.height() / 2), QPointF(-gap * 0.7 - size.width(), gap * 0.7),
            QPointF(-size.width() / 2, -gap - size.height()), QPointF(-size.width() / 2, gap)};
        const int tries = c.aroundPoint ? 8 : 1;
        for (int i = 0; i < tries; ++i) {
            const QPointF topLeft = c.aroundPoint ? c.anchor + corners[i]
                                                  : c.anchor - QPointF(size.width() / 2, size.height() / 2);
            const QRectF box(topLeft, size);
            if (collides(box.adjusted(-1, -1, 1, 1)))
                continue;
            taken << box;
            mPlaced << PlacedLabel{c.text, box};
            const QPointF baseline(box.left(), box.top() + fm.ascent());
            QPainterPath path;
            path.addText(baseline, c.font, c.text);
            if (c.halo.alpha() > 0) {
                QPen haloPen(c.halo, std::max(2.0, c.font.pointSizeF() > 0 ? fm.height() * 0.18 : 3.0));
                haloPen.setJoinStyle(Qt::RoundJoin);
                painter.strokePath(path, haloPen);
            }
            painter.fillPath(path, c.color);
            break;
        }
    }
    painter.restore();
}

} // namespace linewatch

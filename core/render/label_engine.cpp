#include "render/label_engine.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPaintDevice>
#include <QScreen>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace linewatch {

namespace {

/// Boxes bucketed in a uniform grid over the output, so testing a label
/// against thousands of placed labels and symbols looks only at its
/// neighbours (a plain list made 20,000 candidates take seconds).
class BoxGrid
{
public:
    BoxGrid(const QRectF &bounds, double cellPx) : mBounds(bounds), mCell(cellPx)
    {
        mColumns = std::max(1, static_cast<int>(std::ceil(bounds.width() / cellPx)));
        mRows = std::max(1, static_cast<int>(std::ceil(bounds.height() / cellPx)));
        mCells.resize(static_cast<std::size_t>(mColumns) * mRows);
    }

    void insert(const QRectF &box)
    {
        const int index = static_cast<int>(mBoxes.size());
        mBoxes.push_back(box);
        forCells(box, [&](std::vector<int> &cell) {
            cell.push_back(index);
            return false;
        });
    }

    bool intersectsAny(const QRectF &box) const
    {
        bool hit = false;
        const_cast<BoxGrid *>(this)->forCells(box, [&](std::vector<int> &cell) {
            for (int i : cell)
                if (mBoxes[static_cast<std::size_t>(i)].intersects(box))
                    return hit = true;
            return false;
        });
        return hit;
    }

private:
    /// Calls fn on every cell box touches (clamped to the grid, so boxes
    /// outside the output land in the border cells); stops when fn says so.
    template <class Fn>
    void forCells(const QRectF &box, Fn fn)
    {
        auto column = [&](double x) { return std::clamp(static_cast<int>(std::floor((x - mBounds.left()) / mCell)), 0, mColumns - 1); };
        auto row = [&](double y) { return std::clamp(static_cast<int>(std::floor((y - mBounds.top()) / mCell)), 0, mRows - 1); };
        const int c0 = column(box.left()), c1 = column(box.right());
        const int r0 = row(box.top()), r1 = row(box.bottom());
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                if (fn(mCells[static_cast<std::size_t>(r) * mColumns + c]))
                    return;
    }

    QRectF mBounds;
    double mCell;
    int mColumns = 1, mRows = 1;
    std::vector<QRectF> mBoxes;
    std::vector<std::vector<int>> mCells;
};

} // namespace

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

    // Obstacles and placed labels share one index: both only block.
    BoxGrid taken(bounds, 64.0);
    for (const QRectF &o : std::as_const(mObstacles))
        taken.insert(o);
    auto collides = [&](const QRectF &r) { return !bounds.contains(r) || taken.intersectsAny(r); };

    // QPainterPath::addText lays glyphs out at the application's DPI, not the
    // device's, so a 10 pt label on a 300 dpi page would come out at 96 dpi
    // size inside a 300 dpi box. Scale point sizes by device/application DPI
    // and measure at the application DPI, so box and glyphs agree.
    const double appDpi = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->logicalDotsPerInchY() : 96.0;
    const double deviceDpi = painter.device() ? painter.device()->logicalDpiY() : appDpi;
    const double fontScale = appDpi > 0 && deviceDpi > 0 ? deviceDpi / appDpi : 1.0;

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    for (const LabelCandidate &c : std::as_const(order)) {
        QFont font = c.font;
        // Pixel sizes are device pixels already, for drawText() and addText() alike.
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * fontScale);
        const QFontMetricsF fm(font);
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
            taken.insert(box);
            mPlaced << PlacedLabel{c.text, box};
            const QPointF baseline(box.left(), box.top() + fm.ascent());
            QPainterPath path;
            path.addText(baseline, font, c.text);
            if (c.halo.alpha() > 0) {
                QPen haloPen(c.halo, std::max(2.0 * fontScale, fm.height() * 0.18));
                haloPen.setJoinStyle(Qt::RoundJoin);
                painter.strokePath(path, haloPen);
            }
            // The glyphs themselves as text, not outlines, so PDF and SVG exports
            // stay searchable and sharp. c.font resolves its points at the
            // device's DPI, as `font` does at the application's for the halo.
            painter.setFont(c.font);
            painter.setPen(c.color);
            painter.drawText(baseline, c.text);
            break;
        }
    }
    painter.restore();
}

} // namespace linewatch

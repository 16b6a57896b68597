#include "path_tool.h"

#include "map_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace linewatch {

PathTool::PathTool(MapCanvas *canvas, int maxPoints, const QColor &colour)
    : MapTool(canvas), mMaxPoints(maxPoints), mColour(colour)
{
}

void PathTool::activate()
{
    mPoints.clear();
    mActive = true;
    canvas()->installEventFilter(this);
    hint();
    emit activeChanged(true);
}

void PathTool::deactivate()
{
    canvas()->removeEventFilter(this);
    mPoints.clear();
    mActive = false;
    emit activeChanged(false);
}

void PathTool::hint()
{
    if (mMaxPoints == 2)
        emit message(mPoints.empty() ? tr("Line of sight: click the observer") : tr("Line of sight: click the target"));
    else
        emit message(mPoints.size() < 2 ? tr("Profile: click points along the path") : tr("Profile: click more points, "
                                                                                         "double-click or Return to finish"));
}

bool PathTool::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == canvas() && event->type() == QEvent::ShortcutOverride) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Escape:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Backspace:
            // Accepting the override delivers the key to the canvas, and so to this tool.
            event->accept();
            return true;
        default:
            break;
        }
    }
    return MapTool::eventFilter(watched, event);
}

bool PathTool::mousePress(QMouseEvent *event)
{
    if (event->button() == Qt::RightButton) {
        finish();
        return true;
    }
    if (event->button() != Qt::LeftButton)
        return false;
    const LonLat p = canvas()->lonLatAt(event->position());
    if (!p.isValid())
        return true;
    // The press of a double click lands where the first click did: one point.
    if (!mPoints.empty() && mPoints.back() == p)
        return true;
    mPoints.push_back(p);
    canvas()->update();
    if (mMaxPoints > 0 && int(mPoints.size()) >= mMaxPoints)
        finish();
    else
        hint();
    return true;
}

bool PathTool::mouseMove(QMouseEvent *event)
{
    mHover = event->position();
    if (!mPoints.empty())
        canvas()->update();
    return false;
}

bool PathTool::mouseDoubleClick(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return false;
    finish();
    return true;
}

bool PathTool::keyPress(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        finish();
        return true;
    case Qt::Key_Backspace:
        if (!mPoints.empty())
            mPoints.pop_back();
        canvas()->update();
        hint();
        return true;
    case Qt::Key_Escape:
        mPoints.clear();
        emit finished();
        return true;
    default:
        return false;
    }
}

void PathTool::finish()
{
    if (mPoints.size() < 2) {
        hint();
        return;
    }
    const std::vector<LonLat> points = std::move(mPoints);
    mPoints.clear();
    canvas()->update();
    emit pathFinished(points);
    hint();
}

void PathTool::paint(QPainter &painter)
{
    if (mPoints.empty())
        return;
    QPolygonF line;
    for (const LonLat &p : mPoints)
        line << canvas()->pixelOf(p);
    if (mHover.x() >= 0 && (mMaxPoints == 0 || int(mPoints.size()) < mMaxPoints))
        line << mHover;
    painter.setPen(QPen(QColor(255, 255, 255, 200), 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    painter.setPen(QPen(mColour, 2.5, Qt::DashLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    painter.setPen(QPen(Qt::white, 1.5));
    painter.setBrush(mColour);
    for (const LonLat &p : mPoints)
        painter.drawEllipse(canvas()->pixelOf(p), 5, 5);
}

} // namespace linewatch

#include "add_claim_tool.h"

#include "map_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace linewatch {

AddClaimTool::AddClaimTool(MapCanvas *canvas) : MapTool(canvas) {}

void AddClaimTool::setMode(Mode mode)
{
    mMode = mode;
    mVertices.clear();
    canvas()->update();
}

void AddClaimTool::activate()
{
    mVertices.clear();
    canvas()->installEventFilter(this);
    emit message(mMode == Mode::Point ? tr("Click the claimed position (Esc cancels)")
                                      : tr("Click the vertices of the claimed area; double-click or Enter closes it "
                                           "(Backspace removes the last vertex, Esc cancels)"));
}

void AddClaimTool::deactivate()
{
    canvas()->removeEventFilter(this);
    mVertices.clear();
    canvas()->update();
}

bool AddClaimTool::eventFilter(QObject *watched, QEvent *event)
{
    // The tool's keys before the window's shortcuts: Esc is also "Cancel
    // Loading", which took it first and left the tool active (issue 11).
    if (watched == canvas() && event->type() == QEvent::ShortcutOverride
        && (static_cast<QKeyEvent *>(event)->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Escape:
        case Qt::Key_Backspace:
        case Qt::Key_Return:
        case Qt::Key_Enter:
            event->accept();
            return true;
        default: break;
        }
    }
    return MapTool::eventFilter(watched, event);
}

bool AddClaimTool::mousePress(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return false;
    const LonLat p = canvas()->lonLatAt(e->position());
    if (!p.isValid())
        return true;
    if (mMode == Mode::Point) {
        emit positionChosen({p}, false);
        return true;
    }
    if (mVertices.empty() || !(mVertices.back() == p))
        mVertices.push_back(p);
    canvas()->update();
    return true;
}

bool AddClaimTool::mouseMove(QMouseEvent *e)
{
    mHover = e->position();
    if (!mVertices.empty())
        canvas()->update();
    return false;
}

bool AddClaimTool::mouseDoubleClick(QMouseEvent *e)
{
    if (mMode != Mode::Area || e->button() != Qt::LeftButton)
        return mMode == Mode::Point; // no zoom on a double-click while placing a point
    finishArea();
    return true;
}

void AddClaimTool::finishArea()
{
    if (mVertices.size() < 3) {
        emit message(tr("An area needs at least three vertices"));
        return;
    }
    std::vector<LonLat> ring = mVertices;
    mVertices.clear();
    canvas()->update();
    emit positionChosen(ring, true);
}

bool AddClaimTool::keyPress(QKeyEvent *e)
{
    switch (e->key()) {
    case Qt::Key_Escape:
        mVertices.clear();
        canvas()->update();
        emit finished();
        return true;
    case Qt::Key_Backspace:
        if (!mVertices.empty())
            mVertices.pop_back();
        canvas()->update();
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (mMode == Mode::Area)
            finishArea();
        return true;
    default: return false;
    }
}

void AddClaimTool::paint(QPainter &p)
{
    if (mVertices.empty())
        return;
    QPolygonF poly;
    for (const LonLat &v : mVertices)
        poly << canvas()->pixelOf(v);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(QColor(0x00, 0x6d, 0xb3), 2.0, Qt::DashLine));
    p.setBrush(QColor(0x00, 0x6d, 0xb3, 40));
    QPolygonF rubber = poly;
    rubber << mHover;
    p.drawPolygon(rubber);
    p.setBrush(Qt::white);
    for (const QPointF &v : poly)
        p.drawEllipse(v, 3.5, 3.5);
}

} // namespace linewatch

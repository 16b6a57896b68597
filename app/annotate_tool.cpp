#include "annotate_tool.h"

#include "map_canvas.h"

#include "render/annotation_layer.h"
#include "geodesy/geodesic.h"

#include <QInputDialog>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QUndoStack>

#include <cmath>

namespace linewatch {

namespace {
constexpr double kMinDragPx = 4.0; ///< shorter drags are clicks
constexpr double kHitTolerancePx = 6.0;

double pixelDistance(QPointF a, QPointF b) { return std::hypot(a.x() - b.x(), a.y() - b.y()); }
} // namespace

AnnotateTool::AnnotateTool(MapCanvas *canvas, QUndoStack *undoStack, std::function<AnnotationLayer *(bool)> layer)
    : MapTool(canvas), mUndoStack(undoStack), mLayer(std::move(layer))
{
    mTextPrompt = [canvas] {
        return QInputDialog::getText(canvas, QObject::tr("Text label"), QObject::tr("Label:"));
    };
}

void AnnotateTool::setMode(Mode mode)
{
    cancel();
    mMode = mode;
    canvas()->setCursor(cursor());
    updateHint();
}

void AnnotateTool::setStyle(const AnnotationStyle &style)
{
    mStyle = style;
    AnnotationLayer *layer = mLayer(false);
    if (layer && !mSelected.isNull())
        if (const Annotation *a = layer->find(mSelected); a && !(AnnotationStyle::of(*a) == style))
            mUndoStack->push(new RestyleAnnotationCommand(layer, mSelected, style));
}

void AnnotateTool::setSelected(const QUuid &id)
{
    if (id == mSelected)
        return;
    mSelected = id;
    emit selectionChanged(id);
    canvas()->update();
}

void AnnotateTool::activate()
{
    // Esc, Del, Backspace and Enter belong to the tool while it is active,
    // not to window shortcuts (Esc also cancels loading).
    canvas()->installEventFilter(this);
    updateHint();
}

bool AnnotateTool::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == canvas() && event->type() == QEvent::ShortcutOverride) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Escape || key == Qt::Key_Delete || key == Qt::Key_Backspace || key == Qt::Key_Return
            || key == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    return MapTool::eventFilter(watched, event);
}

void AnnotateTool::deactivate()
{
    canvas()->removeEventFilter(this);
    cancel();
    setSelected({});
}

void AnnotateTool::cancel()
{
    if (mDragging) {
        // Put the annotation back where the drag started.
        if (AnnotationLayer *layer = mLayer(false))
            if (const Annotation *a = layer->find(mSelected)) {
                Annotation back = *a;
                back.points = mDragFrom;
                layer->update(back);
            }
    }
    mDragging = false;
    mPressed = false;
    mVertices.clear();
    canvas()->update();
}

void AnnotateTool::updateHint()
{
    switch (mMode) {
    case Mode::Select: emit message(tr("Click an annotation to select it, drag to move it, Del to delete it")); break;
    case Mode::Text: emit message(tr("Click where the text label goes")); break;
    case Mode::Arrow: emit message(tr("Press at the arrow's tail and release at its head")); break;
    case Mode::Line:
    case Mode::Polygon:
        emit message(tr("Click each vertex; double-click or Enter to finish, Backspace to undo a vertex, Esc to cancel"));
        break;
    case Mode::Circle: emit message(tr("Press at the centre and release on the rim (geodesic radius, WGS84)")); break;
    }
}

void AnnotateTool::commit(Annotation a)
{
    AnnotationLayer *layer = mLayer(true);
    if (!layer)
        return;
    mStyle.applyTo(a);
    mUndoStack->push(new AddAnnotationCommand(layer, a));
}

bool AnnotateTool::mousePress(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return false;
    const QPointF px = e->position();
    const LonLat ll = canvas()->lonLatAt(px);
    if (!ll.isValid())
        return true;
    mPressed = true;
    mPressPixel = mCursorPixel = px;
    switch (mMode) {
    case Mode::Select: {
        AnnotationLayer *layer = mLayer(false);
        const QUuid hit = layer ? layer->hitTest(canvas()->settings(), px, kHitTolerancePx) : QUuid();
        setSelected(hit);
        if (!hit.isNull()) {
            mDragFrom = layer->find(hit)->points;
            mGrab = ll;
        }
        return true;
    }
    case Mode::Line:
    case Mode::Polygon:
        if (mVertices.empty() || pixelDistance(canvas()->pixelOf(mVertices.back()), px) > kMinDragPx)
            mVertices.push_back(ll);
        canvas()->update();
        return true;
    case Mode::Arrow:
    case Mode::Circle:
        mVertices = {ll};
        return true;
    case Mode::Text:
        return true;
    }
    return true;
}

bool AnnotateTool::mouseMove(QMouseEvent *e)
{
    mCursorPixel = e->position();
    if (mMode == Mode::Select && mPressed && !mSelected.isNull() && !mDragFrom.empty()) {
        if (!mDragging && pixelDistance(mPressPixel, mCursorPixel) < kMinDragPx)
            return true;
        mDragging = true;
        const LonLat drop = canvas()->lonLatAt(mCursorPixel);
        AnnotationLayer *layer = mLayer(false);
        if (drop.isValid() && layer)
            if (const Annotation *a = layer->find(mSelected)) {
                // Live preview; the command made on release records the move.
                Annotation moved = *a;
                moved.points = displacedPoints(mDragFrom, mGrab, drop);
                layer->update(moved);
            }
        return true;
    }
    if (mMode == Mode::Circle && !mVertices.empty()) {
        const LonLat rim = canvas()->lonLatAt(mCursorPixel);
        if (rim.isValid())
            emit message(tr("Radius %L1 m (geodesic, WGS84)").arg(Geodesic::wgs84().distance(mVertices.front(), rim), 0, 'f', 0));
    }
    if (!mVertices.empty())
        canvas()->update();
    return mPressed;
}

bool AnnotateTool::mouseRelease(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton || !mPressed)
        return false;
    mPressed = false;
    const QPointF px = e->position();
    const LonLat ll = canvas()->lonLatAt(px);
    switch (mMode) {
    case Mode::Select:
        if (mDragging) {
            mDragging = false;
            AnnotationLayer *layer = mLayer(false);
            const Annotation *a = layer ? layer->find(mSelected) : nullptr;
            if (a && ll.isValid()) {
                const std::vector<LonLat> to = displacedPoints(mDragFrom, mGrab, ll);
                mUndoStack->push(new MoveAnnotationCommand(layer, mSelected, mDragFrom, to));
            }
        }
        mDragFrom.clear();
        return true;
    case Mode::Text: {
        if (!ll.isValid())
            return true;
        const QString text = mTextPrompt ? mTextPrompt().trimmed() : QString();
        if (text.isEmpty())
            return true;
        Annotation a;
        a.kind = Annotation::Kind::Text;
        a.points = {ll};
        a.text = text;
        commit(a);
        return true;
    }
    case Mode::Arrow:
    case Mode::Circle: {
        const bool dragged = pixelDistance(mPressPixel, px) >= kMinDragPx;
        if (dragged && ll.isValid() && !mVertices.empty()) {
            Annotation a;
            a.kind = mMode == Mode::Arrow ? Annotation::Kind::Arrow : Annotation::Kind::Circle;
            if (a.kind == Annotation::Kind::Arrow) {
                a.points = {mVertices.front(), ll};
            } else {
                a.points = {mVertices.front()};
                a.radiusM = Geodesic::wgs84().distance(mVertices.front(), ll);
            }
            commit(a);
        }
        mVertices.clear();
        canvas()->update();
        return true;
    }
    case Mode::Line:
    case Mode::Polygon:
        return true;
    }
    return true;
}

bool AnnotateTool::mouseDoubleClick(QMouseEvent *e)
{
    if (mMode != Mode::Line && mMode != Mode::Polygon)
        return mMode != Mode::Select; // a double-click in select mode may still pan/zoom
    const LonLat ll = canvas()->lonLatAt(e->position());
    if (ll.isValid() && (mVertices.empty() || pixelDistance(canvas()->pixelOf(mVertices.back()), e->position()) > kMinDragPx))
        mVertices.push_back(ll);
    mPressed = false;
    finishPath();
    return true;
}

void AnnotateTool::finishPath()
{
    const std::size_t need = mMode == Mode::Polygon ? 3 : 2;
    if (mVertices.size() >= need) {
        Annotation a;
        a.kind = mMode == Mode::Polygon ? Annotation::Kind::Polygon : Annotation::Kind::Line;
        a.points = mVertices;
        commit(a);
    } else if (!mVertices.empty()) {
        emit message(tr("A %1 needs at least %2 points").arg(mMode == Mode::Polygon ? tr("polygon") : tr("line")).arg(need));
    }
    mVertices.clear();
    canvas()->update();
}

bool AnnotateTool::keyPress(QKeyEvent *e)
{
    switch (e->key()) {
    case Qt::Key_Escape:
        if (mVertices.empty() && !mDragging && mSelected.isNull()) {
            emit finished();
            return true;
        }
        cancel();
        setSelected({});
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (mMode == Mode::Line || mMode == Mode::Polygon) {
            finishPath();
            return true;
        }
        return false;
    case Qt::Key_Backspace:
        if (!mVertices.empty()) {
            mVertices.pop_back();
            canvas()->update();
            return true;
        }
        [[fallthrough]];
    case Qt::Key_Delete:
        if (AnnotationLayer *layer = mLayer(false); layer && !mSelected.isNull() && layer->find(mSelected)) {
            const QUuid id = mSelected;
            setSelected({});
            mUndoStack->push(new RemoveAnnotationCommand(layer, id));
            return true;
        }
        return false;
    default:
        return false;
    }
}

void AnnotateTool::paint(QPainter &p)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    // The selection: the annotation's outline, dashed, with handles at its points.
    if (AnnotationLayer *layer = mLayer(false); layer && !mSelected.isNull())
        if (const Annotation *a = layer->find(mSelected)) {
            QPolygonF outline;
            for (const LonLat &ll : AnnotationLayer::outline(*a))
                outline << canvas()->pixelOf(ll);
            QRectF box = outline.boundingRect().adjusted(-6, -6, 6, 6);
            if (a->kind == Annotation::Kind::Text)
                box = QRectF(outline.value(0) - QPointF(40, 14), QSizeF(80, 28));
            p.setPen(QPen(QColor(255, 160, 0), 1.5, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(box);
            p.setPen(QPen(Qt::white, 1));
            p.setBrush(QColor(255, 160, 0));
            for (const LonLat &ll : a->points)
                p.drawRect(QRectF(canvas()->pixelOf(ll) - QPointF(3.5, 3.5), QSizeF(7, 7)));
        }
    // The rubber band of the shape being drawn, in the style it will get.
    if (!mVertices.empty()) {
        QPen pen(mStyle.colour, mStyle.widthPt * 96.0 / 72.0, Qt::DashLine, Qt::RoundCap, Qt::RoundJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        const LonLat cursor = canvas()->lonLatAt(mCursorPixel);
        if (mMode == Mode::Circle && cursor.isValid()) {
            Annotation c;
            c.kind = Annotation::Kind::Circle;
            c.points = {mVertices.front()};
            c.radiusM = Geodesic::wgs84().distance(mVertices.front(), cursor);
            QPolygonF ring;
            for (const LonLat &ll : AnnotationLayer::outline(c))
                ring << canvas()->pixelOf(ll);
            p.drawPolygon(ring);
            p.drawLine(canvas()->pixelOf(mVertices.front()), mCursorPixel);
        } else {
            QPolygonF band;
            for (const LonLat &ll : mVertices)
                band << canvas()->pixelOf(ll);
            band << mCursorPixel;
            if (mMode == Mode::Polygon && mVertices.size() >= 2)
                band << band.first();
            p.drawPolyline(band);
        }
    }
    p.restore();
}

QCursor AnnotateTool::cursor() const
{
    return mMode == Mode::Select ? QCursor(Qt::ArrowCursor) : QCursor(Qt::CrossCursor);
}

} // namespace linewatch

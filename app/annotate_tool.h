#pragma once

#include "map_tool.h"

#include "annotations/annotation.h"
#include "project/annotation_commands.h"

#include <QPointF>
#include <QUuid>

#include <functional>
#include <vector>

class QUndoStack;

namespace linewatch {

class AnnotationLayer;

/// The annotate tool: places text labels, arrows, lines, polygons and
/// geodesic circles, and selects, drags and deletes annotations. Every edit
/// is a command on the window's undo stack. Logic (hit testing, geodesic
/// shapes, the edit commands) lives in core; this class turns mouse and key
/// events into those calls and draws the rubber band.
///
///   Text: click, type the label.  Arrow: press at the tail, release at the head.
///   Line, polygon: click each vertex, double-click or Enter to finish,
///   Backspace drops the last vertex.  Circle: press at the centre, release
///   on the rim (radius is the geodesic distance on WGS84).
///   Select: click an annotation, drag it, Del deletes it.  Esc cancels.
class AnnotateTool : public MapTool
{
    Q_OBJECT

public:
    enum class Mode { Select, Text, Arrow, Line, Polygon, Circle };

    /// layer(true) returns the Annotations layer, creating it on first use;
    /// layer(false) returns it only when it exists (else nullptr).
    AnnotateTool(MapCanvas *canvas, QUndoStack *undoStack, std::function<AnnotationLayer *(bool create)> layer);

    Mode mode() const { return mMode; }
    void setMode(Mode mode);

    AnnotationStyle style() const { return mStyle; }
    /// New annotations get this style; a selected annotation is restyled (undoably).
    void setStyle(const AnnotationStyle &style);

    /// Asks for a text label's words; default: a dialog. Tests replace it.
    void setTextPrompt(std::function<QString()> prompt) { mTextPrompt = std::move(prompt); }

    QUuid selected() const { return mSelected; }
    void setSelected(const QUuid &id);

    void activate() override;
    void deactivate() override;
    bool mousePress(QMouseEvent *e) override;
    bool mouseMove(QMouseEvent *e) override;
    bool mouseRelease(QMouseEvent *e) override;
    bool mouseDoubleClick(QMouseEvent *e) override;
    bool keyPress(QKeyEvent *e) override;
    void paint(QPainter &p) override;
    QCursor cursor() const override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void selectionChanged(const QUuid &id);

private:
    void commit(Annotation a);
    void finishPath();
    void cancel();
    void updateHint();

    QUndoStack *mUndoStack;
    std::function<AnnotationLayer *(bool)> mLayer;
    std::function<QString()> mTextPrompt;
    Mode mMode = Mode::Select;
    AnnotationStyle mStyle;

    std::vector<LonLat> mVertices; ///< the shape being drawn
    bool mPressed = false;
    QPointF mPressPixel, mCursorPixel;
    QUuid mSelected;
    // Dragging a selected annotation: its points before and the grab position.
    bool mDragging = false;
    std::vector<LonLat> mDragFrom;
    LonLat mGrab;
};

} // namespace linewatch

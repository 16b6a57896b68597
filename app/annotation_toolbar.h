#pragma once

#include "annotate_tool.h"

#include <QToolBar>

#include <functional>

class QActionGroup;
class QDoubleSpinBox;
class QSpinBox;
class QToolButton;
class QUndoStack;

namespace linewatch {

class AnnotationLayer;
class MapCanvas;

/// The "Annotate" toolbar: one checkable action per annotate mode (select,
/// text, arrow, line, polygon, circle) and a small style control (colour,
/// line width [pt], font size [pt]). Checking an action makes the annotate
/// tool the canvas's tool; unchecking it (or Esc) goes back to panning.
class AnnotationToolBar : public QToolBar
{
    Q_OBJECT

public:
    AnnotationToolBar(MapCanvas *canvas, QUndoStack *undoStack, std::function<AnnotationLayer *(bool create)> layer,
                      QWidget *parent = nullptr);

    AnnotateTool *tool() const { return mTool; }
    /// The action that switches to a mode (for tests and menus).
    QAction *action(AnnotateTool::Mode mode) const;

private:
    void modeTriggered(QAction *action, bool checked);
    void styleEdited();
    void showStyleOf(const QUuid &selected);
    void setColourButton(const QColor &colour);

    MapCanvas *mCanvas;
    AnnotateTool *mTool;
    std::function<AnnotationLayer *(bool)> mLayer;
    QActionGroup *mModes;
    QToolButton *mColour;
    QDoubleSpinBox *mWidth;
    QSpinBox *mFont;
    QColor mCurrentColour;
    bool mShowingSelection = false;
};

} // namespace linewatch

#pragma once

#include <QList>
#include <QObject>

class QAction;
class QDockWidget;
class QMainWindow;

namespace linewatch {

class LayerStack;
class MapCanvas;
class MeasurePanel;
class MeasureTool;
class RangeRingsTool;
struct Annotation;

/// The measuring slice in one piece for the main window: the measure tool
/// (M), the range-rings tool (R), their checkable actions and the "Measure"
/// results dock, which shows while either tool is active. The window adds
/// actions() to a menu and toolbar and the dock to a dock area, and connects
/// keepMeasurement() to wherever kept items go.
class MeasureTools : public QObject
{
    Q_OBJECT

public:
    MeasureTools(MapCanvas *canvas, LayerStack *layers, QMainWindow *window);

    QList<QAction *> actions() const { return {mMeasureAction, mRingsAction}; }
    QAction *measureAction() const { return mMeasureAction; }
    QAction *ringsAction() const { return mRingsAction; }
    QDockWidget *dock() const { return mDock; }
    MeasureTool *measureTool() const { return mMeasure; }
    RangeRingsTool *rangeRingsTool() const { return mRings; }
    MeasurePanel *panel() const { return mPanel; }

signals:
    /// "Keep on Map": a Measurement annotation, or one Circle per range ring.
    void keepMeasurement(const linewatch::Annotation &annotation);

private:
    MapCanvas *mCanvas;
    MeasureTool *mMeasure;
    RangeRingsTool *mRings;
    MeasurePanel *mPanel;
    QDockWidget *mDock;
    QAction *mMeasureAction;
    QAction *mRingsAction;
};

} // namespace linewatch

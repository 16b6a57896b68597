#include "measure_tools.h"

#include "map_canvas.h"
#include "measure_panel.h"
#include "measure_tool.h"
#include "range_rings_tool.h"

#include "annotations/annotation.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>

namespace linewatch {

MeasureTools::MeasureTools(MapCanvas *canvas, LayerStack *layers, QMainWindow *window)
    : QObject(window), mCanvas(canvas)
{
    mMeasure = new MeasureTool(canvas, layers);
    mRings = new RangeRingsTool(canvas, layers);
    mPanel = new MeasurePanel(mMeasure, mRings);
    mDock = new QDockWidget(tr("Measure"), window);
    mDock->setObjectName(QStringLiteral("measure"));
    mDock->setWidget(mPanel);
    mDock->hide();

    mMeasureAction = new QAction(QIcon(QStringLiteral(":/icons/measure.svg")), tr("&Measure"), this);
    mMeasureAction->setObjectName(QStringLiteral("measureAction"));
    mMeasureAction->setCheckable(true);
    mMeasureAction->setShortcut(QKeySequence(Qt::Key_M));
    mMeasureAction->setToolTip(tr("Measure geodesic distances, azimuths and areas (M)"));
    mRingsAction = new QAction(QIcon(QStringLiteral(":/icons/range-rings.svg")), tr("&Range Rings"), this);
    mRingsAction->setObjectName(QStringLiteral("rangeRingsAction"));
    mRingsAction->setCheckable(true);
    mRingsAction->setShortcut(QKeySequence(Qt::Key_R));
    mRingsAction->setToolTip(tr("Geodesic circles round a point at chosen radii (R)"));

    // Each action switches its tool on and off; the canvas has one tool at a
    // time, so a tool that loses the canvas unchecks its action.
    auto wire = [this](QAction *action, MapTool *tool, MeasurePanel::Mode mode) {
        connect(action, &QAction::toggled, this, [this, tool, mode](bool on) {
            if (on) {
                mPanel->setMode(mode);
                mCanvas->setTool(tool);
                mDock->show();
                mCanvas->setFocus();
            } else if (mCanvas->tool() == tool) {
                mCanvas->setTool(nullptr);
            }
        });
        connect(tool, &MapTool::finished, action, [action] { action->setChecked(false); });
        connect(tool, &MapTool::message, mPanel, &MeasurePanel::setHint);
    };
    wire(mMeasureAction, mMeasure, MeasurePanel::Mode::Path);
    wire(mRingsAction, mRings, MeasurePanel::Mode::Rings);
    connect(mMeasure, &MeasureTool::deactivated, mMeasureAction, [this] {
        mMeasureAction->setChecked(false);
        if (!mRingsAction->isChecked())
            mDock->hide();
    });
    connect(mRings, &RangeRingsTool::deactivated, mRingsAction, [this] {
        mRingsAction->setChecked(false);
        if (!mMeasureAction->isChecked())
            mDock->hide();
    });
    connect(mMeasure, &MeasureTool::keep, this, &MeasureTools::keepMeasurement);
    connect(mRings, &RangeRingsTool::keep, this, &MeasureTools::keepMeasurement);
}

} // namespace linewatch

#pragma once

#include "common/geo_point.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"

#include <QImage>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

namespace linewatch {

class LayerStack;
class MapTool;

/// The map on screen. Renders through MapRenderJob on a worker thread; while a
/// frame renders it shows the previous frame moved and scaled to the current
/// view, so panning and zooming never wait for GDAL.
class MapCanvas : public QWidget
{
    Q_OBJECT

public:
    explicit MapCanvas(LayerStack *layers, QWidget *parent = nullptr);
    ~MapCanvas() override;

    /// The view (display CRS, centre, resolution); output size follows the widget.
    MapSettings settings() const { return mSettings; }
    void setCrs(const Crs &crs);
    void setCenter(QPointF mapCenter);
    void setMapUnitsPerPixel(double r);
    /// Centres on a WGS84 position at the given scale denominator.
    void setView(const LonLat &center, double scaleDenominator);
    /// Shows the whole WGS84 box with a small margin.
    void zoomToBox(const LonLatBox &box);
    void zoomBy(double factor, QPointF aboutPixel);
    void zoomBy(double factor);
    void panByPixels(QPointF delta);

    /// The last finished frame (what is on screen once rendering settles).
    QImage lastFrame() const { return mFrame; }
    bool isRendering() const { return mJob != nullptr; }
    /// Map coordinates to WGS84 (nullopt-like invalid LonLat on failure).
    LonLat toLonLat(QPointF mapPoint) const;

    QSize sizeHint() const override { return {900, 650}; }

    /// The active tool, or nullptr for plain panning. The canvas does not own it.
    MapTool *tool() const { return mTool; }
    void setTool(MapTool *tool);

    /// Widget pixel of a WGS84 position in the current view (NaN when it cannot be shown).
    QPointF pixelOf(const LonLat &position) const;
    /// WGS84 position under a widget pixel.
    LonLat lonLatAt(QPointF pixel) const;

public slots:
    void refresh();

signals:
    void cursorMoved(const linewatch::LonLat &position, QPointF mapPoint);
    void cursorLeft();
    void viewChanged();
    void frameRendered(double milliseconds);
    void renderErrors(const QList<linewatch::LayerError> &errors);
    /// A left click without dragging while no tool is active (selects claims).
    void clicked(const linewatch::LonLat &position, QPointF pixel);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void scheduleRender();
    void startRender();
    void jobFinished();
    void viewWasChanged();

    LayerStack *mLayers;
    MapTool *mTool = nullptr;
    MapSettings mSettings;
    QImage mFrame;
    MapSettings mFrameSettings;
    std::unique_ptr<MapRenderJob> mJob;
    bool mDirty = false;
    QTimer mRenderTimer;
    bool mPanning = false;
    QPointF mLastMouse;
    QPointF mPressPos; ///< where the left button went down, to tell a click from a drag [px]
};

} // namespace linewatch

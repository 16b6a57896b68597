#pragma once

#include "map_tool.h"

#include "annotations/annotation.h"
#include "geodesy/measurement_format.h"
#include "geodesy/path_measurement.h"
#include "project/vertex_snapper.h"

#include <optional>
#include <vector>

namespace linewatch {

class LayerStack;

/// Measures a path on the map: each click adds a point (any number), the
/// rubber band follows the cursor, a double click or Enter finishes,
/// Backspace removes the last point and Esc cancels (a second Esc leaves the
/// tool). Clicking the first point again closes the path and shows the
/// enclosed area. Points snap to vertices of the visible vector, line and
/// claims layers within snapTolerancePx() unless Shift is held. Every figure
/// is a WGS84 geodesic (PathMeasurement); each segment is labelled on the
/// map with its length and azimuth.
class MeasureTool : public MapTool
{
    Q_OBJECT

public:
    MeasureTool(MapCanvas *canvas, LayerStack *layers);

    /// The points placed so far (the rubber band not included) and the closed flag.
    PathMeasurement measurement() const { return PathMeasurement(mPoints, mClosed); }
    /// True while points are being added (between the first click and finishing).
    bool isDrawing() const { return mDrawing; }
    bool isClosed() const { return mClosed; }
    AngleUnit angleUnit() const { return mUnit; }

    /// The measurement as a kept map item (Annotation::Kind::Measurement), its
    /// caption the total (and area); an annotation with no points when there
    /// is nothing to keep.
    Annotation annotation() const;

    static constexpr double snapTolerancePx() { return 8.0; }

    void activate() override;
    void deactivate() override;
    bool mousePress(QMouseEvent *event) override;
    bool mouseMove(QMouseEvent *event) override;
    bool mouseRelease(QMouseEvent *event) override;
    bool mouseDoubleClick(QMouseEvent *event) override;
    bool keyPress(QKeyEvent *event) override;
    void paint(QPainter &painter) override;

protected:
    /// Claims Enter, Backspace and Esc before the window's shortcuts (Esc
    /// also cancels loading there) while the tool is active.
    bool eventFilter(QObject *watched, QEvent *event) override;

public slots:
    /// Closes the path (area shown) or opens it again.
    void setClosed(bool closed);
    void setAngleUnit(AngleUnit unit);
    /// Ends adding points; the measurement stays on screen until the next click.
    void finish();
    /// Removes the last point.
    void removeLastPoint();
    /// Forgets the measurement.
    void clear();
    /// Emits keep() with annotation() when there are at least two points.
    void keepOnMap();

signals:
    /// The points, closed flag or unit changed.
    void measurementChanged();
    /// The analyst asked to keep the measurement on the map.
    void keep(const linewatch::Annotation &annotation);
    /// The tool was deactivated (another tool or panning took over).
    void deactivated();

private:
    /// The position for a click or hover at pixel: the snapped vertex unless
    /// Shift is held, else the position under the pixel. Updates mSnap.
    LonLat positionAt(QPointF pixel, Qt::KeyboardModifiers modifiers);
    void rebuildSnapperIfNeeded();
    void showStatus();

    LayerStack *mLayers;
    std::vector<LonLat> mPoints;
    bool mDrawing = false;
    bool mClosed = false;
    AngleUnit mUnit = AngleUnit::Degrees;
    std::optional<LonLat> mHover;                 ///< the cursor, snapped, while drawing
    std::optional<VertexSnapper::Vertex> mSnap;   ///< the snap target under the cursor
    VertexSnapper mSnapper;
    bool mSnapperDirty = true;
};

} // namespace linewatch

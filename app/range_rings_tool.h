#pragma once

#include "map_tool.h"

#include "annotations/annotation.h"
#include "geodesy/range_rings.h"
#include "project/vertex_snapper.h"

#include <optional>
#include <vector>

namespace linewatch {

class LayerStack;

/// Range rings: a click places the centre and geodesic circles (RangeRings)
/// are drawn at the chosen radii, each labelled with its radius; a later
/// click moves the centre. The centre snaps to layer vertices like the
/// measure tool (Shift: no snapping). While a centre is set, the status bar
/// gives the cursor's geodesic distance and azimuth from it. Esc removes the
/// rings, a second Esc leaves the tool.
class RangeRingsTool : public MapTool
{
    Q_OBJECT

public:
    RangeRingsTool(MapCanvas *canvas, LayerStack *layers);

    /// The rings shown, or nullopt before the first click.
    std::optional<RangeRings> rings() const;
    const std::vector<double> &radiiM() const { return mRadiiM; }

    /// One Annotation::Kind::Circle per radius (empty without a centre).
    std::vector<Annotation> annotations() const;

    void activate() override;
    void deactivate() override;
    bool mousePress(QMouseEvent *event) override;
    bool mouseMove(QMouseEvent *event) override;
    bool mouseRelease(QMouseEvent *event) override;
    bool keyPress(QKeyEvent *event) override;
    void paint(QPainter &painter) override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

public slots:
    /// Radii [m], positive; the rings redraw at once.
    void setRadii(const std::vector<double> &radiiM);
    void clear();
    /// Emits keep() once per ring.
    void keepOnMap();

signals:
    void ringsChanged();
    void keep(const linewatch::Annotation &annotation);
    void deactivated();

private:
    /// The vertex within the snap tolerance of pixel, unless Shift is held.
    std::optional<VertexSnapper::Vertex> snapAt(QPointF pixel, Qt::KeyboardModifiers modifiers);

    LayerStack *mLayers;
    std::optional<LonLat> mCentre;
    std::optional<LonLat> mHover;
    std::vector<double> mRadiiM{1000.0, 2000.0, 5000.0};
    std::optional<VertexSnapper::Vertex> mSnap;
    VertexSnapper mSnapper;
    bool mSnapperDirty = true;
};

} // namespace linewatch

#include "range_rings_tool.h"

#include "map_canvas.h"
#include "measure_painting.h"
#include "measure_tool.h"

#include "geodesy/geodesic.h"
#include "geodesy/measurement_format.h"
#include "render/layer_stack.h"
#include "render/layer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace linewatch {

RangeRingsTool::RangeRingsTool(MapCanvas *canvas, LayerStack *layers) : MapTool(canvas), mLayers(layers)
{
    connect(mLayers, &LayerStack::mapChanged, this, [this] { mSnapperDirty = true; });
    connect(mLayers, &LayerStack::structureChanged, this, [this] { mSnapperDirty = true; });
}

std::optional<RangeRings> RangeRingsTool::rings() const
{
    if (!mCentre)
        return std::nullopt;
    return RangeRings(*mCentre, mRadiiM);
}

std::vector<Annotation> RangeRingsTool::annotations() const
{
    std::vector<Annotation> out;
    if (!mCentre)
        return out;
    for (double r : mRadiiM) {
        Annotation a;
        a.kind = Annotation::Kind::Circle;
        a.points = {*mCentre};
        a.radiusM = r;
        a.colour = MeasurePainting::toolColour();
        a.text = tr("%1 (geodesic)").arg(MeasurementFormat::roundDistance(r));
        out.push_back(a);
    }
    return out;
}

void RangeRingsTool::activate()
{
    mSnapperDirty = true;
    canvas()->installEventFilter(this);
    emit message(tr("Range rings (geodesic, WGS84): click the centre; Esc removes the rings; Shift: no snapping"));
}

void RangeRingsTool::deactivate()
{
    canvas()->removeEventFilter(this);
    mHover.reset();
    mSnap.reset();
    canvas()->update();
    emit deactivated();
}

bool RangeRingsTool::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == canvas() && event->type() == QEvent::ShortcutOverride
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        event->accept();
        return true;
    }
    return MapTool::eventFilter(watched, event);
}

std::optional<VertexSnapper::Vertex> RangeRingsTool::snapAt(QPointF pixel, Qt::KeyboardModifiers modifiers)
{
    if (modifiers & Qt::ShiftModifier)
        return std::nullopt;
    if (mSnapperDirty) {
        mSnapper = VertexSnapper::fromLayers(mLayers->layers());
        mSnapperDirty = false;
    }
    MapSettings s = canvas()->settings();
    s.setOutputSize(canvas()->size());
    return mSnapper.nearest(s, pixel, MeasureTool::snapTolerancePx());
}

bool RangeRingsTool::mousePress(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return false;
    mSnap = snapAt(e->position(), e->modifiers());
    const LonLat p = mSnap ? mSnap->position : canvas()->lonLatAt(e->position());
    if (!p.isValid())
        return true;
    mCentre = p;
    emit ringsChanged();
    canvas()->update();
    return true;
}

bool RangeRingsTool::mouseMove(QMouseEvent *e)
{
    mSnap = snapAt(e->position(), e->modifiers());
    const LonLat p = mSnap ? mSnap->position : canvas()->lonLatAt(e->position());
    mHover = p.isValid() ? std::optional<LonLat>(p) : std::nullopt;
    if (mCentre && mHover) {
        const Geodesic::Inverse g = Geodesic::wgs84().inverse(*mCentre, *mHover);
        emit message(tr("From the centre: %1 at %2 / %3 (geodesic, WGS84)")
                         .arg(MeasurementFormat::distance(g.distanceM),
                              MeasurementFormat::azimuth(g.azimuth1Deg, AngleUnit::Degrees),
                              MeasurementFormat::azimuth(g.azimuth1Deg, AngleUnit::Mils)));
    }
    canvas()->update();
    return false;
}

bool RangeRingsTool::mouseRelease(QMouseEvent *e) { return e->button() == Qt::LeftButton; }

bool RangeRingsTool::keyPress(QKeyEvent *e)
{
    if (e->key() != Qt::Key_Escape)
        return false;
    if (mCentre)
        clear();
    else
        emit finished();
    return true;
}

void RangeRingsTool::setRadii(const std::vector<double> &radiiM)
{
    mRadiiM.clear();
    for (double r : radiiM)
        if (r > 0)
            mRadiiM.push_back(r);
    emit ringsChanged();
    canvas()->update();
}

void RangeRingsTool::clear()
{
    mCentre.reset();
    emit ringsChanged();
    canvas()->update();
}

void RangeRingsTool::keepOnMap()
{
    for (const Annotation &a : annotations())
        emit keep(a);
}

void RangeRingsTool::paint(QPainter &painter)
{
    using namespace MeasurePainting;
    const MapCanvas &c = *canvas();
    if (mCentre) {
        for (double r : mRadiiM)
            drawPath(painter, ringPixels(c, RangeRings::ring(*mCentre, r)), false);
        drawVertex(painter, c.pixelOf(*mCentre));
        // Labels on the north-east of each ring: off the centre and the
        // cardinal directions the eye reads bearings from.
        for (double r : mRadiiM)
            drawLabel(painter, c.pixelOf(Geodesic::wgs84().direct(*mCentre, 45.0, r)), MeasurementFormat::roundDistance(r));
    }
    if (mSnap)
        drawSnapMarker(painter, c.pixelOf(mSnap->position));
}

} // namespace linewatch

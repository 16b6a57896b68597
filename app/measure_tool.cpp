#include "measure_tool.h"

#include "map_canvas.h"
#include "measure_painting.h"

#include "geodesy/geodesic.h"
#include "render/layer_stack.h"
#include "render/layer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <cmath>

namespace linewatch {

namespace {

bool isFinite(QPointF p) { return std::isfinite(p.x()) && std::isfinite(p.y()); }

double pixelDistance(QPointF a, QPointF b) { return std::hypot(a.x() - b.x(), a.y() - b.y()); }

} // namespace

MeasureTool::MeasureTool(MapCanvas *canvas, LayerStack *layers) : MapTool(canvas), mLayers(layers)
{
    // Any change of layers or their visibility changes what can be snapped to.
    connect(mLayers, &LayerStack::mapChanged, this, [this] { mSnapperDirty = true; });
    connect(mLayers, &LayerStack::structureChanged, this, [this] { mSnapperDirty = true; });
}

Annotation MeasureTool::annotation() const
{
    Annotation a;
    a.kind = Annotation::Kind::Measurement;
    a.colour = MeasurePainting::toolColour();
    if (mPoints.size() < 2)
        return a;
    const PathMeasurement m = measurement();
    a.points = mPoints;
    a.closed = mClosed && m.hasArea();
    a.text = a.closed ? tr("Area %1, perimeter %2 (geodesic, WGS84)")
                            .arg(MeasurementFormat::area(m.areaM2()), MeasurementFormat::distance(m.perimeterM()))
                      : tr("Total %1 (geodesic, WGS84)").arg(MeasurementFormat::distance(m.totalLengthM()));
    return a;
}

void MeasureTool::activate()
{
    mSnapperDirty = true;
    canvas()->installEventFilter(this);
    emit message(tr("Measure (geodesic, WGS84): click to add points, double-click or Enter to finish, "
                    "click the first point to close, Backspace removes a point, Esc cancels; Shift: no snapping"));
}

void MeasureTool::deactivate()
{
    canvas()->removeEventFilter(this);
    mHover.reset();
    mSnap.reset();
    canvas()->update();
    emit deactivated();
}

bool MeasureTool::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == canvas() && event->type() == QEvent::ShortcutOverride) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Escape || key == Qt::Key_Backspace || key == Qt::Key_Return || key == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    return MapTool::eventFilter(watched, event);
}

void MeasureTool::rebuildSnapperIfNeeded()
{
    if (!mSnapperDirty)
        return;
    mSnapper = VertexSnapper::fromLayers(mLayers->layers());
    mSnapperDirty = false;
}

LonLat MeasureTool::positionAt(QPointF pixel, Qt::KeyboardModifiers modifiers)
{
    mSnap.reset();
    if (!(modifiers & Qt::ShiftModifier)) {
        rebuildSnapperIfNeeded();
        MapSettings s = canvas()->settings();
        s.setOutputSize(canvas()->size());
        mSnap = mSnapper.nearest(s, pixel, snapTolerancePx());
        if (mSnap)
            return mSnap->position;
    }
    return canvas()->lonLatAt(pixel);
}

bool MeasureTool::mousePress(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return false;
    const QPointF pixel = e->position();
    if (!mDrawing) {
        // A click after a finished measurement starts a new one.
        mPoints.clear();
        mClosed = false;
        mDrawing = true;
    }
    // Clicking the first point again closes the ring.
    if (mPoints.size() >= 3 && pixelDistance(canvas()->pixelOf(mPoints.front()), pixel) <= snapTolerancePx()) {
        mClosed = true;
        finish();
        return true;
    }
    const LonLat p = positionAt(pixel, e->modifiers());
    if (!p.isValid())
        return true;
    // A second click on the same spot (e.g. the press of a slow double
    // click) would add a zero-length segment.
    if (!mPoints.empty() && mPoints.back() == p)
        return true;
    mPoints.push_back(p);
    mHover = p;
    emit measurementChanged();
    showStatus();
    canvas()->update();
    return true;
}

bool MeasureTool::mouseMove(QMouseEvent *e)
{
    const LonLat p = positionAt(e->position(), e->modifiers());
    mHover = p.isValid() ? std::optional<LonLat>(p) : std::nullopt;
    if (mDrawing)
        showStatus();
    canvas()->update();
    return false;
}

bool MeasureTool::mouseRelease(QMouseEvent *e) { return e->button() == Qt::LeftButton; }

bool MeasureTool::mouseDoubleClick(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton)
        return false;
    // The first click of the double click has already added the point.
    if (mDrawing)
        finish();
    return true;
}

bool MeasureTool::keyPress(QKeyEvent *e)
{
    switch (e->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        finish();
        return true;
    case Qt::Key_Backspace:
        removeLastPoint();
        return true;
    case Qt::Key_Escape:
        if (mPoints.empty())
            emit finished();
        else
            clear();
        return true;
    default:
        return false;
    }
}

void MeasureTool::finish()
{
    if (!mDrawing)
        return;
    mDrawing = false;
    if (mPoints.size() < 2) {
        clear();
        return;
    }
    emit measurementChanged();
    showStatus();
    canvas()->update();
}

void MeasureTool::removeLastPoint()
{
    if (mPoints.empty())
        return;
    if (mClosed) {
        // Undo the closing first, as the last thing done.
        mClosed = false;
    } else {
        mPoints.pop_back();
    }
    // Going back reopens a finished path for more points.
    mDrawing = !mPoints.empty();
    emit measurementChanged();
    showStatus();
    canvas()->update();
}

void MeasureTool::clear()
{
    mPoints.clear();
    mClosed = false;
    mDrawing = false;
    emit measurementChanged();
    emit message(QString());
    canvas()->update();
}

void MeasureTool::setClosed(bool closed)
{
    if (closed == mClosed)
        return;
    mClosed = closed;
    emit measurementChanged();
    showStatus();
    canvas()->update();
}

void MeasureTool::setAngleUnit(AngleUnit unit)
{
    if (unit == mUnit)
        return;
    mUnit = unit;
    emit measurementChanged();
    canvas()->update();
}

void MeasureTool::keepOnMap()
{
    const Annotation a = annotation();
    if (a.points.size() >= 2)
        emit keep(a);
}

void MeasureTool::showStatus()
{
    const PathMeasurement m = measurement();
    QString text = tr("Total %1").arg(MeasurementFormat::distance(m.totalLengthM()));
    if (mDrawing && mHover && !mPoints.empty()) {
        const Geodesic::Inverse g = Geodesic::wgs84().inverse(mPoints.back(), *mHover);
        text = tr("Segment %1 at %2, total %3")
                   .arg(MeasurementFormat::distance(g.distanceM),
                        MeasurementFormat::azimuth(g.azimuth1Deg, mUnit),
                        MeasurementFormat::distance(m.totalLengthM() + g.distanceM));
    }
    if (m.hasArea())
        text += tr(", area %1").arg(MeasurementFormat::area(m.areaM2()));
    emit message(text + tr(" (geodesic, WGS84)"));
}

void MeasureTool::paint(QPainter &painter)
{
    using namespace MeasurePainting;
    const MapCanvas &c = *canvas();
    const PathMeasurement m = measurement();

    // Lines first, labels on top of them.
    for (const MeasuredSegment &s : m.segments())
        drawPath(painter, geodesicPixels(c, s.from, s.to), false);
    const bool rubber = mDrawing && mHover && !mPoints.empty() && !(mPoints.back() == *mHover);
    if (rubber)
        drawPath(painter, geodesicPixels(c, mPoints.back(), *mHover), true);
    for (const LonLat &p : mPoints)
        drawVertex(painter, c.pixelOf(p));

    auto labelAtMiddle = [&](LonLat from, LonLat to, double lengthM, double azimuthDeg) {
        const Geodesic::Inverse g = Geodesic::wgs84().inverse(from, to);
        const QPointF mid = c.pixelOf(Geodesic::wgs84().direct(from, g.azimuth1Deg, g.distanceM / 2));
        const QPointF a = c.pixelOf(from), b = c.pixelOf(to);
        // Too short on screen to carry a label: the panel lists it.
        if (isFinite(a) && isFinite(b) && pixelDistance(a, b) < 24)
            return;
        drawLabel(painter, mid, tr("%1 · %2").arg(MeasurementFormat::distance(lengthM),
                                                   MeasurementFormat::azimuth(azimuthDeg, mUnit)));
    };
    for (const MeasuredSegment &s : m.segments())
        labelAtMiddle(s.from, s.to, s.lengthM, s.azimuthDeg);
    if (rubber) {
        const Geodesic::Inverse g = Geodesic::wgs84().inverse(mPoints.back(), *mHover);
        labelAtMiddle(mPoints.back(), *mHover, g.distanceM, g.azimuth1Deg < 0 ? g.azimuth1Deg + 360 : g.azimuth1Deg);
    }

    if (m.hasArea()) {
        QPointF sum(0, 0);
        int n = 0;
        for (const LonLat &p : mPoints)
            if (const QPointF q = c.pixelOf(p); isFinite(q)) {
                sum += q;
                ++n;
            }
        if (n > 0)
            drawLabel(painter, sum / n, tr("Area %1").arg(MeasurementFormat::area(m.areaM2())), true);
    } else if (!mDrawing && m.segments().size() > 1) {
        // The total beside the last point.
        drawLabel(painter, c.pixelOf(mPoints.back()) + QPointF(0, -18),
                  tr("Total %1").arg(MeasurementFormat::distance(m.totalLengthM())), true);
    }

    if (mSnap)
        drawSnapMarker(painter, c.pixelOf(mSnap->position));
}

} // namespace linewatch

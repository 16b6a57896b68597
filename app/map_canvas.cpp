#include "map_canvas.h"

#include "map_tool.h"

#include "crs/crs_transform.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "render/map_decorations.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

namespace linewatch {

MapCanvas::MapCanvas(LayerStack *layers, QWidget *parent) : QWidget(parent), mLayers(layers)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::OpenHandCursor);
    mSettings = MapSettings(*Crs::fromString(QStringLiteral("EPSG:32638")), QPointF(650000, 4400000), 50.0, size());
    mRenderTimer.setSingleShot(true);
    mRenderTimer.setInterval(0);
    connect(&mRenderTimer, &QTimer::timeout, this, &MapCanvas::startRender);
    connect(mLayers, &LayerStack::mapChanged, this, &MapCanvas::refresh);
}

MapCanvas::~MapCanvas() = default;

void MapCanvas::setTool(MapTool *tool)
{
    if (tool == mTool)
        return;
    if (mTool)
        mTool->deactivate();
    mTool = tool;
    if (mTool) {
        mTool->activate();
        setCursor(mTool->cursor());
    } else {
        setCursor(Qt::OpenHandCursor);
    }
    update();
}

QPointF MapCanvas::pixelOf(const LonLat &position) const
{
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), mSettings.crs());
    QPointF m(position.lon, position.lat);
    if (!t || !t->forward(m))
        return QPointF(NAN, NAN);
    MapSettings s = mSettings;
    s.setOutputSize(size());
    return s.mapToPixel(m);
}

LonLat MapCanvas::lonLatAt(QPointF pixel) const
{
    MapSettings s = mSettings;
    s.setOutputSize(size());
    return toLonLat(s.pixelToMap(pixel));
}

void MapCanvas::setCrs(const Crs &crs)
{
    if (crs == mSettings.crs())
        return;
    // Keep the same place and ground resolution in the new CRS.
    const LonLat c = toLonLat(mSettings.center());
    const double metresPerPixel = mSettings.metresPerPixelAtCenter();
    mSettings.setCrs(crs);
    mFrame = QImage(); // a frame in another CRS cannot be reused
    if (c.isValid() && metresPerPixel > 0)
        setView(c, metresPerPixel / (0.0254 / mSettings.dpi()));
    viewWasChanged();
}

void MapCanvas::setCenter(QPointF mapCenter)
{
    mSettings.setCenter(mapCenter);
    viewWasChanged();
}

void MapCanvas::setMapUnitsPerPixel(double r)
{
    if (!(r > 0) || !std::isfinite(r))
        return;
    mSettings.setMapUnitsPerPixel(r);
    viewWasChanged();
}

LonLat MapCanvas::toLonLat(QPointF mapPoint) const
{
    const CrsTransform *t = CrsTransform::forThread(mSettings.crs(), Crs::wgs84());
    if (!t || !t->forward(mapPoint))
        return LonLat{NAN, NAN};
    return LonLat{mapPoint.x(), mapPoint.y()};
}

void MapCanvas::setView(const LonLat &center, double scaleDenominator)
{
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), mSettings.crs());
    QPointF c(center.lon, center.lat);
    if (!t || !t->forward(c))
        return;
    mSettings.setCenter(c);
    // Map units per pixel for the wanted ground metres per pixel, using the
    // CRS's local scale measured geodesically at the centre.
    mSettings.setMapUnitsPerPixel(1.0);
    const double metresPerUnit = mSettings.metresPerPixelAtCenter();
    const double wantedMetresPerPixel = scaleDenominator * 0.0254 / mSettings.dpi();
    if (metresPerUnit > 0)
        mSettings.setMapUnitsPerPixel(wantedMetresPerPixel / metresPerUnit);
    viewWasChanged();
}

void MapCanvas::zoomToBox(const LonLatBox &box)
{
    if (box.isEmpty())
        return;
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), mSettings.crs());
    if (!t)
        return;
    const QRectF r = t->forwardBounds(QRectF(box.west, box.south, box.east - box.west, box.north - box.south));
    if (r.isNull())
        return;
    const MapSettings fitted = MapSettings::fitting(mSettings.crs(), r, size());
    mSettings.setCenter(fitted.center());
    mSettings.setMapUnitsPerPixel(fitted.mapUnitsPerPixel() * 1.05);
    viewWasChanged();
}

void MapCanvas::zoomBy(double factor, QPointF aboutPixel)
{
    if (!(factor > 0))
        return;
    // Keep the map point under aboutPixel where it is.
    const QPointF before = mSettings.pixelToMap(aboutPixel);
    mSettings.setMapUnitsPerPixel(mSettings.mapUnitsPerPixel() / factor);
    const QPointF after = mSettings.pixelToMap(aboutPixel);
    mSettings.setCenter(mSettings.center() + (before - after));
    viewWasChanged();
}

void MapCanvas::zoomBy(double factor) { zoomBy(factor, QPointF(width() / 2.0, height() / 2.0)); }

void MapCanvas::panByPixels(QPointF delta)
{
    const double r = mSettings.mapUnitsPerPixel();
    mSettings.setCenter(mSettings.center() + QPointF(-delta.x() * r, delta.y() * r));
    viewWasChanged();
}

void MapCanvas::viewWasChanged()
{
    update();
    scheduleRender();
    emit viewChanged();
}

void MapCanvas::refresh() { scheduleRender(); }

void MapCanvas::scheduleRender()
{
    mDirty = true;
    if (!mRenderTimer.isActive())
        mRenderTimer.start();
}

void MapCanvas::startRender()
{
    if (!isVisible() || width() <= 0 || height() <= 0)
        return;
    if (mJob) {
        // Let the running frame stop at its next check; we start the next
        // one when it reports back, so at most one job per canvas runs.
        mJob->cancel();
        return;
    }
    mDirty = false;
    MapSettings s = mSettings;
    s.setOutputSize(size());
    mJob = std::make_unique<MapRenderJob>(s, mLayers->drawingOrder());
    connect(mJob.get(), &MapRenderJob::finished, this, &MapCanvas::jobFinished);
    mJob->start();
}

void MapCanvas::jobFinished()
{
    std::unique_ptr<MapRenderJob> job = std::move(mJob);
    if (!job->wasCancelled()) {
        mFrame = job->image();
        mFrameSettings = job->settings();
        update();
        emit frameRendered(job->renderMilliseconds());
        emit renderErrors(job->errors());
    }
    if (mDirty || job->wasCancelled())
        scheduleRender();
}

void MapCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), MapRenderer::defaultBackground());
    if (!mFrame.isNull() && mFrameSettings.crs() == mSettings.crs()) {
        // Place the old frame where its map area lies in the current view.
        const double scale = mFrameSettings.mapUnitsPerPixel() / mSettings.mapUnitsPerPixel();
        const QPointF topLeft = mSettings.mapToPixel(mFrameSettings.pixelToMap(QPointF(0, 0)));
        p.setRenderHint(QPainter::SmoothPixmapTransform, scale != 1.0);
        p.drawImage(QRectF(topLeft, QSizeF(mFrame.size()) * scale), mFrame);
    }
    if (mTool) {
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        mTool->paint(p);
        p.restore();
    }
    MapSettings s = mSettings;
    s.setOutputSize(size());
    MapDecorations::drawScaleBar(p, s, QPointF(10, height() - 10));
    MapDecorations::drawAttribution(p, s, QRectF(rect()).adjusted(0, 0, -4, -4), MapDecorations::attributions(mLayers->drawingOrder()));
}

void MapCanvas::resizeEvent(QResizeEvent *)
{
    mSettings.setOutputSize(size());
    scheduleRender();
}

void MapCanvas::mousePressEvent(QMouseEvent *e)
{
    if (mTool && e->button() != Qt::MiddleButton && mTool->mousePress(e))
        return;
    if (e->button() == Qt::LeftButton || e->button() == Qt::MiddleButton) {
        mPanning = true;
        mLastMouse = e->position();
        mPressPos = e->button() == Qt::LeftButton ? e->position() : QPointF(NAN, NAN);
        setCursor(Qt::ClosedHandCursor);
    }
}

void MapCanvas::mouseMoveEvent(QMouseEvent *e)
{
    if (mPanning) {
        panByPixels(e->position() - mLastMouse);
        mLastMouse = e->position();
    } else if (mTool) {
        mTool->mouseMove(e);
    }
    const QPointF map = mSettings.pixelToMap(e->position());
    emit cursorMoved(toLonLat(map), map);
}

void MapCanvas::mouseReleaseEvent(QMouseEvent *e)
{
    if (mPanning) {
        mPanning = false;
        setCursor(mTool ? mTool->cursor() : QCursor(Qt::OpenHandCursor));
        const QPointF moved = e->position() - mPressPos;
        if (e->button() == Qt::LeftButton && !mTool && std::abs(moved.x()) + std::abs(moved.y()) < 4)
            emit clicked(lonLatAt(e->position()), e->position());
        return;
    }
    if (mTool)
        mTool->mouseRelease(e);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (mTool && mTool->mouseDoubleClick(e))
        return;
    zoomBy(e->modifiers() & Qt::ShiftModifier ? 0.5 : 2.0, e->position());
}

void MapCanvas::wheelEvent(QWheelEvent *e)
{
    // One notch (120) zooms by sqrt(2); touchpads send smaller steps.
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(std::sqrt(2.0), steps), e->position());
    e->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent *e)
{
    if (mTool && mTool->keyPress(e))
        return;
    const double step = 0.1;
    switch (e->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(2.0);
        break;
    case Qt::Key_Minus:
        zoomBy(0.5);
        break;
    case Qt::Key_Left:
        panByPixels(QPointF(width() * step, 0));
        break;
    case Qt::Key_Right:
        panByPixels(QPointF(-width() * step, 0));
        break;
    case Qt::Key_Up:
        panByPixels(QPointF(0, height() * step));
        break;
    case Qt::Key_Down:
        panByPixels(QPointF(0, -height() * step));
        break;
    default:
        QWidget::keyPressEvent(e);
    }
}

void MapCanvas::leaveEvent(QEvent *)
{
    emit cursorLeft();
}

} // namespace linewatch

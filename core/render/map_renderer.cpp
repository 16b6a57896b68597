#include "render/map_renderer.h"

#include "render/label_engine.h"
#include "render/layer.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QPainter>
#include <QThreadPool>
#include <QtConcurrent>

namespace linewatch {

struct MapSnapshot::Entry
{
    QString name;
    double opacity = 1.0;
    std::unique_ptr<LayerRenderer> renderer;
};

MapSnapshot::MapSnapshot() = default;
MapSnapshot::~MapSnapshot() = default;
MapSnapshot::MapSnapshot(MapSnapshot &&) noexcept = default;
MapSnapshot &MapSnapshot::operator=(MapSnapshot &&) noexcept = default;

MapSnapshot::MapSnapshot(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst)
    : mSettings(settings)
{
    for (const Layer *layer : layersBottomFirst) {
        if (!layer || !layer->isVisible() || layer->opacity() <= 0.0)
            continue;
        Entry e;
        e.name = layer->name();
        e.opacity = layer->opacity();
        e.renderer = layer->createRenderer(settings);
        if (e.renderer)
            mEntries.push_back(std::move(e));
    }
}

QList<LayerError> MapSnapshot::draw(QPainter &painter, const std::atomic_bool *cancel, bool vectorOutput)
{
    QList<LayerError> errors;
    LabelEngine labels;
    const QSize size = mSettings.outputSize();
    for (Entry &e : mEntries) {
        if (cancel && cancel->load())
            break;
        RenderContext ctx;
        ctx.settings = mSettings;
        ctx.labels = &labels;
        ctx.cancel = cancel;
        ctx.vectorOutput = vectorOutput;
        if (e.opacity < 1.0 && !vectorOutput) {
            // Draw the layer alone, then blend it once, so overlapping
            // features of one layer do not darken each other.
            QImage layerImage(size, QImage::Format_ARGB32_Premultiplied);
            layerImage.fill(Qt::transparent);
            QPainter lp(&layerImage);
            lp.setRenderHint(QPainter::Antialiasing, true);
            ctx.painter = &lp;
            e.renderer->render(ctx);
            lp.end();
            painter.save();
            painter.setOpacity(e.opacity);
            painter.drawImage(0, 0, layerImage);
            painter.restore();
        } else {
            painter.save();
            painter.setOpacity(e.opacity);
            painter.setRenderHint(QPainter::Antialiasing, true);
            ctx.painter = &painter;
            e.renderer->render(ctx);
            painter.restore();
        }
        // A failing source (a server that is down) fails every tile the same
        // way: report each distinct problem once, and how many were dropped.
        QStringList distinct;
        int repeated = 0;
        for (const QString &msg : e.renderer->errors()) {
            if (distinct.contains(msg) || distinct.size() >= 3)
                ++repeated;
            else
                distinct << msg;
        }
        for (const QString &msg : std::as_const(distinct))
            errors << LayerError{e.name, msg};
        if (repeated > 0)
            errors << LayerError{e.name, QObject::tr("(%n more problem(s) of the same kind)", nullptr, repeated)};
    }
    if (!(cancel && cancel->load()))
        labels.drawLabels(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return errors;
}

QImage MapRenderer::renderImage(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst,
                                QList<LayerError> *errors, const std::atomic_bool *cancel, const QColor &background)
{
    MapSnapshot snapshot(settings, layersBottomFirst);
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(qRound(settings.dpi() / 0.0254));
    image.setDotsPerMeterY(qRound(settings.dpi() / 0.0254));
    image.fill(background);
    QPainter painter(&image);
    const QList<LayerError> e = snapshot.draw(painter, cancel);
    painter.end();
    if (errors)
        *errors = e;
    return image;
}

namespace {
// Frames render on their own small pool so tile work on the global pool can
// never starve a frame (and a frame never waits on itself).
QThreadPool *framePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(2);
        return p;
    }();
    return pool;
}
} // namespace

MapRenderJob::MapRenderJob(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst,
                           QObject *parent)
    : QObject(parent), mSettings(settings),
      mSnapshot(std::make_shared<MapSnapshot>(settings, layersBottomFirst))
{
}

MapRenderJob::~MapRenderJob()
{
    cancel();
    waitForFinished();
}

void MapRenderJob::start()
{
    auto snapshot = mSnapshot;
    mFuture = QtConcurrent::run(framePool(), [this, snapshot] {
        QElapsedTimer timer;
        timer.start();
        QImage image(mSettings.outputSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(MapRenderer::defaultBackground());
        QPainter painter(&image);
        QList<LayerError> errors = snapshot->draw(painter, &mCancel);
        painter.end();
        const double ms = timer.nsecsElapsed() / 1e6;
        // Hand the results over on the job's own thread.
        QMetaObject::invokeMethod(
            this,
            [this, image = std::move(image), errors = std::move(errors), ms]() mutable {
                mImage = std::move(image);
                mErrors = std::move(errors);
                mMilliseconds = ms;
                emit finished();
            },
            Qt::QueuedConnection);
    });
}

void MapRenderJob::cancel() { mCancel.store(true); }

void MapRenderJob::waitForFinished()
{
    if (mFuture.isValid())
        mFuture.waitForFinished();
}

bool MapRenderJob::isActive() const { return mFuture.isValid() && mFuture.isRunning(); }

} // namespace linewatch

#include "elevation_probe.h"

#include "terrain/dem_sampler.h"

#include <QMutex>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>

#include <cmath>
#include <optional>

namespace linewatch {

/// State used only by the one task running at a time.
struct ElevationProbe::Worker
{
    QThreadPool pool;
    QMutex mutex; // guards sampler and path between consecutive tasks
    QString path;
    std::optional<DemSampler> sampler;

    Worker() { pool.setMaxThreadCount(1); }
};

ElevationProbe::ElevationProbe(QObject *parent) : QObject(parent), mWorker(std::make_shared<Worker>()) {}

ElevationProbe::~ElevationProbe() { mWorker->pool.waitForDone(); }

void ElevationProbe::setSource(const QString &demPath) { mSource = demPath; }

void ElevationProbe::request(const LonLat &position)
{
    if (mSource.isEmpty()) {
        emit elevationReady(position, NAN);
        return;
    }
    if (mBusy) {
        mPending = position;
        mHasPending = true;
        return;
    }
    launch(position);
}

void ElevationProbe::launch(const LonLat &position)
{
    mBusy = true;
    QPointer<ElevationProbe> self(this);
    auto worker = mWorker;
    const QString source = mSource;
    worker->pool.start([worker, source, position, self] {
        double metres = NAN;
        {
            QMutexLocker lock(&worker->mutex);
            if (worker->path != source || !worker->sampler) {
                worker->path = source;
                worker->sampler.reset();
                if (auto opened = DemSampler::open(source); opened.ok())
                    worker->sampler.emplace(std::move(opened).value());
            }
            if (worker->sampler)
                if (auto e = worker->sampler->elevationAt(position))
                    metres = *e;
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, position, metres] {
                if (!self)
                    return;
                self->mBusy = false;
                emit self->elevationReady(position, metres);
                if (self->mHasPending) {
                    self->mHasPending = false;
                    self->launch(self->mPending);
                }
            },
            Qt::QueuedConnection);
    });
}

} // namespace linewatch

#include "project/layer_loader.h"

#include "render/layer.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QThread>
#include <QtConcurrent>

namespace linewatch {

struct LayerLoader::Batch
{
    std::atomic_bool cancel{false};
};

LayerLoader::LayerLoader(LayerOpener opener, QObject *parent) : QObject(parent), mOpener(std::move(opener)) {}

LayerLoader::~LayerLoader()
{
    cancel();
    for (QFuture<void> &f : mFutures)
        f.waitForFinished();
}

void LayerLoader::cancel()
{
    if (mBatch)
        mBatch->cancel.store(true);
}

void LayerLoader::start(const QList<LayerRequest> &requests)
{
    cancel();
    mFutures.erase(std::remove_if(mFutures.begin(), mFutures.end(), [](const QFuture<void> &f) { return f.isFinished(); }),
                   mFutures.end());
    mBatch = std::make_shared<Batch>();
    mTotal = requests.size();
    mDone = 0;
    mPending = requests.size();
    if (requests.isEmpty()) {
        emit finished();
        return;
    }
    emit progress(0, mTotal);
    QThread *guiThread = thread();
    QPointer<LayerLoader> self(this);
    auto batch = mBatch;
    for (int i = 0; i < requests.size(); ++i) {
        const LayerRequest request = requests[i];
        mFutures.append(QtConcurrent::run([=, opener = mOpener] {
            Result<std::unique_ptr<Layer>> result =
                batch->cancel.load() ? Result<std::unique_ptr<Layer>>(Error{QStringLiteral("cancelled"), request.path})
                                     : opener(request, &batch->cancel);
            Layer *layer = nullptr;
            QString message;
            QStringList references;
            if (result.ok()) {
                layer = result.value().release();
                // Made on this worker; it lives on the GUI thread from now on.
                layer->moveToThread(guiThread);
            } else {
                message = result.error().toString();
                references = result.error().externalReferences;
            }
            QMetaObject::invokeMethod(
                qApp,
                [=] {
                    if (!self || self->mBatch != batch) {
                        delete layer; // a cancelled or replaced batch
                        return;
                    }
                    if (batch->cancel.load()) {
                        delete layer;
                    } else if (layer) {
                        emit self->layerReady(i, layer);
                    } else {
                        if (!references.isEmpty())
                            emit self->layerNeedsConsent(i, request, references);
                        emit self->layerFailed(i, request.path, message);
                    }
                    ++self->mDone;
                    --self->mPending;
                    emit self->progress(self->mDone, self->mTotal);
                    if (self->mPending == 0)
                        emit self->finished();
                },
                Qt::QueuedConnection);
        }));
    }
}

void LayerLoader::waitForFinished()
{
    for (QFuture<void> &f : mFutures)
        f.waitForFinished();
    while (mPending > 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

} // namespace linewatch

#pragma once

#include "project/layer_request.h"

#include <QFuture>
#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

namespace linewatch {

class Layer;

/// Opens layers on worker threads, one task per request, and hands each one to
/// the GUI thread as it finishes. Progress is counted in layers; cancel()
/// stops the tasks at their next check and drops what they produce.
/// The UI never waits on GDAL: nothing here blocks the caller.
class LayerLoader : public QObject
{
    Q_OBJECT

public:
    explicit LayerLoader(LayerOpener opener, QObject *parent = nullptr);
    ~LayerLoader() override;

    /// Starts opening the requests. A batch already running is cancelled.
    void start(const QList<LayerRequest> &requests);
    void cancel();
    bool isRunning() const { return mPending > 0; }
    /// Blocks until the batch ends (tests and the CLI only).
    void waitForFinished();

signals:
    /// A layer opened. The receiver takes ownership; index is the request's.
    void layerReady(int index, linewatch::Layer *layer);
    void layerFailed(int index, const QString &path, const QString &message);
    /// Emitted right before layerFailed when the file was left unread for want
    /// of the user's consent: the request, to open it again once allowed, and
    /// its references (ExternalReference::encode()d, Error::externalReferences).
    void layerNeedsConsent(int index, const linewatch::LayerRequest &request, const QStringList &references);
    void progress(int done, int total);
    /// All requests of the batch ended (opened, failed or cancelled).
    void finished();

private:
    struct Batch;
    LayerOpener mOpener;
    std::shared_ptr<Batch> mBatch;
    QList<QFuture<void>> mFutures;
    int mPending = 0;
    int mDone = 0;
    int mTotal = 0;
};

} // namespace linewatch

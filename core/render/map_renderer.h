#pragma once

#include "render/map_settings.h"

#include <QColor>
#include <QFuture>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

class QPainter;

namespace linewatch {

class Layer;
class LayerRenderer;

/// A problem one layer had while drawing; the other layers still draw.
struct LayerError
{
    QString layerName;
    QString message;
};

/// The layers of one frame, snapshotted on the GUI thread (bottom first).
/// Holding only LayerRenderers, it can be drawn on any thread.
class MapSnapshot
{
public:
    MapSnapshot();
    MapSnapshot(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst);
    ~MapSnapshot();
    MapSnapshot(MapSnapshot &&) noexcept;
    MapSnapshot &operator=(MapSnapshot &&) noexcept;

    const MapSettings &settings() const { return mSettings; }

    /// Draws every layer onto painter, whose device covers the settings'
    /// output size, then places and draws the labels. Returns the layer errors.
    QList<LayerError> draw(QPainter &painter, const std::atomic_bool *cancel = nullptr, bool vectorOutput = false);

private:
    struct Entry;
    MapSettings mSettings;
    std::vector<Entry> mEntries;
};

/// The one renderer of Linewatch: map settings and a layer stack in, a QImage
/// out. The screen, the CLI and export all draw through it.
class MapRenderer
{
public:
    /// Renders on the calling thread (CLI, tests, export).
    static QImage renderImage(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst,
                              QList<LayerError> *errors = nullptr, const std::atomic_bool *cancel = nullptr,
                              const QColor &background = defaultBackground());

    /// The paper colour under all layers.
    static QColor defaultBackground() { return QColor(0xf4, 0xf2, 0xee); }
};

/// One frame rendered on a worker thread. Create it on the GUI thread (it
/// snapshots the layers then), start() it, and read image() after finished().
/// cancel() makes the worker stop at its next check; the canvas meanwhile
/// keeps showing its previous frame.
class MapRenderJob : public QObject
{
    Q_OBJECT

public:
    MapRenderJob(const MapSettings &settings, const QList<const Layer *> &layersBottomFirst,
                 QObject *parent = nullptr);
    ~MapRenderJob() override;

    void start();
    void cancel();
    void waitForFinished();
    bool isActive() const;
    bool wasCancelled() const { return mCancel.load(); }

    const MapSettings &settings() const { return mSettings; }
    QImage image() const { return mImage; }
    QList<LayerError> errors() const { return mErrors; }
    double renderMilliseconds() const { return mMilliseconds; }

signals:
    void finished();

private:
    MapSettings mSettings;
    std::shared_ptr<MapSnapshot> mSnapshot;
    std::atomic_bool mCancel{false};
    QFuture<void> mFuture;
    QImage mImage;
    QList<LayerError> mErrors;
    double mMilliseconds = 0.0;
};

} // namespace linewatch

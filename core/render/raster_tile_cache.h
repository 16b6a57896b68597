#pragma once

#include <QCache>
#include <QHashFunctions>
#include <QImage>
#include <QString>

#include <atomic>
#include <mutex>
#include <optional>

namespace linewatch {

/// Where a rendered tile sits: a fixed grid of tileSize×tileSize pixels in
/// the display CRS at one resolution, tile (0, 0) having its top-left corner
/// at map (0, 0), tile columns growing east and rows growing south. A pan
/// keeps the grid, so the tiles already drawn stay valid.
struct RasterTileKey
{
    QString crs;              ///< display CRS definition
    double unitsPerPixel = 0; ///< [map unit/px]
    qint64 column = 0;
    qint64 row = 0;
    quint64 style = 0;        ///< fingerprint of the style drawn

    friend bool operator==(const RasterTileKey &, const RasterTileKey &) = default;
};

inline size_t qHash(const RasterTileKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.crs, k.unitsPerPixel, k.column, k.row, k.style);
}

/// Rendered tiles of one raster layer, shared by all its renderers (the
/// screen's successive frames, export): least recently used first out, capped
/// in bytes. Thread-safe: tiles are rendered and looked up from the global
/// thread pool. Also counts what was read and reused, so tests and benchmarks
/// can check that a pan reads only the newly exposed strip.
class RasterTileCache
{
public:
    struct Statistics
    {
        qint64 tilesRendered = 0;
        qint64 tilesReused = 0;
        qint64 readCalls = 0;          ///< RasterIO calls on the source (one per band per tile)
        qint64 pixelsRead = 0;         ///< source pixels read, at the level they were read from
        qint64 fullResolutionPixels = 0; ///< the same windows measured in full-resolution pixels
        int lastOverviewLevel = -1;    ///< -1: full resolution, else GDAL's overview index
    };

    explicit RasterTileCache(qint64 maxBytes = 64 * 1024 * 1024);

    /// The tile, marking it recently used; nullopt when not cached.
    /// A cached null QImage means "nothing to draw there".
    std::optional<QImage> find(const RasterTileKey &key);
    void insert(const RasterTileKey &key, const QImage &tile);
    void clear();
    qint64 bytesUsed() const;
    qint64 maxBytes() const { return mMaxBytes; }

    Statistics statistics() const;
    void resetStatistics();
    void countReused() { ++mReused; }
    void countRendered() { ++mRendered; }
    void countRead(qint64 pixels, qint64 fullResolutionPixels, int overviewLevel);

private:
    qint64 mMaxBytes;
    mutable std::mutex mMutex;
    QCache<RasterTileKey, QImage> mTiles; ///< cost in KiB
    std::atomic<qint64> mRendered{0}, mReused{0}, mReadCalls{0}, mPixelsRead{0}, mFullPixels{0};
    std::atomic<int> mLastOverview{-1};
};

} // namespace linewatch

#include "render/raster_tile_cache.h"

namespace linewatch {

RasterTileCache::RasterTileCache(qint64 maxBytes) : mMaxBytes(maxBytes), mTiles(static_cast<qsizetype>(maxBytes / 1024)) {}

std::optional<QImage> RasterTileCache::find(const RasterTileKey &key)
{
    std::lock_guard lock(mMutex);
    if (const QImage *tile = mTiles.object(key))
        return *tile; // implicitly shared: no pixel copy
    return std::nullopt;
}

void RasterTileCache::insert(const RasterTileKey &key, const QImage &tile)
{
    const qsizetype costKiB = std::max<qsizetype>(1, tile.sizeInBytes() / 1024);
    std::lock_guard lock(mMutex);
    mTiles.insert(key, new QImage(tile), costKiB);
}

void RasterTileCache::clear()
{
    std::lock_guard lock(mMutex);
    mTiles.clear();
}

qint64 RasterTileCache::bytesUsed() const
{
    std::lock_guard lock(mMutex);
    return static_cast<qint64>(mTiles.totalCost()) * 1024;
}

RasterTileCache::Statistics RasterTileCache::statistics() const
{
    Statistics s;
    s.tilesRendered = mRendered.load();
    s.tilesReused = mReused.load();
    s.readCalls = mReadCalls.load();
    s.pixelsRead = mPixelsRead.load();
    s.fullResolutionPixels = mFullPixels.load();
    s.lastOverviewLevel = mLastOverview.load();
    return s;
}

void RasterTileCache::resetStatistics()
{
    mRendered = 0;
    mReused = 0;
    mReadCalls = 0;
    mPixelsRead = 0;
    mFullPixels = 0;
    mLastOverview = -1;
}

void RasterTileCache::countRead(qint64 pixels, qint64 fullResolutionPixels, int overviewLevel)
{
    ++mReadCalls;
    mPixelsRead += pixels;
    mFullPixels += fullResolutionPixels;
    mLastOverview = overviewLevel;
}

} // namespace linewatch

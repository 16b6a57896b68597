#pragma once

#include "common/result.h"
#include "render/layer.h"
#include "terrain/terrain_style.h"

#include <atomic>
#include <memory>
#include <optional>

namespace linewatch {

class GdalDatasetPool;
class RasterTileCache;
struct RasterSource;

/// A raster read through GDAL: GeoTIFF, COG, SRTM .hgt, DTED, VRT, GDAL
/// WMS/TMS descriptions, /vsicurl/ URLs. A single-band numeric raster is a DEM
/// (Kind::Terrain), drawn as hillshade over colour relief with a TerrainStyle;
/// RGB(A), grey and paletted rasters are imagery (Kind::Raster), drawn as they are.
///
/// Renderers read only the window and resolution a view needs (the right
/// overview, then decimated RasterIO), each worker through its own dataset
/// handle, and draw in tiles on a fixed grid of the display CRS kept in a
/// cache shared by all renderers of the layer, so a pan renders only the
/// newly exposed strip.
class RasterLayer : public Layer
{
    Q_OBJECT

public:
    ~RasterLayer() override;

    /// Opens the raster and reads what drawing it needs (georeferencing,
    /// CRS, overviews, value range). The error names the file and the
    /// problem: missing, unreadable or truncated, no georeferencing, unknown CRS.
    /// cancel, when set during a slow (remote) open, makes it give up.
    static Result<std::unique_ptr<RasterLayer>> open(const QString &path, const std::atomic_bool *cancel = nullptr);

    Kind kind() const override;
    Crs crs() const override;
    QRectF extent() const override;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;
    /// For a DEM: a ramp from the lowest to the highest elevation.
    QList<LegendItem> legend() const override;

    /// The file or URL, for making a DemSampler on another thread.
    QString path() const;
    const RasterSource &source() const { return *mSource; }

    const TerrainStyle &terrainStyle() const { return mStyle; }
    void setTerrainStyle(const TerrainStyle &style);

    /// A suspended layer draws nothing and reads nothing: the viewer suspends a
    /// remote layer while it checks the server and while the server cannot be
    /// reached, so frames never wait on requests that will fail.
    void setSuspended(bool suspended);
    bool isSuspended() const { return mSuspended; }

    /// Reading from overviews and reusing rendered tiles are on by default;
    /// benchmarks turn them off to measure the naive baseline.
    void setUseOverviews(bool use);
    bool usesOverviews() const { return mUseOverviews; }
    void setTileReuse(bool reuse);
    bool reusesTiles() const { return mTileReuse; }

    /// The tiles and read counters shared by this layer's renderers.
    RasterTileCache &tileCache() const { return *mCache; }

private:
    explicit RasterLayer(std::shared_ptr<const RasterSource> source);

    std::shared_ptr<const RasterSource> mSource;
    std::shared_ptr<GdalDatasetPool> mPool;
    std::shared_ptr<RasterTileCache> mCache;
    TerrainStyle mStyle;
    bool mUseOverviews = true;
    bool mTileReuse = true;
    bool mSuspended = false;
};

} // namespace linewatch

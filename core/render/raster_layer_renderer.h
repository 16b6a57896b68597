#pragma once

#include "render/layer_renderer.h"
#include "render/map_settings.h"
#include "terrain/terrain_style.h"

#include <QImage>
#include <QString>

#include <memory>
#include <mutex>

namespace linewatch {

class ElevationColourTable;
class GdalDatasetPool;
class RasterTileCache;
struct RasterSource;
struct RasterTileKey;

/// Draws a RasterLayer for one view, on any thread (a snapshot: it holds the
/// source description, the style and the view, never the layer).
///
/// The view is cut into tileSize² tiles on a fixed grid of the display CRS at
/// the view's resolution. A tile already in the layer's cache is drawn as it
/// is; the others are rendered in parallel on the global thread pool, each
/// worker with its own dataset handle from the pool:
///  1. a 17×17 grid of the tile's pixel corners is transformed into source
///     pixel coordinates (PROJ per thread), interpolated in between;
///  2. the covered source window, plus a border of two cells so the Horn
///     kernel has neighbours at the tile's edge, is read from the overview
///     whose cells are no larger than the tile's pixels, decimated by GDAL's
///     averaging RasterIO to about one cell per pixel (never finer than the
///     data: zoomed in, cells are read at full resolution and interpolated);
///  3. for a DEM the window is shaded (Hillshade, with cell sizes in metres by
///     row for geographic DEMs) and coloured; imagery is taken as it is;
///  4. the result is resampled into the tile; nodata is transparent.
class RasterLayerRenderer : public LayerRenderer
{
public:
    struct Options
    {
        bool useOverviews = true;
        bool reuseTiles = true;
        int tileSize = 256; ///< [px]
    };

    RasterLayerRenderer(std::shared_ptr<const RasterSource> source, std::shared_ptr<GdalDatasetPool> pool,
                        std::shared_ptr<RasterTileCache> cache, const TerrainStyle &style,
                        const MapSettings &settings, const Options &options);
    ~RasterLayerRenderer() override;

    void render(RenderContext &context) override;
    bool isRaster() const override { return true; }

    /// Renders one tile of the grid (a null image when it shows no data);
    /// *failed is set when an error was reported for it. Thread-safe.
    QImage renderTile(const MapSettings &settings, qint64 column, qint64 row, const std::atomic_bool *cancel,
                      bool *failed = nullptr);

private:
    void reportError(const QString &message);

    std::shared_ptr<const RasterSource> mSource;
    std::shared_ptr<GdalDatasetPool> mPool;
    std::shared_ptr<RasterTileCache> mCache;
    TerrainStyle mStyle;
    quint64 mStyleFingerprint = 0;
    std::shared_ptr<const ElevationColourTable> mColours; ///< built once per renderer
    MapSettings mSettings;
    Options mOptions;
    std::mutex mErrorMutex;
    QStringList mTileErrors;
};

} // namespace linewatch

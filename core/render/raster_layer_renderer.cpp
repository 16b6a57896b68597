#include "render/raster_layer_renderer.h"

#include "crs/crs_transform.h"
#include "render/render_context.h"
#include "terrain/elevation_colour_table.h"
#include "io/gdal_dataset.h"
#include "terrain/hillshade.h"
#include "io/raster_source.h"
#include "render/raster_tile_cache.h"
#include "io/terrain_source.h"

#include <QPainter>
#include <QtConcurrent>

#include <cpl_error.h>
#include <gdal.h>

#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace linewatch {

namespace {

constexpr int kGridStep = 16; ///< [px] spacing of exactly transformed points in a tile
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

/// Source pixel coordinates (full resolution) of a tile's pixel corners on a
/// coarse grid, interpolated bilinearly in between (GDAL's approximate
/// transformer does the same; the error is far below a pixel for map tiles).
struct CornerGrid
{
    int points = 0; ///< per side
    std::vector<double> x, y;

    bool at(double gi, double gj, double &sx, double &sy) const
    {
        const int ci = std::min(static_cast<int>(gi), points - 2);
        const int cj = std::min(static_cast<int>(gj), points - 2);
        const double tx = gi - ci, ty = gj - cj;
        const std::size_t k = static_cast<std::size_t>(cj) * points + ci;
        const double x00 = x[k], x10 = x[k + 1], x01 = x[k + points], x11 = x[k + points + 1];
        const double y00 = y[k], y10 = y[k + 1], y01 = y[k + points], y11 = y[k + points + 1];
        sx = (x00 * (1 - tx) + x10 * tx) * (1 - ty) + (x01 * (1 - tx) + x11 * tx) * ty;
        sy = (y00 * (1 - tx) + y10 * tx) * (1 - ty) + (y01 * (1 - tx) + y11 * tx) * ty;
        return std::isfinite(sx) && std::isfinite(sy);
    }
};

/// The window of the source a tile needs, on a grid of cells of sx×sy
/// full-resolution pixels whose lines lie at phase + k·step, so neighbouring
/// tiles of one view read cells of the same global grid and join seamlessly.
struct ReadWindow
{
    double sx = 1, sy = 1;          ///< [full-res px per cell]
    double phaseX = 0, phaseY = 0;  ///< [full-res px]
    int i0 = 0, j0 = 0;             ///< first cell of the buffer (may lie outside the data)
    int width = 0, height = 0;      ///< [cells] of the buffer, border included
    int ia = 0, ib = 0, ja = 0, jb = 0; ///< cells inside the data: [ia, ib) × [ja, jb)
    int overview = -1;              ///< GDAL overview index, -1 for full resolution
    double factorX = 1, factorY = 1; ///< full-res px per pixel of the level read

    double cellU(double fullX) const { return (fullX - phaseX) / sx - i0 - 0.5; }
    double cellV(double fullY) const { return (fullY - phaseY) / sy - j0 - 0.5; }
};

double positiveFmod(double a, double b)
{
    const double r = std::fmod(a, b);
    return r < 0 ? r + b : r;
}

GDALRasterBandH levelBand(GDALDatasetH ds, int bandIndex, int overview)
{
    GDALRasterBandH band = GDALGetRasterBand(ds, bandIndex);
    return overview < 0 || !band ? band : GDALGetOverview(band, overview);
}

/// Bilinear sample of a cell buffer at continuous cell coordinates (integers
/// at cell centres); falls back to the nearest cell next to missing data.
inline float sampleBilinear(const float *data, int width, int height, double u, double v)
{
    const int c0 = static_cast<int>(std::floor(u));
    const int r0 = static_cast<int>(std::floor(v));
    if (c0 >= 0 && r0 >= 0 && c0 + 1 < width && r0 + 1 < height) {
        const float *p = data + static_cast<std::ptrdiff_t>(r0) * width + c0;
        const float a = p[0], b = p[1], c = p[width], d = p[width + 1];
        if (!std::isnan(a) && !std::isnan(b) && !std::isnan(c) && !std::isnan(d)) {
            const float tx = static_cast<float>(u - c0), ty = static_cast<float>(v - r0);
            return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
        }
    }
    const int cn = static_cast<int>(std::lround(u)), rn = static_cast<int>(std::lround(v));
    if (cn < 0 || rn < 0 || cn >= width || rn >= height)
        return kNaN;
    return data[static_cast<std::ptrdiff_t>(rn) * width + cn];
}

/// Calls f(i, j, u, v) for each pixel of a tile with its continuous cell
/// coordinates in the window: exact at the grid's pixel centres nearest each
/// grid cell's ends, linear in between along a row (what bilinear
/// interpolation of the grid gives there), so the inner loop only adds.
template <class F>
[[gnu::always_inline]] inline void forEachPixel(const CornerGrid &grid, const ReadWindow &w, int tileSize, F &&f)
{
    const int cellsPerRow = tileSize / kGridStep;
    for (int j = 0; j < tileSize; ++j) {
        const double gj = (j + 0.5) / kGridStep;
        for (int ci = 0; ci < cellsPerRow; ++ci) {
            double x0, y0, x1, y1;
            if (!grid.at((ci * kGridStep + 0.5) / kGridStep, gj, x0, y0)
                || !grid.at((ci * kGridStep + kGridStep - 0.5) / kGridStep, gj, x1, y1))
                continue;
            const double u0 = w.cellU(x0), v0 = w.cellV(y0);
            const double du = (w.cellU(x1) - u0) / (kGridStep - 1), dv = (w.cellV(y1) - v0) / (kGridStep - 1);
            for (int k = 0; k < kGridStep; ++k)
                f(ci * kGridStep + k, j, u0 + k * du, v0 + k * dv);
        }
    }
}

/// sampleBilinear without library calls on the common path; false for no data.
[[gnu::always_inline]] inline bool sampleFast(const float *data, int width, int height, double u, double v, float &out)
{
    if (u >= 0 && v >= 0) {
        const int c0 = static_cast<int>(u), r0 = static_cast<int>(v);
        if (c0 + 1 < width && r0 + 1 < height) {
            const float *p = data + static_cast<std::ptrdiff_t>(r0) * width + c0;
            const float tx = static_cast<float>(u - c0), ty = static_cast<float>(v - r0);
            if (tx < 1e-4f && ty < 1e-4f) {
                // Pixel on a cell centre: the common case when the display
                // CRS is the data's and cells were read at the pixel size.
                out = p[0];
            } else {
                const float a = p[0], b = p[1], c = p[width], d = p[width + 1];
                out = (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
            }
            if (!std::isnan(out))
                return true;
        }
    }
    out = sampleBilinear(data, width, height, u, v);
    return !std::isnan(out);
}

/// A tile with every pixel drawn is opaque: as RGB32 (the same bits) it is
/// copied into the frame instead of blended.
QImage finishedTile(QImage tile, qint64 drawn)
{
    if (drawn == 0)
        return {};
    if (drawn == static_cast<qint64>(tile.width()) * tile.height())
        tile.reinterpretAsFormat(QImage::Format_RGB32);
    return tile;
}

} // namespace

RasterLayerRenderer::RasterLayerRenderer(std::shared_ptr<const RasterSource> source,
                                         std::shared_ptr<GdalDatasetPool> pool, std::shared_ptr<RasterTileCache> cache,
                                         const TerrainStyle &style, const MapSettings &settings, const Options &options)
    : mSource(std::move(source)), mPool(std::move(pool)), mCache(std::move(cache)), mStyle(style),
      mStyleFingerprint(style.fingerprint()), mSettings(settings), mOptions(options)
{
    if (mSource->isElevation() && !mStyle.ramp.isEmpty())
        mColours = std::make_shared<ElevationColourTable>(mStyle.ramp, mStyle.ramp.front().elevationMetres,
                                                          mStyle.ramp.back().elevationMetres);
}

RasterLayerRenderer::~RasterLayerRenderer() = default;

void RasterLayerRenderer::reportError(const QString &message)
{
    std::lock_guard lock(mErrorMutex);
    if (!mTileErrors.contains(message))
        mTileErrors << message;
}

void RasterLayerRenderer::render(RenderContext &context)
{
    const MapSettings &settings = context.settings.isValid() ? context.settings : mSettings;
    if (!settings.isValid() || !context.painter || context.isCancelled())
        return;
    const int T = mOptions.tileSize;
    const double res = settings.mapUnitsPerPixel();
    const double tileSpan = T * res;
    QRectF view = settings.visibleExtent();

    // Skip tiles outside the data.
    QString error;
    if (const CrsTransform *toDisplay = CrsTransform::forThread(mSource->crs, settings.crs(), &error)) {
        const QRectF data = toDisplay->forwardBounds(mSource->extent());
        if (data.isValid() && std::isfinite(data.width()) && std::isfinite(data.height()))
            view = view.intersected(data);
    } else {
        addError(QStringLiteral("%1: cannot transform to %2: %3").arg(mSource->path, settings.crs().authId(), error));
        return;
    }
    if (view.isEmpty())
        return;

    const qint64 col0 = static_cast<qint64>(std::floor(view.left() / tileSpan));
    const qint64 col1 = static_cast<qint64>(std::ceil(view.right() / tileSpan));
    const qint64 row0 = static_cast<qint64>(std::floor(-view.bottom() / tileSpan));
    const qint64 row1 = static_cast<qint64>(std::ceil(-view.top() / tileSpan));

    struct Tile
    {
        qint64 column, row;
        QImage image;
        bool rendered = false;
        bool failed = false;
    };
    std::vector<Tile> tiles;
    std::vector<Tile *> missing;
    tiles.reserve(static_cast<std::size_t>((col1 - col0) * (row1 - row0)));
    for (qint64 r = row0; r < row1; ++r)
        for (qint64 c = col0; c < col1; ++c)
            tiles.push_back(Tile{c, r, {}, false, false});
    auto keyOf = [&](const Tile &t) {
        return RasterTileKey{settings.crs().definition(), res, t.column, t.row, mStyleFingerprint};
    };
    for (Tile &t : tiles) {
        if (mOptions.reuseTiles) {
            if (std::optional<QImage> cached = mCache->find(keyOf(t))) {
                t.image = *cached;
                t.rendered = true;
                mCache->countReused();
                continue;
            }
        }
        missing.push_back(&t);
    }

    const std::atomic_bool *cancel = context.cancel;
    auto work = [this, &settings, cancel](Tile *t) {
        if (cancel && cancel->load())
            return;
        t->image = renderTile(settings, t->column, t->row, cancel, &t->failed);
        t->rendered = !(cancel && cancel->load());
    };
    if (missing.size() == 1)
        work(missing.front());
    else if (!missing.empty())
        QtConcurrent::blockingMap(missing, work);

    for (Tile *t : missing)
        if (t->rendered) {
            mCache->countRendered();
            // A tile that failed (a read error, a network hiccup) is tried
            // again next frame rather than cached as empty.
            if (mOptions.reuseTiles && !t->failed)
                mCache->insert(keyOf(*t), t->image);
        }

    for (const Tile &t : tiles) {
        if (!t.rendered || t.image.isNull())
            continue;
        const QPointF topLeft = settings.mapToPixel(QPointF(t.column * tileSpan, -t.row * tileSpan));
        context.painter->drawImage(QPoint(qRound(topLeft.x()), qRound(topLeft.y())), t.image);
    }
    std::lock_guard lock(mErrorMutex);
    for (const QString &e : std::as_const(mTileErrors))
        if (!errors().contains(e))
            addError(e);
}

QImage RasterLayerRenderer::renderTile(const MapSettings &settings, qint64 column, qint64 row,
                                       const std::atomic_bool *cancel, bool *failed)
{
    auto fail = [this, failed](const QString &message) {
        reportError(message);
        if (failed)
            *failed = true;
    };
    const RasterSource &src = *mSource;
    const int T = mOptions.tileSize;
    const double res = settings.mapUnitsPerPixel();
    const double left = column * T * res, top = -row * T * res;

    // 1. Tile pixel corners → source full-resolution pixel coordinates.
    CornerGrid grid;
    grid.points = T / kGridStep + 1;
    const std::size_t n = static_cast<std::size_t>(grid.points) * grid.points;
    grid.x.resize(n);
    grid.y.resize(n);
    for (int j = 0; j < grid.points; ++j)
        for (int i = 0; i < grid.points; ++i) {
            grid.x[static_cast<std::size_t>(j) * grid.points + i] = left + i * kGridStep * res;
            grid.y[static_cast<std::size_t>(j) * grid.points + i] = top - j * kGridStep * res;
        }
    QString error;
    const CrsTransform *toSource = CrsTransform::forThread(settings.crs(), src.crs, &error);
    if (!toSource) {
        fail(QStringLiteral("%1: cannot transform from %2: %3").arg(src.path, settings.crs().authId(), error));
        return {};
    }
    if (!toSource->isIdentity())
        toSource->forwardMany(grid.x.data(), grid.y.data(), n);
    const auto &gt = src.geoTransform;
    const double det = gt[1] * gt[5] - gt[2] * gt[4];
    double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
    for (std::size_t k = 0; k < n; ++k) {
        const double dx = grid.x[k] - gt[0], dy = grid.y[k] - gt[3];
        const double px = (gt[5] * dx - gt[2] * dy) / det;
        const double py = (-gt[4] * dx + gt[1] * dy) / det;
        grid.x[k] = px;
        grid.y[k] = py;
        if (std::isfinite(px) && std::isfinite(py)) {
            minX = std::min(minX, px);
            maxX = std::max(maxX, px);
            minY = std::min(minY, py);
            maxY = std::max(maxY, py);
        }
    }
    const int W = src.size.width(), H = src.size.height();
    if (!(maxX > 0 && minX < W && maxY > 0 && minY < H))
        return {};

    // 2. The cell grid and the level to read it from.
    ReadWindow w;
    w.sx = std::max(1.0, (maxX - minX) / T);
    w.sy = std::max(1.0, (maxY - minY) / T);
    const double corner0x = std::isfinite(grid.x[0]) ? grid.x[0] : 0.0;
    const double corner0y = std::isfinite(grid.y[0]) ? grid.y[0] : 0.0;
    w.phaseX = w.sx > 1.0 ? positiveFmod(corner0x, w.sx) : 0.0;
    w.phaseY = w.sy > 1.0 ? positiveFmod(corner0y, w.sy) : 0.0;
    if (mOptions.useOverviews) {
        const double wanted = std::min(w.sx, w.sy) * 1.01;
        for (int k = 0; k < src.overviews.size(); ++k) {
            const double fx = static_cast<double>(W) / src.overviews[k].width();
            const double fy = static_cast<double>(H) / src.overviews[k].height();
            if (std::max(fx, fy) <= wanted && fx * fy > w.factorX * w.factorY) {
                w.overview = k;
                w.factorX = fx;
                w.factorY = fy;
            }
        }
    }
    w.i0 = static_cast<int>(std::floor((minX - w.phaseX) / w.sx)) - 2;
    w.j0 = static_cast<int>(std::floor((minY - w.phaseY) / w.sy)) - 2;
    const int i1 = static_cast<int>(std::ceil((maxX - w.phaseX) / w.sx)) + 2;
    const int j1 = static_cast<int>(std::ceil((maxY - w.phaseY) / w.sy)) + 2;
    w.width = i1 - w.i0;
    w.height = j1 - w.j0;
    w.ia = std::max(w.i0, static_cast<int>(std::ceil((0.0 - w.phaseX) / w.sx - 1e-9)));
    w.ib = std::min(i1, static_cast<int>(std::floor((W - w.phaseX) / w.sx + 1e-9)));
    w.ja = std::max(w.j0, static_cast<int>(std::ceil((0.0 - w.phaseY) / w.sy - 1e-9)));
    w.jb = std::min(j1, static_cast<int>(std::floor((H - w.phaseY) / w.sy + 1e-9)));
    if (w.ib <= w.ia || w.jb <= w.ja)
        return {};
    if (cancel && cancel->load())
        return {};

    Result<std::shared_ptr<GdalDatasetPool::Lease>> lease = mPool->acquire();
    if (!lease) {
        fail(lease.error().toString());
        return {};
    }
    auto ds = static_cast<GDALDatasetH>((*lease)->handle());

    const int bw = w.ib - w.ia, bh = w.jb - w.ja;
    const std::size_t cells = static_cast<std::size_t>(w.width) * w.height;
    const std::ptrdiff_t inner = static_cast<std::ptrdiff_t>(w.ja - w.j0) * w.width + (w.ia - w.i0);

    // Reads one band (or its mask) of the window into buffer at the inner cells.
    auto readBand = [&](GDALRasterBandH band, void *buffer, GDALDataType type, bool nearest) -> bool {
        if (!band)
            return false;
        const int levelW = GDALGetRasterBandXSize(band), levelH = GDALGetRasterBandYSize(band);
        double xOff = (w.phaseX + w.ia * w.sx) / w.factorX, yOff = (w.phaseY + w.ja * w.sy) / w.factorY;
        double xEnd = std::min<double>(levelW, xOff + bw * w.sx / w.factorX);
        double yEnd = std::min<double>(levelH, yOff + bh * w.sy / w.factorY);
        xOff = std::clamp(xOff, 0.0, levelW - 1e-6);
        yOff = std::clamp(yOff, 0.0, levelH - 1e-6);
        const int nx = static_cast<int>(std::floor(xOff)), ny = static_cast<int>(std::floor(yOff));
        const int nw = std::max(1, std::min(levelW, static_cast<int>(std::ceil(xEnd - 1e-9))) - nx);
        const int nh = std::max(1, std::min(levelH, static_cast<int>(std::ceil(yEnd - 1e-9))) - ny);
        GDALRasterIOExtraArg extra;
        INIT_RASTERIO_EXTRA_ARG(extra);
        const double ratio = std::max((xEnd - xOff) / bw, (yEnd - yOff) / bh);
        const bool aligned = std::abs(xOff - std::round(xOff)) < 1e-6 && std::abs(yOff - std::round(yOff)) < 1e-6
                             && std::abs(ratio - 1.0) < 1e-6;
        extra.eResampleAlg = nearest || aligned ? GRIORA_NearestNeighbour
                                                : (ratio > 1.01 ? GRIORA_Average : GRIORA_Bilinear);
        extra.bFloatingPointWindowValidity = TRUE;
        extra.dfXOff = xOff;
        extra.dfYOff = yOff;
        extra.dfXSize = std::max(1e-6, xEnd - xOff);
        extra.dfYSize = std::max(1e-6, yEnd - yOff);
        // GDAL asks between blocks whether to go on: a cancelled frame stops
        // inside a long read (a big window of a compressed file), not after it.
        extra.pfnProgress = [](double, const char *, void *flag) -> int {
            return static_cast<const std::atomic_bool *>(flag)->load(std::memory_order_relaxed) ? FALSE : TRUE;
        };
        extra.pProgressData = cancel ? const_cast<std::atomic_bool *>(cancel) : nullptr;
        if (!cancel)
            extra.pfnProgress = nullptr;
        const int bytes = GDALGetDataTypeSizeBytes(type);
        CPLErrorReset();
        const CPLErr err = GDALRasterIOEx(band, GF_Read, nx, ny, nw, nh, static_cast<char *>(buffer) + inner * bytes,
                                          bw, bh, type, bytes, static_cast<GSpacing>(w.width) * bytes, &extra);
        mCache->countRead(static_cast<qint64>(nw) * nh,
                          static_cast<qint64>(std::llround(nw * w.factorX * nh * w.factorY)), w.overview);
        if (err != CE_None && cancel && cancel->load())
            return false; // "User terminated": the frame was cancelled, nothing failed
        if (err != CE_None) {
            // Remote tiles: a clear reason instead of GDAL's multi-line WMS report.
            fail(QStringLiteral("%1: read failed: %2")
                            .arg(src.path, TerrainSource::describeReadFailure(QString::fromUtf8(CPLGetLastErrorMsg()).trimmed())));
            return false;
        }
        return true;
    };

    QImage tile(T, T, QImage::Format_ARGB32_Premultiplied);
    tile.fill(Qt::transparent);
    qint64 drawn = 0; // pixels drawn, all opaque for a DEM

    if (src.isElevation()) {
        std::vector<float> elev(cells, kNaN);
        if (!readBand(levelBand(ds, 1, w.overview), elev.data(), GDT_Float32, false))
            return {};
        if (src.nodata) {
            const float nd = static_cast<float>(*src.nodata);
            for (float &z : elev)
                if (z == nd)
                    z = kNaN;
        }
        if (src.scale != 1.0 || src.offset != 0.0) {
            const float scale = static_cast<float>(src.scale), offset = static_cast<float>(src.offset);
            for (float &z : elev)
                z = z * scale + offset; // NaN stays NaN
        }
        if (cancel && cancel->load())
            return {};

        // 3. Shade, with the ground size of a cell in each row.
        std::vector<float> shade;
        if (mStyle.hillshade) {
            std::vector<double> cellW(static_cast<std::size_t>(w.height)), cellH(static_cast<std::size_t>(w.height));
            for (int r = 0; r < w.height; ++r) {
                const double rowCentre = w.phaseY + (w.j0 + r + 0.5) * w.sy; // [full-res px]
                const double ew = w.sx * std::hypot(gt[1], gt[4]);
                const double ns = w.sy * std::hypot(gt[2], gt[5]);
                if (src.crs.isGeographic()) {
                    const double lat = std::clamp(gt[3] + rowCentre * gt[5], -89.9, 89.9);
                    cellW[r] = ew * Wgs84CellSize::metresPerDegreeLongitude(lat);
                    cellH[r] = ns * Wgs84CellSize::metresPerDegreeLatitude(lat);
                } else {
                    cellW[r] = ew * src.linearUnitMetres;
                    cellH[r] = ns * src.linearUnitMetres;
                }
            }
            Hillshade::Parameters p;
            p.azimuthDegrees = mStyle.azimuthDegrees;
            p.altitudeDegrees = mStyle.altitudeDegrees;
            p.zFactor = mStyle.zFactor;
            p.multidirectional = mStyle.multidirectional;
            // Shaded straight into a window-sized buffer whose outer ring stays NaN.
            shade.assign(cells, kNaN);
            Hillshade::compute(elev.data(), w.width, w.height, cellW.data(), cellH.data(), p,
                               shade.data() + w.width + 1, w.width, kNaN);
        }

        // 4. Into the tile.
        const ElevationColourTable *table = mColours.get();
        const float opacity = static_cast<float>(mStyle.shadeOpacity);
        // The shade of flat ground (gdaldem's 1 + 254 sin(altitude)) leaves
        // the relief colour as it is; slopes facing away darken it (the
        // multiply of the brief) and slopes facing the light lighten it a
        // little, as on a printed shaded-relief map.
        const float flat = static_cast<float>(1.0 + 254.0 * std::sin(mStyle.altitudeDegrees * std::numbers::pi / 180.0));
        const bool hillshade = mStyle.hillshade, relief = mStyle.colourRelief && table;
        if (!hillshade && !relief)
            return {};
        uchar *bits = tile.bits();
        const qsizetype bytesPerLine = tile.bytesPerLine();
        // The colour of one pixel from its elevation z and shade h (NaN: none).
        // Brightness factor by shade, tabulated in quarter grey levels.
        std::array<float, 1024> factors;
        for (int k = 0; k < 1024; ++k) {
            const float h = k / 4.0f;
            if (relief) {
                const float lit = h <= flat ? h / flat : 1.0f + 0.35f * (h - flat) / (255.0f - flat);
                factors[k] = 1.0f + opacity * (lit - 1.0f);
            } else {
                factors[k] = 1.0f - opacity * (1.0f - h / 255.0f); // grey hillshade over white paper
            }
        }
        auto colour = [&](float z, float h) -> QRgb {
            QRgb base = qRgb(255, 255, 255);
            float factor = 1.0f;
            if (!std::isnan(h))
                factor = factors[std::min(1023, static_cast<int>(h * 4.0f + 0.5f))];
            else if (!relief)
                return 0;
            if (relief)
                base = table->colourAt(z);
            auto ch = [factor](int c) { return std::min(255, static_cast<int>(c * factor + 0.5f)); };
            return qRgb(ch(qRed(base)), ch(qGreen(base)), ch(qBlue(base)));
        };

        // Same CRS with pixels on cell centres (the usual case: any zoom
        // at or below the data's resolution): cells map one to one.
        double u00, v00, u10, v10, u01, v01;
        bool aligned = false;
        if (toSource->isIdentity() && gt[2] == 0.0 && gt[4] == 0.0) {
            double x, y;
            grid.at(0.5 / kGridStep, 0.5 / kGridStep, x, y);
            u00 = w.cellU(x), v00 = w.cellV(y);
            grid.at(1.5 / kGridStep, 0.5 / kGridStep, x, y);
            u10 = w.cellU(x), v10 = w.cellV(y);
            grid.at(0.5 / kGridStep, 1.5 / kGridStep, x, y);
            u01 = w.cellU(x), v01 = w.cellV(y);
            aligned = std::abs(u10 - u00 - 1) < 1e-6 && std::abs(v01 - v00 - 1) < 1e-6 && std::abs(v10 - v00) < 1e-6
                      && std::abs(u01 - u00) < 1e-6 && std::abs(u00 - std::round(u00)) < 1e-4
                      && std::abs(v00 - std::round(v00)) < 1e-4 && std::round(u00) >= 0 && std::round(v00) >= 0
                      && std::round(u00) + T <= w.width && std::round(v00) + T <= w.height;
        }
        if (aligned) {
            const int c0 = static_cast<int>(std::round(u00)), r0 = static_cast<int>(std::round(v00));
            for (int j = 0; j < T; ++j) {
                const std::size_t k = static_cast<std::size_t>(r0 + j) * w.width + c0;
                const float *zRow = elev.data() + k;
                const float *hRow = hillshade ? shade.data() + k : nullptr;
                auto *line = reinterpret_cast<QRgb *>(bits + j * bytesPerLine);
                for (int i = 0; i < T; ++i) {
                    const float z = zRow[i];
                    if (std::isnan(z))
                        continue;
                    const QRgb c = colour(z, hRow ? hRow[i] : kNaN);
                    if (c) {
                        line[i] = c;
                        ++drawn;
                    }
                }
            }
            return finishedTile(std::move(tile), drawn);
        }

        forEachPixel(grid, w, T, [&](int i, int j, double u, double v) {
            float z, h = kNaN;
            if (!sampleFast(elev.data(), w.width, w.height, u, v, z))
                return;
            if (hillshade && !sampleFast(shade.data(), w.width, w.height, u, v, h))
                h = kNaN;
            const QRgb c = colour(z, h);
            if (c) {
                reinterpret_cast<QRgb *>(bits + j * bytesPerLine)[i] = c;
                ++drawn;
            }
        });
        return finishedTile(std::move(tile), drawn);
    }

    // Imagery: bands as they are, transparency from GDAL's mask (nodata, alpha band, internal mask).
    const int planes = src.bands == RasterSource::Bands::Rgb || src.bands == RasterSource::Bands::Rgba ? 3 : 1;
    const bool nearest = src.bands == RasterSource::Bands::Paletted;
    std::vector<std::vector<quint8>> band(static_cast<std::size_t>(planes), std::vector<quint8>(cells, 0));
    std::vector<quint8> mask(cells, 0);
    for (int b = 0; b < planes; ++b)
        if (!readBand(levelBand(ds, b + 1, w.overview), band[b].data(), GDT_Byte, nearest))
            return {};
    GDALRasterBandH first = levelBand(ds, 1, w.overview);
    if (GDALGetMaskFlags(first) == GMF_ALL_VALID) {
        for (int r = w.ja - w.j0; r < w.jb - w.j0; ++r)
            std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(r) * w.width + (w.ia - w.i0), bw, quint8(255));
    } else if (!readBand(GDALGetMaskBand(first), mask.data(), GDT_Byte, nearest)) {
        return {};
    }
    uchar *bits = tile.bits();
    const qsizetype bytesPerLine = tile.bytesPerLine();
    forEachPixel(grid, w, T, [&](int i, int j, double u, double v) {
        if (!(u > -0.5 && v > -0.5))
            return;
        const int c = static_cast<int>(u + 0.5), r = static_cast<int>(v + 0.5);
        if (c >= w.width || r >= w.height)
            return;
        const std::size_t k = static_cast<std::size_t>(r) * w.width + c;
        int alpha = mask[k];
        QRgb rgb;
        if (src.bands == RasterSource::Bands::Paletted) {
            const int index = band[0][k];
            rgb = index < src.palette.size() ? src.palette[index] : qRgba(0, 0, 0, 0);
            alpha = alpha * qAlpha(rgb) / 255;
        } else if (planes == 3) {
            rgb = qRgb(band[0][k], band[1][k], band[2][k]);
        } else {
            rgb = qRgb(band[0][k], band[0][k], band[0][k]);
        }
        if (alpha == 0)
            return;
        reinterpret_cast<QRgb *>(bits + j * bytesPerLine)[i] = qPremultiply(qRgba(qRed(rgb), qGreen(rgb), qBlue(rgb), alpha));
        ++drawn;
    });
    return drawn > 0 ? tile : QImage();
}

} // namespace linewatch

// Frame times of terrain rendering on a 20,000 × 20,000 Int16 DEM (issue 2,
// "Performance"): the first 1920×1080 hillshaded frame at native resolution,
// the whole DEM fitted to the view, a pan by 10 % of the view and a zoom
// step, for a DEM in UTM 38N and a geographic copy; the same frames with no
// overviews and no tile reuse as the baseline; peak memory (max RSS).
//
// The DEMs are generated once into $LINEWATCH_BENCH_DIR (default
// /tmp/linewatch-bench) by a child process, so the generator's memory does not
// count in the peak.
//
// Also: Horn hillshade of one frame's window by our kernel and by
// GDALDEMProcessing (to a MEM dataset; it cannot write to VRT), the baseline
// that justifies writing the kernel ourselves.
#include "io/gdal_environment.h"
#include "render/map_renderer.h"
#include "terrain/hillshade.h"
#include "render/raster_layer.h"
#include "render/raster_tile_cache.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <benchmark/benchmark.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace linewatch;

namespace {

constexpr int kSize = 20000;
constexpr double kUtmCell = 10.0;             // [m]
constexpr double kGeoCell = 1.0 / 3600.0;     // [deg], 1"
const QSize kView(1920, 1080);

QString benchDir()
{
    const QByteArray env = qgetenv("LINEWATCH_BENCH_DIR");
    return env.isEmpty() ? QStringLiteral("/tmp/linewatch-bench") : QString::fromLocal8Bit(env);
}
QString utmPath() { return benchDir() + QStringLiteral("/dem20k_utm38.tif"); }
QString geoPath() { return benchDir() + QStringLiteral("/dem20k_geo.tif"); }

double maxRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

/// Writes a tiled, ZSTD-compressed Int16 DEM with overviews. Mountains from
/// a few separable sine products (cheap: one multiply-add per term per cell
/// from per-row and per-column tables), so 400 M cells take seconds.
bool generate(const QString &path, const double *geoTransform, int epsg)
{
    const QString tmp = path + QStringLiteral(".part");
    const char *options[] = {"TILED=YES", "BLOCKXSIZE=512", "BLOCKYSIZE=512", "COMPRESS=ZSTD", "ZSTD_LEVEL=1",
                             "PREDICTOR=2", "BIGTIFF=IF_SAFER", "NUM_THREADS=2", nullptr};
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), tmp.toUtf8().constData(), kSize, kSize, 1, GDT_Int16,
                                 const_cast<char **>(options));
    if (!ds)
        return false;
    GDALSetGeoTransform(ds, const_cast<double *>(geoTransform));
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, epsg);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(band, -32768);

    struct Term
    {
        double amplitude, kx, ky, phase;
    };
    const Term terms[] = {{900, 1 / 1900.0, 1 / 2300.0, 0.3}, {420, 1 / 610.0, 1 / 530.0, 1.1},
                          {160, 1 / 170.0, 1 / 210.0, 2.0},  {60, 1 / 43.0, 1 / 57.0, 0.7},
                          {18, 1 / 11.0, 1 / 13.0, 1.9}};
    const int nTerms = static_cast<int>(std::size(terms));
    std::vector<float> colTable(static_cast<std::size_t>(nTerms) * kSize);
    for (int t = 0; t < nTerms; ++t)
        for (int c = 0; c < kSize; ++c)
            colTable[static_cast<std::size_t>(t) * kSize + c] = static_cast<float>(std::sin(c * terms[t].kx + terms[t].phase));
    const int rowsPerChunk = 512;
    std::vector<qint16> chunk(static_cast<std::size_t>(rowsPerChunk) * kSize);
    for (int r0 = 0; r0 < kSize; r0 += rowsPerChunk) {
        const int rows = std::min(rowsPerChunk, kSize - r0);
        for (int r = 0; r < rows; ++r) {
            float rowFactor[8];
            for (int t = 0; t < nTerms; ++t)
                rowFactor[t] = static_cast<float>(terms[t].amplitude * std::cos((r0 + r) * terms[t].ky));
            qint16 *out = chunk.data() + static_cast<std::size_t>(r) * kSize;
            for (int c = 0; c < kSize; ++c) {
                float z = 1600.0f + 0.02f * c;
                for (int t = 0; t < nTerms; ++t)
                    z += rowFactor[t] * colTable[static_cast<std::size_t>(t) * kSize + c];
                out[c] = static_cast<qint16>(z);
            }
        }
        if (GDALRasterIO(band, GF_Write, 0, r0, kSize, rows, chunk.data(), kSize, rows, GDT_Int16, 0, 0) != CE_None) {
            GDALClose(ds);
            return false;
        }
    }
    GDALClose(ds);
    // Overviews in the file (internal), averaged, down to 1/64.
    ds = GDALOpen(tmp.toUtf8().constData(), GA_Update);
    CPLSetConfigOption("COMPRESS_OVERVIEW", "ZSTD");
    CPLSetConfigOption("PREDICTOR_OVERVIEW", "2");
    CPLSetConfigOption("GDAL_NUM_THREADS", "2");
    int levels[] = {2, 4, 8, 16, 32, 64};
    const bool ok = GDALBuildOverviews(ds, "AVERAGE", 6, levels, 0, nullptr, nullptr, nullptr) == CE_None;
    GDALClose(ds);
    return ok && QFile::rename(tmp, path);
}

/// Generates missing DEMs in a child process (fork before any GDAL use here).
void ensureDems()
{
    if (QFileInfo::exists(utmPath()) && QFileInfo::exists(geoPath()))
        return;
    QDir().mkpath(benchDir());
    std::fprintf(stderr, "generating the 20,000 x 20,000 DEMs in %s (once)...\n", qPrintable(benchDir()));
    const pid_t child = fork();
    if (child == 0) {
        GdalEnvironment::initialise();
        const double utmGt[6] = {400000, kUtmCell, 0, 4500000, 0, -kUtmCell};
        const double geoGt[6] = {44.0, kGeoCell, 0, 42.0, 0, -kGeoCell};
        const bool ok = (QFileInfo::exists(utmPath()) || generate(utmPath(), utmGt, 32638))
                        && (QFileInfo::exists(geoPath()) || generate(geoPath(), geoGt, 4326));
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "DEM generation failed\n");
        std::exit(1);
    }
}

struct Setup
{
    std::unique_ptr<RasterLayer> layer;
    double cell = 0; ///< [map unit] native cell size
    QRectF extent;
};

Setup &layerFor(bool geographic)
{
    static Setup setups[2];
    Setup &s = setups[geographic ? 1 : 0];
    if (!s.layer) {
        auto opened = RasterLayer::open(geographic ? geoPath() : utmPath());
        if (!opened) {
            std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
            std::exit(1);
        }
        s.layer = std::move(opened).value();
        s.cell = geographic ? kGeoCell : kUtmCell;
        s.extent = s.layer->extent();
    }
    return s;
}

/// A different place for each iteration, so GDAL's block cache never holds
/// the window already (each first frame reads and decompresses its blocks).
QPointF placeFor(const Setup &s, int iteration)
{
    const double w = kView.width() * s.cell, h = kView.height() * s.cell;
    const int across = static_cast<int>((s.extent.width() - w) / w);
    const int down = static_cast<int>((s.extent.height() - h) / h);
    const int i = (iteration * 7) % (across * down);
    return QPointF(s.extent.left() + w * (0.5 + i % across) + w / 2, s.extent.top() + h * (0.5 + i / across) + h / 2);
}

/// [ms] CPU time of the whole process (all threads), user + system.
double processCpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

double renderMs(const RasterLayer &layer, const MapSettings &settings)
{
    QElapsedTimer t;
    t.start();
    QList<LayerError> errors;
    const QImage image = MapRenderer::renderImage(settings, {&layer}, &errors);
    benchmark::DoNotOptimize(image.constBits());
    if (!errors.isEmpty())
        std::fprintf(stderr, "render error: %s\n", qPrintable(errors.first().message));
    return t.nsecsElapsed() / 1e6;
}

enum class Frame { Native, Fitted, Pan, Zoom };

void BM_Frame(benchmark::State &state)
{
    const auto frame = static_cast<Frame>(state.range(0));
    const bool geographic = state.range(1) != 0;
    const bool baseline = state.range(2) != 0;
    Setup &s = layerFor(geographic);
    RasterLayer &layer = *s.layer;
    layer.setUseOverviews(!baseline);
    layer.setTileReuse(!baseline);
    const Crs crs = layer.crs();
    int iteration = 0;
    qint64 tilesRendered = 0, tilesReused = 0, pixelsRead = 0;
    double cpuMs = 0;
    for (auto _ : state) {
        layer.tileCache().clear();
        MapSettings settings(crs, placeFor(s, iteration++), s.cell, kView);
        if (frame == Frame::Fitted)
            settings = MapSettings::fitting(crs, s.extent, kView);
        if (frame == Frame::Pan || frame == Frame::Zoom) {
            renderMs(layer, settings); // the frame before, untimed
            if (frame == Frame::Pan)
                settings.setCenter(settings.center() + QPointF(0.1 * kView.width() * s.cell, 0));
            else
                settings.setMapUnitsPerPixel(settings.mapUnitsPerPixel() * 2);
        }
        layer.tileCache().resetStatistics();
        const double cpuBefore = processCpuMs();
        state.SetIterationTime(renderMs(layer, settings) / 1000.0);
        cpuMs += processCpuMs() - cpuBefore;
        const RasterTileCache::Statistics st = layer.tileCache().statistics();
        tilesRendered += st.tilesRendered;
        tilesReused += st.tilesReused;
        pixelsRead += st.pixelsRead;
    }
    state.counters["tiles_rendered"] = benchmark::Counter(double(tilesRendered), benchmark::Counter::kAvgIterations);
    state.counters["tiles_reused"] = benchmark::Counter(double(tilesReused), benchmark::Counter::kAvgIterations);
    state.counters["Mpx_read"] = benchmark::Counter(pixelsRead / 1e6, benchmark::Counter::kAvgIterations);
    // CPU time of all threads per frame: what the frame costs whatever else
    // runs on the machine (wall time on 2 idle cores is about half of it).
    state.counters["cpu_ms"] = benchmark::Counter(cpuMs, benchmark::Counter::kAvgIterations);
    state.counters["max_rss_MiB"] = maxRssMiB();
    layer.tileCache().clear();
}

void frameArgs(benchmark::internal::Benchmark *b, bool baseline)
{
    b->ArgNames({"frame", "geographic", "baseline"});
    for (int geographic : {0, 1})
        for (int frame : {int(Frame::Native), int(Frame::Fitted), int(Frame::Pan), int(Frame::Zoom)})
            b->Args({frame, geographic, baseline ? 1 : 0});
    b->UseManualTime()->Unit(benchmark::kMillisecond);
    b->Repetitions(baseline ? 1 : 3)->ReportAggregatesOnly(!baseline);
    b->ComputeStatistics("median", [](const std::vector<double> &v) {
        std::vector<double> c = v;
        std::nth_element(c.begin(), c.begin() + c.size() / 2, c.end());
        return c[c.size() / 2];
    });
    if (baseline)
        b->Iterations(3);
    else
        b->Iterations(15);
}

BENCHMARK(BM_Frame)->Name("Frame/linewatch")->Apply([](auto *b) { frameArgs(b, false); });
BENCHMARK(BM_Frame)->Name("Frame/baseline_no_overviews_no_reuse")->Apply([](auto *b) { frameArgs(b, true); });

/// One 1920×1080 frame's window (+1 cell border) of the projected DEM, as floats.
std::vector<float> &frameWindow()
{
    static std::vector<float> z;
    if (z.empty()) {
        z.resize(static_cast<std::size_t>(kView.width() + 2) * (kView.height() + 2));
        GDALDatasetH ds = GDALOpen(utmPath().toUtf8().constData(), GA_ReadOnly);
        if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 5000, 5000, kView.width() + 2, kView.height() + 2, z.data(),
                         kView.width() + 2, kView.height() + 2, GDT_Float32, 0, 0)
            != CE_None)
            std::fprintf(stderr, "window read failed\n");
        GDALClose(ds);
    }
    return z;
}

void BM_HillshadeKernel(benchmark::State &state)
{
    std::vector<float> &z = frameWindow();
    const int w = kView.width() + 2, h = kView.height() + 2;
    std::vector<float> out(static_cast<std::size_t>(w - 2) * (h - 2));
    const std::vector<double> cell(static_cast<std::size_t>(h), kUtmCell);
    for (auto _ : state) {
        Hillshade::compute(z.data(), w, h, cell.data(), cell.data(), Hillshade::Parameters{}, out.data());
        benchmark::DoNotOptimize(out.data());
    }
}
BENCHMARK(BM_HillshadeKernel)->Name("Hillshade1920x1080/linewatch_kernel")->Unit(benchmark::kMillisecond);

void BM_GdalDemProcessing(benchmark::State &state)
{
    std::vector<float> &z = frameWindow();
    const int w = kView.width() + 2, h = kView.height() + 2;
    // The window as a MEM dataset (what a tile renderer would hand GDAL).
    GDALDatasetH src = GDALCreate(GDALGetDriverByName("MEM"), "", w, h, 1, GDT_Float32, nullptr);
    double gt[6] = {0, kUtmCell, 0, 0, 0, -kUtmCell};
    GDALSetGeoTransform(src, gt);
    if (GDALRasterIO(GDALGetRasterBand(src, 1), GF_Write, 0, 0, w, h, z.data(), w, h, GDT_Float32, 0, 0) != CE_None)
        state.SkipWithError("MEM write failed");
    const char *argv[] = {"-of", "MEM", "-compute_edges", nullptr};
    GDALDEMProcessingOptions *options = GDALDEMProcessingOptionsNew(const_cast<char **>(argv), nullptr);
    for (auto _ : state) {
        int usageError = 0;
        GDALDatasetH out = GDALDEMProcessing("", src, "hillshade", nullptr, options, &usageError);
        benchmark::DoNotOptimize(out);
        GDALClose(out);
    }
    GDALDEMProcessingOptionsFree(options);
    GDALClose(src);
}
BENCHMARK(BM_GdalDemProcessing)->Name("Hillshade1920x1080/GDALDEMProcessing_MEM")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    ensureDems();
    QCoreApplication app(argc, argv);
    GdalEnvironment::initialise();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    std::printf("peak memory (max RSS) of the whole run: %.0f MiB\n", maxRssMiB());
    benchmark::Shutdown();
    return 0;
}

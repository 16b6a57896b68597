// Cost of the checksummed terrain cache (TerrainCache, /vsilwcache/) on the
// read path of GDAL's WMS driver, against the plain folder cache GDAL uses by
// default. One iteration does what the driver does for a cached tile
// (frmts/wms/gdalwmscache.cpp: VSIStatL for presence and age, then
// GDALOpenEx and a read of the whole block) on one of 16 tiles in turn.
// Tiles are 512 x 512 Int16 GeoTIFFs, DEFLATE with predictor, like the
// sample's Terrain Tiles. The entries are the same bytes in both caches, plus
// the 40-byte trailer in ours.
//
//   BM_PlainFolderCache   baseline: stat + open + read from a plain file
//   BM_ChecksummedCache   the same through /vsilwcache/ (SHA-256 on open,
//                         and on the first stat of each entry version)
//   BM_Sha256Only         SHA-256 of one entry's bytes, for scale
#include "io/gdal_environment.h"
#include "io/terrain_cache.h"

#include <benchmark/benchmark.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cpl_vsi.h>
#include <gdal.h>

#include <cmath>
#include <memory>
#include <vector>

using namespace linewatch;

namespace {

constexpr int kTiles = 16;
constexpr int kTilePx = 512;

struct Fixture
{
    QTemporaryDir dir;
    std::vector<QByteArray> plain; ///< real paths of the plain entries
    std::vector<QByteArray> vsi;   ///< /vsilwcache/ paths of the sealed entries
    qint64 entryBytes = 0;

    Fixture()
    {
        GdalEnvironment::Options options;
        options.cacheFolder = dir.path() + QStringLiteral("/sealed");
        GdalEnvironment::initialise(options);
        QDir().mkpath(dir.path() + QStringLiteral("/plain/a/b"));
        std::vector<qint16> pixels(kTilePx * kTilePx);
        for (int t = 0; t < kTiles; ++t) {
            for (int j = 0; j < kTilePx; ++j)
                for (int i = 0; i < kTilePx; ++i)
                    pixels[j * kTilePx + i] =
                        static_cast<qint16>(500 + 1500 * std::exp(-((i - 256.0) * (i - 256.0) + (j - 200.0 - t) * (j - 200.0 - t)) / 20000.0));
            const QByteArray path = QFile::encodeName(dir.path() + QStringLiteral("/plain/a/b/tile%1.tif").arg(t));
            const char *create[] = {"COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", nullptr};
            GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.constData(), kTilePx, kTilePx, 1, GDT_Int16,
                                         const_cast<char **>(create));
            if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Write, 0, 0, kTilePx, kTilePx, pixels.data(), kTilePx, kTilePx,
                             GDT_Int16, 0, 0)
                != CE_None)
                std::abort();
            GDALClose(ds);
            plain.push_back(path);
            // The same bytes written through the cache, as the driver does.
            QFile f(QFile::decodeName(path));
            f.open(QIODevice::ReadOnly);
            const QByteArray bytes = f.readAll();
            entryBytes = bytes.size();
            const QByteArray target = (TerrainCache::vsiPrefix() + QStringLiteral("a/b/tile%1.tif").arg(t)).toUtf8();
            VSILFILE *out = VSIFOpenL(target.constData(), "wb");
            VSIFWriteL(bytes.constData(), 1, static_cast<size_t>(bytes.size()), out);
            if (VSIFCloseL(out) != 0)
                std::abort();
            vsi.push_back(target);
        }
    }
};

Fixture &fixture()
{
    static Fixture f;
    return f;
}

void readCached(benchmark::State &state, const std::vector<QByteArray> &paths)
{
    std::vector<qint16> block(kTilePx * kTilePx);
    int t = 0;
    for (auto _ : state) {
        const QByteArray &path = paths[t++ % kTiles];
        VSIStatBufL st;
        if (VSIStatL(path.constData(), &st) != 0)
            state.SkipWithError("stat failed");
        GDALDatasetH ds = GDALOpenEx(path.constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
        if (!ds) {
            state.SkipWithError("open failed");
            break;
        }
        if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, kTilePx, kTilePx, block.data(), kTilePx, kTilePx,
                         GDT_Int16, 0, 0)
            != CE_None)
            state.SkipWithError("read failed");
        benchmark::DoNotOptimize(block.data());
        GDALClose(ds);
    }
    state.counters["entry_KiB"] = double(fixture().entryBytes) / 1024.0;
    state.SetItemsProcessed(state.iterations());
}

void BM_PlainFolderCache(benchmark::State &state) { readCached(state, fixture().plain); }
void BM_ChecksummedCache(benchmark::State &state) { readCached(state, fixture().vsi); }

void BM_Sha256Only(benchmark::State &state)
{
    QFile f(QFile::decodeName(fixture().plain.front()));
    f.open(QIODevice::ReadOnly);
    const QByteArray bytes = f.readAll();
    for (auto _ : state)
        benchmark::DoNotOptimize(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256));
    state.SetBytesProcessed(state.iterations() * bytes.size());
}

} // namespace

BENCHMARK(BM_PlainFolderCache)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChecksummedCache)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sha256Only)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();

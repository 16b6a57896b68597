// Cost of terrain along a line (issue 4, "Terrain along a line"): an
// elevation profile and a line of sight across a 1201 × 1201 Int16 3"
// geographic DEM laid out like an SRTM tile, 135 km corner to corner at
// the default spacing (half the cell's 64 m width at 46.5° N: 4 141 samples).
//
// Baseline: DemSampler::elevationsAt on the same positions, computed
// beforehand; the difference is what placing samples on the geodesic,
// summarising and the sight-line pass cost on top of reading the DEM.
#include "io/gdal_environment.h"
#include "terrain/dem_sampler.h"
#include "terrain/elevation_profile.h"
#include "terrain/line_of_sight.h"

#include <QCoreApplication>
#include <QDir>

#include <benchmark/benchmark.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdio>
#include <vector>

using namespace linewatch;

namespace {

QString demPath()
{
    const QByteArray env = qgetenv("LINEWATCH_BENCH_DIR");
    const QString dir = env.isEmpty() ? QStringLiteral("/tmp/linewatch-bench") : QString::fromLocal8Bit(env);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/srtm_like_n46e008.tif");
}

/// Rolling terrain between 300 and 3300 m, so profiles go up and down.
bool writeDem(const QString &path)
{
    constexpr int n = 1201;
    constexpr double cell = 1.0 / 1200;
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), n, n, 1, GDT_Int16, nullptr);
    if (!ds)
        return false;
    double gt[6] = {8.0 - cell / 2, cell, 0, 47.0 + cell / 2, 0, -cell};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    GDALSetRasterNoDataValue(band, -32767);
    std::vector<short> row(n);
    bool ok = true;
    for (int r = 0; r < n && ok; ++r) {
        for (int c = 0; c < n; ++c)
            row[static_cast<std::size_t>(c)] = static_cast<short>(1800 + 900 * std::sin(c * 0.031) * std::cos(r * 0.027) + 600 * std::sin((c + r) * 0.011));
        ok = GDALRasterIO(band, GF_Write, 0, r, n, 1, row.data(), n, 1, GDT_Int16, 0, 0) == CE_None;
    }
    GDALClose(ds);
    return ok;
}

const std::vector<LonLat> kPath{{8.01, 46.01}, {8.99, 46.99}};

void BM_ElevationsAt(benchmark::State &state)
{
    auto dem = DemSampler::open(demPath());
    auto profile = ElevationProfile::compute(*dem, kPath);
    std::vector<LonLat> positions;
    for (const ProfileSample &s : profile->samples())
        positions.push_back(s.position);
    for (auto _ : state)
        benchmark::DoNotOptimize(dem->elevationsAt(positions));
    state.counters["samples"] = double(positions.size());
}
BENCHMARK(BM_ElevationsAt)->Name("Line135km/baseline_elevationsAt")->Unit(benchmark::kMillisecond);

void BM_Profile(benchmark::State &state)
{
    auto dem = DemSampler::open(demPath());
    for (auto _ : state)
        benchmark::DoNotOptimize(ElevationProfile::compute(*dem, kPath));
}
BENCHMARK(BM_Profile)->Name("Line135km/ElevationProfile")->Unit(benchmark::kMillisecond);

void BM_LineOfSight(benchmark::State &state)
{
    auto dem = DemSampler::open(demPath());
    for (auto _ : state)
        benchmark::DoNotOptimize(LineOfSight::compute(*dem, kPath.front(), kPath.back()));
}
BENCHMARK(BM_LineOfSight)->Name("Line135km/LineOfSight")->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    GdalEnvironment::initialise();
    if (!writeDem(demPath())) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(demPath()));
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

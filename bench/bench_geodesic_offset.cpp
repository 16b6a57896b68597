// What selecting a claim costs: GeodesicOffset::band of a line on both sides
// (the band drawn for a claim that names no side), beside a baseline of as
// many LineDistance::nearest queries as the band has offset vertices (the
// trimming check is one such query per vertex plus bisections), in the same
// run. Lines: a random walk (fixed seed) about 60 km long near Shusha with
// 50 or 500 vertices (the sample line of contact has about 40 per part).
//   bench_geodesic_offset --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "geodesy/geodesic.h"
#include "geodesy/geodesic_offset.h"
#include "geodesy/line_distance.h"

#include <benchmark/benchmark.h>

#include <map>
#include <random>

using namespace linewatch;

namespace {

const LineDistance &lineOf(int vertices)
{
    static std::map<int, LineDistance> cache;
    auto it = cache.find(vertices);
    if (it == cache.end()) {
        std::mt19937 rng(7 + vertices);
        std::uniform_real_distribution<double> turn(-30.0, 30.0);
        LineDistance::Part part;
        LonLat v{46.5, 39.6};
        double azi = 30.0;
        const double step = 60000.0 / vertices;
        for (int i = 0; i < vertices; ++i) {
            part.push_back(v);
            azi = 0.8 * azi + 0.2 * 30.0 + turn(rng);
            v = Geodesic::wgs84().direct(v, azi, step);
        }
        it = cache.emplace(vertices, *LineDistance::create({part})).first;
    }
    return it->second;
}

void BM_BandBothSides(benchmark::State &state)
{
    const LineDistance &line = lineOf(static_cast<int>(state.range(0)));
    const double d = static_cast<double>(state.range(1));
    std::size_t vertices = 0;
    for (auto _ : state) {
        vertices = 0;
        for (Side side : {Side::Left, Side::Right})
            for (const auto &ring : GeodesicOffset::band(line, d, side))
                vertices += ring.size();
        benchmark::DoNotOptimize(vertices);
    }
    state.counters["ring_vertices"] = static_cast<double>(vertices);
}

void BM_BaselineNearestPerVertex(benchmark::State &state)
{
    const LineDistance &line = lineOf(static_cast<int>(state.range(0)));
    const double d = static_cast<double>(state.range(1));
    std::vector<LonLat> points;
    for (Side side : {Side::Left, Side::Right})
        for (const auto &curve : GeodesicOffset::curve(line, d, side))
            points.insert(points.end(), curve.begin(), curve.end());
    for (auto _ : state)
        for (const LonLat &p : points)
            benchmark::DoNotOptimize(line.nearest(p));
    state.counters["queries"] = static_cast<double>(points.size());
}

} // namespace

BENCHMARK(BM_BandBothSides)->Args({50, 2000})->Args({500, 2000})->Args({500, 500})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineNearestPerVertex)->Args({50, 2000})->Args({500, 2000})->Args({500, 500})->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

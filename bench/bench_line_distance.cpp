// Points per second of LineDistance::nearest (R-tree + exact Karney foot) beside
// a brute-force baseline that solves every segment exactly, in the same run.
// Lines: a random walk (fixed seed) about 300 km long near Shusha with 50,
// 2,000 or 50,000 vertices; points uniform over its box grown by 30 km.
//   bench_line_distance --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include "geodesy/geodesic.h"
#include "geodesy/line_distance.h"

#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <vector>

using namespace linewatch;

namespace {

const LineDistance &lineOf(int vertices)
{
    static std::map<int, LineDistance> cache;
    auto it = cache.find(vertices);
    if (it == cache.end()) {
        std::mt19937 rng(42 + vertices);
        std::uniform_real_distribution<double> turn(-30.0, 30.0);
        LineDistance::Part part;
        LonLat v{46.0, 39.5};
        double azi = 80.0;
        const double step = 300000.0 / vertices;
        for (int i = 0; i < vertices; ++i) {
            part.push_back(v);
            azi = 0.8 * azi + 0.2 * 80.0 + turn(rng);
            v = Geodesic::wgs84().direct(v, azi, step);
        }
        it = cache.emplace(vertices, *LineDistance::create({part})).first;
    }
    return it->second;
}

const std::vector<LonLat> &pointsNear(int vertices, int count)
{
    static std::map<std::pair<int, int>, std::vector<LonLat>> cache;
    auto key = std::pair{vertices, count};
    auto it = cache.find(key);
    if (it == cache.end()) {
        double west = 180, east = -180, south = 90, north = -90;
        for (const LonLat &v : lineOf(vertices).parts()[0]) {
            west = std::min(west, v.lon);
            east = std::max(east, v.lon);
            south = std::min(south, v.lat);
            north = std::max(north, v.lat);
        }
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> lon(west - 0.35, east + 0.35), lat(south - 0.27, north + 0.27);
        std::vector<LonLat> pts(static_cast<std::size_t>(count));
        for (LonLat &p : pts)
            p = {lon(rng), lat(rng)};
        it = cache.emplace(key, std::move(pts)).first;
    }
    return it->second;
}

void runIndexed(benchmark::State &state)
{
    const int vertices = static_cast<int>(state.range(0)), count = static_cast<int>(state.range(1));
    const LineDistance &line = lineOf(vertices);
    const auto &pts = pointsNear(vertices, count);
    // With ->Threads(2) each thread takes its half of the points.
    const std::size_t begin = pts.size() * static_cast<std::size_t>(state.thread_index()) / static_cast<std::size_t>(state.threads());
    const std::size_t end = pts.size() * static_cast<std::size_t>(state.thread_index() + 1) / static_cast<std::size_t>(state.threads());
    for (auto _ : state) {
        double sum = 0.0;
        for (std::size_t i = begin; i < end; ++i)
            sum += line.nearest(pts[i]).distanceM;
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(end - begin));
}

void runBruteForce(benchmark::State &state)
{
    const int vertices = static_cast<int>(state.range(0)), count = static_cast<int>(state.range(1));
    const LineDistance &line = lineOf(vertices);
    const auto &pts = pointsNear(vertices, count);
    for (auto _ : state) {
        double sum = 0.0;
        for (const LonLat &p : pts)
            sum += line.nearestBruteForce(p).distanceM;
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * count);
}

void indexedArgs(benchmark::internal::Benchmark *b)
{
    for (int v : {50, 2000, 50000})
        for (int n : {1000, 100000, 1000000})
            b->Args({v, n});
}

} // namespace

// Build the lines and points before timing.
static const bool warmed = [] {
    for (int v : {50, 2000, 50000})
        for (int n : {1000, 100000, 1000000})
            pointsNear(v, n);
    return true;
}();

BENCHMARK(runIndexed)->Name("indexed/1thread")->Apply(indexedArgs)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(0.5);
BENCHMARK(runIndexed)->Name("indexed/2threads")->Apply(indexedArgs)->Threads(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(0.5);
// Brute force solves every segment for every point: 1,000 points for the
// short lines, 20 for 50,000 vertices (points/s is what is compared).
BENCHMARK(runBruteForce)->Name("bruteforce/1thread")->Args({50, 1000})->Args({2000, 1000})->Args({50000, 20})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

BENCHMARK_MAIN();

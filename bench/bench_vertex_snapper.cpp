// One snap query of VertexSnapper::nearest (lon/lat box prefilter, then
// projection of the candidates only) beside a baseline that projects every
// vertex to pixels, in the same run: what each mouse move of the measure
// tool costs. Vertices: uniform (fixed seed) over a 1 x 1 degree box near
// Shusha, 1,000 / 20,000 / 200,000 of them; the view is UTM 38N at about
// 26 m per pixel, queries at random pixels of a 900 x 650 canvas.
//   bench_vertex_snapper --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include "crs/crs.h"
#include "crs/crs_transform.h"
#include "project/vertex_snapper.h"
#include "render/map_settings.h"

#include <benchmark/benchmark.h>

#include <QTransform>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <vector>

using namespace linewatch;

namespace {

const VertexSnapper &snapperOf(int count)
{
    static std::map<int, VertexSnapper> cache;
    auto it = cache.find(count);
    if (it == cache.end()) {
        std::mt19937 rng(7 + count);
        std::uniform_real_distribution<double> lon(46.2, 47.2), lat(39.3, 40.3);
        VertexSnapper s;
        for (int i = 0; i < count; ++i)
            s.add({lon(rng), lat(rng)}, QStringLiteral("bench"));
        it = cache.emplace(count, std::move(s)).first;
    }
    return it->second;
}

MapSettings view()
{
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), utm);
    QPointF c(46.7, 39.8);
    t->forward(c);
    return MapSettings(utm, c, 26.0, QSize(900, 650));
}

std::vector<QPointF> queries()
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> x(0, 900), y(0, 650);
    std::vector<QPointF> q(256);
    for (QPointF &p : q)
        p = QPointF(x(rng), y(rng));
    return q;
}

void BM_SnapPrefiltered(benchmark::State &state)
{
    const VertexSnapper &s = snapperOf(int(state.range(0)));
    const MapSettings settings = view();
    const std::vector<QPointF> q = queries();
    std::size_t i = 0, hits = 0;
    for (auto _ : state) {
        const auto v = s.nearest(settings, q[i++ % q.size()], 8.0);
        hits += v.has_value();
        benchmark::DoNotOptimize(v);
    }
    state.counters["hit_rate"] = double(hits) / double(state.iterations());
}

// Baseline: every vertex projected and measured in pixels.
void BM_SnapProjectAll(benchmark::State &state)
{
    const VertexSnapper &s = snapperOf(int(state.range(0)));
    const MapSettings settings = view();
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), settings.crs());
    const QTransform toPixel = settings.mapToPixelTransform();
    const std::vector<QPointF> q = queries();
    std::size_t i = 0, hits = 0;
    for (auto _ : state) {
        const QPointF pixel = q[i++ % q.size()];
        double best = std::numeric_limits<double>::infinity();
        for (const auto &v : s.vertices()) {
            QPointF m(v.position.lon, v.position.lat);
            if (!t->forward(m))
                continue;
            const QPointF p = toPixel.map(m);
            best = std::min(best, std::hypot(p.x() - pixel.x(), p.y() - pixel.y()));
        }
        hits += best <= 8.0;
        benchmark::DoNotOptimize(best);
    }
    state.counters["hit_rate"] = double(hits) / double(state.iterations());
}

} // namespace

BENCHMARK(BM_SnapPrefiltered)->Arg(1000)->Arg(20000)->Arg(200000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SnapProjectAll)->Arg(1000)->Arg(20000)->Arg(200000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();

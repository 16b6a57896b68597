// Annotation layer costs: one frame of N annotations (mixed kinds, geodesic
// densification and projection to UTM 38N each frame) and one hit test (the
// select tool's mouse press), each beside a baseline measured in the same
// run that draws / tests the same vertex counts already in pixels, so the
// ratio is the price of staying geodesic and CRS-independent.
//   bench_annotations --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include "render/annotation_layer.h"
#include "crs/crs.h"
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <benchmark/benchmark.h>

#include <QGuiApplication>
#include <QImage>
#include <QPainter>

#include <cmath>
#include <map>
#include <memory>
#include <random>

using namespace linewatch;

namespace {

const QSize kSize(1200, 800);

MapSettings view()
{
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    QPointF centre(46.75, 39.75);
    CrsTransform::forThread(Crs::wgs84(), utm, nullptr)->forward(centre);
    return MapSettings(utm, centre, 40.0, kSize); // 40 m per pixel: 48 x 32 km
}

/// n annotations cycling through line, polygon, circle, arrow, measurement, text.
AnnotationLayer &layerOf(int n)
{
    static std::map<int, std::unique_ptr<AnnotationLayer>> cache;
    auto &slot = cache[n];
    if (!slot) {
        slot = std::make_unique<AnnotationLayer>();
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> lon(46.5, 47.0), lat(39.6, 39.9), d(-0.02, 0.02);
        const Annotation::Kind kinds[] = {Annotation::Kind::Line, Annotation::Kind::Polygon, Annotation::Kind::Circle,
                                          Annotation::Kind::Arrow, Annotation::Kind::Measurement, Annotation::Kind::Text};
        for (int i = 0; i < n; ++i) {
            Annotation a;
            a.kind = kinds[i % 6];
            const LonLat p{lon(rng), lat(rng)};
            a.points = {p, {p.lon + d(rng), p.lat + d(rng)}, {p.lon + d(rng), p.lat + d(rng)}};
            if (a.kind == Annotation::Kind::Arrow)
                a.points.resize(2);
            if (a.kind == Annotation::Kind::Circle || a.kind == Annotation::Kind::Text)
                a.points.resize(1);
            a.radiusM = 1500;
            a.text = QStringLiteral("label %1").arg(i);
            slot->add(a);
        }
    }
    return *slot;
}

/// The same outlines as pixels, computed once: what drawing alone costs.
std::vector<QPolygonF> pixelOutlines(const AnnotationLayer &layer, const MapSettings &s)
{
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), s.crs(), nullptr);
    std::vector<QPolygonF> out;
    for (const Annotation &a : layer.annotations()) {
        QPolygonF poly;
        for (const LonLat &ll : AnnotationLayer::outline(a)) {
            QPointF m(ll.lon, ll.lat);
            if (t->forward(m))
                poly << s.mapToPixel(m);
        }
        out.push_back(poly);
    }
    return out;
}

void BM_Frame(benchmark::State &state)
{
    const AnnotationLayer &layer = layerOf(int(state.range(0)));
    const MapSettings s = view();
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        image.fill(Qt::white);
        QPainter p(&image);
        RenderContext ctx;
        ctx.painter = &p;
        ctx.settings = s;
        layer.createRenderer(s)->render(ctx);
    }
}

void BM_FrameBaselinePixels(benchmark::State &state)
{
    const AnnotationLayer &layer = layerOf(int(state.range(0)));
    const MapSettings s = view();
    const std::vector<QPolygonF> outlines = pixelOutlines(layer, s);
    QImage image(kSize, QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        image.fill(Qt::white);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(Qt::blue, 2.0));
        for (const QPolygonF &poly : outlines)
            p.drawPolyline(poly);
    }
}

void BM_HitTest(benchmark::State &state)
{
    const AnnotationLayer &layer = layerOf(int(state.range(0)));
    const MapSettings s = view();
    const QPointF miss(3, 3); // a miss tests every annotation
    for (auto _ : state)
        benchmark::DoNotOptimize(layer.hitTest(s, miss));
}

void BM_HitTestBaselinePixels(benchmark::State &state)
{
    const AnnotationLayer &layer = layerOf(int(state.range(0)));
    const std::vector<QPolygonF> outlines = pixelOutlines(layer, view());
    const QPointF miss(3, 3);
    for (auto _ : state) {
        bool hit = false;
        for (const QPolygonF &poly : outlines)
            for (int i = 0; i + 1 < poly.size(); ++i)
                hit = hit || std::hypot(poly[i].x() - miss.x(), poly[i].y() - miss.y()) < 6;
        benchmark::DoNotOptimize(hit);
    }
}

} // namespace

BENCHMARK(BM_Frame)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FrameBaselinePixels)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HitTest)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HitTestBaselinePixels)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

int main(int argc, char **argv)
{
    // Text needs fonts, which need a QGuiApplication (offscreen is enough).
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    GdalEnvironment::initialise();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

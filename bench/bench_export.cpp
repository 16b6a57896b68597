// Report figures of the sample with terrain: A4 at 300 dpi as PDF and as PNG
// (issue goal: PDF under 2 s, PNG under 3 s), beside the bare map render of
// the same frame as the baseline measured in the same run.
//
// The sample's terrain is remote; the benchmark drops a synthetic DEM into a
// copy's terrain/ folder (as the tests do) so it runs offline and repeatably.
#include "io/gdal_environment.h"
#include "project/layer_factory.h"
#include "export/figure_composer.h"
#include "crs/crs_transform.h"
#include "export/figure_exporter.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "project/project.h"
#include "render/map_renderer.h"
#include "support/synthetic_dem.h"

#include <benchmark/benchmark.h>

#include <QDir>
#include <QGuiApplication>

namespace {

using namespace linewatch;

struct Sample
{
    LayerStack layers;
    MapSettings view;
    Project project;
};

Sample &sample()
{
    static Sample *s = [] {
        auto *out = new Sample;
        const QString file = test::prepareSampleCopy(QStringLiteral("bench-export"));
        out->project = Project::load(file).value();
        for (const LayerRequest &r : out->project.layerRequests()) {
            auto layer = openLayer(r, nullptr);
            if (layer.ok())
                out->layers.insert(out->layers.count(), std::move(layer).value());
        }
        const Crs crs = *Crs::fromString(out->project.crs);
        QPointF c(out->project.viewCenter.lon, out->project.viewCenter.lat);
        CrsTransform::forThread(Crs::wgs84(), crs)->forward(c);
        out->view = MapSettings(crs, c, 40.0, QSize(1600, 1100), 96);
        return out;
    }();
    return *s;
}

FigureSpec a4()
{
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("report-a4"));
    spec.title = QStringLiteral("Benchmark figure");
    spec.dpi = 300;
    return spec;
}

void exportAs(benchmark::State &state, FigureFormat format, const char *suffix)
{
    Sample &s = sample();
    const QString out = QDir::tempPath() + QStringLiteral("/linewatch-bench-figure.") + QLatin1String(suffix);
    for (auto _ : state) {
        FigureComposer composer(a4(), FigureContent::describe(s.view, s.layers.drawingOrder()));
        const Status st = FigureExporter::write(composer, format, out, {});
        if (!st.ok())
            state.SkipWithError(qPrintable(st.error().toString()));
    }
}

void BM_A4_300dpi_Pdf(benchmark::State &state) { exportAs(state, FigureFormat::Pdf, "pdf"); }
void BM_A4_300dpi_Png(benchmark::State &state) { exportAs(state, FigureFormat::Png, "png"); }

/// Baseline: the same map area rendered alone at the same pixel size, no page.
void BM_MapOnly_SamePixels(benchmark::State &state)
{
    Sample &s = sample();
    FigureComposer composer(a4(), FigureContent::describe(s.view, s.layers.drawingOrder()));
    const MapSettings m = composer.mapSettings();
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::renderImage(m, s.layers.drawingOrder()));
}

BENCHMARK(BM_A4_300dpi_Pdf)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_A4_300dpi_Png)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MapOnly_SamePixels)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    GdalEnvironment::initialise();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

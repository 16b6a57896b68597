// Vector layer speed: reading through OGR, the first frame in a display CRS
// (projects every feature), later frames (projection cached), and a deep
// zoom on the sample's dashed borders (clipping keeps it cheap).
//
// Run: build/bin/bench_vector_render --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "io/ogr_vector_reader.h"
#include "render/vector_layer.h"
#include "render/map_renderer.h"

#include <benchmark/benchmark.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QGuiApplication>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cmath>
#include <numbers>

using namespace linewatch;

namespace {

// The synthetic data set: 20,000 points, 2,000 lines of 200 vertices and
// 500 polygons of 100 vertices, scattered over lon 44-49 E, lat 38-41 N.
constexpr int kPoints = 20000, kLines = 2000, kLineVertices = 200, kPolygons = 500, kPolygonVertices = 100;

const Crs &utm38()
{
    static const Crs crs = *Crs::fromString(QStringLiteral("EPSG:32638"));
    return crs;
}

VectorDataPtr syntheticData()
{
    static VectorDataPtr data = [] {
        QRandomGenerator random(42);
        VectorData d;
        d.path = QStringLiteral("synthetic");
        d.sourceCrs = Crs::wgs84();
        auto place = [&] { return QPointF(44.0 + random.bounded(5.0), 38.0 + random.bounded(3.0)); };
        const QStringList kinds = {QStringLiteral("city"), QStringLiteral("town"), QStringLiteral("village")};
        for (int i = 0; i < kPoints; ++i) {
            VectorFeature f;
            f.points << place();
            f.attributes = {{QStringLiteral("name"), QStringLiteral("P%1").arg(i)},
                            {QStringLiteral("kind"), kinds[i % 3]},
                            {QStringLiteral("approximate"), i % 7 == 0}};
            f.bounds = QRectF(f.points[0], f.points[0]);
            d.features.push_back(f);
        }
        for (int i = 0; i < kLines; ++i) {
            VectorFeature f;
            QPointF p = place();
            QPolygonF line;
            for (int v = 0; v < kLineVertices; ++v) {
                line << p;
                p += QPointF(random.bounded(0.004) - 0.002, random.bounded(0.004) - 0.002);
            }
            f.lines << line;
            f.bounds = line.boundingRect();
            d.features.push_back(f);
        }
        for (int i = 0; i < kPolygons; ++i) {
            VectorFeature f;
            const QPointF c = place();
            QPolygonF ring;
            for (int v = 0; v < kPolygonVertices; ++v) {
                const double a = 2 * std::numbers::pi * v / kPolygonVertices;
                const double r = 0.02 + random.bounded(0.01);
                ring << c + QPointF(r * std::cos(a), r * std::sin(a));
            }
            ring << ring.first();
            f.rings << ring;
            f.bounds = ring.boundingRect();
            d.features.push_back(f);
        }
        d.bounds = QRectF(44, 38, 5, 3);
        return std::make_shared<const VectorData>(std::move(d));
    }();
    return data;
}

/// A 1920x1080 frame of the whole synthetic extent in UTM 38N.
MapSettings fullView()
{
    const QRectF extent = CrsTransform::forThread(Crs::wgs84(), utm38())->forwardBounds(QRectF(44, 38, 5, 3));
    return MapSettings::fitting(utm38(), extent, QSize(1920, 1080));
}

void BM_LoadGeoPackage(benchmark::State &state)
{
    QTemporaryDir dir;
    const QString path = dir.path() + QStringLiteral("/points.gpkg");
    {
        GDALDataset *ds = GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.toUtf8().constData(), 0, 0, 0,
                                                                                   GDT_Unknown, nullptr);
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        OGRLayer *layer = ds->CreateLayer("points", &wgs84, wkbPoint);
        OGRFieldDefn name("name", OFTString);
        layer->CreateField(&name);
        bool written = layer->StartTransaction() == OGRERR_NONE;
        for (int i = 0; i < kPoints; ++i) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField(0, QStringLiteral("P%1").arg(i).toUtf8().constData());
            f.SetGeometryDirectly(new OGRPoint(44.0 + (i % 500) * 0.01, 38.0 + (i / 500) * 0.05));
            written = written && layer->CreateFeature(&f) == OGRERR_NONE;
        }
        written = written && layer->CommitTransaction() == OGRERR_NONE;
        if (!written) {
            GDALClose(ds);
            state.SkipWithError("cannot write the GeoPackage fixture");
            return;
        }
        GDALClose(ds);
    }
    for (auto _ : state) {
        auto data = OgrVectorReader::read(path);
        if (!data.ok())
            state.SkipWithError(qPrintable(data.error().toString()));
        benchmark::DoNotOptimize(data);
    }
    state.counters["features"] = kPoints;
}
BENCHMARK(BM_LoadGeoPackage)->Unit(benchmark::kMillisecond);

VectorStyle unlabelled()
{
    VectorStyle style = VectorStyle::places();
    style.labelField.clear();
    return style;
}

// range(0): 1 with labels (20,000 candidates through the LabelEngine), 0 without.
void BM_FrameFirstInCrs(benchmark::State &state)
{
    const MapSettings settings = fullView();
    for (auto _ : state) {
        VectorLayer layer(syntheticData()); // a fresh projection cache every frame
        layer.setStyle(state.range(0) ? VectorStyle::places() : unlabelled());
        benchmark::DoNotOptimize(MapRenderer::renderImage(settings, {&layer}));
    }
}
BENCHMARK(BM_FrameFirstInCrs)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_FrameCached(benchmark::State &state)
{
    const MapSettings settings = fullView();
    VectorLayer layer(syntheticData());
    layer.setStyle(state.range(0) ? VectorStyle::places() : unlabelled());
    MapRenderer::renderImage(settings, {&layer});
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::renderImage(settings, {&layer}));
}
BENCHMARK(BM_FrameCached)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_FrameCachedZoomedIn(benchmark::State &state)
{
    // 40 m/px (about 1:150,000 at 96 dpi) near Shusha: most features culled.
    double x = 46.665, y = 39.725;
    CrsTransform::forThread(Crs::wgs84(), utm38())->forward(x, y);
    const MapSettings settings(utm38(), QPointF(x, y), 40.0, QSize(1920, 1080));
    VectorLayer layer(syntheticData());
    layer.setStyle(state.range(0) ? VectorStyle::places() : unlabelled());
    MapRenderer::renderImage(settings, {&layer});
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::renderImage(settings, {&layer}));
}
BENCHMARK(BM_FrameCachedZoomedIn)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_SampleBordersDeepZoom(benchmark::State &state)
{
    // 1 cm/px on the Armenia-Azerbaijan border: its dashed line would be
    // about 10^7 px long unclipped.
    auto borders = VectorLayer::open(QStringLiteral(LINEWATCH_SOURCE_DIR "/maps/shusha/borders.geojson"));
    if (!borders.ok()) {
        state.SkipWithError(qPrintable(borders.error().toString()));
        return;
    }
    const VectorFeature *border = nullptr;
    for (const VectorFeature &f : (*borders)->features())
        if (f.name() == QStringLiteral("Armenia – Azerbaijan"))
            border = &f;
    QPointF c = border->lines.first()[border->lines.first().size() / 2];
    CrsTransform::forThread(Crs::wgs84(), utm38())->forward(c);
    const MapSettings settings(utm38(), c, 0.01, QSize(1920, 1080));
    MapRenderer::renderImage(settings, {borders->get()});
    for (auto _ : state)
        benchmark::DoNotOptimize(MapRenderer::renderImage(settings, {borders->get()}));
}
BENCHMARK(BM_SampleBordersDeepZoom)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    GdalEnvironment::initialise();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

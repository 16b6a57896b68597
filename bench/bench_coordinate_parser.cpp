// How long "go to" parsing takes per keystroke-sized input, against the
// least any parser must do (split two numbers and convert them), measured in
// the same run. Run: bench_coordinate_parser --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true
#include "crs/coordinate_parser.h"
#include "io/gazetteer.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QStringList>

using namespace linewatch;

namespace {

const Gazetteer &gazetteer()
{
    static const Gazetteer g = [] {
        Result<Gazetteer> loaded = Gazetteer::loadBundled();
        return loaded.ok() ? *loaded : Gazetteer();
    }();
    return g;
}

void BM_BaselineSplitToDouble(benchmark::State &state)
{
    const QString text = QStringLiteral("39.7583, 46.7483");
    for (auto _ : state) {
        const QStringList parts = text.split(QLatin1Char(','));
        double lat = parts.at(0).trimmed().toDouble();
        double lon = parts.at(1).trimmed().toDouble();
        benchmark::DoNotOptimize(lat);
        benchmark::DoNotOptimize(lon);
    }
}
BENCHMARK(BM_BaselineSplitToDouble);

void parse(benchmark::State &state, const QString &text)
{
    for (auto _ : state) {
        Result<ParsedPosition> parsed = CoordinateParser::parse(text, &gazetteer());
        if (!parsed.ok())
            state.SkipWithError("parse failed");
        benchmark::DoNotOptimize(parsed);
    }
}
BENCHMARK_CAPTURE(parse, decimal_degrees, QStringLiteral("39.7583, 46.7483"));
BENCHMARK_CAPTURE(parse, dms, QStringLiteral("39°45′29.9″N 46°44′53.9″E"));
BENCHMARK_CAPTURE(parse, utm, QStringLiteral("38N 649763 4402393"));
BENCHMARK_CAPTURE(parse, mgrs, QStringLiteral("38S PK 49763 02393"));
BENCHMARK_CAPTURE(parse, place_name, QStringLiteral("Xankəndi"));

void BM_Suggest(benchmark::State &state)
{
    for (auto _ : state) {
        QList<GazetteerMatch> matches = gazetteer().suggest(QStringLiteral("Shu"));
        benchmark::DoNotOptimize(matches);
    }
}
BENCHMARK(BM_Suggest);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // for the compiled-in gazetteer resource
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

// linewatch-cli render: draws a project or layer files through the same
// MapRenderer as the GUI and writes a PNG.
#include "commands.h"

#include "crs/crs_transform.h"
#include "data/layer_factory.h"
#include "project/layer_stack.h"
#include "project/project.h"
#include "render/layer.h"
#include "render/map_decorations.h"
#include "render/map_renderer.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>

#include <cmath>

namespace linewatch::cli {

namespace {

bool isRemote(const QString &path)
{
    return path.contains(QLatin1String("://")) || path.startsWith(QLatin1String("/vsicurl"))
           || path.endsWith(QLatin1String(".xml"), Qt::CaseInsensitive);
}

} // namespace

int runRender(const QStringList &args)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Render a project or data files to a PNG image."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Layer files, top layer first."), QStringLiteral("[FILE...]"));
    parser.addOptions({
        {QStringLiteral("project"), QStringLiteral("Linewatch project to render."), QStringLiteral("FILE")},
        {QStringLiteral("extent"), QStringLiteral("Area to show, WGS84 degrees (default: the project's view or all layers)."),
         QStringLiteral("LON1,LAT1,LON2,LAT2")},
        {QStringLiteral("size"), QStringLiteral("Image size in pixels (default 1600x1200)."), QStringLiteral("WxH"), QStringLiteral("1600x1200")},
        {QStringLiteral("crs"), QStringLiteral("Display CRS, e.g. EPSG:32638 (default: the project's, else the first layer's)."), QStringLiteral("CRS")},
        {QStringLiteral("dpi"), QStringLiteral("Resolution for symbol and text sizes (default 96)."), QStringLiteral("DPI"), QStringLiteral("96")},
        {QStringLiteral("no-remote"), QStringLiteral("Skip layers read over the network (for offline, reproducible runs).")},
        {QStringLiteral("no-decorations"), QStringLiteral("Leave out the scale bar and the attribution.")},
        {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("PNG file to write."), QStringLiteral("OUT.png")},
    });
    QStringList argv = args;
    argv.prepend(QStringLiteral("linewatch-cli render"));
    if (!parser.parse(argv)) {
        err << "render: " << parser.errorText() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        err << "render: -o OUT.png is required\n";
        return 2;
    }
    const QStringList sizeParts = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
    const int width = sizeParts.value(0).toInt(), height = sizeParts.value(1).toInt();
    if (sizeParts.size() != 2 || width <= 0 || height <= 0 || width > 20000 || height > 20000) {
        err << "render: --size must be WxH with 1 to 20000 pixels each, not '" << parser.value(QStringLiteral("size")) << "'\n";
        return 2;
    }
    bool dpiOk = false;
    const double dpi = parser.value(QStringLiteral("dpi")).toDouble(&dpiOk);
    if (!dpiOk || dpi < 36 || dpi > 1200) {
        err << "render: --dpi must be between 36 and 1200\n";
        return 2;
    }

    // What to draw.
    QList<LayerRequest> requests;
    Project project;
    const bool haveProject = parser.isSet(QStringLiteral("project"));
    if (haveProject) {
        auto loaded = Project::load(parser.value(QStringLiteral("project")));
        if (!loaded.ok()) {
            err << "render: " << loaded.error().toString() << "\n";
            return 2;
        }
        project = loaded.value();
        for (const ProjectLayer &pl : project.layers) {
            LayerRequest r;
            r.path = project.resolve(pl.path);
            r.localTerrainFolder = pl.localTerrainFolder.isEmpty() ? QString() : project.resolve(pl.localTerrainFolder);
            r.name = pl.name;
            r.visible = pl.visible;
            r.opacity = pl.opacity;
            r.style = pl.style;
            requests << r;
        }
    }
    for (const QString &f : parser.positionalArguments()) {
        LayerRequest r;
        r.path = isRemote(f) ? f : QFileInfo(f).absoluteFilePath();
        requests << r;
    }
    if (requests.isEmpty()) {
        err << "render: nothing to render: give --project FILE or layer files\n";
        return 2;
    }

    LayerStack stack;
    int failures = 0;
    for (const LayerRequest &r : requests) {
        auto layer = openLayer(r, nullptr);
        if (!layer.ok()) {
            err << "render: " << layer.error().toString() << "\n";
            ++failures;
            continue;
        }
        if (parser.isSet(QStringLiteral("no-remote")) && isRemote(layer.value()->sourcePath())) {
            err << "render: skipping " << layer.value()->name() << " (read over the network; --no-remote)\n";
            continue;
        }
        stack.insert(stack.count(), std::move(layer).value());
    }
    if (failures > 0) {
        // A figure silently missing a layer is worse than no figure.
        err << "render: " << failures << " layer(s) could not be opened; nothing written\n";
        return 2;
    }

    // Display CRS.
    QString crsText = parser.value(QStringLiteral("crs"));
    if (crsText.isEmpty())
        crsText = haveProject ? project.crs : QString();
    Crs crs;
    if (!crsText.isEmpty()) {
        auto parsed = Crs::fromString(crsText);
        if (!parsed.ok()) {
            err << "render: --crs: " << parsed.error().message << "\n";
            return 2;
        }
        crs = parsed.value();
    } else if (stack.count() > 0) {
        crs = stack.at(0)->crs();
    }
    if (!crs.isValid())
        crs = Crs::webMercator();

    // View.
    const QSize size(width, height);
    MapSettings settings;
    LonLatBox box;
    if (parser.isSet(QStringLiteral("extent"))) {
        const QStringList p = parser.value(QStringLiteral("extent")).split(QLatin1Char(','));
        bool ok[4] = {false, false, false, false};
        double v[4] = {0, 0, 0, 0};
        for (int i = 0; i < 4 && i < p.size(); ++i)
            v[i] = p[i].trimmed().toDouble(&ok[i]);
        box = LonLatBox{std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
        if (p.size() != 4 || !(ok[0] && ok[1] && ok[2] && ok[3]) || box.isEmpty() || box.south < -90 || box.north > 90
            || box.west < -180 || box.east > 180) {
            err << "render: --extent must be LON1,LAT1,LON2,LAT2 in degrees (longitude -180..180, latitude -90..90), not '"
                << parser.value(QStringLiteral("extent")) << "'\n";
            return 2;
        }
    } else if (!haveProject) {
        box = stack.fullExtent();
        if (box.isEmpty()) {
            err << "render: the layers have no extent to show; give --extent\n";
            return 2;
        }
    }
    if (!box.isEmpty()) {
        const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), crs);
        const QRectF r = t ? t->forwardBounds(QRectF(box.west, box.south, box.east - box.west, box.north - box.south)) : QRectF();
        if (r.isNull()) {
            err << "render: the extent cannot be shown in " << crs.authId() << "\n";
            return 2;
        }
        settings = MapSettings::fitting(crs, r, size, dpi);
    } else {
        // The project's view: centre and scale.
        const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), crs);
        QPointF c(project.viewCenter.lon, project.viewCenter.lat);
        if (!t || !t->forward(c)) {
            err << "render: the project's view centre cannot be shown in " << crs.authId() << "\n";
            return 2;
        }
        settings = MapSettings(crs, c, 1.0, size, dpi);
        const double metresPerUnit = settings.metresPerPixelAtCenter();
        settings.setMapUnitsPerPixel(project.viewScale * 0.0254 / dpi / (metresPerUnit > 0 ? metresPerUnit : 1.0));
    }

    QList<LayerError> errors;
    QImage image = MapRenderer::renderImage(settings, stack.drawingOrder(), &errors);
    for (const LayerError &e : errors)
        err << "render: layer '" << e.layerName << "': " << e.message << "\n";
    if (!parser.isSet(QStringLiteral("no-decorations"))) {
        QStringList sources;
        for (const Layer *l : stack.layers())
            if (l->isVisible() && !l->attribution().isEmpty()) {
                const QString s = l->attribution() + (l->isApproximate() ? QStringLiteral(" (approximate)") : QString());
                if (!sources.contains(s))
                    sources << s;
            }
        QPainter painter(&image);
        const double margin = 8 * settings.pixelsPerPoint();
        MapDecorations::drawScaleBar(painter, settings, QPointF(margin, height - margin));
        MapDecorations::drawAttribution(painter, settings, QRectF(0, 0, width - margin / 2, height - margin / 2), sources);
    }

    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly)) {
        err << "render: cannot write " << output << ": " << file.errorString() << "\n";
        return 1;
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image) || !file.commit()) {
        err << "render: cannot write " << output << ": " << writer.errorString() << "\n";
        return 1;
    }
    QTextStream(stdout) << "wrote " << output << " (" << width << "x" << height << ", " << settings.crs().authId()
                        << ", 1:" << qRound64(settings.scaleDenominator()) << ")\n";
    return 0;
}

} // namespace linewatch::cli

// linewatch-cli render: draws a project or layer files through the same
// MapRenderer as the GUI and writes a PNG.
#include "commands.h"

#include "render/annotation_layer.h"
#include "common/atomic_file.h"

#include "crs/crs_transform.h"
#include "io/external_references.h"
#include "project/layer_factory.h"
#include "export/figure_composer.h"
#include "export/figure_exporter.h"
#include "export/figure_spec.h"
#include "render/layer_stack.h"
#include "project/project.h"
#include "render/layer.h"
#include "render/map_decorations.h"
#include "render/map_renderer.h"
#include "io/terrain_source.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonObject>
#include <QPainter>
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
        {QStringLiteral("allow-external"),
         QStringLiteral("Follow references outside the files' (or project's) folder and to the network; refused by default.")},
        {QStringLiteral("no-decorations"), QStringLiteral("Leave out the scale bar and the attribution.")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("File to write: .png (map image, or a figure with the figure options), .pdf, .svg, .tif (georeferenced)."),
         QStringLiteral("OUT")},
        // Figure options (report-ready page with title, legend, grid, ...).
        {QStringLiteral("template"), QStringLiteral("Figure template: report-a4, report-a3, letter, map-only."), QStringLiteral("NAME")},
        {QStringLiteral("title"), QStringLiteral("Figure title."), QStringLiteral("TEXT")},
        {QStringLiteral("subtitle"), QStringLiteral("Figure subtitle."), QStringLiteral("TEXT")},
        {QStringLiteral("page"), QStringLiteral("Page size: A4, A3, A5, Letter, Legal, Tabloid, or WIDTHxHEIGHT in mm."), QStringLiteral("SIZE")},
        {QStringLiteral("orientation"), QStringLiteral("landscape (default) or portrait."), QStringLiteral("O")},
        {QStringLiteral("scale"), QStringLiteral("Fixed map scale 1:N (default: the extent or the project's view)."), QStringLiteral("N")},
        {QStringLiteral("georef"), QStringLiteral("With a .png output: the map alone with a world file and .aux.xml.")},
        {QStringLiteral("no-legend"), QStringLiteral("Figure without legend.")},
        {QStringLiteral("no-grid"), QStringLiteral("Figure without graticule.")},
        {QStringLiteral("no-inset"), QStringLiteral("Figure without locator inset.")},
        {QStringLiteral("no-table"), QStringLiteral("Figure without claims table.")},
        {QStringLiteral("no-north-arrow"), QStringLiteral("Figure without north arrow.")},
        {QStringLiteral("no-scale-bar"), QStringLiteral("Figure without scale bar.")},
        {QStringLiteral("no-method"), QStringLiteral("Figure without method note.")},
        {QStringLiteral("no-attribution"), QStringLiteral("Figure without attribution of sources.")},
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
    auto format = FigureExporter::formatFor(output);
    if (!format.ok()) {
        err << "render: " << format.error().toString() << "\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("georef"))) {
        if (*format != FigureFormat::Png) {
            err << "render: --georef needs a .png output\n";
            return 2;
        }
        format = FigureFormat::GeoPng;
    }
    const QStringList figureOptions = {QStringLiteral("template"), QStringLiteral("title"), QStringLiteral("subtitle"),
                                       QStringLiteral("page"), QStringLiteral("orientation"), QStringLiteral("scale")};
    bool figureMode = *format != FigureFormat::Png;
    for (const QString &o : figureOptions)
        figureMode = figureMode || parser.isSet(o);
    FigureSpec spec;
    if (figureMode) {
        auto s = FigureSpec::fromTemplate(parser.value(QStringLiteral("template")).isEmpty()
                                              ? QStringLiteral("report-a4")
                                              : parser.value(QStringLiteral("template")));
        if (!s.ok()) {
            err << "render: --template: " << s.error().message << "\n";
            return 2;
        }
        // Command-line values go through the same JSON reader as templates,
        // so their checks and messages are the same.
        QJsonObject over = s->toJson();
        if (parser.isSet(QStringLiteral("title")))
            over.insert(QLatin1String("title"), parser.value(QStringLiteral("title")));
        if (parser.isSet(QStringLiteral("subtitle")))
            over.insert(QLatin1String("subtitle"), parser.value(QStringLiteral("subtitle")));
        if (parser.isSet(QStringLiteral("page"))) {
            const QString page = parser.value(QStringLiteral("page"));
            if (page.contains(QLatin1Char('x'))) {
                over.insert(QLatin1String("page"), QStringLiteral("custom"));
                over.insert(QLatin1String("page_mm"), page);
            } else {
                over.insert(QLatin1String("page"), page);
            }
        }
        if (parser.isSet(QStringLiteral("orientation")))
            over.insert(QLatin1String("orientation"), parser.value(QStringLiteral("orientation")));
        if (parser.isSet(QStringLiteral("dpi")))
            over.insert(QLatin1String("dpi"), parser.value(QStringLiteral("dpi")).toInt());
        if (parser.isSet(QStringLiteral("scale")))
            over.insert(QLatin1String("scale"), parser.value(QStringLiteral("scale")).remove(QLatin1String("1:")).toDouble());
        QJsonObject elements = over.value(QLatin1String("elements")).toObject();
        const QList<QPair<QString, QString>> toggles = {
            {QStringLiteral("no-legend"), QStringLiteral("legend")}, {QStringLiteral("no-grid"), QStringLiteral("grid")},
            {QStringLiteral("no-inset"), QStringLiteral("inset")}, {QStringLiteral("no-table"), QStringLiteral("claims_table")},
            {QStringLiteral("no-north-arrow"), QStringLiteral("north_arrow")},
            {QStringLiteral("no-scale-bar"), QStringLiteral("scale_bar")},
            {QStringLiteral("no-method"), QStringLiteral("method_note")},
            {QStringLiteral("no-attribution"), QStringLiteral("attribution")}};
        for (const auto &[option, key] : toggles)
            if (parser.isSet(option))
                elements.insert(key, false);
        over.insert(QLatin1String("elements"), elements);
        auto parsed = FigureSpec::fromJson(over);
        if (!parsed.ok()) {
            err << "render: " << parsed.error().message << "\n";
            return 2;
        }
        spec = parsed.value();
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

    // Check every argument before opening any data.
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
    }
    Crs crs;
    if (parser.isSet(QStringLiteral("crs"))) {
        auto parsed = Crs::fromString(parser.value(QStringLiteral("crs")));
        if (!parsed.ok()) {
            err << "render: --crs: " << parsed.error().message << "\n";
            return 2;
        }
        crs = parsed.value();
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
        requests = project.layerRequests();
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

    ExternalReferenceConsent::session().setPolicy(parser.isSet(QStringLiteral("allow-external"))
                                                      ? ExternalReferenceConsent::Policy::AllowAll
                                                      : ExternalReferenceConsent::Policy::Ask);
    LayerStack stack;
    int failures = 0;
    for (const LayerRequest &r : requests) {
        auto layer = openLayer(r, nullptr);
        if (!layer.ok()) {
            err << "render: " << layer.error().toString() << "\n";
            if (!layer.error().externalReferences.isEmpty())
                err << "render: not read; run with --allow-external to follow those references\n";
            ++failures;
            continue;
        }
        const QString source = layer.value()->sourcePath();
        if (parser.isSet(QStringLiteral("no-remote")) && isRemote(source)) {
            err << "render: skipping " << layer.value()->name() << " (read over the network; --no-remote)\n";
            continue;
        }
        if (!TerrainSource::remoteHost(source).isEmpty()) {
            // As the viewer does: one quick check of the tile server, rather
            // than every tile of the frame failing on its own.
            const Status reachable = TerrainSource::probe(source, QFileInfo(source).absolutePath() + QStringLiteral("/terrain"));
            if (!reachable.ok()) {
                err << "render: " << layer.value()->name() << ": " << reachable.error().message << "; rendered without it\n";
                continue;
            }
        }
        stack.insert(stack.count(), std::move(layer).value());
    }
    // The project's annotations, on top as in the viewer.
    if (haveProject && (project.hasAnnotationLayer || !project.annotations.empty())) {
        auto annotations = std::make_unique<AnnotationLayer>();
        for (const Annotation &a : project.annotations)
            annotations->add(a);
        if (!project.annotationsName.isEmpty())
            annotations->setName(project.annotationsName);
        annotations->setVisible(project.annotationsVisible);
        annotations->setOpacity(project.annotationsOpacity);
        stack.insert(project.annotationsPosition, std::move(annotations));
    }
    if (failures > 0) {
        // A figure silently missing a layer is worse than no figure.
        err << "render: " << failures << " layer(s) could not be opened; nothing written\n";
        return 2;
    }

    // Display CRS: --crs, else the project's, else the first layer's.
    if (!crs.isValid() && haveProject) {
        auto parsed = Crs::fromString(project.crs);
        if (!parsed.ok()) {
            err << "render: " << project.filePath << ": crs: " << parsed.error().message << "\n";
            return 2;
        }
        crs = parsed.value();
    } else if (!crs.isValid() && stack.count() > 0) {
        // As the viewer does: the data's own CRS if projected, else its UTM zone.
        const LonLatBox b = LayerStack::extentOf(*stack.at(0));
        crs = Crs::displayCrsFor(stack.at(0)->crs(), (b.west + b.east) / 2, (b.south + b.north) / 2);
    }
    if (!crs.isValid())
        crs = Crs::webMercator();

    // View.
    const QSize size(width, height);
    MapSettings settings;
    if (box.isEmpty() && !haveProject) {
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

    if (figureMode || *format != FigureFormat::Png) {
        if (spec.title.isEmpty() && haveProject)
            spec.title = project.title;
        FigureComposer composer(spec, FigureContent::describe(settings, stack.drawingOrder()));
        QStringList inputs;
        if (haveProject)
            inputs << project.filePath;
        for (const Layer *l : stack.layers())
            inputs << l->sourcePath();
        QList<LayerError> errors;
        const Status written = FigureExporter::write(composer, *format, output, inputs, nullptr, &errors);
        for (const LayerError &e : errors)
            err << "render: layer '" << e.layerName << "': " << e.message << "\n";
        if (!written.ok()) {
            err << "render: " << written.error().toString() << "\n";
            return 1;
        }
        QTextStream(stdout) << "wrote " << output << " and " << output << ".json (" << composer.spec().pageMillimetres().width()
                            << "x" << composer.spec().pageMillimetres().height() << " mm, " << spec.dpi << " dpi, "
                            << settings.crs().authId() << ", 1:" << qRound64(composer.mapSettings().scaleDenominator()) << ")\n";
        return 0;
    }

    QList<LayerError> errors;
    QImage image = MapRenderer::renderImage(settings, stack.drawingOrder(), &errors);
    for (const LayerError &e : errors)
        err << "render: layer '" << e.layerName << "': " << e.message << "\n";
    if (!parser.isSet(QStringLiteral("no-decorations"))) {
        const QStringList sources = MapDecorations::attributions(stack.drawingOrder());
        QPainter painter(&image);
        const double margin = 8 * settings.pixelsPerPoint();
        MapDecorations::drawScaleBar(painter, settings, QPointF(margin, height - margin));
        MapDecorations::drawAttribution(painter, settings, QRectF(0, 0, width - margin / 2, height - margin / 2), sources);
    }

    // Encoded in memory, where writing cannot fail, then saved through the
    // one writer: libpng abandons a failed write with longjmp, past Qt's
    // destructors (LeakSanitizer caught the leak under a file-size limit).
    QBuffer png;
    png.open(QIODevice::WriteOnly);
    QImageWriter writer(&png, "png");
    const Status saved = writer.write(image)
                             ? AtomicFile::save(output, png.data())
                             : Status(Error{QStringLiteral("cannot encode PNG: %1").arg(writer.errorString()), output});
    if (!saved.ok()) {
        err << "render: " << saved.error().toString() << "\n";
        return 1;
    }
    QTextStream(stdout) << "wrote " << output << " (" << width << "x" << height << ", " << settings.crs().authId()
                        << ", 1:" << qRound64(settings.scaleDenominator()) << ")\n";
    return 0;
}

} // namespace linewatch::cli

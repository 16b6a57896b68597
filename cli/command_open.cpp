// linewatch-cli open: opens files or a project exactly as the viewer does
// (openLayer: consent check, resource bounds, the right layer kind) and prints
// what came of each. The hostile-input corpus (tests/test_hostile_inputs.cpp)
// runs it in a child process to bound time and memory per input.
#include "commands.h"

#include "render/claims_layer.h"
#include "render/line_layer.h"
#include "claims/line_set.h"
#include "io/external_references.h"
#include "project/layer_factory.h"
#include "render/vector_layer.h"
#include "project/project.h"
#include "render/layer.h"
#include "render/raster_layer.h"
#include "io/raster_source.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <cstdio>

namespace linewatch::cli {

namespace {

/// Exit status when a file was left unread for want of consent: distinct from
/// 1 (refused or unreadable) so scripts and tests can tell "asks" from "fails".
constexpr int exitNeedsConsent = 3;

QString describe(const Layer &layer)
{
    if (const auto *vector = qobject_cast<const VectorLayer *>(&layer))
        return QStringLiteral("vector, %1 features").arg(vector->features().size());
    if (const auto *claims = qobject_cast<const ClaimsLayer *>(&layer))
        return QStringLiteral("claims, %1 features").arg(claims->count());
    if (const auto *lines = qobject_cast<const LineLayer *>(&layer))
        return QStringLiteral("lines, %1 features").arg(lines->lines()->versions().size());
    if (const auto *raster = qobject_cast<const RasterLayer *>(&layer))
        return QStringLiteral("raster, %1 x %2 pixels").arg(raster->source().size.width()).arg(raster->source().size.height());
    return QStringLiteral("layer");
}

void printReferences(const QStringList &encoded)
{
    for (const QString &e : encoded)
        if (auto r = ExternalReference::decode(e))
            std::fprintf(stderr, "  %s (%s, %s; in %s)\n", qPrintable(r->target), qPrintable(r->kindName()),
                         qPrintable(r->reason), qPrintable(QFileInfo(r->referrer).fileName()));
}

} // namespace

bool externalReferencesAllowed(const QStringList &files, bool allow, const char *command)
{
    for (const QString &file : files) {
        auto scanned = ExternalReferences::scan(file);
        if (!scanned.ok()) {
            std::fprintf(stderr, "linewatch-cli %s: %s\n", command, qPrintable(scanned.error().toString()));
            return false;
        }
        if (allow || scanned->isEmpty())
            continue;
        QStringList encoded;
        for (const ExternalReference &r : scanned.value())
            encoded << r.encode();
        std::fprintf(stderr, "linewatch-cli %s: %s\n  not read; run with --allow-external to follow:\n", command,
                     qPrintable(ExternalReferences::consentMessage(file, scanned.value())));
        printReferences(encoded);
        return false;
    }
    return true;
}

int runOpen(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Opens data files or a project (.lwproj) the way the viewer does and prints one line per layer: "
        "\"opened: FILE: KIND, N features\" or the reason it was refused. References outside a file's folder "
        "or on the network are refused unless --allow-external is given (exit status 3)."));
    parser.addHelpOption();
    const QCommandLineOption allowOption(QStringLiteral("allow-external"),
                                         QStringLiteral("Follow references outside the files' folders and to the network."));
    const QCommandLineOption typeOption(QStringLiteral("type"), QStringLiteral("lines or claims (default: from the fields)."),
                                        QStringLiteral("TYPE"));
    const QCommandLineOption linesOption(QStringLiteral("lines"), QStringLiteral("Lines file for a claims file."),
                                         QStringLiteral("FILE"));
    parser.addOptions({allowOption, typeOption, linesOption});
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Data files or one project."),
                                 QStringLiteral("FILE..."));
    if (!parser.parse(QStringList{QStringLiteral("linewatch-cli open")} + args)) {
        std::fprintf(stderr, "linewatch-cli open: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "linewatch-cli open: no file given\n");
        return 2;
    }
    ExternalReferenceConsent::session().setPolicy(parser.isSet(allowOption) ? ExternalReferenceConsent::Policy::AllowAll
                                                                            : ExternalReferenceConsent::Policy::Ask);

    QList<LayerRequest> requests;
    for (const QString &file : parser.positionalArguments()) {
        if (file.endsWith(QLatin1String(".lwproj"), Qt::CaseInsensitive)) {
            auto project = Project::load(file);
            if (!project.ok()) {
                std::fprintf(stderr, "linewatch-cli open: %s\n", qPrintable(project.error().toString()));
                return 1;
            }
            requests += project->layerRequests();
            continue;
        }
        LayerRequest r;
        r.path = QFileInfo(file).absoluteFilePath();
        r.type = parser.value(typeOption);
        r.linesPath = parser.value(linesOption).isEmpty() ? QString() : QFileInfo(parser.value(linesOption)).absoluteFilePath();
        requests << r;
    }

    QTextStream out(stdout);
    int status = 0;
    for (const LayerRequest &request : requests) {
        auto layer = openLayer(request, nullptr);
        if (layer.ok()) {
            out << "opened: " << request.path << ": " << describe(*layer.value());
            if (layer.value()->health() == Layer::Health::Warning)
                out << " (warning: " << layer.value()->healthMessage() << ")";
            out << '\n';
            continue;
        }
        out.flush();
        const Error &error = layer.error();
        std::fprintf(stderr, "linewatch-cli open: %s\n", qPrintable(error.toString()));
        if (!error.externalReferences.isEmpty()) {
            std::fprintf(stderr, "  not read; run with --allow-external to follow:\n");
            printReferences(error.externalReferences);
            if (status == 0)
                status = exitNeedsConsent;
        } else {
            status = 1;
        }
    }
    return status;
}

} // namespace linewatch::cli

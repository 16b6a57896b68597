#pragma once

#include "annotations/annotation.h"
#include "common/geo_point.h"
#include "common/result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace linewatch {

struct LayerRequest;

/// One layer as a project file lists it.
struct ProjectLayer
{
    /// File or URL of the data, as written in the project (relative paths
    /// are relative to the project file's folder).
    QString path;
    /// For the sample's terrain: a folder whose rasters, when present, are
    /// used instead of `path` (a remote source). Empty for ordinary layers.
    QString localTerrainFolder;
    QString type;       ///< "lines", "claims" or "" (told from the file)
    QString linesPath;  ///< for claims: the lines file they are checked against
    QString name;
    bool visible = true;
    double opacity = 1.0;
    bool inLocator = false; ///< "locator": also drawn in an exported figure's inset
    QString attribution;    ///< short credit shown on the map; empty: from the data
    QJsonObject style; ///< the layer type's own style, passed through as is
};

/// A Linewatch project (.lwproj, JSON): the layer stack with styles, the view,
/// and the title. Reading never touches the data files; opening the layers
/// is the LayerLoader's job, so a project whose files moved still opens.
///
/// Format (version 1):
///   { "format": "linewatch-project", "version": 1, "title": "...",
///     "crs": "EPSG:32638",
///     "view": { "center": [lon, lat], "scale": 100000 },
///     "layers": [ { "path": "places.geojson", "name": "Places", "visible": true,
///                   "opacity": 1, "style": { ... } }, ... ],     (top layer first)
///     "annotations": { "name": "Annotations", "visible": true, "opacity": 1, "position": 0,
///                      "items": [ Annotation::toJson(), ... ] },   (optional)
///     "claim_edits": { ... },                                        (optional, passed through)
///     "supersedes": { "sha256": "..." },                             (the file this save replaced)
///     "autosave_of": { "sha256": "..." } }                           (autosaves only)
///
/// The autosave file is this same format (one writer: Project::save).
class Project
{
public:
    static Result<Project> load(const QString &path);
    /// Saves through AtomicFile: a failure leaves the old file byte-identical
    /// and returns an Error naming the path and the reason.
    /// writtenSha256, when given, receives the SHA-256 (hex) of the bytes
    /// written whenever the file now holds them, even when the save then
    /// failed (a folder that would not sync after the rename): the file's
    /// new fileSha256. "" when the old file is still in place.
    Status save(const QString &path, QByteArray *writtenSha256 = nullptr) const;

    /// SHA-256 (hex) of a file's bytes, "" when it cannot be read.
    static QByteArray sha256OfFile(const QString &path);

    static Result<Project> fromJson(const QJsonObject &json, const QString &pathForMessages = {});
    QJsonObject toJson() const;

    /// What to open for each layer, paths resolved (top first).
    QList<LayerRequest> layerRequests() const;

    /// Absolute path of a layer's data, resolved against the project's folder.
    QString resolve(const QString &relativeOrAbsolute) const;

    QString filePath;   ///< where it was loaded from / saved to
    /// SHA-256 (hex) of the project file as this project last read or wrote
    /// it; "" for a project never saved. Not written to the file.
    QByteArray fileSha256;
    /// Read from a file: the digest of the project file that save replaced,
    /// its fileSha256 then ("" for a first save). save() writes the
    /// project's own fileSha256 here, so every save's bytes, and digest, are
    /// new, and a save can be traced to the file it replaced.
    QByteArray supersedesSha256;
    /// In an autosave only (Autosave writes it; MainWindow never saves it
    /// into a project): the fileSha256 of the project file the unsaved work
    /// was made on ("" when it had never been saved). See Autosave.
    QByteArray autosaveOf;
    QString title;
    QString crs = QStringLiteral("EPSG:32638");
    LonLat viewCenter{46.68, 39.72};
    double viewScale = 100000.0; ///< scale denominator at 96 dpi
    QList<ProjectLayer> layers;   ///< top first

    /// The analyst's annotations (drawing order) and their layer's settings.
    std::vector<Annotation> annotations;
    bool hasAnnotationLayer = false; ///< true when the project has an Annotations layer (even empty)
    QString annotationsName;
    bool annotationsVisible = true;
    double annotationsOpacity = 1.0;
    int annotationsPosition = 0; ///< the layer's place in the layer stack, 0 = top

    /// Hook for edited claims: the claims editor stores its edits here as it
    /// likes (e.g. { "claims": [...] }); the project writes and reads it back
    /// verbatim under "claim_edits" and never interprets it.
    QJsonObject claimEdits;

    /// Local data files the layers refer to that do not exist (resolved
    /// paths, in layer order). URLs and /vsi paths are not checked; a layer
    /// with a local terrain folder counts as missing only when both are.
    QStringList missingFiles() const;
};

} // namespace linewatch

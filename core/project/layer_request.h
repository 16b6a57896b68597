#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace linewatch {

class Layer;

/// What to open as a layer: a file or URL and how to show it.
struct LayerRequest
{
    QString path;               ///< absolute path or URL
    /// "lines" (dated line versions), "claims", or "" to tell from the file's fields.
    QString type;
    QString linesPath;          ///< for claims: the lines file to check them against
    QString localTerrainFolder; ///< rasters here replace `path` (the sample's terrain); may be empty
    QString name;               ///< display name; empty: derived from the file
    bool visible = true;
    double opacity = 1.0;
    bool inLocator = false;
    QString attribution;        ///< overrides the data's own attribution when set     ///< also drawn in an exported figure's locator inset
    QJsonObject style;          ///< style of the layer's type; empty: defaults
    /// The project that lists this layer; empty when the user chose the file
    /// itself. A layer outside the project's folder (or remote) is then an
    /// external reference of the project and needs consent (external_references.h).
    QString referrer;
};

/// Opens a layer on the calling thread (a worker); cancel may be null.
using LayerOpener = std::function<Result<std::unique_ptr<Layer>>(const LayerRequest &, const std::atomic_bool *cancel)>;

} // namespace linewatch

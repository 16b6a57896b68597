#pragma once

#include "common/result.h"
#include "export/figure_composer.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>

namespace linewatch {

enum class FigureFormat {
    Png,           ///< the whole page as PNG
    Pdf,           ///< the whole page, vectors as vectors
    Svg,           ///< the whole page, vectors as vectors
    GeoTiff,       ///< the map alone, georeferenced (GeoTIFF tags)
    GeoPng         ///< the map alone as PNG with a world file (.pgw) and .aux.xml
};

/// Writes figures. Every file goes through AtomicFile (the one writer), and the
/// files of one export (figure, world file, .aux.xml, sidecar) form one
/// AtomicFileGroup: an existing export is replaced whole or not at all, so a
/// failed export leaves the old one byte-identical (and no temporaries).
/// Beside each export a sidecar `NAME.json` records the spec, the method, the
/// sources and the SHA-256 of every input file, so the figure can be remade.
class FigureExporter
{
public:
    /// Picks the format from the file name (.png, .pdf, .svg, .tif/.tiff);
    /// georeferenced PNG must be asked for explicitly.
    static Result<FigureFormat> formatFor(const QString &path);

    /// Draws composer into path. inputFiles are hashed into the sidecar.
    /// Runs on any thread; cancel stops between layers. A failure returns an
    /// Error naming the file that could not be written and why.
    static Status write(FigureComposer &composer, FigureFormat format, const QString &path,
                        const QStringList &inputFiles, const std::atomic_bool *cancel = nullptr,
                        QList<LayerError> *errors = nullptr);

    /// The sidecar's content (also written by write()).
    static QJsonObject sidecar(const FigureComposer &composer, FigureFormat format, const QString &path,
                               const QStringList &inputFiles, const FigureContent &content);

    /// Lower-case hex SHA-256 of a file; "" when it cannot be read.
    static QString sha256(const QString &path);
};

} // namespace linewatch

#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QPageLayout>
#include <QPageSize>
#include <QSize>
#include <QString>

namespace linewatch {

/// Which parts a figure shows.
struct FigureElements
{
    bool title = true;
    bool legend = true;
    bool scaleBar = true;
    bool northArrow = true;
    bool grid = true;
    bool inset = true;
    bool claimsTable = true;
    bool attribution = true;
    bool methodNote = true;
};

/// What an exported figure looks like: page or pixel size, resolution, scale
/// and elements. A value type with JSON (de)serialisation, so templates and
/// the CLI's options are one thing.
struct FigureSpec
{
    QString title;
    QString subtitle;
    QPageSize pageSize = QPageSize(QPageSize::A4);
    QPageLayout::Orientation orientation = QPageLayout::Landscape;
    /// For a bare PNG without a page: the output size in pixels. Empty: use the page.
    QSize pixelSize;
    int dpi = 300;               ///< [dots per inch], 72 to 600
    double scaleDenominator = 0; ///< 0: show the current view's extent
    FigureElements elements;

    /// The page (or pixel area) in device pixels at dpi.
    QSizeF pagePixels() const;
    /// The page in millimetres.
    QSizeF pageMillimetres() const;

    QJsonObject toJson() const;
    /// Reads the keys present over the defaults; range errors name the key.
    static Result<FigureSpec> fromJson(const QJsonObject &json);
    /// A named template: "report-a4" (A4 landscape, 300 dpi, all elements),
    /// "report-a3", "letter", "map-only" (no side panel, no table).
    static Result<FigureSpec> fromTemplate(const QString &name);
    static QStringList templateNames();
};

} // namespace linewatch

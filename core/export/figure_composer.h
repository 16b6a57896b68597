#pragma once

#include "export/figure_layout.h"
#include "export/figure_spec.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"

#include <QList>
#include <QStringList>

#include <atomic>
#include <memory>

class QPainter;

namespace linewatch {

class Layer;

/// Everything a figure shows besides its spec: the view it starts from, the
/// layers, and the texts that state its method and sources.
struct FigureContent
{
    MapSettings view;                          ///< CRS and centre; its extent when the spec has no scale
    QList<const Layer *> layersBottomFirst;    ///< the map's layers
    QList<const Layer *> insetLayersBottomFirst; ///< drawn small in the locator inset (e.g. borders)
    QStringList tableHeader;                   ///< the claims table
    QList<QStringList> tableRows;
    QStringList methodNote;                    ///< one statement per entry
    QStringList attributions;                  ///< one source per entry

    /// The content for a map of these layers seen through view: the visible
    /// layers, the locator layers, every visible layer's attribution, and a
    /// method note naming the ellipsoid, the geodesic algorithm, the CRS, the
    /// elevation model and its source, the date and the Linewatch version.
    static FigureContent describe(const MapSettings &view, const QList<const Layer *> &layersBottomFirst);
};

/// Draws a report-ready figure: title, the map through the one MapRenderer
/// (vectors stay vectors on PDF and SVG devices), grid, scale bar, north arrow,
/// legend, claims table, locator inset, method note and attribution, each in
/// its own box of a FigureLayout.
///
/// Construct on the GUI thread (it snapshots the layers then); draw() may run
/// on any thread.
class FigureComposer
{
public:
    FigureComposer(const FigureSpec &spec, const FigureContent &content);
    ~FigureComposer();

    const FigureSpec &spec() const { return mSpec; }
    const FigureLayout &layout() const { return mLayout; }
    /// The map's view inside the frame: CRS, centre, resolution at the spec's DPI.
    const MapSettings &mapSettings() const { return mMapSettings; }

    /// Draws the whole page onto painter, whose device is the page in pixels
    /// at the spec's DPI. Returns the layers' problems.
    QList<LayerError> draw(QPainter &painter, bool vectorOutput, const std::atomic_bool *cancel = nullptr);
    /// Draws only the map, filling painter's device of mapSettings().outputSize()
    /// (for georeferenced exports).
    QList<LayerError> drawMapOnly(QPainter &painter, const std::atomic_bool *cancel = nullptr);

    const FigureContent &content() const { return mContent; }

private:
    void drawTitle(QPainter &p) const;
    void drawLegend(QPainter &p) const;
    void drawTable(QPainter &p) const;
    void drawInset(QPainter &p, const std::atomic_bool *cancel);
    void drawFooter(QPainter &p) const;

    struct LegendBlock;
    FigureSpec mSpec;
    FigureContent mContent;
    FigureLayout mLayout;
    MapSettings mMapSettings;
    MapSettings mInsetSettings;
    std::unique_ptr<MapSnapshot> mMap;
    std::unique_ptr<MapSnapshot> mInset;
    QList<LegendBlock> mLegend;
};

} // namespace linewatch

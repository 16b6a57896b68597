#pragma once

#include "common/geo_point.h"

#include <QColor>
#include <QMap>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace linewatch {

class MapCanvas;

/// Results drawn over the map that are not layers and outlive a tool: the
/// "go to" marker, the point hovered on the elevation profile, a line of
/// sight coloured by visibility. A transparent child widget stacked on the
/// canvas (mouse events pass through), so the canvas and the active tool
/// are untouched; items are keyed so each feature replaces only its own.
class MapOverlay : public QWidget
{
    Q_OBJECT

public:
    explicit MapOverlay(MapCanvas *canvas);

    /// A point marker (ring and cross) with optional label lines beside it.
    void setMarker(const QString &key, const LonLat &position, const QColor &colour, const QStringList &label = {});
    /// A polyline through WGS84 vertices, drawn straight between them in
    /// screen pixels: callers pass vertices dense enough (profile samples).
    void setPolyline(const QString &key, const std::vector<LonLat> &vertices, const QColor &colour,
                     double widthPixels = 3.0);
    /// Removes every item whose key starts with prefix.
    void removeItems(const QString &prefix);
    bool hasItem(const QString &key) const { return mItems.contains(key); }
    /// The label lines of an item (empty when there is none).
    QStringList label(const QString &key) const { return mItems.value(key).label; }
    /// Position of a marker, or the first vertex of a polyline.
    LonLat position(const QString &key) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Item
    {
        bool marker = false;
        std::vector<LonLat> vertices;
        QColor colour;
        double width = 3.0;
        QStringList label;
    };

    MapCanvas *mCanvas;
    QMap<QString, Item> mItems; ///< drawn in key order
};

} // namespace linewatch

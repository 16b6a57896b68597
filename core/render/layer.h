#pragma once

#include "crs/crs.h"
#include "render/legend_item.h"

#include <QList>
#include <QObject>
#include <QRectF>
#include <QString>

#include <memory>

namespace linewatch {

class LayerRenderer;
class MapSettings;

/// A layer of the map: data plus how to draw it. Lives on the GUI thread;
/// rendering never touches it directly but goes through a LayerRenderer, a
/// snapshot made by createRenderer() on the GUI thread and then used by a
/// worker (the contract of QGIS's QgsMapLayerRenderer).
class Layer : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Raster, Terrain, Vector, Claims, Annotations };
    Q_ENUM(Kind)

    /// Health of the layer as shown in the layer panel.
    enum class Health { Ok, Loading, Warning, Error };
    Q_ENUM(Health)

    explicit Layer(QObject *parent = nullptr);
    ~Layer() override;

    virtual Kind kind() const = 0;
    /// The CRS the layer's data is in.
    virtual Crs crs() const = 0;
    /// Extent of the data in the layer's CRS; empty when unknown.
    virtual QRectF extent() const = 0;
    /// A snapshot that can draw this layer for the given view on any thread.
    virtual std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const = 0;
    /// What the layer's symbols mean, for the legend.
    virtual QList<LegendItem> legend() const { return {}; }

    /// The file, URL or other origin of the data ("" for layers made in the app).
    QString sourcePath() const { return mSourcePath; }
    void setSourcePath(const QString &path) { mSourcePath = path; }

    QString name() const { return mName; }
    void setName(const QString &name);

    /// Who made the data, as shown in the attribution ("SRTM 3″, NASA/USGS").
    QString attribution() const { return mAttribution; }
    void setAttribution(const QString &text);

    /// True when the layer holds approximate or illustrative data; the app
    /// marks such layers so they are never taken as authoritative.
    bool isApproximate() const { return mApproximate; }
    void setApproximate(bool approximate);

    /// True when the layer is also drawn in an exported figure's locator inset.
    bool inLocator() const { return mInLocator; }
    void setInLocator(bool inLocator) { mInLocator = inLocator; }

    bool isVisible() const { return mVisible; }
    void setVisible(bool visible);

    double opacity() const { return mOpacity; } ///< [0, 1]
    void setOpacity(double opacity);

    Health health() const { return mHealth; }
    QString healthMessage() const { return mHealthMessage; }
    void setHealth(Health health, const QString &message = {});

signals:
    /// Anything that changes how the layer looks; the map re-renders.
    void changed();
    /// Name, visibility, opacity, health: what the layer panel shows.
    void propertiesChanged();

private:
    QString mSourcePath;
    QString mName;
    QString mAttribution;
    bool mApproximate = false;
    bool mVisible = true;
    bool mInLocator = false;
    double mOpacity = 1.0;
    Health mHealth = Health::Ok;
    QString mHealthMessage;
};

} // namespace linewatch

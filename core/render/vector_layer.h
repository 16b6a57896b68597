#pragma once

#include "common/result.h"
#include "io/ogr_vector_reader.h"
#include "io/vector_feature.h"
#include "render/layer.h"
#include "render/vector_style.h"

#include <QPointF>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace linewatch {

class ProjectedGeometryCache;

/// A layer of vector features read through OGR (GeoJSON, GeoPackage, KML,
/// Shapefile, FlatGeobuf, ...), held as an immutable, shared in-memory model
/// in WGS84 lon/lat, drawn with a VectorStyle.
///
/// The data never changes after loading, so renderers on worker threads share
/// it without copying or locking; only the style and the layer properties
/// change, on the GUI thread.
///
/// Provenance: every bundled feature carries `source` and `approximate`.
/// attribution() lists the distinct `source` values in short form (see
/// shortSource(); sources() has them in full, for identify), and
/// isApproximate() is true when any feature is approximate.
class VectorLayer : public Layer
{
    Q_OBJECT

public:
    /// Reads path and makes a layer named after the file, styled by
    /// VectorStyle::suggestedFor() its data (the sample's places and borders
    /// get their presets; anything else the default of its geometry type). The error names
    /// the file and the problem (and the feature, for bad coordinates).
    /// May run on a worker thread; the caller then moves the layer to the GUI
    /// thread (QObject::moveToThread) before using it there.
    static Result<std::unique_ptr<VectorLayer>> open(const QString &path, const std::atomic_bool *cancel = nullptr,
                                                     const std::function<void(double fraction)> &progress = {},
                                                     const VectorReadOptions &options = {});

    /// A layer over data already read (e.g. by OgrVectorReader on a worker).
    explicit VectorLayer(VectorDataPtr data, QObject *parent = nullptr);
    ~VectorLayer() override;

    Kind kind() const override { return Kind::Vector; }
    /// Always WGS84: the model holds lon/lat (sourceCrs() is the file's CRS).
    Crs crs() const override { return Crs::wgs84(); }
    /// [deg lon/lat] of all features.
    QRectF extent() const override { return mData->bounds; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;
    /// One item per style rule that some feature uses (or the base symbol),
    /// plus an "(approximate)" item per rule that has approximate features.
    QList<LegendItem> legend() const override;

    /// All features, for identify and attribute tables.
    const std::vector<VectorFeature> &features() const { return mData->features; }
    VectorDataPtr data() const { return mData; }
    /// The CRS declared by the file (the features are in WGS84 regardless).
    Crs sourceCrs() const { return mData->sourceCrs; }
    /// The attribute names, in the order the file gives them.
    QStringList fieldNames() const { return mData->fieldNames; }
    /// Polygon if any feature has rings, else Line if any has lines, else Point.
    GeometryType dominantType() const;
    /// The distinct `source` values, in the order first met.
    QStringList sources() const;
    /// A `source` value short enough for the map's attribution corner: the
    /// host names of the URLs it cites ("www." and mobile "m." left out), or
    /// without URLs its text up to the first ':' or ';' (elided past 80
    /// characters). "Natural Earth 1:10m ... (public domain)" stays whole.
    static QStringList shortSource(const QString &source);

    const VectorStyle &style() const { return mStyle; }
    void setStyle(const VectorStyle &style);

    /// Indices into features() of those under pixel in the given view, nearest
    /// first: points and lines within tolerancePx [px] of it, polygons that
    /// contain it (tolerance 0 inside).
    QList<int> featuresAt(const MapSettings &settings, QPointF pixel, double tolerancePx = 5.0) const;

private:
    VectorDataPtr mData;
    std::shared_ptr<ProjectedGeometryCache> mCache;
    VectorStyle mStyle;
};

} // namespace linewatch

#pragma once

#include "crs/crs.h"
#include "io/vector_feature.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

namespace linewatch {

/// One feature's geometry in a display CRS [map units, x east, y north].
/// Points PROJ cannot transform are left out.
struct ProjectedFeature
{
    QList<QPointF> points;
    QList<QPolygonF> lines;
    QList<QPolygonF> rings;
    QRectF bounds; ///< zero-sized for a single point; meaningless when isEmpty()

    bool isEmpty() const { return points.isEmpty() && lines.isEmpty() && rings.isEmpty(); }
};

using ProjectedFeatures = std::vector<ProjectedFeature>;

/// The features of one VectorData transformed once per display CRS and kept,
/// so panning and zooming never re-run PROJ. Shared by a layer and all its
/// renderers; safe to use from several render threads at once.
class ProjectedGeometryCache
{
public:
    explicit ProjectedGeometryCache(VectorDataPtr data) : mData(std::move(data)) {}

    /// The features in target, made on first use with the calling thread's
    /// transform. Null (and *error set) when PROJ has no transformation.
    std::shared_ptr<const ProjectedFeatures> get(const Crs &target, QString *error = nullptr);

private:
    VectorDataPtr mData;
    QMutex mMutex;
    QHash<QString, std::shared_ptr<const ProjectedFeatures>> mByCrs; ///< key: CRS definition
};

} // namespace linewatch

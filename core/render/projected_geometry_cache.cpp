#include "render/projected_geometry_cache.h"

#include "crs/crs_transform.h"

#include <cmath>
#include <limits>

namespace linewatch {

namespace {

constexpr qsizetype kMaxCrsCount = 4;

/// Transforms a run of points in one PROJ call, dropping the failures.
QPolygonF transformed(const CrsTransform &t, const QPolygonF &in)
{
    std::vector<double> xs(in.size()), ys(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        xs[i] = in[i].x();
        ys[i] = in[i].y();
    }
    t.forwardMany(xs.data(), ys.data(), xs.size());
    QPolygonF out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (std::isfinite(xs[i]) && std::isfinite(ys[i]))
            out << QPointF(xs[i], ys[i]);
    return out;
}

} // namespace

std::shared_ptr<const ProjectedFeatures> ProjectedGeometryCache::get(const Crs &target, QString *error)
{
    QMutexLocker lock(&mMutex);
    if (auto it = mByCrs.constFind(target.definition()); it != mByCrs.constEnd())
        return it.value();

    QString why;
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), target, &why);
    if (!t) {
        if (error)
            *error = why;
        return nullptr;
    }
    auto out = std::make_shared<ProjectedFeatures>();
    out->reserve(mData->features.size());
    for (const VectorFeature &f : mData->features) {
        ProjectedFeature p;
        if (!f.points.isEmpty()) {
            const QPolygonF pts = transformed(*t, QPolygonF(f.points));
            p.points = QList<QPointF>(pts.begin(), pts.end());
        }
        for (const QPolygonF &l : f.lines) {
            QPolygonF pl = transformed(*t, l);
            if (pl.size() >= 2)
                p.lines << pl;
        }
        for (const QPolygonF &r : f.rings) {
            QPolygonF pr = transformed(*t, r);
            if (pr.size() >= 3)
                p.rings << pr;
        }
        double minX = std::numeric_limits<double>::infinity(), minY = minX, maxX = -minX, maxY = -minX;
        auto grow = [&](const QPointF &q) {
            minX = std::min(minX, q.x());
            maxX = std::max(maxX, q.x());
            minY = std::min(minY, q.y());
            maxY = std::max(maxY, q.y());
        };
        for (const QPointF &q : std::as_const(p.points))
            grow(q);
        for (const QPolygonF &l : std::as_const(p.lines))
            for (const QPointF &q : l)
                grow(q);
        for (const QPolygonF &r : std::as_const(p.rings))
            for (const QPointF &q : r)
                grow(q);
        if (maxX >= minX)
            p.bounds = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
        out->push_back(std::move(p));
    }
    std::shared_ptr<const ProjectedFeatures> result = std::move(out);
    // A few display CRSs at most are in use; keep memory bounded when the
    // user tries many (renderers still drawing keep their copy alive).
    if (mByCrs.size() >= kMaxCrsCount)
        mByCrs.clear();
    mByCrs.insert(target.definition(), result);
    return result;
}

} // namespace linewatch

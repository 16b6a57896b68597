#pragma once

#include "common/result.h"
#include "crs/crs.h"

#include <QPointF>
#include <QRectF>

#include <cstddef>

typedef struct pj_ctx PJ_CONTEXT;
typedef struct PJconsts PJ;

namespace linewatch {

/// A PROJ transformation between two CRSs, with axis order normalised for
/// visualisation (x = easting or longitude, y = northing or latitude) at both
/// ends, whatever the CRS definitions say.
///
/// Owns its own PJ_CONTEXT, so one object may be used by one thread at a time;
/// use forThread() to get a transform cached for the calling thread.
/// PROJ's network access is off: no grid is fetched at run time.
class CrsTransform
{
public:
    CrsTransform() = default;
    ~CrsTransform();
    CrsTransform(CrsTransform &&other) noexcept;
    CrsTransform &operator=(CrsTransform &&other) noexcept;
    CrsTransform(const CrsTransform &) = delete;
    CrsTransform &operator=(const CrsTransform &) = delete;

    static Result<CrsTransform> create(const Crs &source, const Crs &target);

    /// A transform owned by the calling thread's cache, created on first use.
    /// Returns nullptr (and sets *error if given) when PROJ cannot build it.
    static const CrsTransform *forThread(const Crs &source, const Crs &target, QString *error = nullptr);

    bool isValid() const { return mPj != nullptr || mIdentity; }
    bool isIdentity() const { return mIdentity; }

    /// Transforms in place; false (and the point unchanged) when PROJ fails,
    /// e.g. for a point outside the projection's domain.
    bool forward(double &x, double &y) const;
    bool inverse(double &x, double &y) const;
    bool forward(QPointF &p) const;
    bool inverse(QPointF &p) const;

    /// Transforms n points in place (stride 1). Failed points become NaN.
    void forwardMany(double *x, double *y, std::size_t n) const;
    void inverseMany(double *x, double *y, std::size_t n) const;

    /// Bounding box of a source rectangle in the target CRS, densified along
    /// the edges so curved images of straight edges are enclosed.
    QRectF forwardBounds(const QRectF &rect, int pointsPerEdge = 21) const;
    QRectF inverseBounds(const QRectF &rect, int pointsPerEdge = 21) const;

private:
    void transformMany(int direction, double *x, double *y, std::size_t n) const;
    QRectF bounds(int direction, const QRectF &rect, int pointsPerEdge) const;
    void reset();

    PJ_CONTEXT *mCtx = nullptr;
    PJ *mPj = nullptr;
    bool mIdentity = false;
};

} // namespace linewatch

#include "crs/crs_transform.h"

#include <proj.h>

#include <QHash>

#include <cmath>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace linewatch {

CrsTransform::~CrsTransform() { reset(); }

CrsTransform::CrsTransform(CrsTransform &&other) noexcept
    : mCtx(std::exchange(other.mCtx, nullptr)), mPj(std::exchange(other.mPj, nullptr)),
      mIdentity(std::exchange(other.mIdentity, false))
{
}

CrsTransform &CrsTransform::operator=(CrsTransform &&other) noexcept
{
    if (this != &other) {
        reset();
        mCtx = std::exchange(other.mCtx, nullptr);
        mPj = std::exchange(other.mPj, nullptr);
        mIdentity = std::exchange(other.mIdentity, false);
    }
    return *this;
}

void CrsTransform::reset()
{
    if (mPj)
        proj_destroy(mPj);
    if (mCtx)
        proj_context_destroy(mCtx);
    mPj = nullptr;
    mCtx = nullptr;
}

Result<CrsTransform> CrsTransform::create(const Crs &source, const Crs &target)
{
    if (!source.isValid() || !target.isValid())
        return Error{QStringLiteral("cannot transform: a CRS is not set")};
    CrsTransform t;
    if (source == target || (!source.authId().isEmpty() && source.authId() == target.authId()
                             && source.authId().startsWith(QLatin1String("EPSG:")))) {
        t.mIdentity = true;
        return t;
    }
    t.mCtx = proj_context_create();
    proj_context_set_enable_network(t.mCtx, 0);
    proj_log_level(t.mCtx, PJ_LOG_NONE);
    PJ *raw = proj_create_crs_to_crs(t.mCtx, source.definition().toUtf8().constData(),
                                     target.definition().toUtf8().constData(), nullptr);
    if (!raw) {
        const int err = proj_context_errno(t.mCtx);
        return Error{QStringLiteral("no transformation from %1 to %2 (%3)")
                         .arg(source.authId(), target.authId(),
                              QString::fromUtf8(proj_context_errno_string(t.mCtx, err)))};
    }
    t.mPj = proj_normalize_for_visualization(t.mCtx, raw);
    proj_destroy(raw);
    if (!t.mPj)
        return Error{QStringLiteral("cannot normalise axis order from %1 to %2").arg(source.authId(), target.authId())};
    return t;
}

const CrsTransform *CrsTransform::forThread(const Crs &source, const Crs &target, QString *error)
{
    // One cache per thread: PROJ objects must not be shared between threads.
    thread_local QHash<QString, std::shared_ptr<CrsTransform>> cache;
    const QString key = source.definition() + QChar(0x1f) + target.definition();
    auto it = cache.find(key);
    if (it == cache.end()) {
        auto result = create(source, target);
        if (!result.ok()) {
            if (error)
                *error = result.error().message;
            return nullptr;
        }
        it = cache.insert(key, std::make_shared<CrsTransform>(std::move(result).value()));
    }
    return it.value().get();
}

bool CrsTransform::forward(double &x, double &y) const
{
    double tx = x, ty = y;
    transformMany(PJ_FWD, &tx, &ty, 1);
    if (!std::isfinite(tx) || !std::isfinite(ty))
        return false;
    x = tx;
    y = ty;
    return true;
}

bool CrsTransform::inverse(double &x, double &y) const
{
    double tx = x, ty = y;
    transformMany(PJ_INV, &tx, &ty, 1);
    if (!std::isfinite(tx) || !std::isfinite(ty))
        return false;
    x = tx;
    y = ty;
    return true;
}

bool CrsTransform::forward(QPointF &p) const
{
    double x = p.x(), y = p.y();
    if (!forward(x, y))
        return false;
    p = QPointF(x, y);
    return true;
}

bool CrsTransform::inverse(QPointF &p) const
{
    double x = p.x(), y = p.y();
    if (!inverse(x, y))
        return false;
    p = QPointF(x, y);
    return true;
}

void CrsTransform::forwardMany(double *x, double *y, std::size_t n) const { transformMany(PJ_FWD, x, y, n); }
void CrsTransform::inverseMany(double *x, double *y, std::size_t n) const { transformMany(PJ_INV, x, y, n); }

void CrsTransform::transformMany(int direction, double *x, double *y, std::size_t n) const
{
    if (mIdentity || n == 0)
        return;
    if (!mPj) {
        for (std::size_t i = 0; i < n; ++i)
            x[i] = y[i] = std::numeric_limits<double>::quiet_NaN();
        return;
    }
    proj_errno_reset(mPj);
    proj_trans_generic(mPj, static_cast<PJ_DIRECTION>(direction), x, sizeof(double), n, y, sizeof(double), n,
                       nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (x[i] == HUGE_VAL || y[i] == HUGE_VAL || !std::isfinite(x[i]) || !std::isfinite(y[i]))
            x[i] = y[i] = std::numeric_limits<double>::quiet_NaN();
    }
}

QRectF CrsTransform::forwardBounds(const QRectF &rect, int pointsPerEdge) const
{
    return bounds(PJ_FWD, rect, pointsPerEdge);
}

QRectF CrsTransform::inverseBounds(const QRectF &rect, int pointsPerEdge) const
{
    return bounds(PJ_INV, rect, pointsPerEdge);
}

QRectF CrsTransform::bounds(int direction, const QRectF &rect, int pointsPerEdge) const
{
    if (mIdentity)
        return rect;
    const int n = std::max(2, pointsPerEdge);
    // Sample the edges and a coarse interior grid: an interior sample catches
    // extremes that fall inside when the rectangle straddles a pole or a
    // projection's central meridian.
    std::vector<double> xs, ys;
    xs.reserve(n * n);
    ys.reserve(n * n);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            xs.push_back(rect.left() + rect.width() * i / (n - 1));
            ys.push_back(rect.top() + rect.height() * j / (n - 1));
        }
    }
    transformMany(direction, xs.data(), ys.data(), xs.size());
    double minX = std::numeric_limits<double>::infinity(), minY = minX;
    double maxX = -minX, maxY = -minX;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]))
            continue;
        minX = std::min(minX, xs[i]);
        maxX = std::max(maxX, xs[i]);
        minY = std::min(minY, ys[i]);
        maxY = std::max(maxY, ys[i]);
    }
    if (!(maxX >= minX))
        return {};
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

} // namespace linewatch

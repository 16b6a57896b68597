#include "terrain/gdal_dataset.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include <utility>

namespace linewatch {

GdalDataset::~GdalDataset()
{
    if (mHandle)
        GDALClose(static_cast<GDALDatasetH>(mHandle));
}

GdalDataset::GdalDataset(GdalDataset &&other) noexcept : mHandle(std::exchange(other.mHandle, nullptr)) {}

GdalDataset &GdalDataset::operator=(GdalDataset &&other) noexcept
{
    if (this != &other) {
        if (mHandle)
            GDALClose(static_cast<GDALDatasetH>(mHandle));
        mHandle = std::exchange(other.mHandle, nullptr);
    }
    return *this;
}

Result<GdalDataset> GdalDataset::open(const QString &path, const QStringList &openOptions)
{
    CPLStringList options;
    for (const QString &o : openOptions)
        options.AddString(o.toUtf8().constData());
    CPLErrorReset();
    GDALDatasetH h = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                                options.List(), nullptr);
    if (!h) {
        QString why = QString::fromUtf8(CPLGetLastErrorMsg()).trimmed();
        if (why.isEmpty())
            why = QStringLiteral("not a raster GDAL can read");
        return Error{QStringLiteral("cannot open raster: %1").arg(why), path};
    }
    GdalDataset d;
    d.mHandle = h;
    return d;
}

GdalDatasetPool::GdalDatasetPool(const QString &path, const QStringList &openOptions, int maxIdle)
    : mPath(path), mOpenOptions(openOptions), mMaxIdle(maxIdle)
{
}

std::shared_ptr<GdalDatasetPool> GdalDatasetPool::create(const QString &path, const QStringList &openOptions,
                                                         int maxIdle)
{
    return std::shared_ptr<GdalDatasetPool>(new GdalDatasetPool(path, openOptions, maxIdle));
}

Result<std::shared_ptr<GdalDatasetPool::Lease>> GdalDatasetPool::acquire()
{
    {
        std::lock_guard lock(mMutex);
        if (!mIdle.empty()) {
            GdalDataset d = std::move(mIdle.back());
            mIdle.pop_back();
            return std::make_shared<Lease>(shared_from_this(), std::move(d));
        }
    }
    Result<GdalDataset> d = GdalDataset::open(mPath, mOpenOptions);
    if (!d)
        return d.error();
    return std::make_shared<Lease>(shared_from_this(), std::move(d).value());
}

void GdalDatasetPool::release(GdalDataset dataset)
{
    std::lock_guard lock(mMutex);
    if (static_cast<int>(mIdle.size()) < mMaxIdle)
        mIdle.push_back(std::move(dataset));
}

GdalDatasetPool::Lease::Lease(std::shared_ptr<GdalDatasetPool> pool, GdalDataset dataset)
    : mPool(std::move(pool)), mDataset(std::move(dataset))
{
}

GdalDatasetPool::Lease::~Lease()
{
    if (mPool && mDataset.isValid())
        mPool->release(std::move(mDataset));
}

} // namespace linewatch

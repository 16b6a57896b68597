#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>
#include <vector>

namespace linewatch {

/// An open GDAL raster dataset: RAII and move-only, closed on destruction.
/// GDAL datasets are not thread-safe, so one GdalDataset is used by one
/// thread at a time (see GdalDatasetPool).
class GdalDataset
{
public:
    GdalDataset() = default;
    ~GdalDataset();
    GdalDataset(GdalDataset &&other) noexcept;
    GdalDataset &operator=(GdalDataset &&other) noexcept;
    GdalDataset(const GdalDataset &) = delete;
    GdalDataset &operator=(const GdalDataset &) = delete;

    /// Opens a raster read-only. openOptions are GDAL's "KEY=VALUE" open
    /// options. The error names the path and what GDAL said.
    static Result<GdalDataset> open(const QString &path, const QStringList &openOptions = {});

    /// The GDALDatasetH, for the adapter files that call GDAL.
    void *handle() const { return mHandle; }
    bool isValid() const { return mHandle != nullptr; }

private:
    void *mHandle = nullptr;
};

/// Dataset handles for one file, handed to one thread at a time: a worker
/// takes one with acquire(), uses it alone, and the lease gives it back when
/// destroyed. Handles are opened on demand, so there are never more than the
/// number of threads that read the file at once; up to maxIdle are kept open.
class GdalDatasetPool : public std::enable_shared_from_this<GdalDatasetPool>
{
public:
    class Lease
    {
    public:
        Lease() = default;
        Lease(std::shared_ptr<GdalDatasetPool> pool, GdalDataset dataset);
        ~Lease();
        Lease(Lease &&) noexcept = default;
        Lease &operator=(Lease &&) noexcept = default;
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;

        void *handle() const { return mDataset.handle(); }

    private:
        std::shared_ptr<GdalDatasetPool> mPool;
        GdalDataset mDataset;
    };

    static std::shared_ptr<GdalDatasetPool> create(const QString &path, const QStringList &openOptions = {},
                                                   int maxIdle = 4);

    /// A handle for the calling thread's exclusive use until the lease ends.
    Result<std::shared_ptr<Lease>> acquire();
    const QString &path() const { return mPath; }

private:
    GdalDatasetPool(const QString &path, const QStringList &openOptions, int maxIdle);
    void release(GdalDataset dataset);

    QString mPath;
    QStringList mOpenOptions;
    int mMaxIdle = 4;
    std::mutex mMutex;
    std::vector<GdalDataset> mIdle;
};

} // namespace linewatch

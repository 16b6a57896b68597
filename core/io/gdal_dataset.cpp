#include "io/gdal_dataset.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>

#include "io/gdal_environment.h"

#include <QFile>
#include <QRegularExpression>

#include <utility>

namespace linewatch {

namespace {

/// What to hand GDALOpenEx for path. A WMS/TMS description's <Timeout>
/// overrides GDAL_HTTP_TIMEOUT, and without one GDAL 3.6's WMS driver waits up
/// to 300 s per tile; a description from anyone must not lift the app's bound
/// (docs/data-safety.md). So a description whose timeout is missing or longer
/// than HttpLimits::totalTimeoutS is opened from its text with the timeout
/// capped (the WMS driver accepts the XML itself as the connection string).
QByteArray connectionFor(const QString &path)
{
    QFile file(path);
    constexpr qint64 kMaxDescriptionBytes = 1 << 20;
    if (file.size() <= 0 || file.size() > kMaxDescriptionBytes || !file.open(QIODevice::ReadOnly))
        return path.toUtf8();
    const QByteArray head = file.peek(64).trimmed();
    if (!head.startsWith("<GDAL_WMS"))
        return path.toUtf8();
    QString xml = QString::fromUtf8(file.readAll());
    const int cap = GdalEnvironment::httpLimits().totalTimeoutS;
    static const QRegularExpression timeoutElement(QStringLiteral("<Timeout>\\s*(\\d+)\\s*</Timeout>"));
    const QRegularExpressionMatch m = timeoutElement.match(xml);
    const QString capped = QStringLiteral("<Timeout>%1</Timeout>").arg(cap);
    if (m.hasMatch()) {
        if (m.captured(1).toLongLong() <= cap)
            return path.toUtf8();
        xml.replace(m.capturedStart(), m.capturedLength(), capped);
    } else {
        const int end = xml.lastIndexOf(QStringLiteral("</GDAL_WMS>"));
        if (end < 0)
            return path.toUtf8(); // malformed: let GDAL say so, naming the file
        xml.insert(end, capped);
    }
    return xml.toUtf8();
}

} // namespace

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
    GDALDatasetH h = GDALOpenEx(connectionFor(path).constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
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

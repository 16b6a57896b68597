#pragma once

#include "common/geo_point.h"

#include <QObject>
#include <QString>

#include <memory>

namespace linewatch {

/// Looks up the elevation under the cursor off the UI thread. Requests are
/// coalesced: while one lookup runs, only the newest request waits, so fast
/// mouse moves never queue up GDAL reads.
class ElevationProbe : public QObject
{
    Q_OBJECT

public:
    explicit ElevationProbe(QObject *parent = nullptr);
    ~ElevationProbe() override;

    /// The DEM to sample; empty for none.
    void setSource(const QString &demPath);
    void request(const LonLat &position);

signals:
    /// NaN metres when there is no elevation there (no DEM, nodata, outside).
    void elevationReady(const linewatch::LonLat &position, double metres);

private:
    struct Worker;
    void launch(const LonLat &position);

    std::shared_ptr<Worker> mWorker;
    QString mSource;
    bool mBusy = false;
    bool mHasPending = false;
    LonLat mPending;
};

} // namespace linewatch

#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "terrain/terrain_query.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace linewatch {

class LayerStack;
class MapCanvas;
class MapOverlay;
class PathTool;
class ProfileChart;

/// The "Elevation profile" dock: the profile of the line version shown or of
/// a path clicked on the map, and line of sight between two clicked points,
/// from the topmost visible DEM. Each computation runs on a worker
/// (TerrainQuery) and can be cancelled; a new one cancels the last. The
/// chart's hovered sample is marked on the map, and a line of sight is
/// drawn there in green (seen) and red (hidden) with its first obstruction.
class ElevationProfilePanel : public QWidget
{
    Q_OBJECT

public:
    ElevationProfilePanel(LayerStack *layers, MapCanvas *canvas, MapOverlay *overlay, QWidget *parent = nullptr);
    ~ElevationProfilePanel() override;

    ProfileChart *chart() const { return mChart; }
    PathTool *profileTool() const { return mProfileTool; }
    PathTool *lineOfSightTool() const { return mLineOfSightTool; }
    /// The last answer, or nullopt before the first or after an error.
    const std::optional<TerrainAnswer> &answer() const { return mAnswer; }
    /// The path of the last answer (WGS84 vertices as requested).
    const std::vector<LonLat> &path() const { return mPath; }
    bool isComputing() const { return mRunning != nullptr; }
    /// Status of the last query: verdict, statistics or the error.
    QString statusText() const;

    static QString hoverKey() { return QStringLiteral("profile/hover"); }
    static QString pathKeyPrefix() { return QStringLiteral("profile/path"); }

public slots:
    /// Profile of the topmost visible line layer's version shown.
    void profileOfLine();
    void profileOfPath(const std::vector<linewatch::LonLat> &path);
    void lineOfSight(const std::vector<linewatch::LonLat> &observerAndTarget);
    void cancel();

signals:
    /// A computation finished (answer() set) or failed (answer() empty).
    void computed();
    void message(const QString &text);

private:
    void start(TerrainQuery query);
    void finished();
    void showAnswer();
    void showHover(int sample);
    void showError(const QString &text);

    LayerStack *mLayers;
    QPointer<MapCanvas> mCanvas;
    QPointer<MapOverlay> mOverlay;
    ProfileChart *mChart;
    PathTool *mProfileTool;
    PathTool *mLineOfSightTool;
    QPushButton *mLineButton, *mPathButton, *mSightButton, *mCancelButton;
    QDoubleSpinBox *mObserverHeight, *mTargetHeight;
    QLabel *mVerdict, *mStats;

    QFutureWatcher<Result<TerrainAnswer>> mWatcher;
    std::shared_ptr<std::atomic_bool> mRunning; ///< cancel flag of the running query
    std::optional<TerrainQuery> mNext;          ///< queued while the last one winds down
    std::vector<LonLat> mPath, mRunningPath;
    QString mSubject, mRunningSubject;          ///< what the profile is of ("line loc-2022", "clicked path")
    std::optional<TerrainAnswer> mAnswer;
};

} // namespace linewatch

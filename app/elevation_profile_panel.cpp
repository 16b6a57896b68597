#include "elevation_profile_panel.h"

#include "map_canvas.h"
#include "map_overlay.h"
#include "path_tool.h"
#include "profile_chart.h"

#include "render/line_layer.h"
#include "claims/line_set.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "terrain/visibility_runs.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace linewatch {

namespace {

const QColor pathColour(230, 120, 0);
const QColor seenColour(30, 170, 50);
const QColor hiddenColour(220, 40, 30);
const QColor unknownColour(140, 140, 140);

QString metres(double m) { return QObject::tr("%L1 m").arg(m, 0, 'f', 0); }
QString kilometres(double m) { return QObject::tr("%L1 km").arg(m / 1000, 0, 'f', 2); }

} // namespace

ElevationProfilePanel::ElevationProfilePanel(LayerStack *layers, MapCanvas *canvas, MapOverlay *overlay,
                                             QWidget *parent)
    : QWidget(parent), mLayers(layers), mCanvas(canvas), mOverlay(overlay)
{
    mProfileTool = new PathTool(canvas, 0, pathColour);
    mProfileTool->setParent(this);
    mLineOfSightTool = new PathTool(canvas, 2, QColor(20, 80, 200));
    mLineOfSightTool->setParent(this);

    mLineButton = new QPushButton(tr("Profile of the line"), this);
    mLineButton->setObjectName(QStringLiteral("profileOfLineButton"));
    mLineButton->setToolTip(tr("Elevation profile along the line version shown (topmost visible line layer)"));
    mPathButton = new QPushButton(tr("Profile path"), this);
    mPathButton->setObjectName(QStringLiteral("profilePathButton"));
    mPathButton->setCheckable(true);
    mPathButton->setToolTip(tr("Click points on the map; double-click or Return to finish; Esc to stop"));
    mSightButton = new QPushButton(tr("Line of sight"), this);
    mSightButton->setObjectName(QStringLiteral("lineOfSightButton"));
    mSightButton->setCheckable(true);
    mSightButton->setToolTip(tr("Click the observer, then the target"));
    mCancelButton = new QPushButton(tr("Cancel"), this);
    mCancelButton->setObjectName(QStringLiteral("profileCancelButton"));
    mCancelButton->setVisible(false);

    mObserverHeight = new QDoubleSpinBox(this);
    mObserverHeight->setObjectName(QStringLiteral("observerHeight"));
    mObserverHeight->setRange(0, 1000);
    mObserverHeight->setDecimals(1);
    mObserverHeight->setSuffix(tr(" m"));
    mObserverHeight->setValue(LineOfSightOptions{}.observerHeightMetres);
    mObserverHeight->setToolTip(tr("Observer's eye above the ground"));
    mTargetHeight = new QDoubleSpinBox(this);
    mTargetHeight->setObjectName(QStringLiteral("targetHeight"));
    mTargetHeight->setRange(0, 1000);
    mTargetHeight->setDecimals(1);
    mTargetHeight->setSuffix(tr(" m"));
    mTargetHeight->setValue(LineOfSightOptions{}.targetHeightMetres);
    mTargetHeight->setToolTip(tr("Height of the target above the ground"));

    mVerdict = new QLabel(this);
    mVerdict->setObjectName(QStringLiteral("lineOfSightVerdict"));
    mVerdict->setWordWrap(true);
    QFont big = mVerdict->font();
    big.setBold(true);
    mVerdict->setFont(big);
    mStats = new QLabel(this);
    mStats->setObjectName(QStringLiteral("profileStats"));
    mStats->setWordWrap(true);
    mStats->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mChart = new ProfileChart(this);

    // One row of controls; the chart takes the width, the figures sit beside it.
    auto *controls = new QHBoxLayout;
    controls->addWidget(mLineButton);
    controls->addWidget(mPathButton);
    controls->addWidget(mSightButton);
    controls->addWidget(mCancelButton);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Observer height"), this));
    controls->addWidget(mObserverHeight);
    controls->addWidget(new QLabel(tr("Target height"), this));
    controls->addWidget(mTargetHeight);
    controls->addStretch();
    auto *figures = new QVBoxLayout;
    // Word-wrapped labels need their height for the fixed width: top-aligned,
    // the statistics label taking what is left.
    mVerdict->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    mStats->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    mVerdict->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    mStats->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    figures->addWidget(mVerdict);
    figures->addWidget(mStats, 1);
    auto *side = new QWidget(this);
    side->setLayout(figures);
    side->setFixedWidth(310);
    figures->setContentsMargins(0, 0, 0, 0);
    auto *body = new QHBoxLayout;
    body->addWidget(mChart, 1);
    body->addWidget(side);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(body, 1);

    connect(mLineButton, &QPushButton::clicked, this, &ElevationProfilePanel::profileOfLine);
    connect(mCancelButton, &QPushButton::clicked, this, &ElevationProfilePanel::cancel);
    // Each tool button arms its tool on the canvas; the canvas taking the
    // tool away (another tool, Esc) unchecks it.
    auto arm = [this](QPushButton *button, PathTool *tool) {
        connect(button, &QPushButton::toggled, this, [this, tool](bool on) {
            // isActive() is already false when the canvas itself took the tool away.
            if (on)
                mCanvas->setTool(tool);
            else if (mCanvas->tool() == tool && tool->isActive())
                mCanvas->setTool(nullptr);
        });
        connect(tool, &PathTool::activeChanged, button, &QPushButton::setChecked);
        connect(tool, &MapTool::finished, this, [this, tool] {
            if (mCanvas->tool() == tool)
                mCanvas->setTool(nullptr);
        });
        connect(tool, &MapTool::message, this, &ElevationProfilePanel::message);
    };
    arm(mPathButton, mProfileTool);
    arm(mSightButton, mLineOfSightTool);
    connect(mProfileTool, &PathTool::pathFinished, this, &ElevationProfilePanel::profileOfPath);
    connect(mLineOfSightTool, &PathTool::pathFinished, this, &ElevationProfilePanel::lineOfSight);
    connect(mChart, &ProfileChart::sampleHovered, this, &ElevationProfilePanel::showHover);
    connect(&mWatcher, &QFutureWatcher<Result<TerrainAnswer>>::finished, this, &ElevationProfilePanel::finished);

    mStats->setText(tr("Distances are geodesic on WGS84; elevations from the topmost visible elevation layer."));
}

ElevationProfilePanel::~ElevationProfilePanel()
{
    // The canvas may be gone already (it is created, and destroyed, first).
    if (mCanvas && (mCanvas->tool() == mProfileTool || mCanvas->tool() == mLineOfSightTool))
        mCanvas->setTool(nullptr);
    cancel();
    mWatcher.waitForFinished();
}

void ElevationProfilePanel::profileOfLine()
{
    for (Layer *layer : mLayers->layers()) {
        auto *line = qobject_cast<LineLayer *>(layer);
        if (!line || !line->isVisible())
            continue;
        const LineVersion *version = line->shownVersion();
        if (!version)
            break;
        // A line in several parts: profile the longest, since joining parts
        // would invent terrain across the gap between them.
        const auto &parts = version->geometry.parts();
        std::size_t longest = 0;
        for (std::size_t i = 1; i < parts.size(); ++i)
            if (parts[i].size() > parts[longest].size())
                longest = i;
        TerrainQuery q;
        q.path = parts[longest];
        mSubject = parts.size() > 1 ? tr("line %1 (part %2 of %3)").arg(version->id).arg(longest + 1).arg(parts.size())
                                    : tr("line %1").arg(version->id);
        start(std::move(q));
        return;
    }
    showError(tr("No line version is shown: show a line layer whose date range includes the display date."));
}

void ElevationProfilePanel::profileOfPath(const std::vector<LonLat> &path)
{
    TerrainQuery q;
    q.path = path;
    mSubject = tr("the path clicked (%1 points)").arg(path.size());
    start(std::move(q));
}

void ElevationProfilePanel::lineOfSight(const std::vector<LonLat> &observerAndTarget)
{
    TerrainQuery q;
    q.kind = TerrainQuery::Kind::LineOfSight;
    q.path = observerAndTarget;
    q.lineOfSightOptions.observerHeightMetres = mObserverHeight->value();
    q.lineOfSightOptions.targetHeightMetres = mTargetHeight->value();
    mSubject = tr("line of sight");
    start(std::move(q));
}

void ElevationProfilePanel::start(TerrainQuery query)
{
    Layer *dem = mLayers->topmostTerrain();
    query.demPath = dem ? dem->sourcePath() : QString();
    if (mRunning) {
        // One query at a time: stop the running one, start this when it returns.
        mRunning->store(true);
        mNext = std::move(query);
        mRunningSubject = mSubject;
        return;
    }
    mRunning = std::make_shared<std::atomic_bool>(false);
    mRunningPath = query.path;
    mRunningSubject = mSubject;
    mCancelButton->setVisible(true);
    mVerdict->clear();
    mStats->setText(tr("Computing the terrain along %1…").arg(mSubject));
    std::shared_ptr<std::atomic_bool> flag = mRunning;
    mWatcher.setFuture(QtConcurrent::run([query = std::move(query), flag] { return query.run(flag.get()); }));
}

void ElevationProfilePanel::cancel()
{
    mNext.reset();
    if (mRunning)
        mRunning->store(true);
}

void ElevationProfilePanel::finished()
{
    Result<TerrainAnswer> result = mWatcher.result();
    const bool wasCancelled = mRunning && mRunning->load();
    mRunning.reset();
    mCancelButton->setVisible(false);
    if (mNext) {
        TerrainQuery next = std::move(*mNext);
        mNext.reset();
        mSubject = mRunningSubject;
        start(std::move(next));
        return;
    }
    if (wasCancelled) {
        mVerdict->clear();
        mStats->setText(mAnswer ? tr("Cancelled. The chart still shows the previous result.") : tr("Cancelled."));
        emit computed();
        return;
    }
    if (!result.ok()) {
        showError(result.error().toString());
        return;
    }
    mAnswer = std::move(result).value();
    mPath = mRunningPath;
    showAnswer();
    emit computed();
}

void ElevationProfilePanel::showError(const QString &text)
{
    mAnswer.reset();
    mChart->clear();
    mOverlay->removeItems(QStringLiteral("profile/"));
    mVerdict->clear();
    mStats->setText(text);
    emit message(text);
    emit computed();
}

QString ElevationProfilePanel::statusText() const { return mVerdict->text() + QLatin1Char('\n') + mStats->text(); }

void ElevationProfilePanel::showAnswer()
{
    mOverlay->removeItems(QStringLiteral("profile/"));
    const TerrainAnswer &a = *mAnswer;
    const ElevationProfile &profile = a.terrain();
    QStringList stats;
    stats << tr("Profile of %1: %2 long (geodesic, WGS84)").arg(mRunningSubject, kilometres(profile.lengthMetres()));
    if (auto lo = profile.minElevationMetres(), hi = profile.maxElevationMetres(); lo && hi)
        stats << tr("min %1 · max %2 · ascent %3 · descent %4")
                     .arg(metres(*lo), metres(*hi), metres(profile.ascentMetres()), metres(profile.descentMetres()));
    else
        stats << tr("no elevation anywhere along it");
    if (profile.missingSamples() > 0)
        stats << tr("%1 of %2 samples without elevation (hatched gaps)").arg(profile.missingSamples()).arg(profile.samples().size());

    const auto &samples = profile.samples();
    if (a.lineOfSight) {
        const LineOfSight &los = *a.lineOfSight;
        mChart->setLineOfSight(los);
        QString verdict;
        QString colour;
        switch (los.verdict()) {
        case LineOfSight::Verdict::Visible:
            verdict = tr("Visible: the target can be seen from the observer");
            colour = QStringLiteral("#1e9632");
            break;
        case LineOfSight::Verdict::Blocked: {
            const Obstruction &o = *los.firstObstruction();
            verdict = tr("Blocked: terrain %1 above the sight line at %2 from the observer")
                          .arg(metres(o.riseAboveSightLineMetres), kilometres(o.distanceMetres));
            colour = QStringLiteral("#cd281e");
            break;
        }
        case LineOfSight::Verdict::Indeterminate:
            verdict = tr("Indeterminate: %1").arg(los.indeterminateReason());
            colour = QStringLiteral("#777777");
            break;
        }
        mVerdict->setText(verdict);
        mVerdict->setStyleSheet(QStringLiteral("color: %1").arg(colour));
        stats << tr("observer %1 and target %2 above ground; Earth curvature and refraction k = %3 "
                    "(effective radius %4 km)")
                     .arg(metres(mObserverHeight->value()), metres(mTargetHeight->value()))
                     .arg(LineOfSightOptions{}.refractionCoefficient)
                     .arg(los.effectiveRadiusMetres() / 1000, 0, 'f', 0);
        // On the map: seen ground green, hidden red, unknown grey.
        int n = 0;
        std::size_t previousLast = 0;
        for (const VisibilityRun &run : VisibilityRuns::of(los)) {
            std::vector<LonLat> vertices;
            for (std::size_t k = n == 0 ? run.first : previousLast; k <= run.last; ++k)
                vertices.push_back(samples[k].position);
            if (vertices.size() == 1)
                vertices.push_back(vertices.front());
            const QColor c = run.visibility == LineOfSight::SampleVisibility::Visible  ? seenColour
                             : run.visibility == LineOfSight::SampleVisibility::Hidden ? hiddenColour
                                                                                        : unknownColour;
            mOverlay->setPolyline(pathKeyPrefix() + QStringLiteral("/%1").arg(n++, 4, 10, QLatin1Char('0')), vertices,
                                  c, 4);
            previousLast = run.last;
        }
        mOverlay->setMarker(QStringLiteral("profile/point/observer"), samples.front().position, QColor(20, 80, 200),
                            {tr("observer")});
        mOverlay->setMarker(QStringLiteral("profile/point/target"), samples.back().position, QColor(20, 80, 200),
                            {tr("target")});
        if (const auto &o = los.firstObstruction())
            mOverlay->setMarker(QStringLiteral("profile/point/obstruction"), o->position, hiddenColour,
                                {tr("first obstruction"), tr("%1 above the sight line").arg(metres(o->riseAboveSightLineMetres))});
    } else {
        mChart->setProfile(profile);
        mVerdict->clear();
        std::vector<LonLat> vertices;
        vertices.reserve(samples.size());
        for (const ProfileSample &s : samples)
            vertices.push_back(s.position);
        mOverlay->setPolyline(pathKeyPrefix(), vertices, pathColour, 3);
    }
    mStats->setText(stats.join(QLatin1Char('\n')));
}

void ElevationProfilePanel::showHover(int sample)
{
    const ElevationProfile *profile = mChart->profile();
    if (sample < 0 || !profile || sample >= int(profile->samples().size())) {
        mOverlay->removeItems(hoverKey());
        return;
    }
    const ProfileSample &s = profile->samples()[sample];
    QStringList label{tr("%1 along").arg(kilometres(s.distanceMetres)),
                      s.elevationMetres ? metres(*s.elevationMetres) : tr("no data")};
    mOverlay->setMarker(hoverKey(), s.position, Qt::black, label);
}

} // namespace linewatch

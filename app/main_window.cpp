#include "main_window.h"

#include "claims_panel.h"
#include "annotation_toolbar.h"
#include "elevation_probe.h"
#include "elevation_profile_panel.h"
#include "export_dialog.h"
#include "external_references_dialog.h"
#include "go_to_box.h"
#include "layer_panel.h"
#include "map_canvas.h"
#include "map_overlay.h"
#include "measure_tools.h"

#include "project/annotation_commands.h"
#include "render/annotation_layer.h"
#include "render/claims_layer.h"
#include "measure_tool.h"
#include "export/kml_writer.h"
#include "crs/coordinate_format.h"
#include "io/gdal_environment.h"
#include "io/external_references.h"
#include "project/layer_factory.h"
#include "project/layer_loader.h"
#include "project/autosave.h"
#include "render/layer_stack.h"
#include "project/project_lock.h"
#include "render/line_layer.h"
#include "render/layer.h"
#include "render/raster_layer.h"
#include "io/terrain_source.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QSettings>
#include <QTimer>
#include <QtConcurrent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include <cmath>

namespace linewatch {

namespace {

QString fileFilter()
{
    return QObject::tr("All supported data (*.lwproj *.geojson *.json *.gpkg *.kml *.kmz *.shp *.fgb *.tif *.tiff *.hgt "
                       "*.dt0 *.dt1 *.dt2 *.vrt *.xml *.img *.asc);;"
                       "Linewatch projects (*.lwproj);;"
                       "Vector data (*.geojson *.json *.gpkg *.kml *.kmz *.shp *.fgb);;"
                       "Rasters and elevation models (*.tif *.tiff *.hgt *.dt0 *.dt1 *.dt2 *.vrt *.xml *.img *.asc);;"
                       "All files (*)");
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Linewatch[*]"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    setAcceptDrops(true);

    mLayers = new LayerStack(this);
    mCanvas = new MapCanvas(mLayers, this);
    setCentralWidget(mCanvas);

    mLayerPanel = new LayerPanel(mLayers, this);
    auto *dock = new QDockWidget(tr("Layers"), this);
    dock->setObjectName(QStringLiteral("layers"));
    dock->setWidget(mLayerPanel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {330}, Qt::Horizontal);
    connect(mLayerPanel, &LayerPanel::zoomToLayerRequested, this, &MainWindow::zoomToLayer);

    mLoader = new LayerLoader(openLayer, this);
    connect(mLoader, &LayerLoader::layerReady, this, &MainWindow::onLayerReady);
    connect(mLoader, &LayerLoader::layerFailed, this, &MainWindow::onLayerFailed);
    connect(mLoader, &LayerLoader::layerNeedsConsent, this, &MainWindow::onLayerNeedsConsent);
    connect(mLoader, &LayerLoader::finished, this, &MainWindow::onLoadFinished);
    // Tile servers the user allowed for good (the dialog's "Always allow").
    for (const QString &host : QSettings().value(QStringLiteral("externalReferences/allowedHosts")).toStringList())
        ExternalReferenceConsent::session().allowHost(host);

    mElevation = new ElevationProbe(this);
    mUndoStack = new QUndoStack(this);

    // Status bar: position, MGRS, elevation, scale, and loading progress.
    mCoordLabel = new QLabel(this);
    mCoordLabel->setObjectName(QStringLiteral("coordinateLabel"));
    mCoordLabel->setMinimumWidth(380);
    mCoordLabel->setToolTip(tr("Cursor position, WGS84: decimal degrees | degrees, minutes, seconds"));
    mMgrsLabel = new QLabel(this);
    mMgrsLabel->setObjectName(QStringLiteral("mgrsLabel"));
    mMgrsLabel->setMinimumWidth(150);
    mMgrsLabel->setToolTip(tr("Cursor position as MGRS (1 m), via GeographicLib"));
    mElevationLabel = new QLabel(this);
    mElevationLabel->setObjectName(QStringLiteral("elevationLabel"));
    mElevationLabel->setMinimumWidth(120);
    mElevationLabel->setToolTip(tr("Elevation under the cursor from the topmost visible elevation layer"));
    mLineLabel = new QLabel(this);
    mLineLabel->setObjectName(QStringLiteral("lineDistanceLabel"));
    mLineLabel->setToolTip(tr("Geodesic distance (WGS84, Karney) from the cursor to the line version shown, "
                              "the side it is on, and the distance along the line to the nearest point"));
    mScaleLabel = new QLabel(this);
    mScaleLabel->setObjectName(QStringLiteral("scaleLabel"));
    mScaleLabel->setToolTip(tr("Map scale at the centre of the view (geodesic, at 96 dpi)"));
    mProgress = new QProgressBar(this);
    mProgress->setMaximumWidth(160);
    mProgress->setVisible(false);
    mCancelLoad = new QToolButton(this);
    mCancelLoad->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
    mCancelLoad->setToolTip(tr("Cancel loading (Esc)"));
    mCancelLoad->setAutoRaise(true);
    mCancelLoad->setVisible(false);
    connect(mCancelLoad, &QToolButton::clicked, mLoader, &LayerLoader::cancel);
    statusBar()->addWidget(mCoordLabel);
    statusBar()->addWidget(mMgrsLabel);
    statusBar()->addWidget(mElevationLabel);
    statusBar()->addWidget(mLineLabel);
    statusBar()->addPermanentWidget(mProgress);
    statusBar()->addPermanentWidget(mCancelLoad);
    statusBar()->addPermanentWidget(mScaleLabel);

    connect(mCanvas, &MapCanvas::cursorMoved, this, [this](const LonLat &p, QPointF) { onCursorMoved(p); });
    connect(mCanvas, &MapCanvas::cursorLeft, this, [this] {
        mCoordLabel->clear();
        mMgrsLabel->clear();
        mElevationLabel->clear();
        mLineLabel->clear();
    });
    connect(mCanvas, &MapCanvas::viewChanged, this, &MainWindow::updateScaleLabel);
    connect(mCanvas, &MapCanvas::renderErrors, this, &MainWindow::onRenderErrors);
    connect(mElevation, &ElevationProbe::elevationReady, this, [this](const LonLat &, double metres) {
        mElevationLabel->setText(std::isfinite(metres) ? tr("Elevation %1 m").arg(metres, 0, 'f', 0) : tr("Elevation —"));
    });
    connect(mLayers, &LayerStack::structureChanged, this, [this] {
        Layer *dem = mLayers->topmostTerrain();
        mElevation->setSource(dem ? dem->sourcePath() : QString());
    });
    connect(mLayers, &LayerStack::mapChanged, this, [this] {
        Layer *dem = mLayers->topmostTerrain();
        mElevation->setSource(dem ? dem->sourcePath() : QString());
    });

    createActions();

    // Claims beside the map (issue 4, claimspanel): the claims table with
    // filters, the line date, adding and editing claims on the undo stack.
    auto *claims = new ClaimsPanel(mLayers, mCanvas, mUndoStack, this);
    auto *claimsDock = new QDockWidget(tr("Claims"), this);
    claimsDock->setObjectName(QStringLiteral("claims"));
    claimsDock->setWidget(claims);
    claimsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, claimsDock);
    connect(claims, &ClaimsPanel::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });

    // Annotations, save and autosave (issue 4): the annotate toolbar, and an
    // autosave written within 3 s of every change for crash recovery.
    mAnnotationToolBar = new AnnotationToolBar(mCanvas, mUndoStack, [this](bool create) {
        return create ? annotations() : mAnnotationLayer.data();
    }, this);
    addToolBar(Qt::TopToolBarArea, mAnnotationToolBar);
    connect(mAnnotationToolBar->tool(), &MapTool::message, this, [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    mAutosave = new Autosave([this] { return currentProject(); }, this);
    // Every edit is a command, so unsaved work is exactly "the stack is not clean".
    connect(mUndoStack, &QUndoStack::indexChanged, mAutosave, [this] {
        if (!mUndoStack->isClean())
            mAutosave->schedule();
    });
    connect(mUndoStack, &QUndoStack::cleanChanged, this, [this](bool clean) {
        setWindowModified(!clean);
        if (clean)
            mAutosave->discard();
    });
    // Autosave reports the first failure of a run only and keeps retrying:
    // one message, not one every two seconds.
    connect(mAutosave, &Autosave::failed, this, [this](const QString &message) {
        reportProblem(message);
        showSaveFailure(tr("Autosave failed"),
                        tr("Unsaved work could not be kept for crash recovery:\n%1\n\nLinewatch keeps trying every "
                           "%2 s. Free some space, or save the project elsewhere (Save As).")
                            .arg(message)
                            .arg(Autosave::kDelayMs / 1000));
    });
    connect(mAutosave, &Autosave::resumed, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Autosave works again (%1)").arg(path), 8000);
    });

    updateScaleLabel();
    resize(1280, 820);
}

MainWindow::~MainWindow()
{
    mLoader->cancel();
    // The undo stack is deleted with the other children after this body, and
    // clearing itself then emits indexChanged/cleanChanged into lambdas that
    // use this half-destroyed window (UBSan: "not an object of type
    // MainWindow") when edits are on it: no more signals from it.
    disconnect(mUndoStack, nullptr, nullptr, nullptr);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("main-toolbar"));
    tools->setIconSize(QSize(22, 22));
    tools->setMovable(false);

    QAction *open = file->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open Data…"), this,
                                    &MainWindow::openFilesDialog);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Add vector or raster files (GeoJSON, GeoPackage, KML, Shapefile, GeoTIFF, SRTM…) as layers"));
    QAction *openProject = file->addAction(QIcon(QStringLiteral(":/icons/project.svg")), tr("Open &Project…"), this,
                                           &MainWindow::openProjectDialog);
    openProject->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(tr("Export Claims and &Annotations…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Claims and Annotations"),
                                                          QStringLiteral("claims.kmz"),
                                                          tr("Google Earth (*.kmz *.kml);;GeoJSON (*.geojson)"));
        if (path.isEmpty())
            return;
        const QString error = exportClaimsAndAnnotations(path);
        if (!error.isEmpty())
            showSaveFailure(tr("Export failed"), error);
        else
            statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
    });
    QAction *exportFigure = file->addAction(tr("&Export Figure…"), this, &MainWindow::exportFigure);
    exportFigure->setShortcut(QKeySequence(tr("Ctrl+E")));
    exportFigure->setStatusTip(tr("Report figure as PDF, PNG, SVG or georeferenced GeoTIFF, with legend, scale bar and sources"));
    QAction *saveAs = file->addAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("Save Project &As…"), this,
                                      &MainWindow::saveProjectAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    QAction *save = new QAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("&Save Project"), this);
    mSaveAction = save;
    save->setShortcut(QKeySequence::Save);
    save->setStatusTip(tr("Save layers, styles, the view and the annotations to the project file"));
    connect(save, &QAction::triggered, this, &MainWindow::saveCurrentProject);
    file->insertAction(saveAs, save);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = mUndoStack->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = mUndoStack->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *zoomIn = view->addAction(QIcon(QStringLiteral(":/icons/zoom-in.svg")), tr("Zoom &In"), this,
                                      [this] { mCanvas->zoomBy(2.0); });
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::Key_Plus)});
    QAction *zoomOut = view->addAction(QIcon(QStringLiteral(":/icons/zoom-out.svg")), tr("Zoom &Out"), this,
                                       [this] { mCanvas->zoomBy(0.5); });
    zoomOut->setShortcuts({QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus)});
    QAction *full = view->addAction(QIcon(QStringLiteral(":/icons/zoom-full.svg")), tr("Zoom to &Full Extent"), this,
                                    &MainWindow::zoomToFull);
    full->setShortcuts({QKeySequence(Qt::Key_Home), QKeySequence(tr("Ctrl+Shift+F"))});
    QAction *zoomLayer = view->addAction(QIcon(QStringLiteral(":/icons/zoom-layer.svg")), tr("Zoom to &Layer"), this,
                                         [this] { zoomToLayer(mLayerPanel->currentLayer()); });
    zoomLayer->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    view->addSeparator();
    QMenu *crsMenu = view->addMenu(tr("Display &CRS"));
    const QList<QPair<QString, QString>> crsChoices = {
        {QStringLiteral("EPSG:32638"), tr("WGS 84 / UTM zone 38N (EPSG:32638)")},
        {QStringLiteral("EPSG:3857"), tr("Web Mercator (EPSG:3857)")},
        {QStringLiteral("EPSG:4326"), tr("Geographic WGS 84 (EPSG:4326)")}};
    auto *crsGroup = new QActionGroup(this);
    mCrsGroup = crsGroup;
    for (const auto &[code, label] : crsChoices) {
        QAction *a = crsMenu->addAction(label);
        a->setCheckable(true);
        a->setData(code);
        crsGroup->addAction(a);
        if (code == mCanvas->settings().crs().authId())
            a->setChecked(true);
        connect(a, &QAction::triggered, this, [this, code] {
            mCanvas->setCrs(*Crs::fromString(code));
            updateScaleLabel();
        });
    }

    QAction *removeLayer = new QAction(QIcon(QStringLiteral(":/icons/layer-remove.svg")), tr("Remove Layer"), this);
    removeLayer->setShortcut(QKeySequence::Delete);
    removeLayer->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeLayer, &QAction::triggered, mLayerPanel, &LayerPanel::removeCurrent);
    mLayerPanel->addAction(removeLayer);

    QAction *cancel = new QAction(tr("Cancel Loading"), this);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(cancel, &QAction::triggered, mLoader, &LayerLoader::cancel);
    addAction(cancel);

    // Measuring (issue 4): measure tool (M), range rings (R), their results dock.
    mMeasureTools = new MeasureTools(mCanvas, mLayers, this);
    // "Keep on map" puts the measurement or the rings into the annotations, undoably.
    connect(mMeasureTools, &MeasureTools::keepMeasurement, this, [this](const Annotation &a) {
        mUndoStack->push(new AddAnnotationCommand(annotations(), a));
    });
    addDockWidget(Qt::RightDockWidgetArea, mMeasureTools->dock());
    QMenu *measureMenu = menuBar()->addMenu(tr("&Measure"));
    measureMenu->addActions(mMeasureTools->actions());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Linewatch"), this, &MainWindow::showAbout);

    tools->addAction(open);
    tools->addAction(openProject);
    tools->addAction(saveAs);
    tools->addSeparator();
    tools->addAction(zoomIn);
    tools->addAction(zoomOut);
    tools->addAction(full);
    tools->addAction(zoomLayer);
    tools->addSeparator();
    tools->addActions(mMeasureTools->actions()); // measuring (issue 4)

    // Issue 4, go to and terrain (branch goto): the "Go to" box (Ctrl+G) and
    // the "Elevation profile" dock with line of sight; both mark the map
    // through one overlay on the canvas.
    auto *overlay = new MapOverlay(mCanvas);
    auto *goTo = new GoToBox(mCanvas, overlay, this);
    goTo->setObjectName(QStringLiteral("goToBox"));
    tools->addSeparator();
    tools->addWidget(goTo);
    QAction *goToAction = view->addAction(tr("&Go To…"), this, [goTo] {
        goTo->edit()->setFocus(Qt::ShortcutFocusReason);
        goTo->edit()->selectAll();
    });
    goToAction->setShortcut(QKeySequence(tr("Ctrl+G")));
    auto *profile = new ElevationProfilePanel(mLayers, mCanvas, overlay, this);
    profile->setObjectName(QStringLiteral("elevationProfilePanel"));
    // The elevation profile of the path just measured.
    QAction *profileMeasured = measureMenu->addAction(tr("&Profile of the Measured Path"), this, [this, profile] {
        const std::vector<LonLat> points = mMeasureTools->measureTool()->measurement().points();
        if (points.size() < 2) {
            statusBar()->showMessage(tr("Measure a path first (Measure ▸ Measure, M)"), 6000);
            return;
        }
        profile->profileOfPath(points);
    });
    profileMeasured->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    auto *profileDock = new QDockWidget(tr("Elevation profile"), this);
    profileDock->setObjectName(QStringLiteral("elevationProfile"));
    profileDock->setWidget(profile);
    addDockWidget(Qt::BottomDockWidgetArea, profileDock);
    resizeDocks({profileDock}, {270}, Qt::Vertical);
    view->addAction(profileDock->toggleViewAction());
    connect(profile, &ElevationProfilePanel::message, this, [this](const QString &m) { statusBar()->showMessage(m, 8000); });
}

void MainWindow::openFilesDialog()
{
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open Data"),
                                                            settings.value(QStringLiteral("lastFolder")).toString(),
                                                            fileFilter());
    if (files.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(files.first()).absolutePath());
    openPaths(files);
}

void MainWindow::openProjectDialog()
{
    QSettings settings;
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Project"),
                                                      settings.value(QStringLiteral("lastFolder")).toString(),
                                                      tr("Linewatch projects (*.lwproj)"));
    if (file.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastFolder"), QFileInfo(file).absolutePath());
    openProject(file);
}

void MainWindow::openPaths(const QStringList &paths)
{
    QList<LayerRequest> requests;
    for (const QString &path : paths) {
        if (path.endsWith(QLatin1String(".lwproj"), Qt::CaseInsensitive)) {
            openProject(path);
            continue;
        }
        LayerRequest r;
        r.path = path.contains(QLatin1String("://")) || path.startsWith(QLatin1String("/vsi"))
                     ? path
                     : QFileInfo(path).absoluteFilePath();
        requests << r;
    }
    if (!requests.isEmpty())
        loadRequests(requests, false);
}

void MainWindow::openProject(const QString &path)
{
    auto project = Project::load(path);
    if (!project.ok()) {
        reportProblem(project.error().toString());
        QMessageBox::warning(this, tr("Cannot open project"), project.error().toString());
        return;
    }
    if (lockProject(project->filePath) == LockOutcome::Cancelled)
        return;
    showProject(project.value());
    mUndoStack->clear();
}

MainWindow::LockOutcome MainWindow::lockProject(const QString &path)
{
    if (path.isEmpty())
        return LockOutcome::Writable;
    auto taken = ProjectLock::acquire(path);
    if (taken.ok()) {
        mLock = std::move(taken).value(); // the previous project's lock goes
        mReadOnly = false;
        return LockOutcome::Writable;
    }
    const QString holder = taken.error().message;
    IfLocked choice = mIfLocked;
    if (choice == IfLocked::Ask) {
        QMessageBox box(QMessageBox::Warning, tr("Project in use"), holder, QMessageBox::NoButton, this);
        box.setObjectName(QStringLiteral("projectLockedQuestion"));
        box.setInformativeText(tr("Open it read-only? You can look and edit, but not save over it (Save As is "
                                  "allowed), and unsaved work is kept in your own data folder."));
        QPushButton *readOnly = box.addButton(tr("Open &Read-Only"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(readOnly);
        box.exec();
        choice = box.clickedButton() == readOnly ? IfLocked::ReadOnly : IfLocked::Cancel;
    } else {
        // Answered by --if-locked: say so where a script sees it.
        qWarning("%s", qPrintable(holder));
    }
    if (choice == IfLocked::Cancel) {
        reportProblem(tr("%1: not opened").arg(holder));
        return LockOutcome::Cancelled;
    }
    mLock.reset();
    mReadOnly = true;
    reportProblem(tr("%1: opened read-only").arg(holder));
    return LockOutcome::ReadOnly;
}

void MainWindow::updateReadOnlyState()
{
    if (mSaveAction) {
        mSaveAction->setEnabled(!mReadOnly);
        mSaveAction->setToolTip(mReadOnly ? tr("The project is open read-only (another Linewatch holds it): use Save As")
                                          : QString());
    }
    const QString path = mProject.filePath;
    const QString name = !mProject.title.isEmpty() ? mProject.title
                         : path.isEmpty()          ? tr("Unsaved project")
                                                   : QFileInfo(path).fileName();
    setWindowTitle(mReadOnly ? tr("%1 (read-only)[*] — Linewatch").arg(name) : tr("%1[*] — Linewatch").arg(name));
}

void MainWindow::showProject(const Project &project)
{
    mProject = project;
    const QString path = mProject.filePath;
    // Read-only: the project's folder belongs to the process holding its
    // lock (its autosave is there); ours goes to the user's data folder.
    mAutosave->setProjectPath(mReadOnly ? QString() : path);
    updateReadOnlyState();
    if (auto crs = Crs::fromString(mProject.crs); crs.ok())
        mCanvas->setCrs(*crs);
    else
        reportProblem(tr("%1: %2").arg(path, crs.error().message));
    mCanvas->setView(mProject.viewCenter, mProject.viewScale);

    // One message for every data file that moved; their entries are kept so
    // a later save does not drop them.
    const QStringList missing = mProject.missingFiles();
    mFailedPaths = QSet<QString>(missing.begin(), missing.end());
    if (!missing.isEmpty()) {
        reportProblem(tr("%1: %n data file(s) not found: %2", nullptr, missing.size()).arg(path, missing.join(QLatin1String(", "))));
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Data files not found"),
                                    tr("%n data file(s) of this project were not found. The other layers are "
                                       "loaded; the missing ones stay in the project and open again once the "
                                       "files are back in place:", nullptr, missing.size()),
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("missingFilesMessage"));
        box->setInformativeText(missing.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setModal(false);
        box->show();
    }

    QList<LayerRequest> requests;
    for (const LayerRequest &r : mProject.layerRequests())
        if (!mFailedPaths.contains(r.path) || !r.localTerrainFolder.isEmpty())
            requests << r;
    loadRequests(requests, true);

    if (mProject.hasAnnotationLayer || !mProject.annotations.empty()) {
        AnnotationLayer *layer = annotations();
        layer->clear();
        for (const Annotation &a : mProject.annotations)
            layer->add(a);
        if (!mProject.annotationsName.isEmpty())
            layer->setName(mProject.annotationsName);
        layer->setVisible(mProject.annotationsVisible);
        layer->setOpacity(mProject.annotationsOpacity);
        mAnnotationsPosition = mProject.annotationsPosition; // applied in onLoadFinished
        if (!mLoader->isRunning()) {
            mLayers->move(mLayers->indexOf(layer), mAnnotationsPosition);
            mAnnotationsPosition = -1;
        }
    }
}

AnnotationLayer *MainWindow::annotations()
{
    if (!mAnnotationLayer) {
        auto layer = std::make_unique<AnnotationLayer>();
        mAnnotationLayer = layer.get();
        mLayers->insert(0, std::move(layer));
    }
    return mAnnotationLayer;
}

bool MainWindow::recoverAutosave(const QString &projectPath, Recovery choice)
{
    if (choice == Recovery::No || !Autosave::isRecoverable(projectPath))
        return false;
    if (!projectPath.isEmpty()) {
        // An autosave beside a project another live process holds is that
        // process's unsaved work, not a crash's leftover: not ours to restore.
        auto taken = ProjectLock::acquire(projectPath);
        if (!taken.ok())
            return false;
        mLock = std::move(taken).value();
        mReadOnly = false;
    }
    const QString autosavePath = Autosave::pathFor(projectPath);
    if (choice == Recovery::Ask
        && QMessageBox::question(this, tr("Recover unsaved work?"),
                                 tr("Linewatch did not close cleanly last time. Unsaved work was kept in\n%1\n\n"
                                    "Restore it?").arg(autosavePath),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes)
               != QMessageBox::Yes)
        return false;
    // The question may have stood open a long time: ask the files again.
    if (!Autosave::isRecoverable(projectPath))
        return false;
    auto project = Autosave::recover(projectPath);
    if (!project.ok()) {
        reportProblem(project.error().toString());
        return false;
    }
    showProject(project.value());
    // The restored work is not saved yet: mark it so and keep the autosave until it is.
    mUndoStack->clear();
    mUndoStack->resetClean();
    setWindowModified(true);
    mAutosave->schedule(); // clear() discarded the file: write it again
    statusBar()->showMessage(tr("Restored unsaved work from %1").arg(autosavePath), 8000);
    return true;
}

void MainWindow::loadRequests(const QList<LayerRequest> &requests, bool replace)
{
    if (replace)
        mLayers->clear();
    mZoomWhenLoaded = !replace && mLayers->count() == 0;
    mBatchInserted.clear();
    mBatchFailures.clear();
    mBatchFailedNames.clear();
    mProgress->setRange(0, requests.size());
    mProgress->setValue(0);
    mProgress->setFormat(tr("Loading %v of %m"));
    mProgress->setVisible(true);
    mCancelLoad->setVisible(true);
    disconnect(mLoader, &LayerLoader::progress, nullptr, nullptr);
    connect(mLoader, &LayerLoader::progress, mProgress, [this](int done, int) { mProgress->setValue(done); });
    mLoader->start(requests);
}

void MainWindow::onLayerReady(int index, Layer *layer)
{
    // Keep the order of the request list whatever order the workers finish in:
    // the batch goes on top of what was there, request 0 topmost.
    int position = 0;
    for (int done : std::as_const(mBatchInserted))
        if (done < index)
            ++position;
    mBatchInserted << index;
    if (mZoomWhenLoaded && mLayers->count() == 0) {
        // The first data in an empty map chooses the display CRS.
        const LonLatBox box = LayerStack::extentOf(*layer);
        mCanvas->setCrs(Crs::displayCrsFor(layer->crs(), (box.west + box.east) / 2, (box.south + box.north) / 2));
        updateScaleLabel();
    }
    if (mAnnotationLayer && mLayers->indexOf(mAnnotationLayer) == 0)
        ++position; // annotations stay on top of data loaded later
    mLayers->insert(position, std::unique_ptr<Layer>(layer));
    checkRemoteTerrain(layer);
    // A claims layer of this project comes back as it was saved.
    if (auto *claims = qobject_cast<ClaimsLayer *>(layer)) {
        const QJsonValue saved = mProject.claimEdits.value(claimsKey(mProject, claims->sourcePath()));
        if (saved.isArray()) {
            const Status restored = claims->restoreJson(saved.toArray());
            if (!restored.ok())
                reportProblem(restored.error().toString());
        }
    }
}

QString MainWindow::claimsKey(const Project &project, const QString &claimsPath)
{
    if (project.filePath.isEmpty())
        return QFileInfo(claimsPath).fileName();
    return QFileInfo(project.filePath).absoluteDir().relativeFilePath(claimsPath);
}

void MainWindow::checkRemoteTerrain(Layer *layer)
{
    const QString path = layer->sourcePath();
    if (layer->kind() != Layer::Kind::Terrain || TerrainSource::remoteHost(path).isEmpty())
        return;
    // One small read off the UI thread: offline, the layer panel says so and
    // tells the analyst how to add a local DEM; the rest of the map works.
    layer->setHealth(Layer::Health::Loading, tr("checking the terrain tile server…"));
    // Draw nothing from it until the server answers: frames must not wait on
    // requests that fail one by one when offline.
    auto *raster = qobject_cast<RasterLayer *>(layer);
    if (raster)
        raster->setSuspended(true);
    QPointer<Layer> guard(layer);
    const QString folder = QFileInfo(path).absolutePath() + QStringLiteral("/terrain");
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcher<Status>::finished, this, [watcher, guard] {
        const Status s = watcher->result();
        watcher->deleteLater();
        if (!guard)
            return;
        if (s.ok())
            guard->setHealth(Layer::Health::Ok);
        else
            guard->setHealth(Layer::Health::Warning, s.error().message);
        if (auto *r = qobject_cast<RasterLayer *>(guard.data()))
            r->setSuspended(!s.ok());
    });
    watcher->setFuture(QtConcurrent::run([path, folder] { return TerrainSource::probe(path, folder); }));
}

void MainWindow::onLayerFailed(int, const QString &path, const QString &message)
{
    if (message.endsWith(QLatin1String("cancelled")))
        return;
    const bool known = mFailedPaths.contains(path); // already in the missing-files message
    mFailedPaths.insert(path); // kept in the project when it is saved
    if (mConsentPaths.contains(path)) {
        // The consent dialog says it; the layer stays unread until allowed.
        reportProblem(message);
        return;
    }
    if (known)
        return;
    mBatchFailures << message;
    mBatchFailedNames << (path.contains(QLatin1String("://")) ? path : QFileInfo(path).fileName());
    reportProblem(message);
}

void MainWindow::setExternalReferenceChoice(ExternalReferenceChoice choice)
{
    mExternalChoice = choice;
    ExternalReferenceConsent::session().setPolicy(choice == ExternalReferenceChoice::Allow
                                                      ? ExternalReferenceConsent::Policy::AllowAll
                                                      : ExternalReferenceConsent::Policy::Ask);
}

ExternalReferencesDialog *MainWindow::consentDialog() const { return mConsentDialog.data(); }

void MainWindow::onLayerNeedsConsent(int, const LayerRequest &request, const QStringList &references)
{
    mConsentPaths.insert(request.path);
    if (mExternalChoice == ExternalReferenceChoice::Refuse)
        return; // refused references stay unread: the file is not opened
    mConsentQueue << request;
    mConsentQueueReferences << references;
    if (!mConsentDialog)
        showNextConsentDialog();
}

void MainWindow::showNextConsentDialog()
{
    if (mConsentQueue.isEmpty() || mConsentDialog)
        return;
    const LayerRequest request = mConsentQueue.takeFirst();
    QList<ExternalReference> references;
    for (const QString &encoded : mConsentQueueReferences.takeFirst())
        if (auto r = ExternalReference::decode(encoded))
            references << *r;
    auto *dialog = new ExternalReferencesDialog(request, references, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    mConsentDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        ExternalReferenceConsent::session().allow(dialog->references());
        if (const QStringList hosts = dialog->hostsToRemember(); !hosts.isEmpty()) {
            QSettings settings;
            QStringList saved = settings.value(QStringLiteral("externalReferences/allowedHosts")).toStringList();
            for (const QString &h : hosts) {
                ExternalReferenceConsent::session().allowHost(h);
                if (!saved.contains(h))
                    saved << h;
            }
            settings.setValue(QStringLiteral("externalReferences/allowedHosts"), saved);
        }
        mConsentPaths.remove(dialog->request().path);
        mFailedPaths.remove(dialog->request().path);
        reopen(dialog->request());
    });
    connect(dialog, &QDialog::finished, this, [this] {
        // Queued: the next dialog once this one is gone.
        QTimer::singleShot(0, this, &MainWindow::showNextConsentDialog);
    });
    dialog->open(); // window-modal but not blocking: loading and painting go on
}

void MainWindow::reopen(const LayerRequest &request)
{
    // A loader of its own: the main loader's start() would cancel a batch in progress.
    auto *loader = new LayerLoader(openLayer, this);
    connect(loader, &LayerLoader::layerReady, this, [this](int, Layer *layer) {
        int position = (mAnnotationLayer && mLayers->indexOf(mAnnotationLayer) == 0) ? 1 : 0;
        mLayers->insert(position, std::unique_ptr<Layer>(layer));
        checkRemoteTerrain(layer);
    });
    connect(loader, &LayerLoader::layerNeedsConsent, this, &MainWindow::onLayerNeedsConsent);
    connect(loader, &LayerLoader::layerFailed, this, [this](int, const QString &, const QString &message) {
        reportProblem(message);
    });
    connect(loader, &LayerLoader::finished, loader, &QObject::deleteLater);
    loader->start({request});
}

void MainWindow::onLoadFinished()
{
    mProgress->setVisible(false);
    mCancelLoad->setVisible(false);
    if (mAnnotationsPosition >= 0 && mAnnotationLayer)
        mLayers->move(mLayers->indexOf(mAnnotationLayer), mAnnotationsPosition);
    mAnnotationsPosition = -1;
    if (mZoomWhenLoaded && mLayers->count() > 0)
        zoomToFull();
    if (!mBatchFailures.isEmpty()) {
        // Non-modal: the map keeps working while the message is up.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Some data could not be opened"),
                                    tr("%n file(s) could not be opened. The other layers are loaded.", nullptr,
                                       mBatchFailures.size()),
                                    QMessageBox::Ok, this);
        // The box names the files; the reasons, with their long paths, wait
        // behind "Show Details": word-wrapping them as informative text held
        // the event loop for 20-25 ms (150 ms under ASan on 2 busy cores,
        // issue 16), for text nobody can read in a message box anyway.
        box->setDetailedText(mBatchFailures.join(QLatin1Char('\n')));
        constexpr int kNamesShown = 8;
        QStringList names = mBatchFailedNames.mid(0, kNamesShown);
        if (mBatchFailedNames.size() > kNamesShown)
            names << tr("and %n more", nullptr, int(mBatchFailedNames.size()) - kNamesShown);
        box->setTextFormat(Qt::PlainText); // a file name is never markup
        box->setInformativeText(names.join(QLatin1Char('\n')));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setModal(false);
        box->show();
    }
}

void MainWindow::onCursorMoved(const LonLat &p)
{
    if (!p.isValid()) {
        mCoordLabel->setText(tr("outside the projection"));
        mMgrsLabel->clear();
        return;
    }
    mCoordLabel->setText(QStringLiteral("%1  |  %2").arg(CoordinateFormat::decimalDegrees(p),
                                                         CoordinateFormat::degreesMinutesSeconds(p)));
    const QString mgrs = CoordinateFormat::mgrs(p);
    mMgrsLabel->setText(mgrs.isEmpty() ? QString() : tr("MGRS %1").arg(mgrs));
    mElevation->request(p);
    mLineLabel->setText(distanceToLineText(p));
}

QString MainWindow::distanceToLineText(const LonLat &p) const
{
    // The topmost visible line layer; the exact query takes microseconds, so
    // it runs at every mouse move without a worker.
    for (Layer *l : mLayers->layers()) {
        auto *line = qobject_cast<LineLayer *>(l);
        if (!line || !line->isVisible())
            continue;
        const LineVersion *v = line->shownVersion();
        if (!v)
            return {};
        const NearestPoint n = v->geometry.nearest(p);
        const QString label = n.side == Side::Left ? v->leftLabel : n.side == Side::Right ? v->rightLabel : QString();
        const QString side = n.side == Side::On ? tr("on the line")
                                                : tr("%1 side").arg(label.section(QLatin1Char('('), 0, 0).trimmed());
        return tr("%1 from line %2 (%3), %4 along").arg(formatMetres(n.distanceM), v->id, side, formatMetres(n.alongM));
    }
    return {};
}

QString MainWindow::formatMetres(double m)
{
    return m >= 10000 ? tr("%L1 km").arg(m / 1000, 0, 'f', 2) : tr("%L1 m").arg(m, 0, 'f', 0);
}

void MainWindow::onRenderErrors(const QList<LayerError> &errors)
{
    // Show each layer's render problems in the layer panel, where they belong.
    for (Layer *l : mLayers->layers()) {
        QStringList mine;
        for (const LayerError &e : errors)
            if (e.layerName == l->name())
                mine << e.message;
        // Clear only warnings that rendering set, not the terrain probe's.
        if (!mine.isEmpty()) {
            l->setHealth(Layer::Health::Warning, mine.join(QLatin1Char('\n')));
            mRenderWarned.insert(l);
        } else if (mRenderWarned.remove(l) && l->isVisible()) {
            l->setHealth(Layer::Health::Ok);
        }
    }
}

void MainWindow::updateScaleLabel()
{
    MapSettings s = mCanvas->settings();
    if (mCrsGroup)
        for (QAction *a : mCrsGroup->actions())
            a->setChecked(a->data().toString() == s.crs().authId());
    const double scale = s.scaleDenominator();
    mScaleLabel->setText(scale > 0 ? tr("1:%L1  ·  %2").arg(std::round(scale), 0, 'f', 0).arg(s.crs().authId())
                                   : s.crs().authId());
}

void MainWindow::zoomToFull() { mCanvas->zoomToBox(mLayers->fullExtent()); }

void MainWindow::zoomToLayer(Layer *layer)
{
    if (layer)
        mCanvas->zoomToBox(LayerStack::extentOf(*layer));
}

void MainWindow::reportProblem(const QString &message)
{
    mProblems << message;
    statusBar()->showMessage(message, 8000);
}

Project MainWindow::currentProject() const
{
    Project p = mProject;
    p.autosaveOf.clear(); // only Autosave writes it (a project copied from an autosave must not keep it)
    p.crs = mCanvas->settings().crs().authId();
    p.viewCenter = mCanvas->toLonLat(mCanvas->settings().center());
    MapSettings s = mCanvas->settings();
    p.viewScale = s.scaleDenominator();
    // Keep the project's own entries (styles, terrain folders) for layers that
    // came from it, in the current order; add the others.
    QList<ProjectLayer> layers;
    for (const Layer *l : mLayers->layers()) {
        if (l == mAnnotationLayer)
            continue; // saved in "annotations" below
        ProjectLayer pl;
        for (const ProjectLayer &old : mProject.layers)
            if (mProject.resolve(old.path) == l->sourcePath() || mProject.resolve(old.localTerrainFolder) == QFileInfo(l->sourcePath()).absolutePath())
                pl = old;
        if (pl.path.isEmpty())
            pl.path = l->sourcePath();
        pl.name = l->name();
        pl.visible = l->isVisible();
        pl.opacity = l->opacity();
        layers << pl;
    }
    // Entries whose data did not open (or is still loading) stay, near their old place.
    const bool loading = mLoader->isRunning();
    for (int i = 0; i < mProject.layers.size(); ++i) {
        const ProjectLayer &old = mProject.layers[i];
        bool present = false;
        for (const Layer *l : mLayers->layers())
            present = present || mProject.resolve(old.path) == l->sourcePath()
                   || (!old.localTerrainFolder.isEmpty()
                       && mProject.resolve(old.localTerrainFolder) == QFileInfo(l->sourcePath()).absolutePath());
        if (!present && (loading || mFailedPaths.contains(mProject.resolve(old.path))))
            layers.insert(std::min(i, int(layers.size())), old);
    }
    p.layers = layers;

    p.annotations.clear();
    p.hasAnnotationLayer = mAnnotationLayer != nullptr;
    if (mAnnotationLayer) {
        p.annotations = mAnnotationLayer->annotations();
        p.annotationsName = mAnnotationLayer->name();
        p.annotationsVisible = mAnnotationLayer->isVisible();
        p.annotationsOpacity = mAnnotationLayer->opacity();
        p.annotationsPosition = mLayers->indexOf(mAnnotationLayer);
    }
    // Claims as they stand now (added, edited, removed), keyed by the claims
    // file relative to the project, so reopening shows the same claims.
    p.claimEdits = {};
    for (const Layer *l : mLayers->layers())
        if (const auto *claims = qobject_cast<const ClaimsLayer *>(l))
            p.claimEdits.insert(claimsKey(p, claims->sourcePath()), claims->toJson());
    // A claims layer of the project still loading (or whose file is missing)
    // keeps its saved edits: a save or an autosave made meanwhile must not drop them.
    for (const ProjectLayer &pl : std::as_const(p.layers)) {
        const QString key = claimsKey(p, p.resolve(pl.path));
        if (!p.claimEdits.contains(key) && mProject.claimEdits.contains(key))
            p.claimEdits.insert(key, mProject.claimEdits.value(key));
    }
    return p;
}

void MainWindow::saveProjectAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Project"), mProject.filePath,
                                                      tr("Linewatch projects (*.lwproj)"));
    if (path.isEmpty())
        return;
    saveProject(path);
}

void MainWindow::saveCurrentProject()
{
    if (mProject.filePath.isEmpty() || mReadOnly)
        saveProjectAs();
    else
        saveProject(mProject.filePath);
}

bool MainWindow::saveProject(const QString &path)
{
    const QString target = QFileInfo(path).absoluteFilePath();
    const bool sameFile = target == mProject.filePath;
    if (mReadOnly && sameFile) {
        const QString message = tr("%1: open read-only (another Linewatch holds it); use Save As to keep your work "
                                   "in another file").arg(target);
        reportProblem(message);
        showSaveFailure(tr("Cannot save project"), message);
        return false;
    }
    // Save As takes the new file's lock first (refused when another process
    // has that project open); the old lock goes once the save worked.
    std::unique_ptr<ProjectLock> newLock;
    if (!sameFile || !mLock) {
        auto taken = ProjectLock::acquire(target);
        if (!taken.ok()) {
            reportProblem(taken.error().toString());
            showSaveFailure(tr("Cannot save project"), tr("%1: not saved: %2").arg(target, taken.error().message));
            return false;
        }
        newLock = std::move(taken).value();
    }
    const Project p = currentProject();
    QByteArray writtenSha256;
    const Status saved = p.save(target, &writtenSha256);
    if (!saved.ok()) {
        // Nothing is marked saved: the window stays modified and the autosave stays.
        // A failure after the rename left the new file in place: later
        // autosaves are of that file.
        if (sameFile && !writtenSha256.isEmpty())
            mProject.fileSha256 = writtenSha256;
        reportProblem(saved.error().toString());
        showSaveFailure(tr("Cannot save project"), saved.error().toString());
        return false;
    }
    if (newLock)
        mLock = std::move(newLock);
    mReadOnly = false;
    // The work is in the project now: the old autosave (maybe of another path) goes.
    mAutosave->discard();
    mProject = p;
    mProject.filePath = target;
    mProject.fileSha256 = writtenSha256; // later autosaves are of this file
    mAutosave->setProjectPath(mProject.filePath);
    mAutosave->discard();
    mUndoStack->setClean();
    setWindowModified(false);
    updateReadOnlyState();
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

void MainWindow::showSaveFailure(const QString &title, const QString &message)
{
    // Non-modal: the analyst can still Save As, and tests can read it.
    auto *box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveFailedMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
}

QString MainWindow::exportClaimsAndAnnotations(const QString &path)
{
    KmlWriter::Content content;
    content.title = mProject.title;
    for (const Layer *l : mLayers->layers()) {
        if (const auto *claims = qobject_cast<const ClaimsLayer *>(l); claims && !content.claims) {
            content.claims = claims->claims().get();
            content.verdicts = claims->verdicts();
            content.lines = claims->lines().get();
        }
    }
    if (mAnnotationLayer)
        content.annotations = mAnnotationLayer->annotations();
    const Status written = KmlWriter::write(content, path);
    return written.ok() ? QString() : written.error().toString();
}

void MainWindow::exportFigure()
{
    QStringList inputs;
    if (!mProject.filePath.isEmpty())
        inputs << mProject.filePath;
    for (const Layer *l : mLayers->layers())
        if (l->isVisible() && !l->sourcePath().isEmpty())
            inputs << l->sourcePath();
    MapSettings view = mCanvas->settings();
    view.setOutputSize(mCanvas->size());
    ExportDialog dialog(view, mLayers->drawingOrder(), mProject.title, inputs, this);
    dialog.exec();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        paths << (url.isLocalFile() ? url.toLocalFile() : url.toString());
    openPaths(paths);
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isWindowModified()) {
        const auto choice = QMessageBox::question(this, tr("Unsaved changes"), tr("Save the changes to the project?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                                  QMessageBox::Save);
        if (choice == QMessageBox::Save)
            saveCurrentProject();
        if (choice == QMessageBox::Cancel || (choice == QMessageBox::Save && isWindowModified())) {
            event->ignore();
            return;
        }
    }
    // A clean close: nothing to recover next time, and the project is free.
    mAutosave->discard();
    mLoader->cancel();
    mLock.reset();
    event->accept();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Linewatch"),
                       tr("<h3>Linewatch %1</h3>"
                          "<p>See, check and show claims about positions relative to a line of contact.</p>"
                          "<p>Distances are geodesics on the WGS84 ellipsoid (Karney's algorithm).</p>"
                          "<p>Built with Qt %2, GDAL %3, PROJ %4, GeographicLib and Boost.Geometry.</p>")
                           .arg(QStringLiteral(LINEWATCH_VERSION), QString::fromLatin1(qVersion()),
                                GdalEnvironment::gdalVersion(), GdalEnvironment::projVersion()));
}

} // namespace linewatch

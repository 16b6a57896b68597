#pragma once

#include "common/geo_point.h"
#include "project/layer_request.h"
#include "project/project.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <memory>

class QActionGroup;
class QUndoStack;
class QLabel;
class QProgressBar;
class QToolButton;

namespace linewatch {

class AnnotationLayer;
class AnnotationToolBar;
class Autosave;
class ExternalReferencesDialog;
class ElevationProbe;
class Layer;
class LayerLoader;
class LayerPanel;
class LayerStack;
class MapCanvas;
class MeasureTools;
class ProjectLock;
struct LayerError;

/// The main window: wires the canvas, the layer panel, the status bar and the
/// loader together. Everything with logic lives in core.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens each file as a layer, or as a project if it ends in .lwproj.
    void openPaths(const QStringList &paths);
    void openProject(const QString &path);
    /// Shows a project already read (an opened file or a recovered autosave).
    void showProject(const Project &project);
    /// Writes the project (layers, styles, view, annotations) atomically to
    /// path and makes it the current file; false (and a message) on failure.
    bool saveProject(const QString &path);
    /// Claims (with verdicts and line versions) and annotations as KML, KMZ or
    /// GeoJSON by the file's suffix; returns the error, or "" on success.
    QString exportClaimsAndAnnotations(const QString &path);
    /// The project as it is now, as saveProject() would write it.
    Project currentProject() const;

    /// The Annotations layer, created (on top, listed in the layer panel) on
    /// first use. Edits go through undoStack() (annotation_commands.h).
    AnnotationLayer *annotations();
    AnnotationToolBar *annotationToolBar() const { return mAnnotationToolBar; }
    Autosave *autosave() const { return mAutosave; }

    /// What to do when another Linewatch process holds the project's lock:
    /// ask (the default), open it read-only, or not open it (the
    /// `--if-locked=` option sets this, for scripts and tests).
    enum class IfLocked { Ask, ReadOnly, Cancel };
    void setIfLocked(IfLocked choice) { mIfLocked = choice; }
    /// True when the project is open read-only (another process holds its
    /// lock): Save is off, Save As allowed; the autosave goes to the user's
    /// data folder, never next to the other process's project.
    bool isReadOnly() const { return mReadOnly; }
    /// The project's lock, or null (read-only, or no project file yet).
    ProjectLock *projectLock() const { return mLock.get(); }

    enum class Recovery { Ask, Yes, No };
    /// At start: when an autosave newer than projectPath ("" for unsaved
    /// work) exists, offers to restore it (or follows choice without
    /// asking). True when the autosave was restored and shown.
    bool recoverAutosave(const QString &projectPath, Recovery choice = Recovery::Ask);

    /// What to do when a file refers outside its folder or to the network:
    /// ask (a non-modal dialog), or allow/refuse without asking
    /// (linewatch --external-references=allow|refuse, for tests and scripts).
    enum class ExternalReferenceChoice { Ask, Allow, Refuse };
    void setExternalReferenceChoice(ExternalReferenceChoice choice);
    /// The consent dialog on screen, or null (tests).
    ExternalReferencesDialog *consentDialog() const;

    MapCanvas *canvas() const { return mCanvas; }
    LayerStack *layers() const { return mLayers; }
    LayerPanel *layerPanel() const { return mLayerPanel; }
    LayerLoader *loader() const { return mLoader; }
    /// Every edit (annotations, claims, measurements kept) goes through this stack.
    QUndoStack *undoStack() const { return mUndoStack; }
    /// Problems reported since start, newest last ("file: what is wrong").
    QStringList problems() const { return mProblems; }
    /// The measure and range-rings tools; connect keepMeasurement() to the annotations.
    MeasureTools *measureTools() const { return mMeasureTools; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void openFilesDialog();
    void openProjectDialog();
    void saveProjectAs();
    void exportFigure();
    void saveCurrentProject();
    void loadRequests(const QList<LayerRequest> &requests, bool replace);
    void onLayerReady(int index, Layer *layer);
    void checkRemoteTerrain(Layer *layer);
    static QString claimsKey(const Project &project, const QString &claimsPath);
    void onLayerFailed(int index, const QString &path, const QString &message);
    void onLayerNeedsConsent(int index, const LayerRequest &request, const QStringList &references);
    void showNextConsentDialog();
    /// Opens a request again (after consent) without disturbing the batch in progress.
    void reopen(const LayerRequest &request);
    void onLoadFinished();
    void onCursorMoved(const LonLat &position);
    QString distanceToLineText(const LonLat &position) const;
    static QString formatMetres(double metres);
    void onRenderErrors(const QList<LayerError> &errors);
    void updateScaleLabel();
    void zoomToFull();
    void zoomToLayer(Layer *layer);
    void reportProblem(const QString &message);
    /// A save or export failed: a non-modal message (objectName
    /// "saveFailedMessage") naming the file, so the map stays usable.
    void showSaveFailure(const QString &title, const QString &message);
    enum class LockOutcome { Writable, ReadOnly, Cancelled };
    /// Takes the lock of a project about to be shown; when another process
    /// holds it, asks (or follows mIfLocked). Keeps the current lock when
    /// the answer is Cancel.
    LockOutcome lockProject(const QString &path);
    void updateReadOnlyState();
    void showAbout();

    LayerStack *mLayers;
    MapCanvas *mCanvas;
    LayerPanel *mLayerPanel;
    LayerLoader *mLoader;
    ExternalReferenceChoice mExternalChoice = ExternalReferenceChoice::Ask;
    /// Requests waiting for the user's answer, one dialog at a time.
    QList<LayerRequest> mConsentQueue;
    QList<QStringList> mConsentQueueReferences;
    QPointer<ExternalReferencesDialog> mConsentDialog;
    QSet<QString> mConsentPaths; ///< failed for want of consent: not in the "could not be opened" box
    ElevationProbe *mElevation;
    QUndoStack *mUndoStack;
    MeasureTools *mMeasureTools = nullptr;

    QLabel *mCoordLabel, *mMgrsLabel, *mElevationLabel, *mLineLabel, *mScaleLabel;
    QActionGroup *mCrsGroup = nullptr;
    QProgressBar *mProgress;
    QToolButton *mCancelLoad;

    Project mProject;                 ///< the project as last opened or saved
    QList<int> mBatchInserted;        ///< request indices of the running batch already inserted
    bool mZoomWhenLoaded = false;
    QStringList mBatchFailures;    ///< the messages of a batch's files that failed
    QStringList mBatchFailedNames; ///< their file names, in the same order
    QStringList mProblems;
    QSet<const Layer *> mRenderWarned; ///< layers whose warning came from rendering
    QSet<QString> mFailedPaths;        ///< resolved paths of project layers that did not open (kept on save)
    QPointer<AnnotationLayer> mAnnotationLayer;
    int mAnnotationsPosition = -1;     ///< where the project's annotations go once its layers are loaded
    AnnotationToolBar *mAnnotationToolBar = nullptr;
    Autosave *mAutosave = nullptr;
    QAction *mSaveAction = nullptr;
    std::unique_ptr<ProjectLock> mLock; ///< of mProject.filePath, while it is open for writing
    bool mReadOnly = false;
    IfLocked mIfLocked = IfLocked::Ask;
};

} // namespace linewatch

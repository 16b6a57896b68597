#pragma once

#include "common/result.h"
#include "project/project.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace linewatch {

/// Crash recovery: keeps a copy of the unsaved work (the project JSON, in the
/// project format, written by Project::save) next to the project file as
/// "<project>.lwproj.autosave", or for a project never saved in the user's
/// data folder as "unsaved.lwproj.autosave". schedule() is called on every
/// change; the file is written at most kDelayMs later (the timer is not
/// restarted by later changes, so steady editing still saves every
/// kDelayMs). A clean close or a save removes it.
///
/// Recovery never offers a state older than the saved project. The rule is
/// by content first: each autosave records the digest of the project file
/// its work was made on (Project::autosaveOf), and each save records the
/// digest of the file it replaced (Project::supersedesSha256). An autosave
/// is offered while the project file still has its recorded digest, and not
/// once Linewatch saved over that file, as when the process died between
/// writing the project and removing the autosave, whatever the file times
/// say (equal within a clock tick, coarse, copied, set back). Only a project
/// changed by something else, and an autosave of an older Linewatch without
/// a digest, are judged by file times.
class Autosave : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDelayMs = 2000; ///< < 3 s after a change

    /// snapshot gives the project to write (called on the GUI thread when the timer fires).
    explicit Autosave(std::function<Project()> snapshot, QObject *parent = nullptr);

    /// The project file the work belongs to ("" for a project never saved).
    void setProjectPath(const QString &projectPath);
    QString projectPath() const { return mProjectPath; }
    /// Where the autosave of the current project goes.
    QString path() const { return pathFor(mProjectPath); }

    /// "<projectPath>.autosave"; for "" the user's data folder (QStandardPaths::AppDataLocation).
    static QString pathFor(const QString &projectPath);
    /// True when an autosave exists for projectPath and: the project file
    /// does not exist or does not read; or it is the file the work was made
    /// on; or, when neither it nor a Linewatch save over that file (both
    /// told by digests), the autosave is not older than it by file time.
    static bool isRecoverable(const QString &projectPath);
    /// Reads an autosave back as the project it was made for: layer paths
    /// absolute, filePath the project's path ("" when it was never saved),
    /// fileSha256 the digest of the project file the work was made on.
    static Result<Project> recover(const QString &projectPath);

    /// Notes a change: the autosave is written within kDelayMs.
    void schedule();
    bool isPending() const { return mTimer.isActive(); }
    /// Writes now (through AtomicFile) and cancels a pending write. A failure
    /// (disk full, folder gone) schedules a retry kDelayMs later, until a
    /// write succeeds or discard() is called.
    Status writeNow();
    /// True while the last write failed (retries are scheduled).
    bool isFailing() const { return mFailing; }
    /// Removes the autosave file and cancels a pending write (after a save or a clean close).
    void discard();

signals:
    void written(const QString &path);
    /// The first failure of a run of failures (the message names the path):
    /// retries every kDelayMs do not repeat it, so the user is told once.
    /// After a successful write (resumed()) a new failure is reported again.
    void failed(const QString &message);
    /// A write succeeded after failed() was emitted.
    void resumed(const QString &path);

private:
    std::function<Project()> mSnapshot;
    QString mProjectPath;
    QTimer mTimer;
    bool mFailing = false;
};

} // namespace linewatch

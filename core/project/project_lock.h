#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

class QLockFile;

namespace linewatch {

/// Who holds a project's lock, as far as the lock files tell.
struct ProjectLockHolder
{
    qint64 pid = 0;
    QString host;
    QString user;        ///< empty when the holder wrote no .info file (or it belongs to an older lock)
    QString application; ///< the holder's executable name, as QLockFile records it
    QDateTime since;     ///< UTC

    /// "x.lwproj is open in Linewatch by ana@desk (process 1234) since 2026-11-27 00:50 UTC".
    QString describe(const QString &projectPath) const;
};

/// Stops two Linewatch processes from writing the same project: while one
/// holds "<project>.lock" (a QLockFile), another is told who holds it and can
/// only open the project read-only.
///
/// QLockFile owns the lock file and its format (pid, executable name, host,
/// machine and boot ids) and detects stale locks: with setStaleLockTime(0) a
/// lock is never stale by age, only when its process is gone from this
/// machine, so a lock left by a killed process (kill -9, a crash, a power cut)
/// is removed silently by the next tryLock(). A lock from another machine
/// (a project on a shared folder) is always taken as held, since its process
/// cannot be checked.
///
/// Windows of one process share its lock (the lock is between processes):
/// acquiring a path this process already holds succeeds, and the lock is
/// released when the last ProjectLock for it goes.
///
/// QLockFile cannot carry the user's name (it records the executable's name,
/// not QCoreApplication::applicationName, and rewrites its own lines), so the
/// holder also writes "<project>.lock.info" (JSON: user, host, pid, since)
/// through AtomicFile. A reader trusts that file only when its pid and host
/// match the lock's, so one left over from an older lock is ignored.
class ProjectLock
{
public:
    ProjectLock(const ProjectLock &) = delete;
    ProjectLock &operator=(const ProjectLock &) = delete;
    /// Releases the lock (removes the .info and the lock file).
    ~ProjectLock();

    /// "<projectPath>.lock", e.g. "x.lwproj.lock".
    static QString lockPathFor(const QString &projectPath);
    /// "<projectPath>.lock.info".
    static QString infoPathFor(const QString &projectPath);

    /// Takes the lock for projectPath, clearing a stale one. Fails with an
    /// Error whose message is ProjectLockHolder::describe() when another live
    /// process holds it, or says why the lock file cannot be made (a
    /// read-only folder); the Error's path is the project's.
    static Result<std::unique_ptr<ProjectLock>> acquire(const QString &projectPath);
    /// The current holder of projectPath's lock; empty when there is no lock
    /// file or it cannot be read. Does not judge whether the holder is alive.
    static std::optional<ProjectLockHolder> holder(const QString &projectPath);

    /// Save As: takes the lock of newProjectPath, then releases the old one.
    /// On failure the old lock is kept and the Error says who holds the new one.
    Status moveTo(const QString &newProjectPath);

    QString projectPath() const;

    struct Held; ///< one per locked path in this process, shared by its ProjectLocks

private:
    explicit ProjectLock(std::shared_ptr<Held> held);

    std::shared_ptr<Held> mHeld;
};

} // namespace linewatch

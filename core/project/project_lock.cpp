#include "project/project_lock.h"

#include "common/atomic_file.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSysInfo>

#include <map>
#include <mutex>

#include <pwd.h>
#include <unistd.h>

namespace linewatch {

namespace {

QString absolute(const QString &path) { return QFileInfo(path).absoluteFilePath(); }

QString userName()
{
    // The password database first: $USER may be unset (services, some test runners).
    if (const passwd *pw = ::getpwuid(::getuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    return qEnvironmentVariable("USER");
}

/// The host name as QLockFile records it, so the .info can be matched to the lock.
QString hostName() { return QSysInfo::machineHostName(); }

} // namespace

QString ProjectLockHolder::describe(const QString &projectPath) const
{
    const QString who = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    QString text = QStringLiteral("%1 is open in Linewatch by %2 (process %3)")
                       .arg(QFileInfo(projectPath).fileName(), who)
                       .arg(pid);
    if (since.isValid())
        text += QStringLiteral(" since %1").arg(since.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    return text;
}

/// The lock of one path held by this process, released (its .info removed,
/// the lock file unlocked) when the last ProjectLock sharing it goes.
struct ProjectLock::Held
{
    QString projectPath;
    qint64 pid = 0; ///< the process that took it (a forked child must not share it)
    std::unique_ptr<QLockFile> lock;

    ~Held()
    {
        QFile::remove(ProjectLock::infoPathFor(projectPath));
        lock->unlock();
    }
};

namespace {

std::mutex gHeldMutex;
std::map<QString, std::weak_ptr<ProjectLock::Held>> gHeld;

} // namespace

ProjectLock::ProjectLock(std::shared_ptr<Held> held) : mHeld(std::move(held)) {}

ProjectLock::~ProjectLock() = default;

QString ProjectLock::projectPath() const { return mHeld->projectPath; }

QString ProjectLock::lockPathFor(const QString &projectPath) { return absolute(projectPath) + QStringLiteral(".lock"); }

QString ProjectLock::infoPathFor(const QString &projectPath)
{
    return absolute(projectPath) + QStringLiteral(".lock.info");
}

Result<std::unique_ptr<ProjectLock>> ProjectLock::acquire(const QString &projectPath)
{
    const QString project = absolute(projectPath);
    std::lock_guard guard(gHeldMutex);
    if (auto held = gHeld[project].lock(); held && held->pid == QCoreApplication::applicationPid())
        return std::unique_ptr<ProjectLock>(new ProjectLock(held));

    auto lock = std::make_unique<QLockFile>(lockPathFor(project));
    // Held for as long as the project is open: never stale by age, only when
    // the holding process is gone (QLockFile checks its pid and name).
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        switch (lock->error()) {
        case QLockFile::LockFailedError: {
            const auto h = holder(project);
            if (h)
                return Error{h->describe(project), project};
            return Error{QStringLiteral("%1 is open in another Linewatch (its lock file %2 cannot be read)")
                             .arg(QFileInfo(project).fileName(), lockPathFor(project)),
                         project};
        }
        case QLockFile::PermissionError:
            return Error{QStringLiteral("cannot create the lock file %1: permission denied (a read-only folder?)")
                             .arg(lockPathFor(project)),
                         project};
        default:
            return Error{QStringLiteral("cannot create the lock file %1").arg(lockPathFor(project)), project};
        }
    }
    // Saves of this project killed mid-write (kill -9, power cut) left their
    // temporaries; with the lock held nobody else is writing them.
    AtomicFile::removeLeftovers(project);
    AtomicFile::removeLeftovers(project + QStringLiteral(".autosave"));
    AtomicFile::removeLeftovers(infoPathFor(project));
    // The user's name for the message another instance shows. Losing it (a
    // full disk) only makes that message name the host alone: not an error.
    const QJsonObject info{{QStringLiteral("user"), userName()},
                           {QStringLiteral("host"), hostName()},
                           {QStringLiteral("pid"), QCoreApplication::applicationPid()},
                           {QStringLiteral("application"), QStringLiteral("Linewatch")},
                           {QStringLiteral("since"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    AtomicFile::save(infoPathFor(project), QJsonDocument(info).toJson(QJsonDocument::Compact));
    auto held = std::make_shared<Held>();
    held->projectPath = project;
    held->pid = QCoreApplication::applicationPid();
    held->lock = std::move(lock);
    gHeld[project] = held;
    return std::unique_ptr<ProjectLock>(new ProjectLock(std::move(held)));
}

std::optional<ProjectLockHolder> ProjectLock::holder(const QString &projectPath)
{
    const QString project = absolute(projectPath);
    QLockFile lock(lockPathFor(project));
    ProjectLockHolder h;
    if (!lock.getLockInfo(&h.pid, &h.host, &h.application))
        return std::nullopt;
    h.since = QFileInfo(lockPathFor(project)).lastModified().toUTC();
    QFile infoFile(infoPathFor(project));
    if (infoFile.open(QIODevice::ReadOnly) && infoFile.size() < 64 * 1024) {
        const QJsonObject info = QJsonDocument::fromJson(infoFile.readAll()).object();
        // Only the .info of this very lock: the same process on the same host.
        if (info.value(QLatin1String("pid")).toInteger() == h.pid
            && info.value(QLatin1String("host")).toString() == h.host) {
            h.user = info.value(QLatin1String("user")).toString();
            const QDateTime since = QDateTime::fromString(info.value(QLatin1String("since")).toString(), Qt::ISODate);
            if (since.isValid())
                h.since = since.toUTC();
        }
    }
    return h;
}

Status ProjectLock::moveTo(const QString &newProjectPath)
{
    auto taken = acquire(newProjectPath);
    if (!taken.ok())
        return taken.error();
    // The new lock is held before the old one goes.
    mHeld = std::move(taken.value()->mHeld);
    return Ok{};
}

} // namespace linewatch

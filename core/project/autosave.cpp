#include "project/autosave.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <utility>

namespace linewatch {

Autosave::Autosave(std::function<Project()> snapshot, QObject *parent)
    : QObject(parent), mSnapshot(std::move(snapshot))
{
    mTimer.setSingleShot(true);
    mTimer.setInterval(kDelayMs);
    connect(&mTimer, &QTimer::timeout, this, [this] { writeNow(); });
}

void Autosave::setProjectPath(const QString &projectPath)
{
    mProjectPath = projectPath.isEmpty() ? QString() : QFileInfo(projectPath).absoluteFilePath();
}

QString Autosave::pathFor(const QString &projectPath)
{
    if (!projectPath.isEmpty())
        return QFileInfo(projectPath).absoluteFilePath() + QStringLiteral(".autosave");
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return folder + QStringLiteral("/unsaved.lwproj.autosave");
}

bool Autosave::isRecoverable(const QString &projectPath)
{
    const QString autosavePath = pathFor(projectPath);
    const QFileInfo autosave(autosavePath);
    if (!autosave.exists())
        return false;
    if (projectPath.isEmpty())
        return true;
    const QFileInfo project(projectPath);
    if (!project.exists())
        return true;
    const bool notOlder = autosave.lastModified() >= project.lastModified();
    auto work = Project::load(autosavePath);
    if (!work.ok() || work->autosaveOf.isEmpty())
        return notOlder; // damaged (recovery then says why), or written before the digests
    auto saved = Project::load(projectPath);
    if (!saved.ok())
        return true; // the project does not read: the autosave may be the only good copy
    if (saved->fileSha256 == work->autosaveOf)
        return true; // nothing saved since the work began
    if (saved->supersedesSha256 == work->autosaveOf)
        return false; // Linewatch saved over the file the work was made on: the save is newer
    return notOlder; // changed by something else (another program, a copy): file times are all there is
}

Result<Project> Autosave::recover(const QString &projectPath)
{
    auto loaded = Project::load(pathFor(projectPath));
    if (!loaded.ok())
        return loaded.error();
    Project p = std::move(loaded).value();
    // Paths in the file are relative to the autosave's folder; make them
    // absolute before the project takes its own path back.
    for (ProjectLayer &l : p.layers) {
        l.path = p.resolve(l.path);
        if (!l.localTerrainFolder.isEmpty())
            l.localTerrainFolder = p.resolve(l.localTerrainFolder);
        if (!l.linesPath.isEmpty())
            l.linesPath = p.resolve(l.linesPath);
    }
    p.filePath = projectPath.isEmpty() ? QString() : QFileInfo(projectPath).absoluteFilePath();
    // The restored work sits on the project file it was made on: later
    // autosaves, and the next save, record that file, not the autosave read.
    p.fileSha256 = !p.autosaveOf.isEmpty() || p.filePath.isEmpty() ? p.autosaveOf : Project::sha256OfFile(p.filePath);
    p.autosaveOf.clear();
    p.supersedesSha256.clear();
    return p;
}

void Autosave::schedule()
{
    if (!mTimer.isActive())
        mTimer.start();
}

Status Autosave::writeNow()
{
    mTimer.stop();
    const QString target = path();
    QDir().mkpath(QFileInfo(target).absolutePath());
    Project work = mSnapshot();
    work.autosaveOf = mProjectPath.isEmpty() ? QByteArray() : work.fileSha256;
    const Status s = work.save(target);
    if (s.ok()) {
        const bool wasFailing = std::exchange(mFailing, false);
        emit written(target);
        if (wasFailing)
            emit resumed(target);
        return s;
    }
    // Unsaved work is not safe until a write succeeds: try again, but tell
    // the user once, not every kDelayMs.
    mTimer.start();
    if (!std::exchange(mFailing, true))
        emit failed(s.error().toString());
    return s;
}

void Autosave::discard()
{
    mTimer.stop();
    mFailing = false;
    QFile::remove(path());
}

} // namespace linewatch

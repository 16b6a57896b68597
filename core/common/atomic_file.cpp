#include "common/atomic_file.h"

#include <QByteArray>
#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace linewatch {

namespace {

struct Fault
{
    AtomicFile::Step step;
    int err;
    QString pathPart;
};

std::mutex gFaultMutex;
std::optional<Fault> gFault;

QString stepName(AtomicFile::Step step)
{
    switch (step) {
    case AtomicFile::Step::Create: return QStringLiteral("creating a temporary file");
    case AtomicFile::Step::Write: return QStringLiteral("writing");
    case AtomicFile::Step::Sync: return QStringLiteral("flushing to disk");
    case AtomicFile::Step::Rename: return QStringLiteral("replacing the old file");
    case AtomicFile::Step::SyncFolder: return QStringLiteral("flushing the folder to disk");
    }
    return {};
}

QByteArray encoded(const QString &path) { return QFileInfo(path).absoluteFilePath().toLocal8Bit(); }

} // namespace

AtomicFile::AtomicFile(QString path, QObject *parent) : QIODevice(parent)
{
    // Replace what a symbolic link points to, not the link.
    const QFileInfo info(path);
    mPath = info.isSymLink() && !info.canonicalFilePath().isEmpty() ? info.canonicalFilePath()
                                                                     : info.absoluteFilePath();
}

AtomicFile::~AtomicFile() { discard(); }

Status AtomicFile::save(const QString &path, const QByteArray &bytes)
{
    AtomicFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return *file.error();
    if (file.write(bytes) != bytes.size()) {
        const Error e = file.error().value_or(Error{QStringLiteral("cannot save: short write"), file.path()});
        file.discard();
        return e;
    }
    return file.commit();
}

bool AtomicFile::open(OpenMode mode)
{
    if (isOpen() || !(mode & WriteOnly) || (mode & ReadOnly) || (mode & Append)) {
        mError = Error{QStringLiteral("cannot save: the file must be opened write-only"), mPath};
        return false;
    }
    mError.reset();
    mReplaced = false;
    const QFileInfo target(mPath);
    // mkostemp replaces the template's last six characters ('X') with random ones.
    QByteArray pattern = encoded(target.absolutePath() + QStringLiteral("/.") + target.fileName()
                                 + QStringLiteral(".lw-") + QString(6, QLatin1Char('X')));
    int injected = 0;
    if (faultAt(Step::Create, &injected))
        return fail(Step::Create, injected);
    mFd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (mFd < 0)
        return fail(Step::Create, errno);
    mTemporary = QString::fromLocal8Bit(pattern);
    // mkstemp makes the file private (0600); a replaced file keeps its mode,
    // a new one gets the usual 0644.
    struct stat old{};
    const mode_t fileMode = ::stat(encoded(mPath).constData(), &old) == 0 ? (old.st_mode & 07777) : 0644;
    ::fchmod(mFd, fileMode);
    return QIODevice::open(mode | Truncate | Unbuffered);
}

qint64 AtomicFile::readData(char *, qint64) { return -1; }

qint64 AtomicFile::writeData(const char *data, qint64 size)
{
    if (mFd < 0 || mError)
        return -1;
    int injected = 0;
    if (faultAt(Step::Write, &injected)) {
        fail(Step::Write, injected);
        return -1;
    }
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::write(mFd, data + done, static_cast<size_t>(size - done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail(Step::Write, errno);
            return -1;
        }
        done += n;
    }
    return done;
}

Status AtomicFile::commit()
{
    if (mError) {
        const Error e = *mError;
        discard();
        return e;
    }
    if (mFd < 0)
        return Error{QStringLiteral("cannot save: the file was not opened"), mPath};
    QIODevice::close();
    int injected = 0;
    const bool syncFault = faultAt(Step::Sync, &injected);
    if (syncFault || ::fsync(mFd) != 0) {
        fail(Step::Sync, syncFault ? injected : errno);
        const Error e = *mError;
        discard();
        return e;
    }
    // close() can report a deferred write error (NFS, quotas).
    const int closeResult = ::close(mFd);
    mFd = -1;
    if (closeResult != 0) {
        fail(Step::Sync, errno);
        const Error e = *mError;
        removeTemporary();
        return e;
    }
    const bool renameFault = faultAt(Step::Rename, &injected);
    if (renameFault || ::rename(encoded(mTemporary).constData(), encoded(mPath).constData()) != 0) {
        fail(Step::Rename, renameFault ? injected : errno);
        const Error e = *mError;
        removeTemporary();
        return e;
    }
    mTemporary.clear();
    mReplaced = true;
    // Without this the rename may be lost in a power cut even though the
    // file's bytes are on disk. The new file is already in place here, so a
    // failure is reported as such.
    const bool folderFault = faultAt(Step::SyncFolder, &injected);
    const int dir = folderFault ? -1 : ::open(encoded(QFileInfo(mPath).absolutePath()).constData(),
                                              O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int folderErr = folderFault ? injected : (dir < 0 ? errno : 0);
    if (dir >= 0) {
        if (::fsync(dir) != 0 && errno != EINVAL) // some file systems cannot sync folders
            folderErr = errno;
        ::close(dir);
    }
    if (folderErr != 0) {
        fail(Step::SyncFolder, folderErr);
        return *mError;
    }
    return Ok{};
}

void AtomicFile::discard()
{
    if (isOpen())
        QIODevice::close();
    if (mFd >= 0) {
        ::close(mFd);
        mFd = -1;
    }
    removeTemporary();
}

void AtomicFile::removeTemporary()
{
    if (!mTemporary.isEmpty()) {
        ::unlink(encoded(mTemporary).constData());
        mTemporary.clear();
    }
}

int AtomicFile::removeLeftovers(const QString &path)
{
    const QFileInfo target(path);
    // The pattern open() gives mkostemp: six characters after ".lw-".
    const QString pattern = QStringLiteral(".") + target.fileName() + QStringLiteral(".lw-??????");
    const QDir folder = target.absoluteDir();
    int removed = 0;
    for (const QString &name : folder.entryList({pattern}, QDir::Files | QDir::Hidden | QDir::System)) {
        if (::unlink(encoded(folder.filePath(name)).constData()) == 0)
            ++removed;
    }
    return removed;
}

bool AtomicFile::fail(Step step, int err)
{
    if (!mError) {
        QString message = QStringLiteral("cannot save: %1 (while %2)")
                              .arg(QString::fromLocal8Bit(std::strerror(err)), stepName(step));
        if (step == Step::SyncFolder)
            message = QStringLiteral("saved, but the folder could not be flushed to disk: %1")
                          .arg(QString::fromLocal8Bit(std::strerror(err)));
        mError = Error{message, mPath};
        setErrorString(mError->message);
    }
    return false;
}

bool AtomicFile::faultAt(Step step, int *err) const
{
    std::lock_guard lock(gFaultMutex);
    if (!gFault || gFault->step != step || (!gFault->pathPart.isEmpty() && !mPath.contains(gFault->pathPart)))
        return false;
    *err = gFault->err;
    return true;
}

void AtomicFile::injectFault(Step step, int err, const QString &pathPart)
{
    std::lock_guard lock(gFaultMutex);
    gFault = Fault{step, err, pathPart};
}

void AtomicFile::clearFault()
{
    std::lock_guard lock(gFaultMutex);
    gFault.reset();
}

} // namespace linewatch

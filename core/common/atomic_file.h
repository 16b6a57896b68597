#pragma once

#include "common/result.h"

#include <QIODevice>
#include <QString>

#include <optional>

namespace linewatch {

/// The one writer of every file Linewatch saves (projects, autosaves,
/// exports, sidecars, claims and verdict files, terrain cache entries).
///
/// Bytes go to a temporary file in the target's folder; commit() flushes and
/// fsync()s it, checking every step, renames it over the target, then
/// fsync()s the folder so the rename itself survives a power cut. Until the
/// rename the old file is untouched, so a failed or abandoned save leaves it
/// byte-identical; a crash leaves at most a stray ".<name>.lw-??????" temporary.
///
/// QSaveFile does the first part but neither syncs the folder nor lets tests
/// inject a failure at a chosen step, which is why this class exists.
///
/// Use it as a QIODevice (QImageWriter, QPdfWriter, QSvgGenerator) or through
/// the one-call save(). Errors name the target path and the system's reason,
/// e.g. "/data/x.lwproj: cannot save: No space left on device (while writing)".
class AtomicFile : public QIODevice
{
    Q_OBJECT

public:
    /// The steps of a save, for fault injection.
    enum class Step { Create, Write, Sync, Rename, SyncFolder };

    explicit AtomicFile(QString path, QObject *parent = nullptr);
    /// Abandons an uncommitted save (the temporary is removed, the target untouched).
    ~AtomicFile() override;

    /// Writes bytes to path atomically and durably.
    static Status save(const QString &path, const QByteArray &bytes);

    QString path() const { return mPath; }

    /// Creates the temporary file; mode must be WriteOnly (Truncate implied).
    bool open(OpenMode mode) override;
    bool isSequential() const override { return true; }

    /// Syncs and renames into place. On failure the target is untouched, the
    /// temporary removed, and the Error says which step failed and why.
    Status commit();
    /// Abandons the save.
    void discard();

    /// The first error met (open, write or commit), or empty.
    std::optional<Error> error() const { return mError; }
    /// True once commit() has renamed the new file over the target, even when
    /// syncing the folder then failed (the new content is in place).
    bool hasReplacedTarget() const { return mReplaced; }

    /// Removes the temporaries a killed save of path left behind
    /// (".<name>.lw-??????" beside it); returns how many. Only for a caller
    /// that knows no save of path is running (it holds the project's lock).
    static int removeLeftovers(const QString &path);

    /// Test hook: makes `step` fail with errno `err` for every save whose
    /// target path contains `pathPart` (all saves when empty) until cleared.
    /// Thread-safe; affects the whole process.
    static void injectFault(Step step, int err, const QString &pathPart = {});
    static void clearFault();

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    bool fail(Step step, int err);
    bool faultAt(Step step, int *err) const;
    void removeTemporary();

    QString mPath;
    QString mTemporary;
    int mFd = -1;
    bool mReplaced = false;
    std::optional<Error> mError;
};

} // namespace linewatch

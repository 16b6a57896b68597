#pragma once

#include "common/atomic_file.h"
#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace linewatch {

/// Several files that make one save, replaced together or not at all: a
/// figure with its world file, .aux.xml and sidecar JSON. Each member is an
/// AtomicFile (the one writer), so a half-written member never replaces its
/// target.
///
/// commit() first checks that every member was written without error, so the
/// usual failures (disk full or I/O errors while writing) leave every old file
/// untouched. The members are then committed in the order they were added;
/// when one fails (sync, rename), the members already in place are put back
/// as they were (old bytes, kept in memory, written back through AtomicFile;
/// a target that did not exist is removed again), so the folder holds the
/// complete old save, never a new image with an old world file. A failure to
/// sync the folder after a rename leaves that member in place (its content is
/// complete; only its durability across a power cut is in doubt): the others
/// are committed too and the error is returned, as AtomicFile does.
class AtomicFileGroup
{
public:
    AtomicFileGroup() = default;
    AtomicFileGroup(const AtomicFileGroup &) = delete;
    AtomicFileGroup &operator=(const AtomicFileGroup &) = delete;
    /// Abandons an uncommitted group: temporaries removed, targets untouched.
    ~AtomicFileGroup();

    /// A member written through a device (QImageWriter, QPdfWriter): the
    /// returned file is open and owned by the group; write to it, then commit
    /// the group. The Error names the path when the temporary cannot be made.
    Result<AtomicFile *> add(const QString &path);
    /// A member whose bytes are known.
    Status add(const QString &path, const QByteArray &bytes);
    /// A file the new save no longer has (a stale companion of an older save,
    /// e.g. an .aux.xml that would override the new georeferencing): removed
    /// after the members are in place, restored on rollback.
    void remove(const QString &path);

    /// Replaces all targets (see the class comment for what a failure leaves).
    Status commit();
    /// Abandons the save.
    void discard();

private:
    struct Previous
    {
        QString path;
        std::optional<QByteArray> bytes; ///< empty: there was no file
    };
    Status keepPrevious(const QString &path);
    QString rollBack(const std::vector<QString> &replaced) const;

    std::vector<std::unique_ptr<AtomicFile>> mMembers;
    QStringList mRemovals;
    std::vector<Previous> mPrevious;
};

} // namespace linewatch

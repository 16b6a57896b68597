#include "common/atomic_file_group.h"

#include <QFile>
#include <QFileInfo>

#include <utility>

namespace linewatch {

AtomicFileGroup::~AtomicFileGroup() { discard(); }

Result<AtomicFile *> AtomicFileGroup::add(const QString &path)
{
    auto file = std::make_unique<AtomicFile>(path);
    if (!file->open(QIODevice::WriteOnly))
        return *file->error();
    mMembers.push_back(std::move(file));
    return mMembers.back().get();
}

Status AtomicFileGroup::add(const QString &path, const QByteArray &bytes)
{
    auto file = add(path);
    if (!file.ok())
        return file.error();
    if ((*file)->write(bytes) != bytes.size())
        return (*file)->error().value_or(Error{QStringLiteral("cannot save: short write"), (*file)->path()});
    return Ok{};
}

void AtomicFileGroup::remove(const QString &path)
{
    mRemovals << QFileInfo(path).absoluteFilePath();
}

void AtomicFileGroup::discard()
{
    for (auto &m : mMembers)
        m->discard();
    mMembers.clear();
    mRemovals.clear();
    mPrevious.clear();
}

Status AtomicFileGroup::keepPrevious(const QString &path)
{
    Previous p{path, std::nullopt};
    if (QFileInfo::exists(path)) {
        QFile old(path);
        if (!old.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot save: the old file cannot be read to keep it in case the save "
                                        "fails: %1").arg(old.errorString()), path};
        p.bytes = old.readAll();
    }
    mPrevious.push_back(std::move(p));
    return Ok{};
}

QString AtomicFileGroup::rollBack(const std::vector<QString> &replaced) const
{
    QStringList failures;
    for (auto it = replaced.rbegin(); it != replaced.rend(); ++it) {
        for (const Previous &p : mPrevious) {
            if (p.path != *it)
                continue;
            if (p.bytes) {
                AtomicFile f(p.path);
                Status s = f.open(QIODevice::WriteOnly) && f.write(*p.bytes) == p.bytes->size()
                               ? f.commit()
                               : Status(f.error().value_or(Error{QStringLiteral("short write"), p.path}));
                if (!s.ok() && !f.hasReplacedTarget())
                    failures << s.error().toString();
            } else if (QFileInfo::exists(p.path) && !QFile::remove(p.path)) {
                failures << QStringLiteral("%1: cannot remove the new file").arg(p.path);
            }
        }
    }
    if (failures.isEmpty())
        return QStringLiteral("; the other files of this save were put back as they were");
    return QStringLiteral("; putting back the other files of this save failed too (%1)")
        .arg(failures.join(QStringLiteral("; ")));
}

Status AtomicFileGroup::commit()
{
    // Nothing is replaced unless every member was written whole.
    for (auto &m : mMembers) {
        if (m->error()) {
            const Error e = *m->error();
            discard();
            return e;
        }
    }
    mPrevious.clear();
    for (auto &m : mMembers) {
        if (const Status kept = keepPrevious(m->path()); !kept.ok()) {
            discard();
            return kept;
        }
    }
    for (const QString &r : std::as_const(mRemovals)) {
        if (const Status kept = keepPrevious(r); !kept.ok()) {
            discard();
            return kept;
        }
    }

    std::vector<QString> replaced;
    std::optional<Error> folderError;
    for (std::size_t i = 0; i < mMembers.size(); ++i) {
        AtomicFile &m = *mMembers[i];
        const Status s = m.commit();
        if (s.ok() || m.hasReplacedTarget()) {
            replaced.push_back(m.path());
            if (!s.ok() && !folderError)
                folderError = s.error();
            continue;
        }
        Error e = s.error();
        e.message += rollBack(replaced);
        discard();
        return e;
    }
    for (const QString &r : std::as_const(mRemovals)) {
        if (QFileInfo::exists(r) && !QFile::remove(r)) {
            Error e{QStringLiteral("cannot remove the old companion file"), r};
            e.message += rollBack(replaced);
            discard();
            return e;
        }
        replaced.push_back(r);
    }
    mMembers.clear();
    mRemovals.clear();
    mPrevious.clear();
    if (folderError)
        return *folderError;
    return Ok{};
}

} // namespace linewatch

#include "support/folder_snapshot.h"

#include <QDir>
#include <QFile>

namespace linewatch::test {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

FolderSnapshot snapshot(const QString &folder)
{
    FolderSnapshot files;
    for (const QString &name : QDir(folder).entryList(QDir::Files | QDir::Hidden))
        files[name] = readAll(folder + QLatin1Char('/') + name);
    return files;
}

QStringList strayFiles(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral(".*.lw-*")}, QDir::Files | QDir::Hidden);
}

} // namespace linewatch::test

#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>

namespace linewatch::test {

/// A file's bytes, or "<unreadable>".
QByteArray readAll(const QString &path);

/// Every file of a folder (hidden ones too) with its bytes: what a failed
/// save must leave byte-identical.
using FolderSnapshot = std::map<QString, QByteArray>;
FolderSnapshot snapshot(const QString &folder);

/// AtomicFile's temporaries (".<name>.lw-??????") left in a folder.
QStringList strayFiles(const QString &folder);

} // namespace linewatch::test

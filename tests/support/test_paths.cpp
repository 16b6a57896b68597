#include "support/test_paths.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

namespace linewatch::test {

QString sourceDir() { return QStringLiteral(LINEWATCH_SOURCE_DIR); }

QString binDir()
{
    const QByteArray env = qgetenv("LINEWATCH_BIN_DIR");
    return env.isEmpty() ? QStringLiteral(LINEWATCH_BINARY_DIR "/bin") : QString::fromLocal8Bit(env);
}

QString sharedDataDir()
{
    QString dir = QString::fromLocal8Bit(qgetenv("LINEWATCH_SHARED_DATA"));
    if (dir.isEmpty())
        dir = sourceDir() + QStringLiteral("/../shared/data");
    return QFileInfo(dir).isDir() ? QDir(dir).canonicalPath() : QString();
}

QString tempDir()
{
    static QTemporaryDir dir;
    return dir.path();
}

} // namespace linewatch::test

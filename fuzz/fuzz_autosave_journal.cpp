// The autosave journal: the bytes as the autosave of a project path, read
// back through Autosave::recover exactly as the app does after a crash.
// Never crash; a recovered project belongs to the project path, every local
// layer path in it is absolute (resolved against the autosave's folder), and
// it writes back to JSON that reads again with the same layers and
// annotations.
#include "project/autosave.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

namespace {

QString gProject; ///< a project path in a private folder; its autosave is the fuzzed file

bool isAbsoluteOrRemote(const QString &path)
{
    return path.isEmpty() || path.contains(QLatin1String("://")) || path.startsWith(QLatin1String("/vsi"))
        || QFileInfo(path).isAbsolute();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // In memory when possible: a write per input to a busy disk costs ~4 ms
    // (220 executions/s measured in /tmp, over 5000/s in /dev/shm).
    static QTemporaryDir inMemory(QStringLiteral("/dev/shm/fuzz_autosave_"));
    static QTemporaryDir onDisk(QDir::tempPath() + QStringLiteral("/fuzz_autosave_"));
    const QTemporaryDir &dir = inMemory.isValid() ? inMemory : onDisk;
    if (!dir.isValid())
        std::abort();
    const QString folder = dir.path();
    gProject = folder + QStringLiteral("/work.lwproj");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // A fixture, not a save: plain stdio is enough (and an fsync per input would be slow).
    const QByteArray autosave = linewatch::Autosave::pathFor(gProject).toLocal8Bit();
    std::FILE *f = std::fopen(autosave.constData(), "wb");
    if (!f)
        std::abort();
    if (size && std::fwrite(data, 1, size, f) != size)
        std::abort();
    std::fclose(f);

    const auto recovered = linewatch::Autosave::recover(gProject);
    if (!recovered.ok())
        return 0;
    if (recovered->filePath != gProject)
        std::abort();
    for (const linewatch::ProjectLayer &l : recovered->layers)
        if (!isAbsoluteOrRemote(l.path) || !isAbsoluteOrRemote(l.localTerrainFolder) || !isAbsoluteOrRemote(l.linesPath))
            std::abort();
    const auto again = linewatch::Project::fromJson(recovered->toJson());
    if (!again.ok() || again->layers.size() != recovered->layers.size()
        || again->annotations.size() != recovered->annotations.size())
        std::abort();
    return 0;
}

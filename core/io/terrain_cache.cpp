#include "io/terrain_cache.h"

#include "common/atomic_file.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QMutexLocker>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace linewatch {

namespace {

constexpr char kPrefix[] = "/vsilwcache/";
constexpr QByteArrayView kTag = "LWSHA256";
constexpr int kDigestBytes = 32;
static_assert(kDigestBytes + 8 == TerrainCache::kTrailerBytes);

/// What identifies one version of a file on disk: a rewrite changes ctime
/// (which no user-level tool can set back) and usually the inode.
struct FileIdentity
{
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    qint64 mtimeNs = 0;
    qint64 ctimeNs = 0;
    bool operator==(const FileIdentity &) const = default;
};

FileIdentity identityOf(const struct stat &st)
{
    return {st.st_dev, st.st_ino, st.st_size, qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
            qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
}

/// The handler's process-wide state.
struct CacheState
{
    QMutex mutex;
    QByteArray root;  ///< real folder, encoded, no trailing slash
    bool installed = false;
    /// Entries whose checksum stat() has verified, by real path. A changed
    /// file has another identity and is verified again. Bounded.
    QHash<QByteArray, FileIdentity> verified;
    int discarded = 0;
    int written = 0;
};

CacheState &state()
{
    static CacheState s;
    return s;
}

/// AtomicFile's temporaries: ".<name>.lw-??????".
bool isTemporaryName(QByteArrayView name)
{
    if (!name.startsWith('.'))
        return false;
    const qsizetype at = name.toByteArray().lastIndexOf(".lw-");
    return at > 0 && name.size() - at == 10;
}

/// The real path of a name below the prefix, or empty when it climbs out.
QByteArray mapName(const char *name)
{
    QByteArray relative(name);
    while (relative.startsWith('/'))
        relative.remove(0, 1);
    for (const QByteArray &part : relative.split('/'))
        if (part == "..")
            return {};
    QMutexLocker lock(&state().mutex);
    if (state().root.isEmpty())
        return {};
    return relative.isEmpty() ? state().root : state().root + '/' + relative;
}

QByteArray baseName(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.mid(slash + 1);
}

bool readWholeFile(const QByteArray &path, QByteArray *bytes)
{
    QFile file(QFile::decodeName(path));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *bytes = file.readAll();
    return file.error() == QFileDevice::NoError;
}

/// Deletes a damaged entry so the driver fetches the tile again.
void discard(const QByteArray &path)
{
    ::unlink(path.constData());
    QMutexLocker lock(&state().mutex);
    state().verified.remove(path);
    ++state().discarded;
}

void rememberVerified(const QByteArray &path)
{
    struct stat st{};
    if (::stat(path.constData(), &st) != 0)
        return;
    QMutexLocker lock(&state().mutex);
    if (state().verified.size() > 65536)
        state().verified.clear();
    state().verified.insert(path, identityOf(st));
}

/// An open file: the verified payload of an entry being read, or the bytes
/// of one being written (sealed and saved on close).
struct Handle
{
    QByteArray path; ///< real path
    QByteArray data;
    vsi_l_offset position = 0;
    bool writing = false;
    bool eof = false;
};

int statCallback(void *, const char *name, VSIStatBufL *buffer, int)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty() || isTemporaryName(baseName(path))) {
        errno = ENOENT;
        return -1;
    }
    struct stat st{};
    if (::stat(path.constData(), &st) != 0)
        return -1;
    std::memset(buffer, 0, sizeof *buffer);
    buffer->st_mode = st.st_mode;
    buffer->st_mtime = st.st_mtime;
    buffer->st_size = st.st_size;
    if (!S_ISREG(st.st_mode))
        return 0;
    bool known = false;
    {
        QMutexLocker lock(&state().mutex);
        const auto it = state().verified.constFind(path);
        known = it != state().verified.constEnd() && *it == identityOf(st);
    }
    if (!known) {
        QByteArray bytes;
        if (!readWholeFile(path, &bytes)) {
            errno = EIO;
            return -1;
        }
        if (!TerrainCache::unseal(bytes, baseName(path))) {
            discard(path);
            errno = ENOENT;
            return -1;
        }
        QMutexLocker lock(&state().mutex);
        state().verified.insert(path, identityOf(st));
    }
    buffer->st_size = st.st_size - TerrainCache::kTrailerBytes;
    return 0;
}

void *openCallback(void *, const char *name, const char *access)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty() || isTemporaryName(baseName(path))) {
        errno = ENOENT;
        return nullptr;
    }
    const QByteArray mode(access);
    if (mode.startsWith('w')) {
        // Whole tiles only: the driver writes each entry once, front to back.
        const QByteArray folder = path.left(path.lastIndexOf('/'));
        if (!folder.isEmpty() && !QDir().mkpath(QFile::decodeName(folder))) {
            errno = EACCES;
            return nullptr;
        }
        auto *handle = new Handle;
        handle->path = path;
        handle->writing = true;
        return handle;
    }
    if (!mode.startsWith('r') || mode.contains('+')) {
        errno = EACCES; // no appends or in-place updates of sealed entries
        return nullptr;
    }
    QByteArray bytes;
    if (!readWholeFile(path, &bytes))
        return nullptr; // errno from open()/read()
    std::optional<QByteArray> payload = TerrainCache::unseal(bytes, baseName(path));
    if (!payload) {
        discard(path);
        errno = ENOENT;
        return nullptr;
    }
    auto *handle = new Handle;
    handle->path = path;
    handle->data = std::move(*payload);
    return handle;
}

vsi_l_offset tellCallback(void *file) { return static_cast<Handle *>(file)->position; }

int seekCallback(void *file, vsi_l_offset offset, int whence)
{
    auto *h = static_cast<Handle *>(file);
    const auto size = static_cast<vsi_l_offset>(h->data.size());
    switch (whence) {
    case SEEK_SET: h->position = offset; break;
    case SEEK_CUR: h->position += offset; break;
    case SEEK_END: h->position = size + offset; break;
    default: errno = EINVAL; return -1;
    }
    h->eof = false;
    return 0;
}

size_t readCallback(void *file, void *buffer, size_t size, size_t count)
{
    auto *h = static_cast<Handle *>(file);
    if (size == 0 || count == 0)
        return 0;
    const auto available = static_cast<vsi_l_offset>(h->data.size());
    const vsi_l_offset wanted = static_cast<vsi_l_offset>(size) * count;
    const vsi_l_offset start = std::min(h->position, available);
    const vsi_l_offset n = std::min(wanted, available - start);
    std::memcpy(buffer, h->data.constData() + start, static_cast<size_t>(n));
    h->position = start + n;
    if (n < wanted)
        h->eof = true;
    return static_cast<size_t>(n / size);
}

int eofCallback(void *file) { return static_cast<Handle *>(file)->eof ? 1 : 0; }

size_t writeCallback(void *file, const void *buffer, size_t size, size_t count)
{
    auto *h = static_cast<Handle *>(file);
    if (!h->writing) {
        errno = EBADF;
        return 0;
    }
    const vsi_l_offset n = static_cast<vsi_l_offset>(size) * count;
    const vsi_l_offset end = h->position + n;
    if (end > static_cast<vsi_l_offset>(h->data.size()))
        h->data.resize(static_cast<qsizetype>(end), '\0');
    std::memcpy(h->data.data() + h->position, buffer, static_cast<size_t>(n));
    h->position = end;
    return count;
}

int flushCallback(void *) { return 0; }

int truncateCallback(void *file, vsi_l_offset size)
{
    auto *h = static_cast<Handle *>(file);
    if (!h->writing)
        return -1;
    h->data.resize(static_cast<qsizetype>(size), '\0');
    return 0;
}

int closeCallback(void *file)
{
    auto *h = static_cast<Handle *>(file);
    int result = 0;
    if (h->writing) {
        // The one writer: temporary, fsync, rename, fsync folder. A failure
        // leaves no entry, and the tile is simply fetched again next time.
        const Status saved = AtomicFile::save(QFile::decodeName(h->path), TerrainCache::seal(h->data, baseName(h->path)));
        if (saved.ok()) {
            rememberVerified(h->path);
            QMutexLocker lock(&state().mutex);
            ++state().written;
        } else {
            CPLError(CE_Warning, CPLE_FileIO, "%s", saved.error().toString().toUtf8().constData());
            result = -1;
        }
    }
    delete h;
    return result;
}

int unlinkCallback(void *, const char *name)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty()) {
        errno = ENOENT;
        return -1;
    }
    {
        QMutexLocker lock(&state().mutex);
        state().verified.remove(path);
    }
    return ::unlink(path.constData());
}

int renameCallback(void *, const char *from, const char *to)
{
    const QByteArray a = mapName(from), b = mapName(to);
    if (a.isEmpty() || b.isEmpty()) {
        errno = ENOENT;
        return -1;
    }
    return ::rename(a.constData(), b.constData());
}

int mkdirCallback(void *, const char *name, long mode)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty()) {
        errno = ENOENT;
        return -1;
    }
    return ::mkdir(path.constData(), static_cast<mode_t>(mode));
}

int rmdirCallback(void *, const char *name)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty()) {
        errno = ENOENT;
        return -1;
    }
    return ::rmdir(path.constData());
}

char **readDirCallback(void *, const char *name, int maxFiles)
{
    const QByteArray path = mapName(name);
    if (path.isEmpty())
        return nullptr;
    DIR *dir = ::opendir(path.constData());
    if (!dir)
        return nullptr;
    CPLStringList names;
    while (const dirent *entry = ::readdir(dir)) {
        const QByteArrayView n(entry->d_name);
        if (n == "." || n == ".." || isTemporaryName(n))
            continue;
        names.AddString(entry->d_name);
        if (maxFiles > 0 && names.size() >= maxFiles)
            break;
    }
    ::closedir(dir);
    return names.StealList();
}

/// No entry has sidecar files (.aux.xml, .ovr, .msk): saying so spares GDAL
/// a directory listing and several stats per tile.
char **siblingFilesCallback(void *, const char *)
{
    return static_cast<char **>(CPLCalloc(1, sizeof(char *)));
}

} // namespace

QString TerrainCache::vsiPrefix() { return QString::fromLatin1(kPrefix); }

Status TerrainCache::install(const QString &rootFolder)
{
    const QString absolute = QDir::cleanPath(QFileInfo(rootFolder).absoluteFilePath());
    if (!QDir().mkpath(absolute))
        return Error(QStringLiteral("cannot create the terrain cache folder"), absolute);
    QMutexLocker lock(&state().mutex);
    state().root = QFile::encodeName(absolute);
    state().verified.clear();
    if (state().installed)
        return Ok{};
    VSIFilesystemPluginCallbacksStruct *callbacks = VSIAllocFilesystemPluginCallbacksStruct();
    callbacks->stat = statCallback;
    callbacks->unlink = unlinkCallback;
    callbacks->rename = renameCallback;
    callbacks->mkdir = mkdirCallback;
    callbacks->rmdir = rmdirCallback;
    callbacks->read_dir = readDirCallback;
    callbacks->open = openCallback;
    callbacks->tell = tellCallback;
    callbacks->seek = seekCallback;
    callbacks->read = readCallback;
    callbacks->eof = eofCallback;
    callbacks->write = writeCallback;
    callbacks->flush = flushCallback;
    callbacks->truncate = truncateCallback;
    callbacks->close = closeCallback;
    callbacks->sibling_files = siblingFilesCallback;
    // nBufferSize 0: no read-ahead layer (it would make the handler
    // read-only); reads are served from memory anyway.
    const int failed = VSIInstallPluginHandler(kPrefix, callbacks);
    VSIFreeFilesystemPluginCallbacksStruct(callbacks); // the handler keeps a copy
    if (failed != 0)
        return Error(QStringLiteral("GDAL refused the terrain cache file system %1").arg(vsiPrefix()), absolute);
    state().installed = true;
    return Ok{};
}

QString TerrainCache::rootFolder()
{
    QMutexLocker lock(&state().mutex);
    return QFile::decodeName(state().root);
}

QString TerrainCache::realPath(const QString &vsiPath)
{
    if (!vsiPath.startsWith(vsiPrefix()) && vsiPath != vsiPrefix().chopped(1))
        return {};
    return QFile::decodeName(mapName(QFile::encodeName(vsiPath.mid(vsiPrefix().size() - 1)).constData()));
}

namespace {

QByteArray digestOf(QByteArrayView payload, const QByteArray &fileName)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(payload);
    hash.addData(fileName);
    return hash.result();
}

} // namespace

QByteArray TerrainCache::seal(const QByteArray &payload, const QByteArray &fileName)
{
    QByteArray entry = payload;
    entry += digestOf(payload, fileName);
    entry += kTag.toByteArray();
    return entry;
}

std::optional<QByteArray> TerrainCache::unseal(const QByteArray &entry, const QByteArray &fileName)
{
    if (entry.size() < kTrailerBytes || !entry.endsWith(kTag.toByteArray()))
        return std::nullopt;
    const qsizetype payloadSize = entry.size() - kTrailerBytes;
    const QByteArrayView payload(entry.constData(), payloadSize);
    const QByteArrayView stored(entry.constData() + payloadSize, kDigestBytes);
    if (digestOf(payload, fileName) != stored)
        return std::nullopt;
    return entry.left(payloadSize);
}

int TerrainCache::discardedCount()
{
    QMutexLocker lock(&state().mutex);
    return state().discarded;
}

int TerrainCache::writtenCount()
{
    QMutexLocker lock(&state().mutex);
    return state().written;
}

} // namespace linewatch

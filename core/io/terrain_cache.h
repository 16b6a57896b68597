#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace linewatch {

/// The on-disk cache of remote terrain tiles, checksummed, as a GDAL virtual
/// file system.
///
/// GDAL's WMS/TMS driver keeps downloaded tiles in plain files below
/// GDAL_DEFAULT_WMS_CACHE_PATH and trusts whatever it finds there: a tile
/// damaged on disk (a bit flip, a crash in the middle of its copy, a disk that
/// filled up) is drawn as terrain for a year. install() registers a VSI
/// handler for the prefix "/vsilwcache/" that maps onto a real folder, and
/// GdalEnvironment::initialise() points GDAL_DEFAULT_WMS_CACHE_PATH at it, so
/// every cache access of the driver goes through here (GDAL 3.6
/// frmts/wms/gdalwmscache.cpp: VSIStatL for presence and age, GDALOpenEx to
/// read, CPLCopyFile from /vsimem/ to write, VSIMkdir, VSIReadDirRecursive to
/// clean).
///
/// - A write is buffered in memory; on close the bytes plus a trailer
///   (SHA-256 of the bytes and the file name, then the 8-byte tag "LWSHA256") are saved through
///   AtomicFile, so an entry is either complete and sealed or absent.
/// - A read (open, and stat, which the driver uses to decide whether to
///   fetch) checks the trailer. A damaged, truncated or unsealed entry is
///   deleted and reported as not existing (ENOENT), so the driver downloads
///   the tile again; its bytes never reach a decoder. Reads serve the
///   verified bytes from memory, so a file changed between check and read
///   cannot slip through.
/// - AtomicFile's temporaries (".<name>.lw-??????", left by a killed write)
///   are invisible: not listed, not stat-able, not openable.
///
/// The handler is process-wide, like every GDAL file system; its state (the
/// root folder, a memo of verified entries, counters) is guarded by a mutex
/// and safe to use from render threads.
class TerrainCache
{
public:
    /// The VSI prefix, "/vsilwcache/".
    static QString vsiPrefix();

    /// Registers the handler (the first call) and maps the prefix onto
    /// rootFolder, creating it. Later calls change the folder. Error when
    /// the folder cannot be created.
    static Status install(const QString &rootFolder);
    /// The real folder behind the prefix; empty before install().
    static QString rootFolder();

    /// The real file behind a "/vsilwcache/..." path; empty for other paths
    /// and for paths that climb out of the root ("..").
    static QString realPath(const QString &vsiPath);

    /// Entry format: payload, SHA-256 of the payload followed by the entry's
    /// file name (32 bytes), "LWSHA256". The name is hashed too so that an
    /// intact entry copied or renamed over another tile's entry is refused.
    static constexpr int kTrailerBytes = 40;
    static QByteArray seal(const QByteArray &payload, const QByteArray &fileName);
    /// The payload of an entry sealed under fileName, or nothing when the
    /// trailer is missing or the checksum does not match.
    static std::optional<QByteArray> unseal(const QByteArray &entry, const QByteArray &fileName);

    /// Damaged entries found (and deleted) since the process started.
    static int discardedCount();
    /// Entries written through the handler since the process started.
    static int writtenCount();
};

} // namespace linewatch

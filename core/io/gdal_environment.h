#pragma once

#include <QString>
#include <QStringList>

namespace linewatch {

/// GDAL and PROJ configuration, set once at start-up in one place, before any
/// dataset is opened. Every executable (GUI, CLI, tests, benchmarks) calls
/// initialise(); settings are documented in docs/data-safety.md.
class GdalEnvironment
{
public:
    /// Bounds on every HTTP request GDAL makes (WMS/TMS tiles such as the
    /// sample's remote terrain, /vsicurl/ files). They keep a dead or hostile
    /// server from holding a render worker: a refused connection fails at once,
    /// a silent or crawling one after lowSpeedTimeS, any request after
    /// totalTimeoutS. All values are whole seconds because libcurl's options
    /// (CURLOPT_CONNECTTIMEOUT, CURLOPT_LOW_SPEED_TIME, CURLOPT_TIMEOUT) are.
    struct HttpLimits
    {
        int connectTimeoutS = 5;      ///< [s] TCP connect plus TLS handshake
        int lowSpeedTimeS = 5;        ///< [s] abort when slower than lowSpeedLimitBps for this long
        int lowSpeedLimitBps = 1024;  ///< [byte/s] floor of an acceptable transfer rate
        int totalTimeoutS = 12;       ///< [s] whole request, connect included (a 512 KiB tile needs >= 43 KiB/s); < 15 s of issue 6
        int maxRetry = 2;             ///< retries of HTTP 429/502/503/504 answers where GDAL retries (/vsicurl/; GDAL 3.6's WMS tiles never retry)
        int retryDelayS = 1;          ///< [s] first retry delay; GDAL roughly doubles it each retry

        /// Longest one request attempt can block [s]: curl's total timeout
        /// covers connect and transfer.
        int attemptBoundS() const { return totalTimeoutS; }
        /// Longest a request to a server that accepts the connection and then
        /// sends nothing can block [s].
        int stallBoundS() const { return connectTimeoutS + lowSpeedTimeS; }
    };

    struct Options
    {
        /// GDAL block cache cap [MiB]: a fixed bound on raster memory.
        int cacheMiB = 96;
        /// Folder for the HTTP terrain cache, checksummed by TerrainCache, which
        /// GDAL reaches as GDAL_DEFAULT_WMS_CACHE_PATH=/vsilwcache (used by
        /// every WMS/TMS description whose <Cache> has no <Path>); empty: the
        /// user's cache folder, QStandardPaths::GenericCacheLocation +
        /// "/linewatch/terrain" (~/.cache/linewatch/terrain on Linux), shared
        /// by the GUI and the CLI.
        QString cacheFolder;
        /// HTTP bounds; the defaults are what the app and the tests use.
        HttpLimits http;
    };

    /// Registers the drivers and applies the options. Safe to call again
    /// (later calls change nothing).
    static void initialise(const Options &options);
    static void initialise() { initialise(Options{}); }

    /// The HTTP bounds in force, read back from GDAL's configuration.
    static HttpLimits httpLimits();
    /// The real terrain cache folder in force (behind TerrainCache's
    /// /vsilwcache/ prefix); empty before initialise().
    static QString cacheFolder();

    /// The GDAL drivers that stay registered; every other driver is removed at
    /// initialise(), so files in other formats are refused as unknown.
    static QStringList allowedDrivers();

    /// The GDAL version string, e.g. "3.6.2".
    static QString gdalVersion();
    static QString projVersion();
};

} // namespace linewatch

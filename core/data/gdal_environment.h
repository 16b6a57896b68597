#pragma once

#include <QString>

namespace linewatch {

/// GDAL and PROJ configuration, set once at start-up in one place, before any
/// dataset is opened. Every executable (GUI, CLI, tests, benchmarks) calls
/// initialise(); settings are documented in docs/data-safety.md.
class GdalEnvironment
{
public:
    struct Options
    {
        /// GDAL block cache cap [MiB]: a fixed bound on raster memory.
        int cacheMiB = 96;
        /// Folder for the HTTP terrain cache; empty: the user's cache folder.
        QString cacheFolder;
    };

    /// Registers the drivers and applies the options. Safe to call again
    /// (later calls change nothing).
    static void initialise(const Options &options);
    static void initialise() { initialise(Options{}); }

    /// The GDAL version string, e.g. "3.6.2".
    static QString gdalVersion();
    static QString projVersion();
};

} // namespace linewatch

#pragma once

#include "common/result.h"
#include "io/vector_feature.h"

#include <QString>

#include <atomic>
#include <functional>

namespace linewatch {

/// How much of a source to read.
struct VectorReadOptions
{
    /// Read only one OGR layer: the one named, or the first when the name is
    /// empty. Otherwise every layer of the source is read.
    bool singleLayer = false;
    QString layerName;
};

/// Reads any OGR vector source (GeoJSON, GeoPackage, KML, Shapefile,
/// FlatGeobuf, ...) into a VectorData model in WGS84 lon/lat. The only file
/// that talks to OGR, so the rest of the core never includes GDAL headers.
///
/// Validation: every coordinate must be finite and, once in WGS84, have a
/// latitude in [-90, 90] and a longitude in [-180, 180]; the error names the
/// file and the feature. A GeoJSON NaN (which GDAL silently turns into an
/// empty geometry) is detected from the feature's native JSON.
///
/// CRS: a declared CRS that PROJ does not know is an error. A source that
/// declares none (a Shapefile without .prj) is assumed to be WGS84 lon/lat
/// when all its coordinates fit that range, and VectorData::crsAssumption
/// says so; otherwise it is an error.
class OgrVectorReader
{
public:
    static Result<VectorData> read(const QString &path, const std::atomic_bool *cancel = nullptr,
                                   const std::function<void(double fraction)> &progress = {},
                                   const VectorReadOptions &options = {});
};

} // namespace linewatch

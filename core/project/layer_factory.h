#pragma once

#include "project/layer_request.h"

namespace linewatch {

/// Opens any supported file or URL as the right kind of layer: vector data
/// through OGR, rasters and elevation models through GDAL, and the sample's
/// terrain (a local folder of DEMs that overrides a remote source). Applies
/// the request's name, visibility, opacity and style. Runs on a worker thread.
/// Errors name the file and what is wrong ("file not found", "not a
/// GDAL-readable raster or vector file", the driver's own message).
Result<std::unique_ptr<Layer>> openLayer(const LayerRequest &request, const std::atomic_bool *cancel);

} // namespace linewatch

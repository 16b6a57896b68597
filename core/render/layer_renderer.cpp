#include "render/layer_renderer.h"

#include "crs/crs_transform.h"
#include "render/map_settings.h"

namespace linewatch {

LayerRenderer::~LayerRenderer() = default;

const CrsTransform *LayerRenderer::wgs84ToMap(const MapSettings &settings)
{
    QString error;
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), settings.crs(), &error);
    if (!t)
        addError(error);
    return t;
}

} // namespace linewatch

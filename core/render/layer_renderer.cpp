#include "render/layer_renderer.h"

namespace linewatch {

LayerRenderer::~LayerRenderer() = default;

} // namespace linewatch

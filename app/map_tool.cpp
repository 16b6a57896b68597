#include "map_tool.h"

#include "map_canvas.h"

namespace linewatch {

MapTool::MapTool(MapCanvas *canvas) : QObject(canvas), mCanvas(canvas) {}

MapTool::~MapTool() = default;

} // namespace linewatch

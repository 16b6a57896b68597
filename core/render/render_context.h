#pragma once

#include "render/map_settings.h"

#include <atomic>

class QPainter;

namespace linewatch {

class LabelEngine;

/// What a LayerRenderer draws with: the painter (on a QImage for the screen
/// and PNG, on a PDF or SVG device for vector export), the view, the shared
/// label engine and the cancel flag it must check between chunks of work.
struct RenderContext
{
    QPainter *painter = nullptr;
    MapSettings settings;
    LabelEngine *labels = nullptr;           ///< may be null: then draw no labels
    const std::atomic_bool *cancel = nullptr; ///< may be null: never cancelled
    /// True when drawing for a vector device (PDF, SVG): keep vectors as
    /// paths instead of rasterising them.
    bool vectorOutput = false;

    bool isCancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

} // namespace linewatch

#pragma once

#include <QStringList>

namespace linewatch {

struct RenderContext;

/// Draws one layer for one view. Made on the GUI thread by
/// Layer::createRenderer() with a copy of everything it needs, then used on a
/// worker thread: it must not touch the Layer or any widget.
class LayerRenderer
{
public:
    virtual ~LayerRenderer();

    /// Draws into context.painter. Checks context.isCancelled() between chunks
    /// of work and returns early when set. Problems go to addError(); a
    /// renderer never throws.
    virtual void render(RenderContext &context) = 0;

    /// True when the layer draws only opaque raster content that can be
    /// drawn straight into the frame.
    virtual bool isRaster() const { return false; }

    QStringList errors() const { return mErrors; }

protected:
    void addError(const QString &message) { mErrors << message; }

private:
    QStringList mErrors;
};

} // namespace linewatch

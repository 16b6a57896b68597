#pragma once

#include <QStringList>

namespace linewatch {

class CrsTransform;
class MapSettings;

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
    /// The calling thread's transform from WGS84 to the map's CRS, for layers
    /// that keep their data in lon/lat; nullptr (with the reason added to
    /// errors()) when PROJ cannot make it.
    const CrsTransform *wgs84ToMap(const MapSettings &settings);

private:
    QStringList mErrors;
};

} // namespace linewatch

#pragma once

#include "map_tool.h"

#include "common/geo_point.h"

#include <vector>

namespace linewatch {

/// Places a new claim's position on the map. Point mode: one click. Area
/// mode: click the vertices, double-click (or Enter) to close the polygon;
/// Backspace drops the last vertex, Esc cancels. Emits positionChosen with
/// lon/lat vertices (one for a point).
class AddClaimTool : public MapTool
{
    Q_OBJECT

public:
    enum class Mode { Point, Area };

    explicit AddClaimTool(MapCanvas *canvas);

    Mode mode() const { return mMode; }
    void setMode(Mode mode);

    void activate() override;
    void deactivate() override;
    bool mousePress(QMouseEvent *e) override;
    bool mouseMove(QMouseEvent *e) override;
    bool mouseDoubleClick(QMouseEvent *e) override;
    bool keyPress(QKeyEvent *e) override;
    void paint(QPainter &p) override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void positionChosen(const std::vector<linewatch::LonLat> &vertices, bool area);

private:
    void finishArea();

    Mode mMode = Mode::Point;
    std::vector<LonLat> mVertices;
    QPointF mHover;
};

} // namespace linewatch

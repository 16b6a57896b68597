#pragma once

#include "map_tool.h"

#include "common/geo_point.h"

#include <QColor>
#include <QPointF>

#include <vector>

namespace linewatch {

/// Picks a path on the map for the elevation profile and the two ends of a
/// line of sight: each left click adds a point; a double click (or Return)
/// finishes a path, and with maxPoints set the path finishes by itself at
/// that many points. Backspace removes the last point, Esc abandons.
class PathTool : public MapTool
{
    Q_OBJECT

public:
    /// maxPoints: 0 for a path of any length (at least two points), 2 for
    /// observer and target.
    PathTool(MapCanvas *canvas, int maxPoints, const QColor &colour);

    const std::vector<LonLat> &points() const { return mPoints; }
    /// Between activate() and deactivate().
    bool isActive() const { return mActive; }

    void activate() override;
    void deactivate() override;
    bool mousePress(QMouseEvent *event) override;
    bool mouseMove(QMouseEvent *event) override;
    bool mouseDoubleClick(QMouseEvent *event) override;
    bool keyPress(QKeyEvent *event) override;
    void paint(QPainter &painter) override;

protected:
    /// Claims Esc, Return and Backspace from the window's shortcuts (Esc
    /// also cancels loading) while the tool is active.
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void pathFinished(const std::vector<linewatch::LonLat> &points);
    /// The canvas took the tool away (another tool, Esc) or gave it.
    void activeChanged(bool active);

private:
    void finish();
    void hint();

    int mMaxPoints;
    QColor mColour;
    std::vector<LonLat> mPoints;
    QPointF mHover{-1, -1};
    bool mActive = false;
};

} // namespace linewatch

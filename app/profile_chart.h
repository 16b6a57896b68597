#pragma once

#include "terrain/elevation_profile.h"
#include "terrain/line_of_sight.h"

#include <QWidget>

#include <optional>

namespace linewatch {

/// The elevation profile drawn with QPainter: geodesic distance along the
/// path on x [km], elevation on y [m], nodata gaps hatched, and for a line
/// of sight the sight line (curvature and refraction included), the ground
/// seen (green) and hidden (red) and the first obstruction. Hovering shows
/// the values under the cursor and reports the sample, so the window can
/// mark that point on the map.
class ProfileChart : public QWidget
{
    Q_OBJECT

public:
    explicit ProfileChart(QWidget *parent = nullptr);

    void setProfile(const ElevationProfile &profile);
    void setLineOfSight(const LineOfSight &lineOfSight);
    void clear();

    /// The profile shown (the line of sight's own when one is shown).
    const ElevationProfile *profile() const;
    const LineOfSight *lineOfSight() const { return mLineOfSight ? &*mLineOfSight : nullptr; }
    /// Index of the hovered sample, -1 for none.
    int hoveredSample() const { return mHovered; }

    /// Widget pixel of a distance [m] along the path and an elevation [m].
    QPointF pointOf(double distanceMetres, double elevationMetres) const;
    /// The plotting area inside the axes.
    QRectF plotRect() const;

    QSize sizeHint() const override { return {460, 230}; }
    QSize minimumSizeHint() const override { return {240, 150}; }

signals:
    /// The sample under the mouse, -1 when the mouse leaves the chart.
    void sampleHovered(int sample);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void updateRange();
    int sampleNearestX(double x) const;

    std::optional<ElevationProfile> mProfile;
    std::optional<LineOfSight> mLineOfSight;
    double mMinElevation = 0, mMaxElevation = 1; ///< [m] y range with padding
    int mHovered = -1;
};

} // namespace linewatch

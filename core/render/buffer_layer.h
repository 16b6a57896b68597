#pragma once

#include "common/geo_point.h"
#include "geodesy/line_distance.h"
#include "render/layer.h"

#include <memory>
#include <vector>

namespace linewatch {

/// A geodesic buffer of a line as a map layer: the band of a given width on
/// the left, the right or both sides (GeodesicOffset::band), true on the
/// WGS84 ellipsoid, for "everything within D of the line on this side".
class BufferLayer : public Layer
{
    Q_OBJECT

public:
    enum class Sides { Left, Right, Both };

    /// lineName: how the legend names the line ("loc-2022"); sideLabels: who
    /// holds the left and right sides, for the legend (may be empty).
    BufferLayer(const LineDistance &line, double widthM, Sides sides, const QString &lineName,
                const QString &leftLabel = {}, const QString &rightLabel = {}, QObject *parent = nullptr);

    Kind kind() const override { return Kind::Vector; }
    Crs crs() const override { return Crs::wgs84(); }
    QRectF extent() const override;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;
    QList<LegendItem> legend() const override;

    double widthM() const { return mWidthM; }
    Sides sides() const { return mSides; }
    const std::vector<std::vector<LonLat>> &rings() const { return *mRings; }

    static QColor colour();

private:
    double mWidthM;
    Sides mSides;
    QString mDescription;
    std::shared_ptr<const std::vector<std::vector<LonLat>>> mRings;
};

} // namespace linewatch

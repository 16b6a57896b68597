#pragma once

#include "annotations/annotation.h"
#include "render/layer.h"

#include <QUuid>

#include <vector>

namespace linewatch {

/// The analyst's own marks on the map (Kind::Annotations): text labels,
/// arrows, lines, polygons, geodesic circles and kept measurements. Holds
/// Annotation values in drawing order (first drawn first); every change goes
/// through add/insert/update/remove so an undo command can reverse it, and
/// emits annotationsChanged() plus Layer::changed() for a re-render.
///
/// Every figure drawn is geodesic on WGS84: segments are drawn as geodesics,
/// circles are sampled with Geodesic::direct, lengths and azimuths come from
/// Geodesic::inverse and areas from Geodesic::polygon (Karney 2013).
class AnnotationLayer : public Layer
{
    Q_OBJECT

public:
    explicit AnnotationLayer(QObject *parent = nullptr);

    Kind kind() const override { return Kind::Annotations; }
    Crs crs() const override { return Crs::wgs84(); }
    /// The lon/lat box of every annotation (circles included); empty when none.
    QRectF extent() const override;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;

    const std::vector<Annotation> &annotations() const { return mAnnotations; }
    int count() const { return int(mAnnotations.size()); }
    /// Index of the annotation with this id, -1 when absent.
    int indexOf(const QUuid &id) const;
    /// The annotation with this id, nullptr when absent.
    const Annotation *find(const QUuid &id) const;

    void add(const Annotation &annotation) { insert(count(), annotation); }
    /// Inserts at index (clamped to [0, count()]). Ignored when the id is already present.
    void insert(int index, const Annotation &annotation);
    /// Replaces the annotation with the same id; false when there is none.
    bool update(const Annotation &annotation);
    /// Removes the annotation with this id; false when there is none.
    bool remove(const QUuid &id);
    void clear();

    /// The topmost annotation drawn within tolerancePx of pixel (output
    /// pixels of settings), or a null id. Text is hit on its box, closed
    /// shapes inside or on their outline, open paths on their segments.
    QUuid hitTest(const MapSettings &settings, QPointF pixel, double tolerancePx = 6.0) const;

    /// The vertices to draw for an annotation, lon/lat: segments densified
    /// along their geodesics, a circle sampled every 2 degrees of azimuth
    /// with Geodesic::direct (closed: last == first).
    static std::vector<LonLat> outline(const Annotation &annotation);

    /// Geodesic length [m] and forward azimuth at the start [deg, clockwise
    /// from north, in [0, 360)] of one segment of a path.
    struct SegmentMeasure
    {
        double lengthM = 0.0;
        double azimuthDeg = 0.0;
    };
    /// Each segment of a line, arrow, polygon or measurement path (closing
    /// segment included when the shape is closed).
    static std::vector<SegmentMeasure> segments(const Annotation &annotation);
    /// Geodesic area [m^2] enclosed by a polygon or closed measurement, a
    /// circle's geodesic area, 0 for the other kinds.
    static double areaM2(const Annotation &annotation);
    /// "1.25 km · 047°" (metres below 10 km: "850 m · 047°").
    static QString segmentLabel(const SegmentMeasure &segment);
    /// "2.41 km²" ("8,500 m²" below 0.1 km²).
    static QString areaLabel(double areaM2);

signals:
    /// Any change to the annotations (add, remove, move, restyle).
    void annotationsChanged();

private:
    void emitChanged();

    std::vector<Annotation> mAnnotations;
};

} // namespace linewatch

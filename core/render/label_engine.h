#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QMutex>
#include <QPointF>
#include <QRectF>
#include <QString>

class QPainter;

namespace linewatch {

/// One label that wants a place on the map.
struct LabelCandidate
{
    QString text;
    QPointF anchor;          ///< [px] the point labelled (a place) or the centre (a line or area)
    double offset = 0.0;     ///< [px] gap between anchor and text, e.g. the symbol's radius
    bool aroundPoint = true; ///< try the eight positions around anchor; else only centred on it
    int priority = 0;        ///< higher is placed first
    QFont font;
    QColor color = Qt::black;
    QColor halo = Qt::white; ///< transparent for none
};

/// A label the engine placed, with the box it occupies.
struct PlacedLabel
{
    QString text;
    QRectF box; ///< [px]
};

/// Places labels from all layers so they never overlap each other or the
/// registered obstacles (point symbols), then draws them above every layer.
/// Greedy by priority, trying the eight cartographic positions around a point
/// in the usual order of preference (upper right first, after Imhof).
class LabelEngine
{
public:
    /// Reserve space no label may cover, e.g. a point symbol [px].
    void addObstacle(const QRectF &box);
    void addLabel(const LabelCandidate &candidate);

    /// Places the labels that fit within bounds and draws them.
    /// Labels that collide everywhere are dropped; placed() says which stayed.
    void drawLabels(QPainter &painter, const QRectF &bounds);

    QList<PlacedLabel> placed() const { return mPlaced; }
    int candidateCount() const { return mCandidates.size(); }

private:
    mutable QMutex mMutex;
    QList<QRectF> mObstacles;
    QList<LabelCandidate> mCandidates;
    QList<PlacedLabel> mPlaced;
};

} // namespace linewatch

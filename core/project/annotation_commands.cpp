#include "project/annotation_commands.h"

#include "render/annotation_layer.h"
#include "geodesy/geodesic.h"

#include <QCoreApplication>

namespace linewatch {

namespace {
QString kindText(Annotation::Kind kind)
{
    return Annotation::kindName(kind);
}
} // namespace

AddAnnotationCommand::AddAnnotationCommand(AnnotationLayer *layer, const Annotation &annotation, QUndoCommand *parent)
    : QUndoCommand(parent), mLayer(layer), mAnnotation(annotation)
{
    setText(QCoreApplication::translate("linewatch", "Add %1").arg(kindText(annotation.kind)));
}

void AddAnnotationCommand::redo()
{
    if (mLayer)
        mLayer->add(mAnnotation);
}

void AddAnnotationCommand::undo()
{
    if (mLayer)
        mLayer->remove(mAnnotation.id);
}

RemoveAnnotationCommand::RemoveAnnotationCommand(AnnotationLayer *layer, const QUuid &id, QUndoCommand *parent)
    : QUndoCommand(parent), mLayer(layer)
{
    if (const Annotation *a = layer ? layer->find(id) : nullptr) {
        mAnnotation = *a;
        mIndex = layer->indexOf(id);
    } else {
        mAnnotation.id = id;
        setObsolete(true); // nothing to remove: the stack drops the command
    }
    setText(QCoreApplication::translate("linewatch", "Delete %1").arg(kindText(mAnnotation.kind)));
}

void RemoveAnnotationCommand::redo()
{
    if (mLayer)
        mLayer->remove(mAnnotation.id);
}

void RemoveAnnotationCommand::undo()
{
    if (mLayer && mIndex >= 0)
        mLayer->insert(mIndex, mAnnotation);
}

MoveAnnotationCommand::MoveAnnotationCommand(AnnotationLayer *layer, const QUuid &id, std::vector<LonLat> from,
                                             std::vector<LonLat> to, QUndoCommand *parent)
    : QUndoCommand(parent), mLayer(layer), mId(id), mFrom(std::move(from)), mTo(std::move(to))
{
    const Annotation *a = layer ? layer->find(id) : nullptr;
    setText(QCoreApplication::translate("linewatch", "Move %1").arg(a ? kindText(a->kind) : QString()));
}

void MoveAnnotationCommand::apply(const std::vector<LonLat> &points)
{
    if (!mLayer)
        return;
    if (const Annotation *a = mLayer->find(mId)) {
        Annotation moved = *a;
        moved.points = points;
        mLayer->update(moved);
    }
}

void MoveAnnotationCommand::redo() { apply(mTo); }
void MoveAnnotationCommand::undo() { apply(mFrom); }

RestyleAnnotationCommand::RestyleAnnotationCommand(AnnotationLayer *layer, const QUuid &id,
                                                   const AnnotationStyle &style, QUndoCommand *parent)
    : QUndoCommand(parent), mLayer(layer), mId(id), mAfter(style)
{
    const Annotation *a = layer ? layer->find(id) : nullptr;
    if (a)
        mBefore = AnnotationStyle::of(*a);
    else
        setObsolete(true);
    setText(QCoreApplication::translate("linewatch", "Restyle %1").arg(a ? kindText(a->kind) : QString()));
}

void RestyleAnnotationCommand::apply(const AnnotationStyle &style)
{
    if (!mLayer)
        return;
    if (const Annotation *a = mLayer->find(mId)) {
        Annotation restyled = *a;
        style.applyTo(restyled);
        mLayer->update(restyled);
    }
}

void RestyleAnnotationCommand::redo() { apply(mAfter); }
void RestyleAnnotationCommand::undo() { apply(mBefore); }

std::vector<LonLat> displacedPoints(const std::vector<LonLat> &points, LonLat grab, LonLat drop)
{
    const Geodesic &g = Geodesic::wgs84();
    const Geodesic::Inverse shift = g.inverse(grab, drop);
    // The direction of travel turns by this much along the shift geodesic;
    // bearings from grab are carried to drop turned by the same angle, so
    // each point keeps its geodesic distance from the grab point exactly
    // and its bearing relative to the shift.
    const double turnDeg = shift.azimuth2Deg - shift.azimuth1Deg;
    std::vector<LonLat> out;
    out.reserve(points.size());
    for (const LonLat &p : points) {
        const Geodesic::Inverse fromGrab = g.inverse(grab, p);
        out.push_back(fromGrab.distanceM > 0 ? g.direct(drop, fromGrab.azimuth1Deg + turnDeg, fromGrab.distanceM) : drop);
    }
    return out;
}

} // namespace linewatch

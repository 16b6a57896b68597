#pragma once

#include "annotations/annotation.h"

#include <QPointer>
#include <QUndoCommand>

#include <vector>

namespace linewatch {

class AnnotationLayer;

/// How an annotation looks, the part a restyle changes.
struct AnnotationStyle
{
    QColor colour = QColor(0x1f, 0x4e, 0x9a);
    double widthPt = 1.5; ///< [pt]
    double fontPt = 10.0; ///< [pt]

    static AnnotationStyle of(const Annotation &a) { return {a.colour, a.widthPt, a.fontPt}; }
    void applyTo(Annotation &a) const
    {
        a.colour = colour;
        a.widthPt = widthPt;
        a.fontPt = fontPt;
    }
    friend bool operator==(const AnnotationStyle &, const AnnotationStyle &) = default;
};

// Undoable edits of an AnnotationLayer for the window's QUndoStack. Each
// holds a guarded pointer: if the layer is gone (removed from the map) the
// command does nothing rather than touch freed memory. Annotations are found
// by id, never by index, so commands stay valid whatever was done in between.

/// Adds one annotation (redo) / removes it again (undo).
class AddAnnotationCommand : public QUndoCommand
{
public:
    AddAnnotationCommand(AnnotationLayer *layer, const Annotation &annotation, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    QPointer<AnnotationLayer> mLayer;
    Annotation mAnnotation;
};

/// Removes one annotation; undo puts it back at the same place in the drawing order.
class RemoveAnnotationCommand : public QUndoCommand
{
public:
    /// The annotation must be in the layer when the command is made.
    RemoveAnnotationCommand(AnnotationLayer *layer, const QUuid &id, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    QPointer<AnnotationLayer> mLayer;
    Annotation mAnnotation;
    int mIndex = -1;
};

/// Moves an annotation: its points go from `from` to `to` (lon/lat).
class MoveAnnotationCommand : public QUndoCommand
{
public:
    MoveAnnotationCommand(AnnotationLayer *layer, const QUuid &id, std::vector<LonLat> from, std::vector<LonLat> to,
                          QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    void apply(const std::vector<LonLat> &points);

    QPointer<AnnotationLayer> mLayer;
    QUuid mId;
    std::vector<LonLat> mFrom, mTo;
};

/// Changes an annotation's colour, line width and font size.
class RestyleAnnotationCommand : public QUndoCommand
{
public:
    RestyleAnnotationCommand(AnnotationLayer *layer, const QUuid &id, const AnnotationStyle &style,
                             QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    void apply(const AnnotationStyle &style);

    QPointer<AnnotationLayer> mLayer;
    QUuid mId;
    AnnotationStyle mBefore, mAfter;
};

/// Where points go when the analyst drags grab to drop: each point keeps
/// its geodesic distance from grab (exactly) and its bearing from grab
/// relative to the drag's geodesic, carried along it. A dragged shape so
/// keeps its ground size (a 2 km circle stays 2 km); the point under the
/// cursor lands exactly on drop.
std::vector<LonLat> displacedPoints(const std::vector<LonLat> &points, LonLat grab, LonLat drop);

} // namespace linewatch

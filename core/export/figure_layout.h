#pragma once

#include "export/figure_spec.h"

#include <QList>
#include <QRectF>

namespace linewatch {

/// Where each element of a figure goes on the page [device px]. Pure
/// geometry: the boxes are disjoint by construction, so no element can be
/// drawn over another; each element clips and elides its text to its box.
struct FigureLayout
{
    QRectF page;
    QRectF title;      ///< empty when the spec has no title
    QRectF mapFrame;   ///< the map itself
    QRectF gridBand;   ///< mapFrame grown by the band that holds grid labels
    QRectF legend;
    QRectF table;
    QRectF inset;
    QRectF footer;     ///< method note and attribution

    /// Lays out a page for spec; legendRows and tableRows size the side panel.
    static FigureLayout compute(const FigureSpec &spec, int legendRows, int tableRows);

    /// Every non-empty box, for tests and debugging.
    QList<QRectF> boxes() const;

    /// Millimetres to device pixels at dpi.
    static double mm(double millimetres, int dpi) { return millimetres * dpi / 25.4; }
};

} // namespace linewatch

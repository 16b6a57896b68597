#include "export/figure_layout.h"

#include <algorithm>

namespace linewatch {

FigureLayout FigureLayout::compute(const FigureSpec &spec, int legendRows, int tableRows)
{
    FigureLayout l;
    const int dpi = spec.dpi;
    const QSizeF pagePx = spec.pagePixels();
    l.page = QRectF(QPointF(0, 0), pagePx);
    const FigureElements &e = spec.elements;
    const bool bare = !spec.pixelSize.isEmpty() && !e.title && !e.legend && !e.claimsTable && !e.inset
                      && !e.methodNote && !e.attribution;
    const double margin = bare ? 0 : mm(8, dpi);
    const double gap = mm(4, dpi);
    QRectF content = l.page.adjusted(margin, margin, -margin, -margin);

    if (e.title && !spec.title.isEmpty()) {
        const double h = mm(spec.subtitle.isEmpty() ? 9 : 14, dpi);
        l.title = QRectF(content.left(), content.top(), content.width(), h);
        content.setTop(l.title.bottom() + gap / 2);
    }
    if (e.methodNote || e.attribution) {
        const double h = mm(e.methodNote && e.attribution ? 15 : 8, dpi);
        l.footer = QRectF(content.left(), content.bottom() - h, content.width(), h);
        content.setBottom(l.footer.top() - gap / 2);
    }
    const bool side = e.legend || (e.claimsTable && tableRows > 0) || e.inset;
    if (side) {
        const double w = std::clamp(content.width() * 0.3, mm(58, dpi), mm(95, dpi));
        QRectF panel(content.right() - w, content.top(), w, content.height());
        content.setRight(panel.left() - gap);
        double top = panel.top();
        double bottom = panel.bottom();
        if (e.inset) {
            const double s = std::min(w, panel.height() * 0.4);
            l.inset = QRectF(panel.left(), bottom - s, s, s);
            bottom = l.inset.top() - gap;
        }
        const double row = mm(4.6, dpi);
        if (e.legend) {
            const double wanted = mm(7, dpi) + std::max(1, legendRows) * row;
            const double available = bottom - top;
            const double h = e.claimsTable && tableRows > 0 ? std::min(wanted, available * 0.55) : std::min(wanted, available);
            l.legend = QRectF(panel.left(), top, w, h);
            top = l.legend.bottom() + gap;
        }
        if (e.claimsTable && tableRows > 0 && bottom - top > mm(15, dpi))
            l.table = QRectF(panel.left(), top, w, bottom - top);
    }
    // Grid labels sit in a band around the map frame.
    const double band = e.grid ? mm(4, dpi) : 0;
    l.gridBand = content;
    l.mapFrame = content.adjusted(band, band, -band, -band);
    return l;
}

QList<QRectF> FigureLayout::boxes() const
{
    QList<QRectF> all;
    for (const QRectF &r : {title, gridBand, legend, table, inset, footer})
        if (!r.isEmpty())
            all << r;
    return all;
}

} // namespace linewatch

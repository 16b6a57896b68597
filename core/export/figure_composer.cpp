#include "export/figure_composer.h"

#include "render/claims_layer.h"
#include "render/line_layer.h"
#include "crs/crs_transform.h"
#include "render/graticule.h"
#include "render/layer.h"
#include "render/legend_item.h"
#include "render/map_decorations.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

struct FigureComposer::LegendBlock
{
    QString layerName;
    bool approximate = false;
    QList<LegendItem> items;
};

namespace {

/// Map units per pixel that give the wanted scale at the centre, measured
/// geodesically (the CRS's own scale factor there is taken into account).
double unitsPerPixelForScale(MapSettings s, double scaleDenominator)
{
    s.setMapUnitsPerPixel(1.0);
    const double metresPerUnit = s.metresPerPixelAtCenter();
    const double wantedMetresPerPixel = scaleDenominator * 0.0254 / s.dpi();
    return metresPerUnit > 0 ? wantedMetresPerPixel / metresPerUnit : 1.0;
}

QFont fontPt(double pt, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

} // namespace

FigureContent FigureContent::describe(const MapSettings &view, const QList<const Layer *> &layersBottomFirst)
{
    FigureContent c;
    c.view = view;
    c.layersBottomFirst = layersBottomFirst;
    QStringList dems;
    for (auto it = layersBottomFirst.crbegin(); it != layersBottomFirst.crend(); ++it) {
        const Layer *l = *it;
        if (l->inLocator())
            c.insetLayersBottomFirst.prepend(l);
        if (!l->isVisible())
            continue;
        if (l->kind() == Layer::Kind::Terrain)
            dems << (l->attribution().isEmpty() ? l->name() : QStringLiteral("%1 (%2)").arg(l->name(), l->attribution()));
    }
    c.attributions = MapDecorations::attributions(layersBottomFirst);

    // The claims table and the line versions the verdicts rest on.
    QStringList lineNotes;
    for (auto it = layersBottomFirst.crbegin(); it != layersBottomFirst.crend(); ++it) {
        if (!(*it)->isVisible())
            continue;
        if (const auto *line = qobject_cast<const LineLayer *>(*it)) {
            if (const LineVersion *v = line->shownVersion())
                lineNotes << QObject::tr("line drawn: %1 version %2 (%3)%4, source: %5")
                                 .arg(v->name, v->id, v->intervalText(),
                                      v->approximate ? QObject::tr(", approximate ±%1 m").arg(v->accuracyM, 0, 'f', 0) : QString(),
                                      v->source.section(QLatin1Char(':'), 0, 0));
        }
        if (const auto *claims = qobject_cast<const ClaimsLayer *>(*it)) {
            c.tableHeader = {QObject::tr("Claim"), QObject::tr("Date"), QObject::tr("Verdict"), QObject::tr("Distance"),
                             QObject::tr("Margin"), QObject::tr("Line")};
            const auto &all = claims->claims()->claims();
            const QLocale locale(QLocale::English);
            for (std::size_t i = 0; i < all.size() && i < claims->verdicts().size(); ++i) {
                const Claim &claim = all[i];
                const Verdict &v = claims->verdicts()[i];
                const QString relation = claim.relation == Claim::Relation::Beyond ? QObject::tr("beyond") : QObject::tr("within");
                const QString interval = std::isfinite(v.distanceMinM)
                                             ? QStringLiteral("%1–%2 m").arg(locale.toString(v.distanceMinM, 'f', 0),
                                                                             locale.toString(v.distanceMaxM, 'f', 0))
                                             : QStringLiteral("–");
                c.tableRows << QStringList{claim.id, claim.date.toString(Qt::ISODate),
                                           QStringLiteral("%1 (%2 %3 m)").arg(Verdict::outcomeName(v.outcome), relation,
                                                                              locale.toString(claim.distanceM, 'f', 0)),
                                           interval,
                                           std::isfinite(v.marginM) ? QStringLiteral("%1 m").arg(locale.toString(v.marginM, 'f', 0))
                                                                    : QStringLiteral("–"),
                                           v.lineId.isEmpty() ? QStringLiteral("–") : v.lineId};
            }
        }
    }
    c.methodNote << QObject::tr("distances are geodesics on the WGS84 ellipsoid (Karney's algorithm, via PROJ)");
    c.methodNote << QObject::tr("map CRS %1 (%2)").arg(view.crs().authId(), view.crs().name());
    if (!c.tableRows.isEmpty())
        c.methodNote << QObject::tr("each claim checked against the line version valid on its own date; distance "
                                    "intervals widened by position uncertainty and line accuracy");
    c.methodNote << lineNotes;
    if (!dems.isEmpty())
        c.methodNote << QObject::tr("terrain: %1").arg(dems.join(QLatin1String("; ")));
    c.methodNote << QObject::tr("made %1 with Linewatch %2")
                        .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                             QStringLiteral(LINEWATCH_VERSION));
    return c;
}

FigureComposer::FigureComposer(const FigureSpec &spec, const FigureContent &content)
    : mSpec(spec), mContent(content)
{
    int legendRows = 0;
    for (auto it = content.layersBottomFirst.crbegin(); it != content.layersBottomFirst.crend(); ++it) {
        const Layer *l = *it;
        if (!l->isVisible())
            continue;
        LegendBlock b{l->name(), l->isApproximate(), l->legend()};
        legendRows += 1 + b.items.size();
        mLegend << b;
    }
    // No locator layers: no inset, rather than an empty box.
    if (content.insetLayersBottomFirst.isEmpty())
        mSpec.elements.inset = false;
    int footerLines = 0;
    if (mSpec.elements.methodNote)
        footerLines += content.methodNote.size();
    if (mSpec.elements.attribution)
        footerLines += content.attributions.size();
    mLayout = FigureLayout::compute(mSpec, legendRows, content.tableRows.size(), footerLines);

    // The map frame: same CRS and centre as the view; the resolution from
    // the fixed scale, or so that the view's extent fits the frame.
    const QSize frameSize = mLayout.mapFrame.size().toSize();
    const MapSettings &v = content.view;
    mMapSettings = MapSettings(v.crs(), v.center(), v.mapUnitsPerPixel(), frameSize, spec.dpi);
    if (spec.scaleDenominator > 0) {
        mMapSettings.setMapUnitsPerPixel(unitsPerPixelForScale(mMapSettings, spec.scaleDenominator));
    } else {
        const QRectF extent = v.visibleExtent();
        mMapSettings.setMapUnitsPerPixel(std::max(extent.width() / frameSize.width(), extent.height() / frameSize.height()));
    }
    mMap = std::make_unique<MapSnapshot>(mMapSettings, content.layersBottomFirst);

    if (!mLayout.inset.isEmpty() && !content.insetLayersBottomFirst.isEmpty()) {
        // The locator shows about eight times the map's width around it.
        const QSize insetSize = mLayout.inset.size().toSize();
        const QRectF e = mMapSettings.visibleExtent();
        const double r = std::max(e.width(), e.height()) * 8.0 / std::max(1, insetSize.width());
        mInsetSettings = MapSettings(mMapSettings.crs(), mMapSettings.center(), r, insetSize, spec.dpi);
        mInset = std::make_unique<MapSnapshot>(mInsetSettings, content.insetLayersBottomFirst);
    }
}

FigureComposer::~FigureComposer() = default;

QList<LayerError> FigureComposer::draw(QPainter &p, bool vectorOutput, const std::atomic_bool *cancel)
{
    QList<LayerError> errors;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(mLayout.page, Qt::white);

    // The map, clipped to its frame.
    const QRectF frame = mLayout.mapFrame;
    p.save();
    p.setClipRect(frame);
    p.translate(frame.topLeft());
    p.fillRect(QRectF(QPointF(0, 0), frame.size()), MapRenderer::defaultBackground());
    errors = mMap->draw(p, cancel, vectorOutput);
    p.restore();
    const double band = mLayout.gridBand.top() < frame.top() ? frame.top() - mLayout.gridBand.top() : 0;
    if (mSpec.elements.grid)
        Graticule::draw(p, mMapSettings, frame, band, Graticule::Parts::Lines);
    // SVG has no clipping in Qt's generator: paint the page outside the frame
    // white again, so nothing of the map shows beyond it on any device.
    QPainterPath outside;
    outside.setFillRule(Qt::OddEvenFill);
    outside.addRect(mLayout.page);
    outside.addRect(frame);
    p.fillPath(outside, Qt::white);
    if (cancel && cancel->load()) {
        p.restore();
        return errors;
    }

    const double ppt = mSpec.dpi / 72.0;
    if (mSpec.elements.grid)
        Graticule::draw(p, mMapSettings, frame, band, Graticule::Parts::Labels);
    p.setPen(QPen(QColor(0x20, 0x20, 0x20), 0.9 * ppt));
    p.setBrush(Qt::NoBrush);
    p.drawRect(frame);

    // Scale bar and north arrow, as if the frame were the whole output.
    MapSettings inFrame = mMapSettings;
    const double inner = 4 * ppt;
    if (mSpec.elements.scaleBar) {
        p.save();
        p.translate(frame.topLeft());
        MapDecorations::drawScaleBar(p, inFrame, QPointF(inner, frame.height() - inner), 130);
        p.restore();
    }
    if (mSpec.elements.northArrow) {
        p.save();
        p.translate(frame.topLeft());
        MapDecorations::drawNorthArrow(p, inFrame, QPointF(frame.width() - inner, inner), 26);
        p.restore();
    }

    if (!mLayout.title.isEmpty())
        drawTitle(p);
    if (!mLayout.legend.isEmpty())
        drawLegend(p);
    if (!mLayout.table.isEmpty())
        drawTable(p);
    if (!mLayout.inset.isEmpty())
        drawInset(p, cancel);
    if (!mLayout.footer.isEmpty())
        drawFooter(p);
    p.restore();
    return errors;
}

QList<LayerError> FigureComposer::drawMapOnly(QPainter &p, const std::atomic_bool *cancel)
{
    p.save();
    p.fillRect(QRectF(QPointF(0, 0), QSizeF(mMapSettings.outputSize())), MapRenderer::defaultBackground());
    const QList<LayerError> errors = mMap->draw(p, cancel, false);
    p.restore();
    return errors;
}

void FigureComposer::drawTitle(QPainter &p) const
{
    const QRectF r = mLayout.title;
    p.save();
    p.setClipRect(r);
    const QFont title = fontPt(15, true);
    const QFontMetricsF tm(title, p.device());
    p.setFont(title);
    p.setPen(QColor(0x15, 0x15, 0x15));
    p.drawText(QPointF(r.left(), r.top() + tm.ascent()), tm.elidedText(mSpec.title, Qt::ElideRight, r.width()));
    if (!mSpec.subtitle.isEmpty()) {
        const QFont sub = fontPt(9);
        const QFontMetricsF sm(sub, p.device());
        p.setFont(sub);
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QPointF(r.left(), r.top() + tm.height() + sm.ascent()), sm.elidedText(mSpec.subtitle, Qt::ElideRight, r.width()));
    }
    p.setPen(QPen(QColor(0x20, 0x20, 0x20), 0.6 * mSpec.dpi / 72.0));
    p.drawLine(r.bottomLeft(), r.bottomRight());
    p.restore();
}

void FigureComposer::drawLegend(QPainter &p) const
{
    const QRectF r = mLayout.legend;
    const double ppt = mSpec.dpi / 72.0;
    p.save();
    p.setClipRect(r);
    const QFont head = fontPt(9, true), layerFont = fontPt(7, true), itemFont = fontPt(6.5);
    const QFontMetricsF hm(head, p.device()), lm(layerFont, p.device()), im(itemFont, p.device());
    double y = r.top() + hm.ascent();
    p.setFont(head);
    p.setPen(QColor(0x15, 0x15, 0x15));
    p.drawText(QPointF(r.left(), y), QObject::tr("Legend"));
    y += hm.descent() + 2 * ppt;
    const double swatchW = 14 * ppt, swatchH = 7 * ppt;
    for (const LegendBlock &b : mLegend) {
        if (y + lm.height() > r.bottom())
            break;
        p.setFont(layerFont);
        p.setPen(QColor(0x15, 0x15, 0x15));
        const QString name = b.approximate ? QObject::tr("%1 (approximate)").arg(b.layerName) : b.layerName;
        p.drawText(QPointF(r.left(), y + lm.ascent()), lm.elidedText(name, Qt::ElideRight, r.width()));
        y += lm.height() + 1 * ppt;
        for (const LegendItem &item : b.items) {
            if (y + std::max(im.height(), swatchH) > r.bottom())
                break;
            const QRectF sw(r.left() + 4 * ppt, y + (im.height() - swatchH) / 2, swatchW, swatchH);
            p.save();
            switch (item.symbol) {
            case LegendItem::Symbol::Line: {
                QPen pen = item.pen;
                pen.setWidthF(std::max(0.8, pen.widthF()) * ppt);
                p.setPen(pen);
                p.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()));
                break;
            }
            case LegendItem::Symbol::Fill: {
                QPen pen = item.pen;
                pen.setWidthF(std::max(0.5, pen.widthF()) * ppt);
                p.setPen(pen);
                p.setBrush(item.brush);
                p.drawRect(sw);
                break;
            }
            case LegendItem::Symbol::Marker: {
                QPen pen = item.pen;
                pen.setWidthF(std::max(0.5, pen.widthF()) * ppt);
                p.setPen(pen);
                p.setBrush(item.brush);
                const double rad = std::min(swatchH / 2, item.markerSize * ppt / 2);
                p.drawEllipse(sw.center(), rad, rad);
                break;
            }
            case LegendItem::Symbol::Ramp:
            case LegendItem::Symbol::Raster:
                if (!item.ramp.isNull())
                    p.drawImage(sw, item.ramp);
                p.setPen(QPen(QColor(0, 0, 0, 120), 0.4 * ppt));
                p.setBrush(Qt::NoBrush);
                p.drawRect(sw);
                break;
            }
            p.restore();
            QString text = item.label;
            if (!item.rampMin.isEmpty())
                text += QStringLiteral("  %1 – %2").arg(item.rampMin, item.rampMax);
            p.setFont(itemFont);
            p.setPen(QColor(0x22, 0x22, 0x22));
            const double tx = sw.right() + 4 * ppt;
            p.drawText(QPointF(tx, y + im.ascent()), im.elidedText(text, Qt::ElideRight, r.right() - tx));
            y += std::max(im.height(), swatchH) + 1 * ppt;
        }
        y += 1.5 * ppt;
    }
    p.restore();
}

void FigureComposer::drawTable(QPainter &p) const
{
    const QRectF r = mLayout.table;
    const double ppt = mSpec.dpi / 72.0;
    p.save();
    p.setClipRect(r);
    const QFont head = fontPt(9, true), cellHead = fontPt(6, true), cell = fontPt(6);
    const QFontMetricsF hm(head, p.device()), cm(cell, p.device()), chm(cellHead, p.device());
    double y = r.top() + hm.ascent();
    p.setFont(head);
    p.setPen(QColor(0x15, 0x15, 0x15));
    p.drawText(QPointF(r.left(), y), QObject::tr("Claims and verdicts"));
    y += hm.descent() + 2 * ppt;
    const int columns = std::max<int>(1, mContent.tableHeader.size());
    // Columns as wide as their widest cell, scaled to fit the box, so ids and
    // verdicts are not cut while short columns stay short.
    QList<double> widths(columns, 0.0);
    for (int c = 0; c < columns; ++c) {
        widths[c] = chm.horizontalAdvance(mContent.tableHeader.value(c));
        for (const QStringList &row : mContent.tableRows)
            widths[c] = std::max(widths[c], cm.horizontalAdvance(row.value(c)));
        widths[c] += 3 * ppt;
    }
    double total = 0;
    for (double w : std::as_const(widths))
        total += w;
    for (double &w : widths)
        w *= r.width() / std::max(1.0, total);
    auto columnLeft = [&](int c) {
        double x = r.left();
        for (int i = 0; i < c; ++i)
            x += widths[i];
        return x;
    };
    auto drawRow = [&](const QStringList &cells, const QFont &f, const QFontMetricsF &m, bool shade) {
        // Each row wraps its cells to at most three lines.
        const double lineH = m.lineSpacing();
        int lines = 1;
        QList<QStringList> wrapped;
        for (int c = 0; c < columns; ++c) {
            QStringList out;
            QString current;
            for (const QString &word : cells.value(c).split(QLatin1Char(' '))) {
                const QString trial = current.isEmpty() ? word : current + QLatin1Char(' ') + word;
                if (m.horizontalAdvance(trial) > widths[c] - 2 * ppt && !current.isEmpty()) {
                    out << current;
                    current = word;
                } else {
                    current = trial;
                }
            }
            out << current;
            while (out.size() > 3) {
                out.removeLast();
                out.last() = m.elidedText(out.last() + QStringLiteral(" …"), Qt::ElideRight, widths[c] - 2 * ppt);
            }
            lines = std::max(lines, int(out.size()));
            wrapped << out;
        }
        const double h = lines * lineH + 2 * ppt;
        if (y + h > r.bottom())
            return false;
        if (shade)
            p.fillRect(QRectF(r.left(), y, r.width(), h), QColor(0xf2, 0xf2, 0xf2));
        p.setFont(f);
        p.setPen(QColor(0x1a, 0x1a, 0x1a));
        for (int c = 0; c < columns; ++c)
            for (int i = 0; i < wrapped[c].size(); ++i)
                p.drawText(QPointF(columnLeft(c) + ppt, y + ppt + i * lineH + m.ascent()),
                           m.elidedText(wrapped[c][i], Qt::ElideRight, widths[c] - 2 * ppt));
        y += h;
        return true;
    };
    drawRow(mContent.tableHeader, cellHead, chm, false);
    p.setPen(QPen(QColor(0x30, 0x30, 0x30), 0.5 * ppt));
    p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
    bool shade = false;
    for (const QStringList &row : mContent.tableRows) {
        if (!drawRow(row, cell, cm, shade))
            break;
        shade = !shade;
    }
    p.restore();
}

void FigureComposer::drawInset(QPainter &p, const std::atomic_bool *cancel)
{
    const QRectF r = mLayout.inset;
    const double ppt = mSpec.dpi / 72.0;
    p.save();
    p.setClipRect(r);
    p.translate(r.topLeft());
    // The locator is drawn as an image, which clips itself on every device
    // (Qt's SVG generator ignores clip rectangles).
    QImage inset(r.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    inset.setDotsPerMeterX(qRound(mSpec.dpi / 0.0254));
    inset.setDotsPerMeterY(qRound(mSpec.dpi / 0.0254));
    inset.fill(QColor(0xfb, 0xfa, 0xf7));
    if (mInset) {
        QPainter ip(&inset);
        ip.setRenderHint(QPainter::Antialiasing, true);
        mInset->draw(ip, cancel, false);
    }
    p.drawImage(QPointF(0, 0), inset);
    // The main map's extent as a red box.
    const QRectF e = mMapSettings.visibleExtent();
    QPolygonF box;
    for (const QPointF &c : {e.topLeft(), e.topRight(), e.bottomRight(), e.bottomLeft()})
        box << mInsetSettings.mapToPixel(c);
    p.setPen(QPen(QColor(0xc6, 0x28, 0x28), 1.2 * ppt));
    p.setBrush(QColor(0xc6, 0x28, 0x28, 40));
    p.drawPolygon(box);
    p.restore();
    p.setPen(QPen(QColor(0x20, 0x20, 0x20), 0.6 * ppt));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
}

void FigureComposer::drawFooter(QPainter &p) const
{
    const QRectF r = mLayout.footer;
    p.save();
    p.setClipRect(r);
    const QFont f = fontPt(6.5), fb = fontPt(6.5, true);
    const QFontMetricsF m(f, p.device()), mb(fb, p.device());
    double y = r.top() + m.ascent();
    auto paragraph = [&](const QString &heading, const QStringList &parts) {
        if (parts.isEmpty())
            return;
        p.setFont(fb);
        p.setPen(QColor(0x15, 0x15, 0x15));
        p.drawText(QPointF(r.left(), y), heading);
        const double x0 = r.left() + mb.horizontalAdvance(heading + QLatin1Char(' '));
        p.setFont(f);
        p.setPen(QColor(0x33, 0x33, 0x33));
        // Flow the parts, separated by " · ", over as many lines as fit.
        double x = x0;
        for (int i = 0; i < parts.size(); ++i) {
            const QString piece = (i ? QStringLiteral(" · ") : QString()) + parts[i];
            const double w = m.horizontalAdvance(piece);
            if (x + w > r.right() && x > x0) {
                x = x0;
                y += m.lineSpacing();
            }
            if (y > r.bottom())
                return;
            p.drawText(QPointF(x, y), m.elidedText(piece, Qt::ElideRight, r.right() - x));
            x += w;
        }
        y += m.lineSpacing() * 1.3;
    };
    if (mSpec.elements.methodNote)
        paragraph(QObject::tr("Method:"), mContent.methodNote);
    if (mSpec.elements.attribution)
        paragraph(QObject::tr("Sources:"), mContent.attributions);
    p.restore();
}

} // namespace linewatch

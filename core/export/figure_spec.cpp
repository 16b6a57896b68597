#include "export/figure_spec.h"

#include <QStringList>

namespace linewatch {

QSizeF FigureSpec::pageMillimetres() const
{
    if (!pixelSize.isEmpty())
        return QSizeF(pixelSize) / dpi * 25.4;
    QSizeF mm = pageSize.size(QPageSize::Millimeter);
    if (orientation == QPageLayout::Landscape && mm.width() < mm.height())
        mm.transpose();
    if (orientation == QPageLayout::Portrait && mm.width() > mm.height())
        mm.transpose();
    return mm;
}

QSizeF FigureSpec::pagePixels() const
{
    if (!pixelSize.isEmpty())
        return QSizeF(pixelSize);
    return pageMillimetres() / 25.4 * dpi;
}

namespace {

const QList<QPair<QString, QPageSize::PageSizeId>> &pageNames()
{
    static const QList<QPair<QString, QPageSize::PageSizeId>> names = {
        {QStringLiteral("A4"), QPageSize::A4}, {QStringLiteral("A3"), QPageSize::A3},
        {QStringLiteral("A5"), QPageSize::A5}, {QStringLiteral("Letter"), QPageSize::Letter},
        {QStringLiteral("Legal"), QPageSize::Legal}, {QStringLiteral("Tabloid"), QPageSize::Tabloid}};
    return names;
}

const char *elementKeys[] = {"title", "legend", "scale_bar", "north_arrow", "grid", "inset",
                             "claims_table", "attribution", "method_note"};

bool *elementField(FigureElements &e, int i)
{
    bool *fields[] = {&e.title, &e.legend, &e.scaleBar, &e.northArrow, &e.grid, &e.inset,
                      &e.claimsTable, &e.attribution, &e.methodNote};
    return fields[i];
}

} // namespace

QJsonObject FigureSpec::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("title"), title);
    o.insert(QLatin1String("subtitle"), subtitle);
    QString page = QStringLiteral("custom");
    for (const auto &[name, id] : pageNames())
        if (pageSize.id() == id)
            page = name;
    o.insert(QLatin1String("page"), page);
    if (page == QLatin1String("custom")) {
        const QSizeF mm = pageSize.size(QPageSize::Millimeter);
        o.insert(QLatin1String("page_mm"), QStringLiteral("%1x%2").arg(mm.width()).arg(mm.height()));
    }
    o.insert(QLatin1String("orientation"), orientation == QPageLayout::Landscape ? QStringLiteral("landscape")
                                                                                 : QStringLiteral("portrait"));
    if (!pixelSize.isEmpty())
        o.insert(QLatin1String("pixels"), QStringLiteral("%1x%2").arg(pixelSize.width()).arg(pixelSize.height()));
    o.insert(QLatin1String("dpi"), dpi);
    o.insert(QLatin1String("scale"), scaleDenominator);
    QJsonObject el;
    FigureElements e = elements;
    for (int i = 0; i < 9; ++i)
        el.insert(QLatin1String(elementKeys[i]), *elementField(e, i));
    o.insert(QLatin1String("elements"), el);
    return o;
}

Result<FigureSpec> FigureSpec::fromJson(const QJsonObject &o)
{
    FigureSpec s;
    s.title = o.value(QLatin1String("title")).toString(s.title);
    s.subtitle = o.value(QLatin1String("subtitle")).toString(s.subtitle);
    if (o.contains(QLatin1String("page"))) {
        const QString page = o.value(QLatin1String("page")).toString();
        bool found = false;
        for (const auto &[name, id] : pageNames())
            if (page.compare(name, Qt::CaseInsensitive) == 0) {
                s.pageSize = QPageSize(id);
                found = true;
            }
        if (!found && page.compare(QLatin1String("custom"), Qt::CaseInsensitive) == 0) {
            const QStringList mm = o.value(QLatin1String("page_mm")).toString().split(QLatin1Char('x'));
            const double w = mm.value(0).toDouble(), h = mm.value(1).toDouble();
            if (mm.size() != 2 || !(w >= 50 && w <= 2000 && h >= 50 && h <= 2000))
                return Error{QStringLiteral("page_mm must be WIDTHxHEIGHT in millimetres, 50 to 2000 each")};
            s.pageSize = QPageSize(QSizeF(w, h), QPageSize::Millimeter);
            found = true;
        }
        if (!found)
            return Error{QStringLiteral("unknown page size \"%1\" (expected A3, A4, A5, Letter, Legal, Tabloid or custom)").arg(page)};
    }
    const QString orientation = o.value(QLatin1String("orientation")).toString(QStringLiteral("landscape"));
    if (orientation != QLatin1String("landscape") && orientation != QLatin1String("portrait"))
        return Error{QStringLiteral("orientation must be landscape or portrait, not \"%1\"").arg(orientation)};
    s.orientation = orientation == QLatin1String("landscape") ? QPageLayout::Landscape : QPageLayout::Portrait;
    if (o.contains(QLatin1String("pixels"))) {
        const QStringList px = o.value(QLatin1String("pixels")).toString().split(QLatin1Char('x'));
        const int w = px.value(0).toInt(), h = px.value(1).toInt();
        if (px.size() != 2 || w < 100 || h < 100 || w > 20000 || h > 20000)
            return Error{QStringLiteral("pixels must be WxH with 100 to 20000 pixels each")};
        s.pixelSize = QSize(w, h);
    }
    s.dpi = o.value(QLatin1String("dpi")).toInt(s.dpi);
    if (s.dpi < 72 || s.dpi > 600)
        return Error{QStringLiteral("dpi %1 is outside 72 to 600").arg(s.dpi)};
    s.scaleDenominator = o.value(QLatin1String("scale")).toDouble(0);
    if (s.scaleDenominator != 0 && !(s.scaleDenominator >= 100 && s.scaleDenominator <= 1e8))
        return Error{QStringLiteral("scale 1:%1 is outside 1:100 to 1:100,000,000").arg(s.scaleDenominator)};
    const QJsonObject el = o.value(QLatin1String("elements")).toObject();
    for (int i = 0; i < 9; ++i)
        if (el.contains(QLatin1String(elementKeys[i])))
            *elementField(s.elements, i) = el.value(QLatin1String(elementKeys[i])).toBool();
    return s;
}

QStringList FigureSpec::templateNames()
{
    return {QStringLiteral("report-a4"), QStringLiteral("report-a3"), QStringLiteral("letter"), QStringLiteral("map-only")};
}

Result<FigureSpec> FigureSpec::fromTemplate(const QString &name)
{
    FigureSpec s;
    if (name == QLatin1String("report-a4"))
        return s;
    if (name == QLatin1String("report-a3")) {
        s.pageSize = QPageSize(QPageSize::A3);
        return s;
    }
    if (name == QLatin1String("letter")) {
        s.pageSize = QPageSize(QPageSize::Letter);
        return s;
    }
    if (name == QLatin1String("map-only")) {
        s.elements.legend = s.elements.claimsTable = s.elements.inset = s.elements.methodNote = false;
        return s;
    }
    return Error{QStringLiteral("unknown template \"%1\" (expected %2)").arg(name, templateNames().join(QLatin1String(", ")))};
}

} // namespace linewatch

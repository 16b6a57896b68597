#include "crs/position_label.h"

#include "crs/coordinate_format.h"

#include <QCoreApplication>

namespace linewatch {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("linewatch::PositionLabel", text); }

/// "1 m", "100 m", "10 km", "100 km": MGRS squares are powers of ten.
QString squareText(double metres)
{
    return metres >= 1000 ? tr("%1 km square").arg(metres / 1000, 0, 'g', 6)
                          : tr("%1 m square").arg(metres, 0, 'g', 6);
}

/// A marker is no place for a paragraph: sources longer than this end in "…"
/// (the full text is in the gazetteer and the layer's attribution).
QString elided(const QString &text)
{
    constexpr int maxCharacters = 140;
    return text.size() <= maxCharacters ? text : text.left(maxCharacters - 1).trimmed() + QChar(0x2026);
}

} // namespace

QStringList PositionLabel::lines(const ParsedPosition &position)
{
    QStringList out;
    if (position.notation == CoordinateNotation::PlaceName && position.place) {
        const Place &place = position.place->place;
        out << place.name;
        QString how = tr("place name \"%1\"").arg(position.place->matchedName.text);
        if (place.approximate)
            how += tr(", approximate");
        out << how;
        if (!place.source.isEmpty())
            out << tr("source: %1").arg(elided(place.source));
        out << CoordinateFormat::decimalDegrees(position.position);
    } else {
        out << CoordinateFormat::decimalDegrees(position.position);
        QString how = toString(position.notation);
        if (position.precisionMetres > 0)
            how += QStringLiteral(", ") + squareText(position.precisionMetres) + tr(" (centre shown)");
        out << how;
    }
    // The parser's note on an approximate place repeats its source, shown above.
    const bool repeatsSource = position.place && !position.place->place.source.isEmpty()
                               && position.note.contains(position.place->place.source);
    if (!position.note.isEmpty() && !repeatsSource)
        out << position.note;
    return out;
}

} // namespace linewatch

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
            out << tr("source: %1").arg(place.source);
        out << CoordinateFormat::decimalDegrees(position.position);
    } else {
        out << CoordinateFormat::decimalDegrees(position.position);
        QString how = toString(position.notation);
        if (position.precisionMetres > 0)
            how += QStringLiteral(", ") + squareText(position.precisionMetres) + tr(" (centre shown)");
        out << how;
    }
    if (!position.note.isEmpty())
        out << position.note;
    return out;
}

} // namespace linewatch

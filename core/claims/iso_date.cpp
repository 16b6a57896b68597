#include "claims/iso_date.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

namespace linewatch {

Result<QDate> IsoDate::parse(const QVariant &value)
{
    if (value.typeId() == QMetaType::QDate)
        return value.toDate();
    if (value.typeId() != QMetaType::QString)
        return Error(QStringLiteral("'%1' is not an ISO 8601 date (YYYY-MM-DD)").arg(value.toString()));
    const QString text = value.toString().trimmed();
    static const QRegularExpression dateOnly(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})$"));
    if (const auto m = dateOnly.match(text); m.hasMatch()) {
        const QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        if (!d.isValid())
            return Error(QStringLiteral("'%1' is not a calendar date").arg(text));
        return d;
    }
    static const QRegularExpression withZone(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$"));
    if (withZone.match(text).hasMatch()) {
        QString normalised = text;
        normalised.replace(QLatin1Char(' '), QLatin1Char('T'));
        const QDateTime dt = QDateTime::fromString(normalised, Qt::ISODateWithMs);
        if (!dt.isValid())
            return Error(QStringLiteral("'%1' is not a valid timestamp").arg(text));
        return dt.toUTC().date();
    }
    return Error(QStringLiteral("'%1' is not an ISO 8601 date (YYYY-MM-DD) or a timestamp with a time zone").arg(text));
}

} // namespace linewatch

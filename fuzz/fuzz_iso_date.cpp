// Dates in claims and lines files (valid_from, valid_to, date): never crash;
// an accepted date is a valid calendar date.
#include "claims/iso_date.h"

#include <QString>
#include <QVariant>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto date = linewatch::IsoDate::parse(QVariant(text));
    if (date.ok() && !date->isValid())
        std::abort();
    return 0;
}

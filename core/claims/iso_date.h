#pragma once

#include "common/result.h"

#include <QDate>
#include <QVariant>

namespace linewatch {

/// Dates of line versions and claims (claim-check.md, "Dates"): an ISO 8601
/// calendar date "YYYY-MM-DD", or a timestamp with a time zone
/// ("2023-03-25T21:30:00+04:00", "...Z"), which is taken as its UTC date.
/// Anything else (no zone, "25/03/2023", "2023-02-30", a number) is an error
/// whose message quotes the value.
class IsoDate
{
public:
    static Result<QDate> parse(const QVariant &value);
};

} // namespace linewatch

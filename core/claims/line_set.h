#pragma once

#include "common/result.h"
#include "geodesy/line_distance.h"

#include <QDate>
#include <QList>
#include <QString>

#include <vector>

namespace linewatch {

/// One dated version of a named line (a line of contact as it stood from
/// validFrom, inclusive, to validTo, exclusive). Properties as in
/// claim-check.md "Line versions".
struct LineVersion
{
    QString id;          ///< e.g. "loc-2020"
    QString name;        ///< e.g. "Line of contact"; versions of one name must not overlap in time
    QDate validFrom;     ///< inclusive
    QDate validTo;       ///< exclusive; invalid QDate = open-ended
    QString leftLabel;   ///< who holds the left side of the digitised direction
    QString rightLabel;
    QString source;
    bool approximate = false;
    double accuracyM = 0.0; ///< how far the true line may lie from the drawn one [m]
    int featureNumber = 0;  ///< 1-based, in the lines file
    LineDistance geometry;

    bool isValidOn(const QDate &date) const { return date >= validFrom && (!validTo.isValid() || date < validTo); }
    /// "2020-11-10 to 2022-08-26" or "from 2022-08-26".
    QString intervalText() const;
};

/// All line versions of a lines file (any OGR source), validated.
///
/// Loading never stops at the first problem: every feature with a missing
/// or bad property (id, valid_from, valid_to, labels, accuracy_m), a geometry
/// that is not a (Multi)LineString, coordinates out of range, an empty or
/// self-intersecting line, and every pair of overlapping versions of one name
/// is listed in problems(), each naming the file, the feature and the fault.
/// A file with problems is bad input as a whole (claim-check.md).
class LineSet
{
public:
    /// Error only when the file cannot be read at all.
    static Result<LineSet> load(const QString &path);

    const QString &path() const { return mPath; }
    const std::vector<LineVersion> &versions() const { return mVersions; }
    const QList<Error> &problems() const { return mProblems; }

    /// The version of `name` (or of the only name in the file when `name` is
    /// empty) valid on `date`. Errors: unknown name, several names and none
    /// chosen, no version valid on the date.
    Result<const LineVersion *> select(const QString &name, const QDate &date) const;
    /// The version with this id, or nullptr.
    const LineVersion *byId(const QString &id) const;
    /// The distinct names, in file order.
    QStringList names() const;

private:
    QString mPath;
    std::vector<LineVersion> mVersions;
    QList<Error> mProblems;
};

} // namespace linewatch

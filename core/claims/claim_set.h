#pragma once

#include "claims/claim.h"
#include "common/result.h"

#include <vector>

namespace linewatch {

/// The claims of a claims file (GeoJSON, GeoPackage or any OGR source),
/// with every problem of every claim recorded on the claim itself (unknown
/// relation, negative or missing distance, bad date, geometry neither Point
/// nor Polygon, coordinates out of range, duplicate id), never skipped.
class ClaimSet
{
public:
    /// Error only when the file cannot be read at all.
    static Result<ClaimSet> load(const QString &path);

    const QString &path() const { return mPath; }
    const std::vector<Claim> &claims() const { return mClaims; }

private:
    QString mPath;
    std::vector<Claim> mClaims;
};

} // namespace linewatch

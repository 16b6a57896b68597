#pragma once

#include "claims/claim.h"
#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace linewatch {

struct SourceFeature;

/// The claims of a claims file (GeoJSON, GeoPackage or any OGR source),
/// with every problem of every claim recorded on the claim itself (unknown
/// relation, negative or missing distance, bad date, geometry neither Point
/// nor Polygon, coordinates out of range, duplicate id), never skipped.
class ClaimSet
{
public:
    /// Error only when the file cannot be read at all.
    static Result<ClaimSet> load(const QString &path);

    /// Claims kept in a project rather than a file: a JSON array of GeoJSON
    /// Features as toJson() writes them, validated exactly like a file
    /// (origin names where they came from in messages). Error only when the
    /// array holds something that is not a Feature object.
    static Result<ClaimSet> fromJson(const QJsonArray &features, const QString &origin = {});
    /// Claims made or edited in the app. Ids must be unique (the caller checks).
    static ClaimSet fromClaims(std::vector<Claim> claims, const QString &path = {});

    /// One claim from its properties and geometry, with every problem listed
    /// on it, exactly as load() reads a feature (duplicate ids aside).
    static Claim claimFrom(const SourceFeature &feature);
    /// The claim as a GeoJSON Feature: its properties as read or edited and
    /// the geometry (Point, or Polygon rings) as read.
    static QJsonObject toJson(const Claim &claim);
    /// A GeoJSON Feature object back to a claim (claimFrom on its contents).
    static Result<Claim> claimFromJson(const QJsonObject &feature, int number);

    QJsonArray toJson() const;

    const QString &path() const { return mPath; }
    const std::vector<Claim> &claims() const { return mClaims; }

    /// The index of the claim at a position: the nearest point claim within
    /// toleranceM [m, geodesic on WGS84], else the first polygon claim
    /// containing it; -1 when none.
    int claimNear(LonLat position, double toleranceM) const;

private:
    static ClaimSet fromFeatures(const std::vector<SourceFeature> &features, const QString &path);

    QString mPath;
    std::vector<Claim> mClaims;
};

} // namespace linewatch

#pragma once

#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "claims/verdict.h"
#include "render/layer.h"

#include <QJsonArray>

#include <atomic>
#include <memory>
#include <vector>

namespace linewatch {

/// Claims with their verdicts on the map: each position (a point with its
/// uncertainty circle, or a polygon) coloured by verdict, and for point
/// claims the shortest geodesic to the line version valid on the claim's date
/// with its foot. Verdicts are computed when the layer is made (exact,
/// claim-check.md) and kept with the claims.
///
/// Editable: inserting, replacing or removing a claim recomputes its verdict
/// at once with ClaimChecker. One claim may be selected: it is drawn with a
/// highlight, and with the band where "beyond D" begins (the geodesic offset
/// at D on the side the claim names, or both sides when it names none, of the
/// line version valid on its date).
class ClaimsLayer : public Layer
{
    Q_OBJECT

public:
    /// Loads the claims and checks them against linesPath (may be empty: the
    /// claims are then drawn with verdict `error`, "no lines file").
    static Result<std::unique_ptr<ClaimsLayer>> open(const QString &path, const QString &linesPath,
                                                     const std::atomic_bool *cancel = nullptr);

    ClaimsLayer(std::shared_ptr<const ClaimSet> claims, std::shared_ptr<const LineSet> lines,
                std::vector<Verdict> verdicts, QObject *parent = nullptr);

    Kind kind() const override { return Kind::Claims; }
    Crs crs() const override { return Crs::wgs84(); }
    QRectF extent() const override;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;
    QList<LegendItem> legend() const override;

    std::shared_ptr<const ClaimSet> claims() const { return mClaims; }
    std::shared_ptr<const LineSet> lines() const { return mLines; }
    const std::vector<Verdict> &verdicts() const { return mVerdicts; }

    int count() const { return static_cast<int>(mClaims->claims().size()); }
    /// The index of the claim with this id, or -1.
    int indexOf(const QString &id) const;
    /// The line version the claim at index was checked against, or nullptr.
    const LineVersion *versionOf(int index) const;

    /// The verdict of a claim against this layer's lines, as the layer would
    /// hold it (an error verdict when there are no lines or they have problems).
    Verdict check(const Claim &claim) const;

    /// Edits; each emits claimsChanged() and changed(). Errors: index out of
    /// range, an id another claim already has.
    Status insertClaim(int index, const Claim &claim);
    Status replaceClaim(int index, const Claim &claim);
    Status removeClaim(int index);

    /// The claims as GeoJSON Features (ClaimSet::toJson), for a project file.
    QJsonArray toJson() const;
    /// Replaces every claim by those of a toJson() array and checks them all.
    Status restoreJson(const QJsonArray &features);

    /// The claim drawn highlighted; empty for none.
    QString selectedClaimId() const { return mSelectedId; }
    void setSelectedClaimId(const QString &id);
    /// The band rings drawn for the selected claim (see the class comment).
    const std::vector<std::vector<LonLat>> &selectedBand() const { return *mSelectedBand; }

    /// The claim at a position: a point claim within toleranceM (the nearest
    /// one), else a polygon claim containing it; -1 when none.
    int claimNear(LonLat position, double toleranceM) const;

signals:
    /// Emitted before claims are added, replaced, removed or restored (models reset).
    void claimsAboutToChange();
    /// Claims were added, replaced, removed or restored (verdicts follow).
    void claimsChanged();
    void selectionChanged(const QString &claimId);

public:
    /// The colour of a verdict, shared by the map, the legend and exports.
    static QColor colourOf(Verdict::Outcome outcome);
    /// The halo of the selected claim and the colour of its band.
    static QColor highlightColour();
    static QColor bandColour();

private:
    void setClaims(std::vector<Claim> claims, std::vector<Verdict> verdicts);
    void updateBand();
    void updateAttribution();

    std::shared_ptr<const ClaimSet> mClaims;
    std::shared_ptr<const LineSet> mLines;
    std::vector<Verdict> mVerdicts;
    QString mSelectedId;
    std::shared_ptr<const std::vector<std::vector<LonLat>>> mSelectedBand;
};

} // namespace linewatch

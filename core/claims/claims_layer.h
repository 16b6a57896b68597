#pragma once

#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "claims/verdict.h"
#include "render/layer.h"

#include <atomic>
#include <memory>
#include <vector>

namespace linewatch {

/// Claims with their verdicts on the map: each position (a point with its
/// uncertainty circle, or a polygon) coloured by verdict, and for point
/// claims the shortest geodesic to the line version valid on the claim's date
/// with its foot. Verdicts are computed once when the layer is made (exact,
/// claim-check.md) and kept with the claims.
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

    /// The colour of a verdict, shared by the map, the legend and exports.
    static QColor colourOf(Verdict::Outcome outcome);

private:
    std::shared_ptr<const ClaimSet> mClaims;
    std::shared_ptr<const LineSet> mLines;
    std::vector<Verdict> mVerdicts;
};

} // namespace linewatch

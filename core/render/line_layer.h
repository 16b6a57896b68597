#pragma once

#include "claims/line_set.h"
#include "render/layer.h"

#include <QDate>

#include <atomic>
#include <memory>

namespace linewatch {

/// The dated versions of a line (a lines file, claim-check.md) as a map layer.
/// It draws the version valid on its display date, labels both sides with who
/// holds them according to which source, and marks an approximate line as
/// such (dashed, "approximate" in the legend and the attribution).
class LineLayer : public Layer
{
    Q_OBJECT

public:
    /// Loads and validates a lines file; a file with problems is refused with
    /// every problem listed (the claim check refuses it too).
    static Result<std::unique_ptr<LineLayer>> open(const QString &path, const std::atomic_bool *cancel = nullptr);

    explicit LineLayer(std::shared_ptr<const LineSet> lines, QObject *parent = nullptr);

    Kind kind() const override { return Kind::Vector; }
    Crs crs() const override { return Crs::wgs84(); }
    QRectF extent() const override;
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &settings) const override;
    QList<LegendItem> legend() const override;

    std::shared_ptr<const LineSet> lines() const { return mLines; }

    /// The date whose version is shown; invalid: the newest version.
    QDate displayDate() const { return mDate; }
    void setDisplayDate(const QDate &date);
    /// The version shown (of the first name in the file), or nullptr when none
    /// is valid on the display date.
    const LineVersion *shownVersion() const;

    /// Reads {"date": "YYYY-MM-DD"} from a project's style object.
    void applyStyle(const QJsonObject &style);

private:
    void updateDescription();

    std::shared_ptr<const LineSet> mLines;
    QDate mDate;
};

} // namespace linewatch

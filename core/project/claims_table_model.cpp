#include "project/claims_table_model.h"

#include "render/claims_layer.h"

#include <QLocale>

#include <cmath>
#include <limits>

namespace linewatch {

ClaimsTableModel::ClaimsTableModel(ClaimsLayer *layer, QObject *parent) : QAbstractTableModel(parent), mLayer(layer)
{
    connect(layer, &ClaimsLayer::claimsAboutToChange, this, [this] { beginResetModel(); });
    connect(layer, &ClaimsLayer::claimsChanged, this, [this] { endResetModel(); });
    // A layer deleted under the model (removed from the map) empties it.
    connect(layer, &QObject::destroyed, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

ClaimsLayer *ClaimsTableModel::layer() const { return mLayer; }

int ClaimsTableModel::rowOf(const QString &claimId) const { return mLayer ? mLayer->indexOf(claimId) : -1; }

int ClaimsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !mLayer ? 0 : mLayer->count();
}

int ClaimsTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString ClaimsTableModel::metres(double m)
{
    if (!std::isfinite(m))
        return QStringLiteral("—");
    return QLocale(QLocale::English).toString(m, 'f', 1) + QStringLiteral(" m");
}

QVariant ClaimsTableModel::data(const QModelIndex &index, int role) const
{
    if (!mLayer || !index.isValid() || index.row() >= mLayer->count())
        return {};
    const Claim &c = mLayer->claims()->claims()[index.row()];
    const Verdict &v = mLayer->verdicts()[index.row()];
    const LineVersion *version = mLayer->versionOf(index.row());
    switch (role) {
    case OutcomeRole: return int(v.outcome);
    case DateRole: return c.date;
    case SourceRole: return c.source;
    case ClaimIdRole: return c.id;
    case Qt::ToolTipRole:
        return QStringLiteral("%1 — %2\n%3").arg(c.id, Verdict::outcomeName(v.outcome), v.reason)
               + (c.text.isEmpty() ? QString() : QStringLiteral("\n\u201c%1\u201d").arg(c.text));
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn)
            return ClaimsLayer::colourOf(v.outcome).darker(115);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Distance || index.column() == Margin || index.column() == Interval)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default: break;
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    switch (index.column()) {
    case Id: return c.id;
    case Date: return sort ? QVariant(c.date) : QVariant(c.date.isValid() ? c.date.toString(Qt::ISODate) : QStringLiteral("—"));
    case Source: return c.source;
    case Relation: return c.relation == Claim::Relation::Beyond ? QStringLiteral("beyond") : QStringLiteral("within");
    case Distance:
        if (sort)
            return c.problems.contains(QStringLiteral("missing distance_m")) ? nan : c.distanceM;
        return metres(c.distanceM);
    case VerdictColumn: return sort ? QVariant(int(v.outcome)) : QVariant(Verdict::outcomeName(v.outcome));
    case Interval:
        if (sort)
            return std::isfinite(v.distanceMinM) ? v.distanceMinM : nan;
        if (!std::isfinite(v.distanceMinM))
            return QStringLiteral("—");
        return QStringLiteral("%1 – %2").arg(metres(v.distanceMinM), metres(v.distanceMaxM));
    case SideColumn: {
        QString label;
        if (version && v.side == Verdict::PositionSide::Left)
            label = version->leftLabel;
        else if (version && v.side == Verdict::PositionSide::Right)
            label = version->rightLabel;
        const QString name = Verdict::sideName(v.side);
        if (name.isEmpty())
            return QStringLiteral("—");
        return label.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, label);
    }
    case Margin: return sort ? QVariant(std::isfinite(v.marginM) ? v.marginM : nan) : QVariant(metres(v.marginM));
    case LineVersionColumn:
        if (!version)
            return sort ? QString() : QStringLiteral("—");
        return sort ? version->id : QStringLiteral("%1 (%2)").arg(version->id, version->intervalText());
    case Reason: return v.reason;
    default: break;
    }
    return {};
}

QVariant ClaimsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Distance: return tr("D, the distance the claim states");
        case Interval: return tr("Geodesic distance to the line version (WGS84), widened by the claim's uncertainty "
                                 "and the line's accuracy");
        case Margin: return tr("How far the verdict is from changing");
        case LineVersionColumn: return tr("The line version valid on the claim's date, which the claim was checked against");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id: return tr("Id");
    case Date: return tr("Date");
    case Source: return tr("Source");
    case Relation: return tr("Relation");
    case Distance: return tr("D");
    case VerdictColumn: return tr("Verdict");
    case Interval: return tr("Distance (geodesic)");
    case SideColumn: return tr("Side");
    case Margin: return tr("Margin");
    case LineVersionColumn: return tr("Checked against");
    case Reason: return tr("Reason");
    default: return {};
    }
}

} // namespace linewatch

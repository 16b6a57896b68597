#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace linewatch {

class ClaimsLayer;

/// The claims of a ClaimsLayer and their verdicts as a table, one row per
/// claim in layer order: what the analyst reads beside the map. Display text
/// is formatted for people (metres with separators, the side with who holds
/// it); SortRole gives the raw value (numbers as double, dates as QDate, so
/// they sort as such), and the custom roles give what filters need.
/// Follows the layer's edits (resets on claimsAboutToChange/claimsChanged).
class ClaimsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Id, Date, Source, Relation, Distance, VerdictColumn, Interval, SideColumn, Margin, LineVersionColumn, Reason,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< double, QDate or QString; NaN when there is no value
        OutcomeRole,                 ///< int(Verdict::Outcome)
        DateRole,                    ///< QDate of the claim
        SourceRole,                  ///< QString, the claim's source
        ClaimIdRole                  ///< QString
    };

    explicit ClaimsTableModel(ClaimsLayer *layer, QObject *parent = nullptr);

    ClaimsLayer *layer() const;
    /// The row of the claim with this id, or -1.
    int rowOf(const QString &claimId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "2,314.2 m" (one decimal, English separators), "—" for NaN.
    static QString metres(double m);

private:
    QPointer<ClaimsLayer> mLayer;
};

} // namespace linewatch

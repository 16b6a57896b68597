#pragma once

#include "claims/verdict.h"

#include <QDate>
#include <QHashFunctions>
#include <QSet>
#include <QSortFilterProxyModel>

namespace linewatch {

/// For QSet<Verdict::Outcome> (Qt 6.4 has no qHash for enums).
inline size_t qHash(Verdict::Outcome outcome, size_t seed = 0) noexcept { return ::qHash(int(outcome), seed); }

/// Filters and sorts a ClaimsTableModel: by verdict (any subset of the four
/// outcomes), by source (case-insensitive substring), and by the claim's date
/// (an inclusive range, either end open). Sorts on ClaimsTableModel::SortRole
/// so numbers and dates sort as such; missing values (NaN, no date) sort last
/// in ascending order.
class ClaimsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ClaimsFilterModel(QObject *parent = nullptr);

    /// Empty: every verdict.
    void setOutcomes(const QSet<Verdict::Outcome> &outcomes);
    QSet<Verdict::Outcome> outcomes() const { return mOutcomes; }
    void setSourceFilter(const QString &text);
    QString sourceFilter() const { return mSource; }
    /// Invalid dates leave that end open.
    void setDateRange(const QDate &from, const QDate &to);
    QDate dateFrom() const { return mFrom; }
    QDate dateTo() const { return mTo; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QSet<Verdict::Outcome> mOutcomes;
    QString mSource;
    QDate mFrom, mTo;
};

} // namespace linewatch

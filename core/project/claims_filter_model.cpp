#include "project/claims_filter_model.h"

#include "project/claims_table_model.h"

#include <cmath>

namespace linewatch {

ClaimsFilterModel::ClaimsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ClaimsTableModel::SortRole);
}

void ClaimsFilterModel::setOutcomes(const QSet<Verdict::Outcome> &outcomes)
{
    mOutcomes = outcomes;
    invalidateFilter();
}

void ClaimsFilterModel::setSourceFilter(const QString &text)
{
    mSource = text.trimmed();
    invalidateFilter();
}

void ClaimsFilterModel::setDateRange(const QDate &from, const QDate &to)
{
    mFrom = from;
    mTo = to;
    invalidateFilter();
}

bool ClaimsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!mOutcomes.isEmpty()
        && !mOutcomes.contains(static_cast<Verdict::Outcome>(i.data(ClaimsTableModel::OutcomeRole).toInt())))
        return false;
    if (!mSource.isEmpty() && !i.data(ClaimsTableModel::SourceRole).toString().contains(mSource, Qt::CaseInsensitive))
        return false;
    const QDate date = i.data(ClaimsTableModel::DateRole).toDate();
    if ((mFrom.isValid() || mTo.isValid()) && !date.isValid())
        return false; // a claim without a date is in no range
    if (mFrom.isValid() && date < mFrom)
        return false;
    if (mTo.isValid() && date > mTo)
        return false;
    return true;
}

bool ClaimsFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole()), b = right.data(sortRole());
    if (a.typeId() == QMetaType::Double || b.typeId() == QMetaType::Double) {
        const double x = a.toDouble(), y = b.toDouble();
        if (std::isnan(x) || std::isnan(y))
            return !std::isnan(x) && std::isnan(y); // missing last
        return x < y;
    }
    if (a.typeId() == QMetaType::QDate || b.typeId() == QMetaType::QDate) {
        const QDate x = a.toDate(), y = b.toDate();
        if (!x.isValid() || !y.isValid())
            return x.isValid() && !y.isValid();
        return x < y;
    }
    if (a.typeId() == QMetaType::Int)
        return a.toInt() < b.toInt();
    return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive) < 0;
}

} // namespace linewatch

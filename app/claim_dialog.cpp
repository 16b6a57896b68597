#include "claim_dialog.h"

#include "claims/line_set.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace linewatch {

ClaimDialog::ClaimDialog(std::shared_ptr<const LineSet> lines, QWidget *parent) : QDialog(parent), mLines(std::move(lines))
{
    setWindowTitle(tr("Claim"));
    mId = new QLineEdit(this);
    mId->setObjectName(QStringLiteral("claimId"));
    mDate = new QDateEdit(QDate::currentDate(), this);
    mDate->setObjectName(QStringLiteral("claimDate"));
    mDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    mDate->setCalendarPopup(true);
    mText = new QPlainTextEdit(this);
    mText->setObjectName(QStringLiteral("claimText"));
    mText->setPlaceholderText(tr("The words of the claim, quoted"));
    mText->setFixedHeight(64);
    mSource = new QLineEdit(this);
    mSource->setObjectName(QStringLiteral("claimSource"));
    mSource->setPlaceholderText(tr("Who made the claim, where it was reported"));
    mRelation = new QComboBox(this);
    mRelation->setObjectName(QStringLiteral("claimRelation"));
    mRelation->addItem(tr("beyond"), QStringLiteral("beyond"));
    mRelation->addItem(tr("within"), QStringLiteral("within"));
    mDistance = new QDoubleSpinBox(this);
    mDistance->setObjectName(QStringLiteral("claimDistance"));
    mDistance->setRange(0, 1e7);
    mDistance->setDecimals(1);
    mDistance->setSuffix(tr(" m"));
    mDistance->setValue(2000);
    mSide = new QComboBox(this);
    mSide->setObjectName(QStringLiteral("claimSide"));
    mUncertainty = new QDoubleSpinBox(this);
    mUncertainty->setObjectName(QStringLiteral("claimUncertainty"));
    mUncertainty->setRange(0, 1e6);
    mUncertainty->setDecimals(1);
    mUncertainty->setSuffix(tr(" m"));
    mVersion = new QLabel(this);
    mVersion->setWordWrap(true);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Id"), mId);
    form->addRow(tr("Date"), mDate);
    form->addRow(tr("Text"), mText);
    form->addRow(tr("Source"), mSource);
    form->addRow(tr("Relation"), mRelation);
    form->addRow(tr("Distance D (geodesic)"), mDistance);
    form->addRow(tr("Side"), mSide);
    form->addRow(tr("Position uncertainty"), mUncertainty);
    form->addRow(QString(), mVersion);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto validate = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!mId->text().trimmed().isEmpty()
                                                          && !mSource->text().trimmed().isEmpty());
    };
    connect(mId, &QLineEdit::textChanged, this, validate);
    connect(mSource, &QLineEdit::textChanged, this, validate);
    connect(mDate, &QDateEdit::dateChanged, this, &ClaimDialog::updateSides);
    validate();
    updateSides();
}

void ClaimDialog::updateSides()
{
    const QString current = mSide->currentData().toString();
    mSide->clear();
    mSide->addItem(tr("(no side named)"), QString());
    if (!mLines) {
        mVersion->setText(tr("No line to check against"));
        return;
    }
    auto version = mLines->select(QString(), mDate->date());
    if (!version) {
        mVersion->setText(version.error().message);
        return;
    }
    const LineVersion &v = **version;
    mSide->addItem(tr("left: %1").arg(v.leftLabel), v.leftLabel);
    mSide->addItem(tr("right: %1").arg(v.rightLabel), v.rightLabel);
    mSide->setCurrentIndex(std::max(0, mSide->findData(current)));
    mVersion->setText(tr("Checked against line %1, valid %2").arg(v.id, v.intervalText()));
}

QVariantMap ClaimDialog::properties() const
{
    QVariantMap p{{QStringLiteral("id"), mId->text().trimmed()},
                  {QStringLiteral("date"), mDate->date().toString(Qt::ISODate)},
                  {QStringLiteral("text"), mText->toPlainText()},
                  {QStringLiteral("source"), mSource->text().trimmed()},
                  {QStringLiteral("relation"), mRelation->currentData().toString()},
                  {QStringLiteral("distance_m"), mDistance->value()}};
    if (!mSide->currentData().toString().isEmpty())
        p.insert(QStringLiteral("side"), mSide->currentData().toString());
    if (mUncertainty->value() > 0)
        p.insert(QStringLiteral("uncertainty_m"), mUncertainty->value());
    return p;
}

void ClaimDialog::setProperties(const QVariantMap &p)
{
    mId->setText(p.value(QStringLiteral("id")).toString());
    const QDate date = QDate::fromString(p.value(QStringLiteral("date")).toString().left(10), Qt::ISODate);
    if (date.isValid())
        mDate->setDate(date);
    mText->setPlainText(p.value(QStringLiteral("text")).toString());
    mSource->setText(p.value(QStringLiteral("source")).toString());
    mRelation->setCurrentIndex(std::max(0, mRelation->findData(p.value(QStringLiteral("relation")).toString().toLower())));
    mDistance->setValue(p.value(QStringLiteral("distance_m")).toDouble());
    updateSides();
    const QString side = p.value(QStringLiteral("side")).toString();
    for (int i = 0; i < mSide->count(); ++i)
        if (mSide->itemData(i).toString().compare(side, Qt::CaseInsensitive) == 0)
            mSide->setCurrentIndex(i);
    mUncertainty->setValue(p.value(QStringLiteral("uncertainty_m")).toDouble());
}

} // namespace linewatch

#pragma once

#include <QDialog>
#include <QVariantMap>

#include <memory>

class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace linewatch {

class LineSet;

/// The properties of a claim (claim-check.md): id, date, text, source,
/// relation, distance D, side, uncertainty. The side is chosen among the
/// labels of the line version valid on the date, so it always matches one.
class ClaimDialog : public QDialog
{
    Q_OBJECT

public:
    ClaimDialog(std::shared_ptr<const LineSet> lines, QWidget *parent = nullptr);

    /// The claim's properties as a claims file holds them.
    QVariantMap properties() const;
    void setProperties(const QVariantMap &properties);

private:
    void updateSides();

    std::shared_ptr<const LineSet> mLines;
    QLineEdit *mId, *mSource;
    QDateEdit *mDate;
    QPlainTextEdit *mText;
    QComboBox *mRelation, *mSide;
    QDoubleSpinBox *mDistance, *mUncertainty;
    QLabel *mVersion;
};

} // namespace linewatch

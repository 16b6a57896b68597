#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace linewatch {

class MeasureTool;
class RangeRingsTool;

/// The results of the measuring tools: the path's segments (geodesic length
/// and azimuth), total, and area when closed, with a degrees/mils switch,
/// "Copy as Text" and "Keep on Map"; and the radii of the range rings.
/// Shows what the tools compute; computes nothing itself.
class MeasurePanel : public QWidget
{
    Q_OBJECT

public:
    MeasurePanel(MeasureTool *measure, RangeRingsTool *rings, QWidget *parent = nullptr);

    /// Which tool's controls to show: the path results or the range rings.
    enum class Mode { Path, Rings };
    void setMode(Mode mode);

    /// What "Copy as Text" puts on the clipboard.
    QString text() const;

public slots:
    void copyAsText();
    /// The active tool's hint or live figures (kept out of the status bar,
    /// whose position and elevation labels a message would hide).
    void setHint(const QString &text);

private:
    void refresh();
    void radiiEdited();

    MeasureTool *mMeasure;
    RangeRingsTool *mRings;
    QLabel *mHint;
    QGroupBox *mPathBox;
    QGroupBox *mRingsBox;
    QTableWidget *mSegments;
    QLabel *mTotal;
    QLabel *mArea;
    QCheckBox *mClosed;
    QComboBox *mUnit;
    QPushButton *mCopy;
    QPushButton *mKeep;
    QLineEdit *mRadii;
    QLabel *mRadiiProblem;
    QPushButton *mKeepRings;
};

} // namespace linewatch

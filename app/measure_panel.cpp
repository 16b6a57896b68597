#include "measure_panel.h"

#include "measure_tool.h"
#include "range_rings_tool.h"

#include "geodesy/measurement_format.h"
#include "geodesy/range_rings.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace linewatch {

MeasurePanel::MeasurePanel(MeasureTool *measure, RangeRingsTool *rings, QWidget *parent)
    : QWidget(parent), mMeasure(measure), mRings(rings)
{
    auto *layout = new QVBoxLayout(this);
    auto *note = new QLabel(tr("Geodesic lengths, azimuths (from true north) and areas on the WGS84 ellipsoid "
                               "(Karney's algorithms)."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    mHint = new QLabel(this);
    mHint->setObjectName(QStringLiteral("measureHint"));
    mHint->setWordWrap(true);
    mHint->setMinimumHeight(2 * mHint->fontMetrics().height());
    layout->addWidget(mHint);

    auto *path = new QGroupBox(tr("Path"), this);
    mPathBox = path;
    auto *pathLayout = new QVBoxLayout(path);
    mSegments = new QTableWidget(0, 3, path);
    mSegments->setObjectName(QStringLiteral("measureSegments"));
    mSegments->setHorizontalHeaderLabels({tr("#"), tr("Length"), tr("Azimuth")});
    mSegments->verticalHeader()->hide();
    mSegments->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    mSegments->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    mSegments->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    mSegments->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mSegments->setSelectionMode(QAbstractItemView::NoSelection);
    pathLayout->addWidget(mSegments, 1);
    mTotal = new QLabel(path);
    mTotal->setObjectName(QStringLiteral("measureTotal"));
    mTotal->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mArea = new QLabel(path);
    mArea->setObjectName(QStringLiteral("measureArea"));
    mArea->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pathLayout->addWidget(mTotal);
    pathLayout->addWidget(mArea);

    auto *options = new QHBoxLayout;
    mClosed = new QCheckBox(tr("Closed (area)"), path);
    mClosed->setObjectName(QStringLiteral("measureClosed"));
    mClosed->setToolTip(tr("Join the last point to the first and show the enclosed area "
                           "(or click the first point again)"));
    mUnit = new QComboBox(path);
    mUnit->setObjectName(QStringLiteral("measureUnit"));
    mUnit->addItem(tr("Degrees"), int(AngleUnit::Degrees));
    mUnit->addItem(tr("Mils (6400)"), int(AngleUnit::Mils));
    mUnit->setToolTip(tr("Azimuths in degrees or NATO mils (6400 to the turn)"));
    options->addWidget(mClosed);
    options->addStretch(1);
    options->addWidget(mUnit);
    pathLayout->addLayout(options);

    auto *buttons = new QHBoxLayout;
    mCopy = new QPushButton(tr("Copy as Text"), path);
    mCopy->setObjectName(QStringLiteral("measureCopy"));
    mKeep = new QPushButton(tr("Keep on Map"), path);
    mKeep->setObjectName(QStringLiteral("measureKeep"));
    mKeep->setToolTip(tr("Add the measurement to the annotations (it stays after the tool is closed)"));
    auto *clear = new QPushButton(tr("Clear"), path);
    buttons->addWidget(mCopy);
    buttons->addWidget(mKeep);
    buttons->addWidget(clear);
    pathLayout->addLayout(buttons);
    layout->addWidget(path, 1);

    auto *ringsBox = new QGroupBox(tr("Range rings"), this);
    mRingsBox = ringsBox;
    auto *ringsLayout = new QFormLayout(ringsBox);
    mRadii = new QLineEdit(ringsBox);
    mRadii->setObjectName(QStringLiteral("ringRadii"));
    mRadii->setText(QStringLiteral("1, 2, 5"));
    mRadii->setToolTip(tr("Radii in kilometres, separated by commas or spaces"));
    ringsLayout->addRow(tr("Radii (km)"), mRadii);
    mRadiiProblem = new QLabel(ringsBox);
    mRadiiProblem->setObjectName(QStringLiteral("ringRadiiProblem"));
    mRadiiProblem->setStyleSheet(QStringLiteral("color: #b00020;"));
    mRadiiProblem->setWordWrap(true);
    mRadiiProblem->hide();
    ringsLayout->addRow(mRadiiProblem);
    mKeepRings = new QPushButton(tr("Keep Rings on Map"), ringsBox);
    mKeepRings->setObjectName(QStringLiteral("ringsKeep"));
    ringsLayout->addRow(mKeepRings);
    layout->addWidget(ringsBox);
    layout->addStretch(0);

    connect(mMeasure, &MeasureTool::measurementChanged, this, &MeasurePanel::refresh);
    connect(mClosed, &QCheckBox::toggled, mMeasure, &MeasureTool::setClosed);
    connect(mUnit, &QComboBox::currentIndexChanged, this,
            [this] { mMeasure->setAngleUnit(AngleUnit(mUnit->currentData().toInt())); });
    connect(mCopy, &QPushButton::clicked, this, &MeasurePanel::copyAsText);
    connect(mKeep, &QPushButton::clicked, mMeasure, &MeasureTool::keepOnMap);
    connect(clear, &QPushButton::clicked, mMeasure, &MeasureTool::clear);
    connect(mRadii, &QLineEdit::editingFinished, this, &MeasurePanel::radiiEdited);
    connect(mRings, &RangeRingsTool::ringsChanged, this, [this] { mKeepRings->setEnabled(mRings->rings().has_value()); });
    connect(mKeepRings, &QPushButton::clicked, mRings, &RangeRingsTool::keepOnMap);
    mKeepRings->setEnabled(false);
    refresh();
}

void MeasurePanel::setMode(Mode mode)
{
    mPathBox->setVisible(mode == Mode::Path);
    mRingsBox->setVisible(mode == Mode::Rings);
}

QString MeasurePanel::text() const { return MeasurementFormat::text(mMeasure->measurement(), mMeasure->angleUnit()); }

void MeasurePanel::copyAsText()
{
    if (mMeasure->measurement().segments().empty())
        return;
    QGuiApplication::clipboard()->setText(text());
}

void MeasurePanel::setHint(const QString &text) { mHint->setText(text); }

void MeasurePanel::refresh()
{
    const PathMeasurement m = mMeasure->measurement();
    const AngleUnit unit = mMeasure->angleUnit();
    mSegments->setRowCount(int(m.segments().size()));
    for (int i = 0; i < int(m.segments().size()); ++i) {
        const MeasuredSegment &s = m.segments()[std::size_t(i)];
        auto *n = new QTableWidgetItem(QString::number(i + 1));
        auto *length = new QTableWidgetItem(MeasurementFormat::distance(s.lengthM));
        auto *azimuth = new QTableWidgetItem(MeasurementFormat::azimuth(s.azimuthDeg, unit));
        length->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        azimuth->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        // The exact figure for anyone who needs more than the display shows.
        length->setToolTip(tr("%1 m").arg(s.lengthM, 0, 'f', 3));
        azimuth->setToolTip(tr("%1°").arg(s.azimuthDeg, 0, 'f', 6));
        mSegments->setItem(i, 0, n);
        mSegments->setItem(i, 1, length);
        mSegments->setItem(i, 2, azimuth);
    }
    mTotal->setText(m.segments().empty() ? tr("Click on the map to measure.")
                                         : tr("Total: <b>%1</b>").arg(MeasurementFormat::distance(m.totalLengthM())));
    mArea->setVisible(m.hasArea());
    if (m.hasArea())
        mArea->setText(tr("Area: <b>%1</b>, perimeter %2")
                           .arg(MeasurementFormat::area(m.areaM2()), MeasurementFormat::distance(m.perimeterM())));
    {
        const QSignalBlocker block(mClosed);
        mClosed->setChecked(mMeasure->isClosed());
    }
    mCopy->setEnabled(!m.segments().empty());
    mKeep->setEnabled(!m.segments().empty());
}

void MeasurePanel::radiiEdited()
{
    const auto radii = RangeRings::parseRadiiKm(mRadii->text());
    mRadiiProblem->setVisible(!radii.ok());
    if (!radii.ok()) {
        mRadiiProblem->setText(radii.error().message);
        return;
    }
    mRings->setRadii(*radii);
}

} // namespace linewatch

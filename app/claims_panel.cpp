#include "claims_panel.h"

#include "add_claim_tool.h"
#include "claim_commands.h"
#include "claim_dialog.h"
#include "map_canvas.h"

#include "render/buffer_layer.h"
#include "claims/claim_set.h"
#include "project/claims_filter_model.h"
#include "render/claims_layer.h"
#include "project/claims_table_model.h"
#include "render/line_layer.h"
#include "io/vector_source.h"
#include "crs/crs_transform.h"
#include "geodesy/geodesic.h"
#include "render/layer_stack.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QTableView>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

namespace linewatch {

ClaimsPanel::ClaimsPanel(LayerStack *layers, MapCanvas *canvas, QUndoStack *undo, QWidget *parent)
    : QWidget(parent), mLayers(layers), mCanvas(canvas), mUndo(undo)
{
    mFilter = new ClaimsFilterModel(this);
    mAddTool = new AddClaimTool(canvas);

    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    mAddPoint = bar->addAction(tr("Add Point Claim"));
    mAddPoint->setObjectName(QStringLiteral("addPointClaim"));
    mAddPoint->setCheckable(true);
    mAddPoint->setStatusTip(tr("Click the map where the claim places something, then describe the claim"));
    mAddArea = bar->addAction(tr("Add Area Claim"));
    mAddArea->setObjectName(QStringLiteral("addAreaClaim"));
    mAddArea->setCheckable(true);
    mAddArea->setStatusTip(tr("Click the vertices of the claimed area, double-click to close it"));
    mEdit = bar->addAction(tr("Edit Claim…"), this, &ClaimsPanel::editSelected);
    mEdit->setObjectName(QStringLiteral("editClaim"));
    mRemove = bar->addAction(tr("Remove Claim"));
    mRemove->setObjectName(QStringLiteral("removeClaim"));
    bar->addSeparator();
    mBuffer = bar->addAction(tr("Buffer Line…"), this, &ClaimsPanel::bufferDialog);
    mBuffer->setObjectName(QStringLiteral("bufferLine"));
    mBuffer->setStatusTip(tr("Draw the band within a distance of the line shown, on one side or both (geodesic, WGS84)"));

    // Filters.
    auto outcomeBox = [this](Verdict::Outcome o) {
        auto *c = new QCheckBox(Verdict::outcomeName(o), this);
        c->setObjectName(QStringLiteral("show-%1").arg(Verdict::outcomeName(o)));
        c->setChecked(true);
        QPalette pal = c->palette();
        pal.setColor(QPalette::WindowText, ClaimsLayer::colourOf(o).darker(115));
        c->setPalette(pal);
        connect(c, &QCheckBox::toggled, this, &ClaimsPanel::updateFilter);
        return c;
    };
    mShowSupported = outcomeBox(Verdict::Outcome::Supported);
    mShowContradicted = outcomeBox(Verdict::Outcome::Contradicted);
    mShowIndeterminate = outcomeBox(Verdict::Outcome::Indeterminate);
    mShowError = outcomeBox(Verdict::Outcome::Error);
    mSourceFilter = new QLineEdit(this);
    mSourceFilter->setObjectName(QStringLiteral("sourceFilter"));
    mSourceFilter->setPlaceholderText(tr("Source contains…"));
    mSourceFilter->setClearButtonEnabled(true);
    connect(mSourceFilter, &QLineEdit::textChanged, this, &ClaimsPanel::updateFilter);
    mDateFilter = new QCheckBox(tr("Dated"), this);
    mDateFilter->setObjectName(QStringLiteral("dateFilter"));
    mDateFrom = new QDateEdit(QDate(2020, 1, 1), this);
    mDateTo = new QDateEdit(QDate::currentDate(), this);
    for (QDateEdit *d : {mDateFrom, mDateTo}) {
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setCalendarPopup(true);
        d->setEnabled(false);
        connect(d, &QDateEdit::dateChanged, this, &ClaimsPanel::updateFilter);
    }
    mDateFrom->setObjectName(QStringLiteral("dateFrom"));
    mDateTo->setObjectName(QStringLiteral("dateTo"));
    connect(mDateFilter, &QCheckBox::toggled, this, [this](bool on) {
        mDateFrom->setEnabled(on);
        mDateTo->setEnabled(on);
        updateFilter();
    });

    // The line version shown.
    mLineDate = new QDateEdit(QDate::currentDate(), this);
    mLineDate->setObjectName(QStringLiteral("lineDate"));
    mLineDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    mLineDate->setCalendarPopup(true);
    mLineDate->setToolTip(tr("The map shows the line version valid on this date"));
    connect(mLineDate, &QDateEdit::dateChanged, this, &ClaimsPanel::updateLineDate);
    mFollowClaimDate = new QCheckBox(tr("follow the selected claim"), this);
    mFollowClaimDate->setObjectName(QStringLiteral("followClaimDate"));
    mFollowClaimDate->setChecked(true);
    mFollowClaimDate->setToolTip(tr("Selecting a claim shows the line as it stood on the claim's date, "
                                    "the version it was checked against"));
    mLineShown = new QLabel(this);
    mLineShown->setObjectName(QStringLiteral("lineShown"));

    mTable = new QTableView(this);
    mTable->setObjectName(QStringLiteral("claimsTable"));
    mTable->setModel(mFilter);
    mTable->setSortingEnabled(true);
    mTable->sortByColumn(-1, Qt::AscendingOrder); // layer order until a header is clicked
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setAlternatingRowColors(true);
    mTable->setWordWrap(false);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setStretchLastSection(true);
    connect(mTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ClaimsPanel::onRowSelected);
    connect(mTable, &QTableView::doubleClicked, this, &ClaimsPanel::editSelected);

    mStatus = new QLabel(this);
    mStatus->setObjectName(QStringLiteral("claimsStatus"));
    mStatus->setWordWrap(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    for (QCheckBox *c : {mShowSupported, mShowContradicted, mShowIndeterminate, mShowError})
        filters->addWidget(c);
    filters->addSpacing(8);
    filters->addWidget(mSourceFilter, 1);
    filters->addWidget(mDateFilter);
    filters->addWidget(mDateFrom);
    filters->addWidget(new QLabel(QStringLiteral("–"), this));
    filters->addWidget(mDateTo);
    auto *line = new QHBoxLayout;
    line->addWidget(new QLabel(tr("Show the line as it stood on"), this));
    line->addWidget(mLineDate);
    line->addWidget(mFollowClaimDate);
    line->addWidget(mLineShown, 1);
    auto *top = new QVBoxLayout(this);
    top->setContentsMargins(4, 2, 4, 2);
    top->setSpacing(3);
    top->addWidget(bar);
    top->addLayout(line);
    top->addLayout(filters);
    top->addWidget(mTable, 1);
    top->addWidget(mStatus);

    connect(mAddPoint, &QAction::toggled, this, [this](bool on) {
        if (on) {
            mAddArea->setChecked(false);
            mAddTool->setMode(AddClaimTool::Mode::Point);
            mCanvas->setTool(mAddTool);
            mCanvas->setFocus(); // the tool's keys (Esc, Enter) reach the map, as with the other tools
        } else if (mCanvas->tool() == mAddTool && !mAddArea->isChecked()) {
            mCanvas->setTool(nullptr);
        }
    });
    connect(mAddArea, &QAction::toggled, this, [this](bool on) {
        if (on) {
            mAddPoint->setChecked(false);
            mAddTool->setMode(AddClaimTool::Mode::Area);
            mCanvas->setTool(mAddTool);
            mAddTool->activate();
            mCanvas->setFocus();
        } else if (mCanvas->tool() == mAddTool && !mAddPoint->isChecked()) {
            mCanvas->setTool(nullptr);
        }
    });
    connect(mAddTool, &MapTool::finished, this, [this] {
        mAddPoint->setChecked(false);
        mAddArea->setChecked(false);
    });
    connect(mAddTool, &MapTool::message, this, &ClaimsPanel::message);
    connect(mAddTool, &AddClaimTool::positionChosen, this, &ClaimsPanel::onPositionChosen);
    connect(mRemove, &QAction::triggered, this, [this] {
        if (!mClaims)
            return;
        const int index = mClaims->indexOf(mClaims->selectedClaimId());
        if (index >= 0)
            mUndo->push(new ClaimEditCommand(mClaims, mClaims->claims()->claims()[index], std::nullopt, index));
    });
    connect(mCanvas, &MapCanvas::clicked, this, &ClaimsPanel::onMapClicked);
    connect(mLayers, &LayerStack::structureChanged, this, &ClaimsPanel::attach);
    attach();
}

ClaimsPanel::~ClaimsPanel()
{
    if (mCanvas && mCanvas->tool() == mAddTool)
        mCanvas->setTool(nullptr);
}

void ClaimsPanel::attach()
{
    ClaimsLayer *found = nullptr;
    for (Layer *l : mLayers->layers())
        if ((found = qobject_cast<ClaimsLayer *>(l)))
            break;
    if (LineLayer *line = lineLayer(); line && line->displayDate().isValid()) {
        const QSignalBlocker block(mLineDate);
        mLineDate->setDate(line->displayDate());
    }
    updateLineDate();
    mBuffer->setEnabled(lineLayer() != nullptr);
    if (found == mClaims && mModel)
        return;
    if (mClaims)
        disconnect(mClaims, nullptr, this, nullptr);
    mClaims = found;
    auto *old = mModel;
    mModel = found ? new ClaimsTableModel(found, this) : nullptr;
    mFilter->setSourceModel(mModel);
    delete old;
    for (QAction *a : {mAddPoint, mAddArea, mEdit, mRemove})
        a->setEnabled(found != nullptr);
    if (!found) {
        mStatus->setText(tr("No claims layer: open a claims file (GeoJSON with date, source, relation, distance_m)"));
        return;
    }
    connect(found, &ClaimsLayer::selectionChanged, this, &ClaimsPanel::onLayerSelection);
    connect(found, &ClaimsLayer::claimsChanged, this, [this] {
        if (mClaims)
            onLayerSelection(mClaims->selectedClaimId()); // the model was reset
        updateStatus();
    });
    mTable->resizeColumnsToContents();
    // Long sources and reasons are read in the tooltip; keep the verdict in view.
    for (int column : {int(ClaimsTableModel::Source), int(ClaimsTableModel::Id), int(ClaimsTableModel::SideColumn)})
        mTable->setColumnWidth(column, std::min(mTable->columnWidth(column), 180));
    updateStatus();
}

void ClaimsPanel::updateStatus()
{
    if (mClaims)
        mStatus->setText(tr("%n claim(s). Distances are geodesic on WGS84, widened by position uncertainty and line "
                            "accuracy; the band of the selected claim shows where \"beyond D\" begins.",
                            nullptr, mClaims->count()));
}

ClaimsLayer *ClaimsPanel::claimsLayer() const { return mClaims; }
ClaimDialog *ClaimsPanel::openDialog() const { return mDialog; }

LineLayer *ClaimsPanel::lineLayer() const
{
    for (Layer *l : mLayers->layers())
        if (auto *line = qobject_cast<LineLayer *>(l))
            return line;
    return nullptr;
}

Layer *ClaimsPanel::addBuffer(double widthM, int sides)
{
    LineLayer *line = lineLayer();
    const LineVersion *v = line ? line->shownVersion() : nullptr;
    if (!v || !(widthM > 0))
        return nullptr;
    auto layer = std::make_unique<BufferLayer>(v->geometry, widthM, BufferLayer::Sides(std::clamp(sides, 0, 2)), v->id,
                                               v->leftLabel, v->rightLabel);
    return mLayers->insert(0, std::move(layer));
}

void ClaimsPanel::bufferDialog()
{
    LineLayer *line = lineLayer();
    const LineVersion *v = line ? line->shownVersion() : nullptr;
    if (!v) {
        emit message(tr("No line version is shown to buffer"));
        return;
    }
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Buffer Line %1").arg(v->id));
    auto *width = new QDoubleSpinBox(&dialog);
    width->setRange(1, 1e6);
    width->setDecimals(0);
    width->setSuffix(tr(" m"));
    width->setValue(2000);
    auto *side = new QComboBox(&dialog);
    side->addItem(tr("left: %1").arg(v->leftLabel));
    side->addItem(tr("right: %1").arg(v->rightLabel));
    side->addItem(tr("both sides"));
    side->setCurrentIndex(2);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Width (geodesic, WGS84)"), width);
    form->addRow(tr("Side"), side);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted)
        addBuffer(width->value(), side->currentIndex());
}

void ClaimsPanel::updateLineDate()
{
    LineLayer *line = lineLayer();
    mLineDate->setEnabled(line != nullptr);
    if (!line) {
        mLineShown->setText(tr("(no line layer)"));
        return;
    }
    line->setDisplayDate(mLineDate->date());
    const LineVersion *v = line->shownVersion();
    mLineShown->setText(v ? tr("version %1, valid %2").arg(v->id, v->intervalText())
                          : tr("no version valid on this date"));
}

void ClaimsPanel::updateFilter()
{
    QSet<Verdict::Outcome> outcomes;
    if (mShowSupported->isChecked())
        outcomes.insert(Verdict::Outcome::Supported);
    if (mShowContradicted->isChecked())
        outcomes.insert(Verdict::Outcome::Contradicted);
    if (mShowIndeterminate->isChecked())
        outcomes.insert(Verdict::Outcome::Indeterminate);
    if (mShowError->isChecked())
        outcomes.insert(Verdict::Outcome::Error);
    // All four unticked shows nothing, not everything.
    mFilter->setOutcomes(outcomes.isEmpty() ? QSet<Verdict::Outcome>{Verdict::Outcome(-1)} : outcomes);
    mFilter->setSourceFilter(mSourceFilter->text());
    if (mDateFilter->isChecked())
        mFilter->setDateRange(mDateFrom->date(), mDateTo->date());
    else
        mFilter->setDateRange({}, {});
}

void ClaimsPanel::selectClaim(const QString &id)
{
    if (mClaims)
        mClaims->setSelectedClaimId(id);
}

void ClaimsPanel::onRowSelected()
{
    if (mSyncing || !mClaims)
        return;
    const QModelIndexList rows = mTable->selectionModel()->selectedRows();
    const QString id = rows.isEmpty() ? QString() : rows.first().data(ClaimsTableModel::ClaimIdRole).toString();
    mClaims->setSelectedClaimId(id);
    if (!id.isEmpty())
        bringIntoView(id);
}

void ClaimsPanel::onLayerSelection(const QString &id)
{
    if (!mModel)
        return;
    mSyncing = true;
    const int row = mModel->rowOf(id);
    const QModelIndex index = row >= 0 ? mFilter->mapFromSource(mModel->index(row, 0)) : QModelIndex();
    if (index.isValid()) {
        mTable->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        mTable->scrollTo(index);
    } else {
        mTable->clearSelection();
    }
    mSyncing = false;
    if (row >= 0 && mFollowClaimDate->isChecked()) {
        const QDate date = mClaims->claims()->claims()[row].date;
        if (date.isValid())
            mLineDate->setDate(date);
    }
}

void ClaimsPanel::bringIntoView(const QString &id)
{
    const int row = mClaims ? mClaims->indexOf(id) : -1;
    if (row < 0)
        return;
    const Claim &c = mClaims->claims()->claims()[row];
    LonLatBox box{180, 90, -180, -90};
    for (const auto &part : c.geometryParts)
        for (const LonLat &p : part) {
            box.west = std::min(box.west, p.lon);
            box.east = std::max(box.east, p.lon);
            box.south = std::min(box.south, p.lat);
            box.north = std::max(box.north, p.lat);
        }
    if (box.west > box.east)
        return;
    const QRectF view = QRectF(QPointF(0, 0), QSizeF(mCanvas->size())).adjusted(20, 20, -20, -20);
    const QPointF a = mCanvas->pixelOf({box.west, box.south}), b = mCanvas->pixelOf({box.east, box.north});
    if (view.contains(a) && view.contains(b))
        return; // on screen: leave the view alone
    const QRectF extent = QRectF(a, b).normalized();
    QPointF centre((box.west + box.east) / 2, (box.south + box.north) / 2);
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), mCanvas->settings().crs());
    if (extent.width() < view.width() && extent.height() < view.height() && t && t->forward(centre)) {
        mCanvas->setCenter(centre); // pan only: the analyst's zoom stays
    } else {
        mCanvas->zoomToBox(box);
    }
}

void ClaimsPanel::onMapClicked(const LonLat &position, QPointF pixel)
{
    if (!mClaims || !mClaims->isVisible() || !position.isValid())
        return;
    // 8 px of tolerance, in metres on the ground at the click.
    const double tolerance = Geodesic::wgs84().distance(position, mCanvas->lonLatAt(pixel + QPointF(8, 0)));
    const int index = mClaims->claimNear(position, tolerance);
    mClaims->setSelectedClaimId(index >= 0 ? mClaims->claims()->claims()[index].id : QString());
}

void ClaimsPanel::onPositionChosen(const std::vector<LonLat> &vertices, bool area)
{
    if (!mClaims || mDialog)
        return;
    auto *dialog = new ClaimDialog(mClaims->lines(), this);
    dialog->setWindowTitle(tr("Add Claim"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QVariantMap initial{{QStringLiteral("id"), QStringLiteral("claim-%1").arg(mClaims->count() + 1)},
                        {QStringLiteral("date"), mLineDate->date().toString(Qt::ISODate)},
                        {QStringLiteral("relation"), QStringLiteral("beyond")},
                        {QStringLiteral("distance_m"), 2000.0}};
    dialog->setProperties(initial);
    mDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, vertices, area] {
        if (!mClaims)
            return;
        SourceFeature f;
        f.number = mClaims->count() + 1;
        f.properties = dialog->properties();
        f.kind = area ? SourceFeature::Kind::Polygon : SourceFeature::Kind::Point;
        f.parts = {vertices};
        if (area)
            f.parts[0].push_back(vertices.front()); // closed, as a file holds it
        const Claim claim = ClaimSet::claimFrom(f);
        if (mClaims->indexOf(claim.id) >= 0) {
            QMessageBox::warning(this, tr("Cannot add the claim"), tr("Another claim already has the id '%1'").arg(claim.id));
            return;
        }
        auto *command = new ClaimEditCommand(mClaims, std::nullopt, claim, mClaims->count());
        mUndo->push(command);
        emit message(tr("Added claim %1").arg(claim.id));
    });
    connect(dialog, &QDialog::finished, this, [this] {
        mAddPoint->setChecked(false);
        mAddArea->setChecked(false);
    });
    dialog->open();
}

void ClaimsPanel::editSelected()
{
    if (!mClaims || mDialog)
        return;
    const int index = mClaims->indexOf(mClaims->selectedClaimId());
    if (index < 0)
        return;
    const Claim before = mClaims->claims()->claims()[index];
    auto *dialog = new ClaimDialog(mClaims->lines(), this);
    dialog->setWindowTitle(tr("Edit Claim %1").arg(before.id));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QVariantMap props;
    for (auto it = before.properties.begin(); it != before.properties.end(); ++it)
        props.insert(it.key().toLower(), it.value());
    dialog->setProperties(props);
    mDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, before, index] {
        if (!mClaims)
            return;
        // Keep what the dialog does not show (line name, extra fields).
        QVariantMap properties = before.properties;
        for (const QString &key : {QStringLiteral("side"), QStringLiteral("uncertainty_m")})
            for (const QString &k : properties.keys())
                if (k.compare(key, Qt::CaseInsensitive) == 0)
                    properties.remove(k);
        const QVariantMap edited = dialog->properties();
        for (auto it = edited.begin(); it != edited.end(); ++it) {
            for (const QString &k : properties.keys())
                if (k.compare(it.key(), Qt::CaseInsensitive) == 0)
                    properties.remove(k);
            properties.insert(it.key(), it.value());
        }
        SourceFeature f;
        f.number = before.featureNumber;
        f.properties = properties;
        f.parts = before.geometryParts;
        const bool single = f.parts.size() == 1 && f.parts[0].size() == 1;
        f.kind = f.parts.empty() ? SourceFeature::Kind::None
                 : single       ? SourceFeature::Kind::Point
                                : SourceFeature::Kind::Polygon;
        const Claim after = ClaimSet::claimFrom(f);
        const int other = mClaims->indexOf(after.id);
        if (other >= 0 && other != mClaims->indexOf(before.id)) {
            QMessageBox::warning(this, tr("Cannot change the claim"), tr("Another claim already has the id '%1'").arg(after.id));
            return;
        }
        mUndo->push(new ClaimEditCommand(mClaims, before, after, index));
    });
    dialog->open();
}

} // namespace linewatch

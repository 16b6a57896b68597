#pragma once

#include "common/geo_point.h"

#include <QPointer>
#include <QWidget>

#include <vector>

class QAction;
class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QUndoStack;

namespace linewatch {

class AddClaimTool;
class ClaimDialog;
class ClaimsFilterModel;
class ClaimsLayer;
class ClaimsTableModel;
class Layer;
class LayerStack;
class LineLayer;
class MapCanvas;

/// The "Claims" dock: the claims of the topmost claims layer with their
/// verdicts (ClaimsTableModel) behind filters by verdict, source and date
/// (ClaimsFilterModel); the date whose line version the map shows; and
/// adding, editing and removing claims, each an undoable step. Selecting a
/// row selects the claim on the map (and brings it into view); clicking a
/// claim on the map selects its row.
class ClaimsPanel : public QWidget
{
    Q_OBJECT

public:
    ClaimsPanel(LayerStack *layers, MapCanvas *canvas, QUndoStack *undo, QWidget *parent = nullptr);
    ~ClaimsPanel() override;

    ClaimsLayer *claimsLayer() const;
    QTableView *table() const { return mTable; }
    ClaimsFilterModel *filterModel() const { return mFilter; }
    AddClaimTool *addTool() const { return mAddTool; }
    /// The dialog of the claim being added or edited, or nullptr.
    ClaimDialog *openDialog() const;

    QAction *addPointAction() const { return mAddPoint; }
    QAction *addAreaAction() const { return mAddArea; }
    QAction *editAction() const { return mEdit; }
    QAction *removeAction() const { return mRemove; }

    /// Selects the claim's row (and the claim on the map); "" clears.
    void selectClaim(const QString &id);
    /// Opens the dialog for the selected claim.
    void editSelected();
    /// Adds a geodesic buffer of the line version shown as a layer on top;
    /// nullptr when no line version is shown. sides: 0 left, 1 right, 2 both.
    Layer *addBuffer(double widthM, int sides);
    QAction *bufferAction() const { return mBuffer; }

signals:
    void message(const QString &text);

private:
    void attach();
    void onRowSelected();
    void onLayerSelection(const QString &id);
    void onMapClicked(const LonLat &position, QPointF pixel);
    void onPositionChosen(const std::vector<LonLat> &vertices, bool area);
    void updateFilter();
    void updateLineDate();
    void bringIntoView(const QString &id);
    void bufferDialog();
    void updateStatus();
    LineLayer *lineLayer() const;

    LayerStack *mLayers;
    QPointer<MapCanvas> mCanvas; // the window may delete the canvas before the dock
    QUndoStack *mUndo;
    QPointer<ClaimsLayer> mClaims;
    ClaimsTableModel *mModel = nullptr;
    ClaimsFilterModel *mFilter;
    QTableView *mTable;
    QCheckBox *mShowSupported, *mShowContradicted, *mShowIndeterminate, *mShowError;
    QLineEdit *mSourceFilter;
    QCheckBox *mDateFilter;
    QDateEdit *mDateFrom, *mDateTo;
    QDateEdit *mLineDate;
    QCheckBox *mFollowClaimDate;
    QLabel *mLineShown, *mStatus;
    AddClaimTool *mAddTool;
    QPointer<ClaimDialog> mDialog;
    QAction *mAddPoint, *mAddArea, *mEdit, *mRemove, *mBuffer;
    bool mSyncing = false;
};

} // namespace linewatch

#pragma once

#include "claims/claim.h"

#include <QPointer>

#include <optional>
#include <QUndoCommand>

namespace linewatch {

class ClaimsLayer;

/// Adds, replaces or removes one claim of a ClaimsLayer as an undoable step
/// on the window's undo stack; the layer re-checks the claim each time. A
/// step whose layer is gone does nothing. The claim is found by id on undo
/// and redo so steps stay right whatever the table's sort order.
class ClaimEditCommand : public QUndoCommand
{
public:
    /// before empty: add `after`; after empty: remove `before`; both: replace.
    ClaimEditCommand(ClaimsLayer *layer, std::optional<Claim> before, std::optional<Claim> after, int index);

    void undo() override;
    void redo() override;

    /// False when the last redo/undo was refused by the layer (duplicate id).
    bool succeeded() const { return mOk; }
    QString errorText() const { return mError; }

private:
    void apply(const std::optional<Claim> &from, const std::optional<Claim> &to);

    QPointer<ClaimsLayer> mLayer;
    std::optional<Claim> mBefore, mAfter;
    int mIndex;
    bool mOk = true;
    QString mError;
};

} // namespace linewatch

#include "claim_commands.h"

#include "render/claims_layer.h"

#include <algorithm>

namespace linewatch {

ClaimEditCommand::ClaimEditCommand(ClaimsLayer *layer, std::optional<Claim> before, std::optional<Claim> after, int index)
    : mLayer(layer), mBefore(std::move(before)), mAfter(std::move(after)), mIndex(index)
{
    if (!mBefore && mAfter)
        setText(QObject::tr("Add claim %1").arg(mAfter->id));
    else if (mBefore && !mAfter)
        setText(QObject::tr("Remove claim %1").arg(mBefore->id));
    else if (mAfter)
        setText(QObject::tr("Edit claim %1").arg(mAfter->id));
}

void ClaimEditCommand::redo() { apply(mBefore, mAfter); }
void ClaimEditCommand::undo() { apply(mAfter, mBefore); }

void ClaimEditCommand::apply(const std::optional<Claim> &from, const std::optional<Claim> &to)
{
    if (!mLayer)
        return;
    Status s = Ok{};
    if (!from && to) {
        s = mLayer->insertClaim(std::clamp(mIndex, 0, mLayer->count()), *to);
    } else if (from) {
        const int at = mLayer->indexOf(from->id);
        if (at < 0)
            s = Error{QObject::tr("claim %1 is no longer in the layer").arg(from->id)};
        else
            s = to ? mLayer->replaceClaim(at, *to) : mLayer->removeClaim(at);
    }
    mOk = s.ok();
    mError = mOk ? QString() : s.error().message;
    if (mOk && to)
        mLayer->setSelectedClaimId(to->id);
}

} // namespace linewatch

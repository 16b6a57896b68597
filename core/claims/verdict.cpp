#include "claims/verdict.h"

namespace linewatch {

QString Verdict::outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Supported: return QStringLiteral("supported");
    case Outcome::Contradicted: return QStringLiteral("contradicted");
    case Outcome::Indeterminate: return QStringLiteral("indeterminate");
    case Outcome::Error: break;
    }
    return QStringLiteral("error");
}

QString Verdict::sideName(PositionSide s)
{
    switch (s) {
    case PositionSide::Left: return QStringLiteral("left");
    case PositionSide::Right: return QStringLiteral("right");
    case PositionSide::Both: return QStringLiteral("both");
    case PositionSide::On: return QStringLiteral("on");
    case PositionSide::Unknown: break;
    }
    return QString();
}

} // namespace linewatch

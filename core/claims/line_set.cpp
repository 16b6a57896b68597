#include "claims/line_set.h"

#include "claims/iso_date.h"
#include "io/vector_source.h"

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {

QString text(const SourceFeature &f, const QString &name) { return f.property(name).toString().trimmed(); }

bool toBool(const QVariant &v)
{
    if (v.typeId() == QMetaType::QString) {
        const QString s = v.toString().trimmed().toLower();
        return s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("1");
    }
    return v.toBool();
}

} // namespace

QString LineVersion::intervalText() const
{
    if (!validTo.isValid())
        return QStringLiteral("from %1").arg(validFrom.toString(Qt::ISODate));
    return QStringLiteral("%1 to %2").arg(validFrom.toString(Qt::ISODate), validTo.toString(Qt::ISODate));
}

Result<LineSet> LineSet::load(const QString &path)
{
    auto features = VectorSource::read(path);
    if (!features)
        return features.error();
    LineSet set;
    set.mPath = path;
    if (features->empty())
        set.mProblems.append(Error(QStringLiteral("the file holds no line version"), path));
    for (const SourceFeature &f : *features) {
        LineVersion v;
        v.featureNumber = f.number;
        v.id = text(f, QStringLiteral("id"));
        const QString who = v.id.isEmpty() ? QStringLiteral("feature %1").arg(f.number)
                                           : QStringLiteral("line %1 (feature %2)").arg(v.id).arg(f.number);
        auto problem = [&](const QString &what) { set.mProblems.append(Error(who + QStringLiteral(": ") + what, path)); };
        const int before = static_cast<int>(set.mProblems.size());
        if (v.id.isEmpty())
            problem(QStringLiteral("missing id"));
        v.name = text(f, QStringLiteral("name"));
        v.leftLabel = text(f, QStringLiteral("left_label"));
        v.rightLabel = text(f, QStringLiteral("right_label"));
        v.source = text(f, QStringLiteral("source"));
        if (v.source.isEmpty())
            problem(QStringLiteral("missing source"));
        if (v.leftLabel.isEmpty() || v.rightLabel.isEmpty())
            problem(QStringLiteral("missing left_label or right_label"));
        else if (v.leftLabel.compare(v.rightLabel, Qt::CaseInsensitive) == 0)
            problem(QStringLiteral("left_label and right_label are both '%1'").arg(v.leftLabel));
        v.approximate = toBool(f.property(QStringLiteral("approximate")));
        if (const QVariant acc = f.property(QStringLiteral("accuracy_m")); acc.isValid()) {
            bool ok = false;
            v.accuracyM = acc.toString().toDouble(&ok);
            if (!ok || !std::isfinite(v.accuracyM) || v.accuracyM < 0.0)
                problem(QStringLiteral("accuracy_m '%1' is not a distance >= 0 in metres").arg(acc.toString()));
        }
        const QVariant from = f.property(QStringLiteral("valid_from"));
        if (!from.isValid()) {
            problem(QStringLiteral("missing valid_from"));
        } else if (auto d = IsoDate::parse(from); !d) {
            problem(QStringLiteral("valid_from: ") + d.error().message);
        } else {
            v.validFrom = *d;
        }
        if (const QVariant to = f.property(QStringLiteral("valid_to")); to.isValid() && !to.toString().trimmed().isEmpty()) {
            if (auto d = IsoDate::parse(to); !d)
                problem(QStringLiteral("valid_to: ") + d.error().message);
            else
                v.validTo = *d;
        }
        if (v.validFrom.isValid() && v.validTo.isValid() && v.validTo <= v.validFrom)
            problem(QStringLiteral("valid_to %1 is not after valid_from %2")
                        .arg(v.validTo.toString(Qt::ISODate), v.validFrom.toString(Qt::ISODate)));
        if (f.kind != SourceFeature::Kind::LineString && f.kind != SourceFeature::Kind::MultiLineString) {
            problem(f.kind == SourceFeature::Kind::None
                        ? QStringLiteral("no geometry (expected LineString or MultiLineString)")
                        : QStringLiteral("geometry is %1, expected LineString or MultiLineString").arg(f.geometryName));
        } else if (auto line = LineDistance::create(f.parts); !line) {
            problem(QStringLiteral("empty or invalid line: ") + line.error().message);
        } else {
            v.geometry = *line;
            if (const auto hit = v.geometry.selfIntersection())
                problem(QStringLiteral("the line intersects itself (segments %1 and %2, counted from 0)").arg(hit->first).arg(hit->second));
        }
        if (set.mProblems.size() == before)
            set.mVersions.push_back(std::move(v));
    }
    // Versions of one name must not overlap in time.
    for (std::size_t i = 0; i < set.mVersions.size(); ++i) {
        for (std::size_t j = i + 1; j < set.mVersions.size(); ++j) {
            const LineVersion &a = set.mVersions[i], &b = set.mVersions[j];
            if (a.name.compare(b.name, Qt::CaseInsensitive) != 0)
                continue;
            const bool aEndsFirst = a.validTo.isValid() && a.validTo <= b.validFrom;
            const bool bEndsFirst = b.validTo.isValid() && b.validTo <= a.validFrom;
            if (!aEndsFirst && !bEndsFirst)
                set.mProblems.append(Error(QStringLiteral("versions %1 (%2) and %3 (%4) of line '%5' overlap in time")
                                               .arg(a.id, a.intervalText(), b.id, b.intervalText(), a.name),
                                           path));
            if (a.id == b.id)
                set.mProblems.append(Error(QStringLiteral("two versions share the id %1").arg(a.id), path));
        }
    }
    return set;
}

Result<const LineVersion *> LineSet::select(const QString &name, const QDate &date) const
{
    const QStringList all = names();
    QString chosen = name;
    if (chosen.isEmpty()) {
        if (all.size() > 1)
            return Error(QStringLiteral("the lines file holds several lines (%1) and none is chosen (a claim's 'line' property)")
                             .arg(all.join(QStringLiteral(", "))));
        if (all.isEmpty())
            return Error(QStringLiteral("the lines file holds no usable line version"));
        chosen = all.first();
    } else if (!all.contains(chosen, Qt::CaseInsensitive)) {
        return Error(QStringLiteral("unknown line '%1' (the lines file has: %2)").arg(chosen, all.join(QStringLiteral(", "))));
    }
    for (const LineVersion &v : mVersions)
        if (v.name.compare(chosen, Qt::CaseInsensitive) == 0 && v.isValidOn(date))
            return &v;
    return Error(QStringLiteral("no line version valid on %1").arg(date.toString(Qt::ISODate)));
}

const LineVersion *LineSet::byId(const QString &id) const
{
    for (const LineVersion &v : mVersions)
        if (v.id == id)
            return &v;
    return nullptr;
}

QStringList LineSet::names() const
{
    QStringList out;
    for (const LineVersion &v : mVersions)
        if (!out.contains(v.name, Qt::CaseInsensitive))
            out.append(v.name);
    return out;
}

} // namespace linewatch

// Annotations as stored in projects and autosaves: never crash; an accepted
// annotation round-trips through JSON.
#include "annotations/annotation.h"

#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (!doc.isObject())
        return 0;
    const auto a = linewatch::Annotation::fromJson(doc.object());
    if (!a.ok())
        return 0;
    const auto again = linewatch::Annotation::fromJson(a->toJson());
    if (!again.ok() || again->points.size() != a->points.size() || again->kind != a->kind)
        std::abort();
    return 0;
}

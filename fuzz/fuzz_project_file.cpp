// The project file: never crash; a project that parses writes back to JSON
// that parses again to the same layers.
#include "project/project.h"

#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    if (!doc.isObject())
        return 0;
    auto project = linewatch::Project::fromJson(doc.object());
    if (!project.ok())
        return 0;
    auto again = linewatch::Project::fromJson(project->toJson());
    if (!again.ok() || again->layers.size() != project->layers.size())
        std::abort();
    return 0;
}

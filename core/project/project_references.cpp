#include "project/project_references.h"

#include "project/project.h"

#include <QFileInfo>

namespace linewatch {

Result<QList<ExternalReference>> ProjectReferences::scan(const QString &projectPath)
{
    auto project = Project::load(projectPath);
    if (!project.ok())
        return project.error();
    const QString folder = QFileInfo(projectPath).absolutePath();
    QList<ExternalReference> refs;
    auto consider = [&](const QString &written, const QString &reason) {
        if (written.isEmpty())
            return;
        const QString target = project->resolve(written);
        ExternalReference::Kind kind = ExternalReference::Kind::LocalFile;
        QString host;
        if (ExternalReferences::isExternal(target, folder, &kind, &host)) {
            ExternalReference r{kind, target, QFileInfo(projectPath).absoluteFilePath(), reason, host};
            if (!refs.contains(r))
                refs << r;
        }
    };
    for (const ProjectLayer &l : project->layers) {
        consider(l.path, QStringLiteral("project layer"));
        consider(l.linesPath, QStringLiteral("lines file of a claims layer"));
        consider(l.localTerrainFolder, QStringLiteral("local terrain folder"));
    }
    return refs;
}

} // namespace linewatch

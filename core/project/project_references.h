#pragma once

#include "common/result.h"
#include "io/external_references.h"

#include <QList>
#include <QString>

namespace linewatch {

/// The external references of a Linewatch project file. Kept apart from
/// io/external_references, which scans data files, because reading a
/// project is project/'s job and io/ sits below it (docs/architecture.md).
class ProjectReferences
{
public:
    /// A project's layers (data, lines and local terrain folders) outside the
    /// project's folder or remote. Data files themselves are scanned when
    /// each layer opens (ExternalReferences::scan).
    static Result<QList<ExternalReference>> scan(const QString &projectPath);
};

} // namespace linewatch

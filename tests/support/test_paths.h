#pragma once

#include <QString>

namespace linewatch::test {

/// The repository root (for maps/ and tests/data/).
QString sourceDir();
/// Folder of build/bin, where linewatch-cli lives.
QString binDir();
/// ../shared/data, or "" when the reference data is not present.
/// Tests of the real-data group QSKIP with a message when this is empty.
QString sharedDataDir();
/// A fresh temporary folder for the running test, removed at exit.
QString tempDir();

} // namespace linewatch::test

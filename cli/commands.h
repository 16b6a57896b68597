#pragma once

#include <QStringList>

namespace linewatch::cli {

/// Each sub-command takes its arguments (without the program and command
/// names) and returns the process exit status: 0 success, 2 bad input,
/// 1 any other failure. Messages go to stderr, results to stdout.
int runVersion(const QStringList &args);
int runRender(const QStringList &args);
/// What the terrain layer opens (local DEMs or the remote tiles); --probe
/// tries the remote server.
int runTerrain(const QStringList &args);
/// `distance`: geodesic distance from each point of a CSV to one line version (cli/command_distance.cpp).
int runDistance(const QStringList &args);
/// `check`: a verdict for each claim against the dated line versions (cli/command_check.cpp).
int runCheck(const QStringList &args);
/// `open`: opens files or a project the way the viewer does and prints each outcome (cli/command_open.cpp).
int runOpen(const QStringList &args);

/// For commands that read data files themselves (check, distance): false, with
/// a message listing the references, when a file refers outside its folder or
/// to the network and `allow` (--allow-external) is not set, or cannot be scanned.
bool externalReferencesAllowed(const QStringList &files, bool allow, const char *command);

} // namespace linewatch::cli

#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite headless,
# twice: the ci preset (build/, warnings as errors) and then the asan preset
# (build-asan/, AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer,
# where any finding in a test or in a process it starts fails the run).
# The README's second set-up command and what .ci/run calls. Exits non-zero at
# the first preset whose build or tests fail.
#   LINEWATCH_PRESETS="ci"  runs only the listed presets (LINEWATCH_PRESET, one
#                           name, is still understood)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
presets=${LINEWATCH_PRESETS:-${LINEWATCH_PRESET:-ci asan}}
export QT_QPA_PLATFORM=offscreen
for preset in $presets; do
  echo "test.sh: preset $preset"
  start=$(date +%s)
  cmake --preset "$preset" -DLinewatch_SHARED_DATA_DIR="$(pwd)/../shared/data"
  cmake --build --preset "$preset" --parallel "$(nproc)"
  ctest --preset "$preset"
  echo "test.sh: preset $preset passed in $(( $(date +%s) - start )) s"
done

#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite headless.
# The README's second set-up command. Exit status is ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
preset=${LINEWATCH_PRESET:-ci}
cmake --preset "$preset" -DLinewatch_SHARED_DATA_DIR="$(pwd)/../shared/data"
cmake --build --preset "$preset" --parallel "$(nproc)"
export QT_QPA_PLATFORM=offscreen
ctest --preset "$preset"

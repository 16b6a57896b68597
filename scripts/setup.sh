#!/usr/bin/env bash
# The README's first set-up command: installs the Debian packages that are
# missing (with sudo when not root), builds Linewatch, and opens the viewer
# on the bundled Shusha sample.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev --parallel "$(nproc)" --target linewatch linewatch-cli

echo
echo "Built build/bin/linewatch and build/bin/linewatch-cli."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: not opening the viewer. On a desktop, run:"
  echo "  build/bin/linewatch maps/shusha/shusha.lwproj"
  exit 0
fi
exec build/bin/linewatch maps/shusha/shusha.lwproj

#!/usr/bin/env bash
# Installs the Debian 12 packages Linewatch needs to build, run and test.
# Only installs what is missing; safe to run again. Needs root or sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev
  libgdal-dev gdal-bin libproj-dev proj-bin proj-data
  libboost-dev libgeographiclib-dev geographiclib-tools
  libbenchmark-dev
  xvfb xauth imagemagick poppler-utils librsvg2-bin
  python3 fonts-dejavu-core fonts-noto-core
  clang libclang-rt-14-dev
  ccache
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

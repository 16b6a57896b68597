#!/usr/bin/env bash
# Takes a screenshot of the running viewer under Xvfb, as the README's images
# are made: scripts/screenshot.sh OUT.png [SECONDS] [ARGS...]
# (default: the bundled sample). Needs xvfb and imagemagick (install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/screenshot.sh OUT.png [SECONDS] [ARGS...]}
secs=${2:-6}
shift $(( $# >= 2 ? 2 : 1 ))
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(maps/shusha/shusha.lwproj)
out_abs=$(realpath -m "$out")
xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  build/bin/linewatch --maximized "$@" & pid=$!
  sleep '"$secs"'
  import -window root "'"$out_abs"'"
  kill $pid' _ "${args[@]}"
echo "wrote $out"

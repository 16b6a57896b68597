#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a set
# number of executions from its seed corpus (fuzz/corpus/<target>/).
#   scripts/fuzz.sh [RUNS=1000000] [TARGET...]
# FUZZ_JOBS=1 builds with one compiler job (a shared machine).
# Prints each target's executions, coverage and outcome; exits non-zero when a
# target crashes (the crashing input is left in build-fuzz/crashes/).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_coordinate_parser fuzz_project_file fuzz_points_csv fuzz_iso_date fuzz_annotation_json
  fuzz_autosave_journal fuzz_claims_file fuzz_lines_file)

mkdir -p build-fuzz
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLinewatch_FUZZ=ON \
  -DLinewatch_BUILD_TESTS=OFF -DLinewatch_BUILD_BENCHMARKS=OFF -DLinewatch_BUILD_GUI=OFF > build-fuzz/build.log
cmake --build build-fuzz --parallel "${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]}" >> build-fuzz/build.log
mkdir -p build-fuzz/crashes build-fuzz/corpus
export QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=0
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  log="build-fuzz/$t.log"
  if build-fuzz/bin/"$t" -runs="$runs" -max_len=4096 -artifact_prefix="build-fuzz/crashes/$t-" \
       "build-fuzz/corpus/$t" "fuzz/corpus/$t" > "$log" 2>&1; then
    outcome=ok
  else
    outcome=CRASH
    status=1
  fi
  summary=$(grep -E "^#[0-9]+.*(DONE|cov:)" "$log" | tail -1)
  echo "$t: $outcome  $summary"
done
exit $status

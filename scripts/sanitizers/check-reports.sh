#!/usr/bin/env bash
# Sanitizer reports of the asan build are written to files, one per process
# (ASAN_OPTIONS/UBSAN_OPTIONS log_path, set in tests/CMakeLists.txt), so that a
# finding in a child process (linewatch-cli or the viewer started by a test)
# fails the run even when the test only looks at the child's exit code.
#   check-reports.sh clear DIR   before the tests: start from an empty folder
#   check-reports.sh check DIR   after the tests: print every report, fail if any
set -euo pipefail
mode=$1
dir=$2
case "$mode" in
  clear)
    rm -rf "$dir"
    mkdir -p "$dir"
    ;;
  check)
    shopt -s nullglob
    reports=("$dir"/*)
    if [ ${#reports[@]} -eq 0 ]; then
      echo "sanitizers: no findings (reports folder $dir is empty)"
      exit 0
    fi
    for r in "${reports[@]}"; do
      echo "===== $r"
      cat "$r"
    done
    echo "sanitizers: ${#reports[@]} report(s) in $dir" >&2
    exit 1
    ;;
  *)
    echo "usage: $0 clear|check DIR" >&2
    exit 2
    ;;
esac

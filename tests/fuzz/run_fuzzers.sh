#!/usr/bin/env bash
# Builds every fuzz target with clang-14 (libFuzzer, ASan, UBSan) in a build directory of its own and runs each
# for a while, printing the executions and the result per target.
#
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR is configured with the Fuzz build type on first use (cmake/YimenFuzz.cmake) and only the fuzz targets
# are built. Each target fuzzes for SECONDS into BUILD_DIR/corpus/<target> (kept between runs, so longer and
# repeated runs build on each other), seeded from its corpus in the source tree, which is never written to.
# Findings go to BUILD_DIR/artifacts/<target>/ and the full log to BUILD_DIR/logs/<target>.log; reproduce one
# with `BUILD_DIR/.../<target> <artifact>`. Exit status 0 when every target ran clean.
# Environment: YIMEN_FUZZ_JOBS (build parallelism, default 2), YIMEN_FUZZ_CC / YIMEN_FUZZ_CXX (default clang-14).
set -euo pipefail

if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
  sed -n '5p' "$0" | sed 's/^# *//' >&2
  exit 2
fi
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(mkdir -p "$1" && cd "$1" && pwd)
seconds=$2
shift 2
wanted=("$@")
jobs=${YIMEN_FUZZ_JOBS:-2}
cc=${YIMEN_FUZZ_CC:-clang-14}
cxx=${YIMEN_FUZZ_CXX:-clang++-14}

for tool in "$cc" "$cxx" cmake ninja; do
  command -v "$tool" >/dev/null || { echo "run_fuzzers: $tool not found" >&2; exit 2; }
done

if [ ! -f "$build_dir/build.ninja" ]; then
  echo "==> configuring $build_dir (Fuzz build type, $cxx)"
  # Warnings are the gcc build's gate; here a clang-only warning must not stop the fuzzing.
  # The "fuzz" preset of CMakePresets.json, in this build directory, with the compilers chosen above.
  (cd "$source_dir" && cmake --preset fuzz -B "$build_dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx") \
    >"$build_dir/configure.log" 2>&1 \
    || { cat "$build_dir/configure.log" >&2; exit 1; }
fi
echo "==> building the fuzz targets"
cmake --build "$build_dir" --target yimen_fuzzers -j "$jobs" >"$build_dir/build.log" 2>&1 \
  || { tail -n 60 "$build_dir/build.log" >&2; exit 1; }

manifest=$build_dir/fuzz_targets.tsv
[ -s "$manifest" ] || { echo "run_fuzzers: no fuzz targets in $manifest" >&2; exit 1; }
mkdir -p "$build_dir/corpus" "$build_dir/artifacts" "$build_dir/logs"

selected() {
  [ ${#wanted[@]} -eq 0 ] && return 0
  local w
  for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

failures=0
ran=0
results=()
while IFS=$'\t' read -r name binary seeds; do
  [ -n "$name" ] || continue
  selected "$name" || continue
  corpus=$build_dir/corpus/$name
  artifacts=$build_dir/artifacts/$name/
  log=$build_dir/logs/$name.log
  mkdir -p "$corpus" "$artifacts"
  echo "==> $name: ${seconds}s"
  status=0
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $status, see $log)"
    finding=$(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" || true)
    [ -n "$finding" ] && result="$result: $finding"
    failures=$((failures + 1))
  fi
  ran=$((ran + 1))
  results+=("$(printf '%-26s %12s %8s  %s' "$name" "${execs:-?}" "$units" "$result")")
done <"$manifest"

[ "$ran" -gt 0 ] || { echo "run_fuzzers: no target matched ${wanted[*]}" >&2; exit 1; }
echo
printf '%-26s %12s %8s  %s\n' target executions corpus result
printf '%s\n' "${results[@]}"
echo "$ran targets, $failures with findings, ${seconds}s each"
[ "$failures" -eq 0 ]

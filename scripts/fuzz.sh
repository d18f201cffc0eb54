#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (release, -sanitize=fuzzer,address) and runs one, or all.
# Usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options...]
#   e.g. scripts/fuzz.sh npz 600        scripts/fuzz.sh all 20
#        scripts/fuzz.sh graph 0 -runs=1000000     (SECONDS 0: no time limit)
# Targets: see TARGETS below (Fuzz/Sources/SAEGraphFuzz/FuzzTargets.swift).
# Seeds come from Fuzz/Corpus/TARGET (committed); inputs the fuzzer finds go to
# .build-fuzz/corpus/TARGET, crashing inputs to .build-fuzz/findings/TARGET/ (make each a
# regression test). Each run is limited to 2 GB of RSS and 1 GB per allocation, so an
# allocation sized by a number the input claims is a finding too.
# FUZZ_SANITIZERS overrides the sanitizers (default fuzzer,address).
# Exits 0 with a message, running nothing, when this toolchain cannot build fuzzers
# (libFuzzer ships with the Linux toolchains, not with Xcode's).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS="safetensors npy npz gzip json labels-csv labels-jsonl labels-json labels-nodelink graph layout partial"
target=${1:?usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options...]}
seconds=${2:?usage: scripts/fuzz.sh TARGET|all SECONDS [libFuzzer options...]}
shift 2
extra=("$@")
source scripts/setup.sh
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
build=.build-fuzz

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ p: UnsafePointer<UInt8>?, _ n: Int) -> CInt { 0 }\n' \
  >"$probe/probe.swift"
if ! swiftc -parse-as-library -sanitize="$sanitizers" "$probe/probe.swift" -o "$probe/probe" >/dev/null 2>&1; then
  echo "fuzz: skipped: this Swift toolchain cannot build libFuzzer targets (-sanitize=$sanitizers)" >&2
  exit 0
fi

# Release (with Swift's checks, as shipped) plus -enable-testing so the fuzzer reaches the
# library's internal readers through @testable import.
swift build --package-path Fuzz --build-path "$build" -c release -Xswiftc -enable-testing \
  -Xswiftc -sanitize="$sanitizers" -Xswiftc -parse-as-library 2>&1 | grep -v '^\[' >&2 || true
bin="$build/release/SAEGraphFuzz"
[ -x "$bin" ] || { echo "fuzz: build failed" >&2; exit 1; }

run() {
  local t=$1
  [ -d "Fuzz/Corpus/$t" ] || { echo "fuzz: unknown target $t (targets: $TARGETS)" >&2; return 1; }
  mkdir -p "$build/corpus/$t" "$build/findings/$t"
  local log="$build/findings/$t.log"
  local status=0
  FUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$bin" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 \
    -artifact_prefix="$build/findings/$t/" -print_final_stats=1 ${extra[@]+"${extra[@]}"} \
    "$build/corpus/$t" "Fuzz/Corpus/$t" >"$log" 2>&1 || status=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ $status -ne 0 ]; then
    echo "fuzz: $t FAILED after $runs executions; see $log and $build/findings/$t/" >&2
    grep -m 3 -E 'ERROR|Fatal|panic|deadly signal' "$log" >&2 || true
    return 1
  fi
  echo "fuzz: $t ok, $runs executions in ${seconds}s" >&2
}

failed=0
if [ "$target" = all ]; then
  for t in $TARGETS; do run "$t" || failed=1; done
else
  run "$target" || failed=1
fi
exit $failed

#!/usr/bin/env bash
# The whole test suite: installs missing system packages, checks formatting, builds, runs
# every test, then the checks against the formats' real readers and a real browser (Python)
# and a sharded build on a real single-node SLURM cluster (scripts/slurm-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export SAEGRAPH_TEST_TOOLS=1
source scripts/setup.sh
# Formatting (config: .swift-format). Fix with: swift format -i -r -p Sources Tests Package.swift Benchmarks Fuzz/Sources Fuzz/Package.swift
swift format lint --strict -r -p Sources Tests Package.swift Benchmarks Fuzz/Sources Fuzz/Package.swift
swift build --build-tests
swift test --skip-build
# Exports read back with networkx's own readers and writers.
python3 scripts/check-exports.py "$(swift build --show-bin-path)/saegraph"
# The HTML report in headless Chromium: console, requests, hover, click-to-trace, search.
python3 scripts/check-report.py "$(swift build --show-bin-path)/saegraph"
bash scripts/slurm-test.sh "$(swift build --show-bin-path)/saegraph"
# Every fuzz target for 15 s, so they keep building and running (docs/untrusted-input.md).
bash scripts/fuzz.sh all 15

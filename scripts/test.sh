#!/usr/bin/env bash
# The whole test suite: installs missing system packages, checks formatting, builds, runs
# every test, then a sharded build on a real single-node SLURM cluster (scripts/slurm-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# Formatting (config: .swift-format). Fix with: swift format -i -r -p Sources Tests Package.swift Benchmarks
swift format lint --strict -r -p Sources Tests Package.swift Benchmarks
swift build --build-tests
swift test --skip-build
bash scripts/slurm-test.sh "$(swift build --show-bin-path)/saegraph"

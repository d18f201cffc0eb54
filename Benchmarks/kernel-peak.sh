#!/usr/bin/env bash
# Builds and runs Benchmarks/kernel_peak.c: per-kernel peak GOP/s on this CPU (figures only).
# An argument sets the columns (default 960; 24576 is a build tile's width).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
out="${TMPDIR:-/tmp}/saegraph-kernel-peak"
cc -O2 -pthread -I Sources/CKernels/include Benchmarks/kernel_peak.c Sources/CKernels/*.c \
    $(pkg-config --cflags --libs openblas) -lm -o "$out"
"$out" "$@"

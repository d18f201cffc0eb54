#!/usr/bin/env bash
# Installs what saegraph needs to build on Debian/Ubuntu: the C libraries it links
# (OpenBLAS, Graphviz, zlib) and pkg-config. Only missing packages are installed.
# Sourced by scripts/run-example.sh and scripts/test.sh; safe to run again.
set -euo pipefail
need=()
for p in libopenblas-dev libgraphviz-dev zlib1g-dev pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "saegraph setup: installing ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian's OpenBLAS falls back to slow SSE3 kernels on AVX-512 CPUs unless told the core
# type before it loads. The saegraph executable sets this itself; tests and benchmarks
# that load the library directly need it in the environment.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  export OPENBLAS_CORETYPE=SkylakeX
fi

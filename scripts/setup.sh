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
# Tools the tests need beyond the build (scripts/test.sh sets SAEGRAPH_TEST_TOOLS=1; the
# example run does not): Python with networkx, to read saegraph's exports with networkx's
# own readers, and headless Chromium with its driver and selenium, to test the HTML report
# in a real browser.
if [ "${SAEGRAPH_TEST_TOOLS:-0}" = 1 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if ! command -v python3 >/dev/null 2>&1 || ! python3 -m pip --version >/dev/null 2>&1; then
    echo "saegraph setup: installing python3 and pip" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3 python3-pip >/dev/null
  fi
  saegraph_pip() {
    python3 -m pip install -q "$@" 2>/dev/null || python3 -m pip install -q --break-system-packages "$@"
  }
  python3 -c 'import networkx' 2>/dev/null || saegraph_pip 'networkx>=3.4'
  python3 -c 'import selenium' 2>/dev/null || saegraph_pip 'selenium>=4.20'
  browser=()
  for p in chromium chromium-driver; do dpkg -s "$p" >/dev/null 2>&1 || browser+=("$p"); done
  if [ ${#browser[@]} -gt 0 ]; then
    echo "saegraph setup: installing ${browser[*]} (browser tests)" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${browser[@]}" >/dev/null
  fi
fi

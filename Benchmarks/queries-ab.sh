#!/usr/bin/env bash
# Compares two saegraph builds on the four query commands of the speed goal (`chains`,
# `components`, `hubs`, `trace`) on one graph, the builds interleaved command by command so
# that a shared machine's drift falls on both alike. Prints every wall time and the median per
# command and build; never passes or fails.
#   Benchmarks/queries-ab.sh BEFORE_BINARY AFTER_BINARY [graph.json] [rounds]
# (default graph /tmp/q-labelled.json, made by make-large-graph.py --labelled 1 when missing;
# default 7 rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY [graph.json] [rounds]" >&2; exit 2; }
BEFORE="$1"; AFTER="$2"; GRAPH="${3:-/tmp/q-labelled.json}"; ROUNDS="${4:-7}"
[ -f "$GRAPH" ] || python3 Benchmarks/make-large-graph.py "$GRAPH" --labelled 1
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
times=$(mktemp)
trap 'rm -f "$times" "$times.t"' EXIT
for _ in $(seq "$ROUNDS"); do
  for cmd in "chains --top 20" "components" "hubs --by total" "trace 7:123"; do
    read -r -a words <<< "$cmd"
    for build in before after; do
      exe="$BEFORE"; [ "$build" = after ] && exe="$AFTER"
      /usr/bin/time -f "%e" -o "$times.t" "$exe" "${words[0]}" "$GRAPH" "${words[@]:1}" > /dev/null
      echo "$build|$cmd|$(cat "$times.t")" >> "$times"
    done
  done
done
python3 - "$times" <<'PY'
import collections, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    build, cmd, wall = line.strip().split("|")
    runs[(cmd, build)].append(float(wall))
for cmd in dict.fromkeys(c for c, _ in runs):
    for build in ("before", "after"):
        v = sorted(runs[(cmd, build)])
        print(f"{cmd:18s} {build:6s} median {v[len(v) // 2]:.2f} s   {' '.join(f'{x:.2f}' for x in v)}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

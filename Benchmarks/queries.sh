#!/usr/bin/env bash
# Times every query command on a graph of 100,000 features and 1,000,000 edges with a label
# on every feature, written as saegraph writes it (edges under both `edges` and `links`),
# loading included. Prints figures; never passes or fails. Needs a release build and numpy.
#   Benchmarks/queries.sh [/tmp/large-graph.json] [runs]
# (a missing graph file is made by make-large-graph.py --labelled 1; each command runs
# `runs` times, default 3, and every run is printed: the machine is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
G="${SAEGRAPH:-.build/release/saegraph}"  # SAEGRAPH=path times another build
[ -x "$G" ] || { echo "build first: swift build -c release --static-swift-stdlib" >&2; exit 1; }
GRAPH="${1:-/tmp/large-graph.json}"
RUNS="${2:-3}"
[ -f "$GRAPH" ] || python3 Benchmarks/make-large-graph.py "$GRAPH" --labelled 1
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-45s %8s %8s %8s %10s\n' command "wall s" "user s" "sys s" "peak MiB"
for cmd in "chains --top 20" "chains --top 20 --score mean" "chains --top 20 --disjoint" \
           "components" "hubs --by total" "trace 7:123" "stats" "edges -o /tmp/queries-edges.csv"; do
  read -r -a words <<< "$cmd"
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o /tmp/queries-time "$G" "${words[0]}" "$GRAPH" "${words[@]:1}" > /dev/null
    read -r wall user sys kb < /tmp/queries-time
    printf '%-45s %8s %8s %8s %10d\n' "$cmd" "$wall" "$user" "$sys" $((kb / 1024))
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

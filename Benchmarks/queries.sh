#!/usr/bin/env bash
# Times every query command on a graph of 100,000 features and 1,000,000 edges (loading
# included). Prints figures; never passes or fails. Needs a release build and numpy.
#   Benchmarks/queries.sh [/tmp/large-graph.json]
set -euo pipefail
cd "$(dirname "$0")/.."
G=.build/release/saegraph
[ -x "$G" ] || { echo "build first: swift build -c release" >&2; exit 1; }
GRAPH="${1:-/tmp/large-graph.json}"
[ -f "$GRAPH" ] || python3 Benchmarks/make-large-graph.py "$GRAPH"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-45s %8s %8s %10s\n' command "wall s" "user s" "peak MiB"
for cmd in "chains --top 20" "chains --top 20 --score mean" "chains --top 20 --disjoint" \
           "components" "hubs --by total" "trace 7:123" "stats" "edges -o /tmp/queries-edges.csv"; do
  read -r -a words <<< "$cmd"
  /usr/bin/time -f "%e %U %M" -o /tmp/queries-time "$G" "${words[0]}" "$GRAPH" "${words[@]:1}" > /dev/null
  read -r wall user kb < /tmp/queries-time
  printf '%-45s %8s %8s %10d\n' "$cmd" "$wall" "$user" $((kb / 1024))
done

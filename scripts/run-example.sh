#!/usr/bin/env bash
# The main job: installs what is missing, builds saegraph (release) and runs it on the bundled
# real example (TopK SAEs trained on all-MiniLM-L6-v2's residual stream, layers 2-5, with
# top-activation labels): builds the similarity graph, lists chains, components, hubs and
# statistics (text and JSON), draws the top chains and one traced feature as SVG, and prints
# a short summary. Usage: scripts/run-example.sh [OUT_DIR]   (default: out)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
OUT="${1:-out}"
EX=examples/minilm
echo "saegraph: building (release)…" >&2
swift build -c release --static-swift-stdlib --product saegraph 2>&1 | grep -E "error|warning: unre|Compiling saegraph|Build complete" >&2 || true
G=.build/release/saegraph
[ -x "$G" ] || { echo "saegraph: the release build failed" >&2; exit 1; }
mkdir -p "$OUT"

"$G" build "$EX/saes" --labels "$EX/labels/explanations.jsonl.gz" -o "$OUT/graph.json"
for fmt in text json; do
  ext=$([ "$fmt" = text ] && echo txt || echo json)
  "$G" chains "$OUT/graph.json" --top 20 --format "$fmt" -o "$OUT/chains.$ext"
  "$G" components "$OUT/graph.json" --format "$fmt" -o "$OUT/components.$ext"
  "$G" hubs "$OUT/graph.json" --by total --top 20 --format "$fmt" -o "$OUT/hubs.$ext"
  "$G" stats "$OUT/graph.json" --format "$fmt" -o "$OUT/stats.$ext"
done
"$G" edges "$OUT/graph.json" --format csv -o "$OUT/edges.csv"
"$G" render "$OUT/graph.json" --chains 12 --title "all-MiniLM-L6-v2 TopK SAEs: strongest chains, layers 2-5" -o "$OUT/chains.svg" >/dev/null
# Trace the first feature of the strongest chain.
first=$("$G" chains "$OUT/graph.json" --top 1 --format csv | awk -F, 'NR == 2 { print $4 ":" $5 }')
"$G" trace "$OUT/graph.json" "$first" --format text -o "$OUT/trace.txt"
"$G" render "$OUT/graph.json" --trace "$first" --direction forward --title "Trace of $first" -o "$OUT/trace.svg" >/dev/null

echo
echo "Five strongest chains (layers 2-5; label = top-activating tokens in context):"
"$G" chains "$OUT/graph.json" --top 5
echo
echo "Files in $OUT/:"
for f in graph.json edges.csv chains.txt chains.json components.txt components.json hubs.txt hubs.json \
         stats.txt stats.json trace.txt chains.svg trace.svg; do
  printf '  %-16s %s\n' "$f" "$(du -h "$OUT/$f" | cut -f1)"
done

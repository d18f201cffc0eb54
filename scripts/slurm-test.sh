#!/usr/bin/env bash
# A sharded build on a real scheduler: starts a single-node SLURM cluster in a temporary folder
# (scripts/slurm-cluster.sh), plans a sharded build of the bundled example (build --plan
# --slurm-script), submits it (a job array and a merge job that waits for it with
# --dependency=afterok) and checks that the merged graph is byte-identical to the unsharded
# build; then removes one shard's file as a killed task would leave it, checks that the merge
# names it, and that a rerun of the array recomputes that shard alone. Stops every daemon it
# started, by pid, on exit.
# Skips (exit 0) only where SLURM cannot be installed. Called by scripts/test.sh.
# Usage: scripts/slurm-test.sh [SAEGRAPH]   (default: .build/debug/saegraph)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
G=$(realpath "${1:-.build/debug/saegraph}")
SAES="$ROOT/examples/minilm/saes"
SHARDS=4
WAIT=300 # seconds any one wait on the scheduler may take
source scripts/slurm-cluster.sh

passed=0
failed=0
check() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "slurm-test: ok   $name"
  else
    failed=$((failed + 1))
    echo "slurm-test: FAIL $name"
  fi
}

[ -x "$G" ] || {
  echo "slurm-test: no saegraph executable at $G; build first (swift build)" >&2
  exit 1
}
if ! slurm_install; then
  echo "slurm-test: skipped: SLURM cannot be installed on this machine (reason above)"
  echo "slurm-test: 0 passed, 0 failed, 1 skipped"
  exit 0
fi

T=$(mktemp -d /tmp/saegraph-slurm.XXXXXX)
cleanup() {
  slurm_stop
  if [ "$failed" -gt 0 ]; then
    echo "slurm-test: daemon and job logs:" >&2
    tail -n 8 "$T"/log/* "$T"/work/logs/* >&2 2>/dev/null
  fi
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
if ! slurm_start "$T"; then
  failed=$((failed + 1))
  echo "slurm-test: FAIL the test cluster did not start"
  echo "slurm-test: $passed passed, $failed failed"
  exit 1
fi
echo "slurm-test: cluster up in $(($(date +%s) - started)) s ($(sinfo -h -o '%P %a %D node(s) %t'))"

W="$T/work"
mkdir -p "$W"
cd "$W"

# Waits for job $1 to end; prints its final state (a merge whose array failed never runs:
# DependencyNeverSatisfied counts as ended).
wait_job() {
  local state="" waited=0
  [ -n "$1" ] || {
    echo NOT_SUBMITTED
    return
  }
  while [ "$waited" -lt "$WAIT" ]; do
    state=$(scontrol show job "$1" -o 2>/dev/null | tr ' ' '\n' | sed -n 's/^JobState=//p')
    case "$state" in
      COMPLETED | FAILED | CANCELLED | TIMEOUT | OUT_OF_MEMORY | NODE_FAIL) break ;;
    esac
    scontrol show job "$1" -o 2>/dev/null | grep -q 'Reason=DependencyNeverSatisfied' && state=NEVER_RAN && break
    sleep 1
    waited=$((waited + 1))
  done
  echo "${state:-UNKNOWN}"
}
merge_job() { sed -n 's/^submitted merge job \([0-9]*\).*/\1/p' "$1"; }

# The plan and its array script, as a user makes them.
"$G" build "$SAES" --plan --shards "$SHARDS" --threads 1 --slurm-script "$W/run.sh" -o "$W/merged.json" \
  >"$W/plan.txt" 2>/dev/null
plan_ok() { grep -q "^$SHARDS tasks: " "$W/plan.txt" && grep -q "^#SBATCH --array=1-$SHARDS\$" "$W/run.sh"; }
check "build --plan lists $SHARDS tasks and writes the array script" plan_ok

t0=$(date +%s)
bash "$W/run.sh" >"$W/submit-1.txt"
state=$(wait_job "$(merge_job "$W/submit-1.txt")")
check "array of $SHARDS shards, then the merge (afterok): $state" test "$state" = COMPLETED
echo "slurm-test: $SHARDS shards + merge on the cluster in $(($(date +%s) - t0)) s"
count=$(ls "$W"/parts/part-*.json 2>/dev/null | wc -l)
check "$SHARDS partial files written by the array" test "$count" -eq "$SHARDS"
"$G" build "$SAES" --quiet -o "$W/single.json"
check "merged graph is byte-identical to the unsharded build" cmp -s "$W/merged.json" "$W/single.json"

# A killed shard leaves no partial file (files are written atomically): the merge lists it
# with the command that recomputes it, and a rerun of the array recomputes that shard alone.
rm -f "$W/parts/part-3.json" "$W/merged.json"
bash "$W/run.sh" merge >"$W/submit-2.txt"
state=$(wait_job "$(merge_job "$W/submit-2.txt")")
check "merge without shard 3 fails: $state" test "$state" = FAILED
check "merge names the missing shard and the command that recomputes it" \
  grep -q "missing 1 of 4 shards: 3; recompute exactly those (sbatch --array=3 " "$W/logs/merge.out"
bash "$W/run.sh" >"$W/submit-3.txt"
state=$(wait_job "$(merge_job "$W/submit-3.txt")")
check "rerun of the array, then the merge: $state" test "$state" = COMPLETED
skipped=$(grep -l "is already complete and valid; skipped" "$W"/logs/shard-*.out 2>/dev/null | wc -l)
check "rerun skipped the 3 complete shards" test "$skipped" -eq 3
check "rerun recomputed shard 3" grep -q "^wrote parts/part-3.json" "$W/logs/shard-3.out"
check "merged graph after the rerun is byte-identical to the unsharded build" \
  cmp -s "$W/merged.json" "$W/single.json"

echo "slurm-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

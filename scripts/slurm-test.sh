#!/usr/bin/env bash
# A sharded build on a real scheduler: starts a single-node SLURM cluster in a temporary folder
# (scripts/slurm-cluster.sh), submits a sharded build of the bundled example as a job array and
# a merge job that waits for it (--dependency=afterok), and checks that the merged graph is
# byte-identical to the unsharded build. Stops every daemon it started, by pid, on exit.
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
mkdir -p "$W/parts" "$W/logs"
cat >"$W/shards.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=saegraph-shards
#SBATCH --array=1-$SHARDS
#SBATCH --cpus-per-task=1
#SBATCH --output=$W/logs/shard-%a.out
exec "$G" build "$SAES" --threads 1 --quiet \\
  --shard "\${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT}" -o "$W/parts/part-\${SLURM_ARRAY_TASK_ID}.json"
EOF
cat >"$W/merge.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=saegraph-merge
#SBATCH --cpus-per-task=1
#SBATCH --output=$W/logs/merge.out
exec "$G" merge "$W"/parts/part-*.json -o "$W/merged.json"
EOF

t0=$(date +%s)
array=$(sbatch --parsable --chdir="$W" "$W/shards.sbatch")
check "job array submitted ($array)" test -n "$array"
timeout "$WAIT" sbatch --wait --chdir="$W" --dependency="afterok:$array" "$W/merge.sbatch" >/dev/null
check "merge job (afterok:$array) succeeded" test $? -eq 0
echo "slurm-test: $SHARDS shards + merge on the cluster in $(($(date +%s) - t0)) s"
count=$(ls "$W"/parts/part-*.json 2>/dev/null | wc -l)
check "$SHARDS partial files written by the array" test "$count" -eq "$SHARDS"

"$G" build "$SAES" --quiet -o "$W/single.json"
check "merged graph is byte-identical to the unsharded build" cmp -s "$W/merged.json" "$W/single.json"

echo "slurm-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

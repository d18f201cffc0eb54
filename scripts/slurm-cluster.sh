# A throwaway single-node SLURM cluster in a temporary folder, for scripts/slurm-test.sh.
# Source it, then: slurm_install || skip; slurm_start DIR; … sbatch …; slurm_stop.
# Every daemon runs in the foreground of a background job, so it is stopped by its pid; the
# cluster uses its own munge key and socket and free ports, so it touches nothing of the
# machine's own munge or SLURM and several can run at once.

SLURM_PIDS=()

# Installs slurmctld, slurmd, the client commands and munge where missing (Debian/Ubuntu).
# Returns non-zero, with a reason on stderr, where they cannot be installed.
slurm_install() {
  local missing=0 tool
  for tool in slurmctld slurmd sbatch sinfo munged; do
    command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 || missing=1
  done
  export PATH="$PATH:/usr/sbin"
  [ "$missing" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "SLURM is not installed and this user is not root (the test cluster runs its daemons as root)" >&2
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "SLURM is not installed and there is no apt-get to install it" >&2
    return 1
  fi
  local pkgs=(slurmctld slurmd slurm-client munge)
  echo "slurm-test: installing ${pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    if ! apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1; then
      echo "apt-get could not install ${pkgs[*]}" >&2
      return 1
    fi
  fi
}

# A TCP port nobody listens on (checked against /proc/net/tcp*).
slurm_free_port() {
  local port hex
  while :; do
    port=$((20000 + RANDOM % 40000))
    hex=$(printf ':%04X ' "$port")
    grep -qi -- "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null || break
  done
  echo "$port"
}

# Writes DIR/slurm.conf (one node: this machine's short hostname, 2 CPUs) and starts munged,
# slurmctld and slurmd; waits until sinfo shows the node idle. Exports SLURM_CONF.
slurm_start() {
  local dir=$1 host ctld_port d_port memory
  host=$(hostname -s)
  # The node offers half of this machine's memory (MB) to jobs, so --mem requests can be met.
  memory=$(awk '/^MemTotal:/ { print int($2 / 2048) }' /proc/meminfo)
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  chmod 700 "$dir/munge"
  head -c 1024 /dev/urandom >"$dir/munge/munge.key"
  chmod 400 "$dir/munge/munge.key"
  ctld_port=$(slurm_free_port)
  d_port=$(slurm_free_port)
  while [ "$d_port" = "$ctld_port" ]; do d_port=$(slurm_free_port); done
  cat >"$dir/slurm.conf" <<EOF
ClusterName=saegraph-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
NodeName=$host CPUs=2 RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  munged --foreground --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed" \
    --log-file="$dir/log/munged.log" >/dev/null 2>&1 &
  SLURM_PIDS+=($!)
  local i
  for i in $(seq 1 50); do [ -S "$dir/munge/munge.socket" ] && break; sleep 0.1; done
  slurmctld -D -i -f "$dir/slurm.conf" >"$dir/log/slurmctld.out" 2>&1 &
  SLURM_PIDS+=($!)
  slurmd -D -f "$dir/slurm.conf" >"$dir/log/slurmd.out" 2>&1 &
  SLURM_PIDS+=($!)
  for i in $(seq 1 60); do
    [ "$(sinfo -h -N -o '%t' 2>/dev/null | head -1)" = "idle" ] && return 0
    sleep 1
  done
  echo "the test cluster's node did not become idle within 60 s; logs in $dir/log:" >&2
  tail -n 5 "$dir"/log/* >&2 2>/dev/null
  return 1
}

# Cancels every job of the test cluster and stops its daemons (slurmd, slurmctld, munged) by pid.
slurm_stop() {
  [ -n "${SLURM_CONF:-}" ] && timeout 10 scancel --cluster=saegraph-test --user="$(id -un)" >/dev/null 2>&1
  local k pid
  for ((k = ${#SLURM_PIDS[@]} - 1; k >= 0; k--)); do
    pid=${SLURM_PIDS[$k]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  SLURM_PIDS=()
}

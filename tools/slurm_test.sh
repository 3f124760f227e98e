#!/usr/bin/env bash
# A real one-node Slurm cluster, started in a temporary folder, runs a sweep as a job array:
#  1. 6 runs of 500 iterations through `sweep submit --slurm`; the collected table must equal, byte
#     for byte, the table of the same plan run with `sweep run --local`;
#  2. a second sweep whose task 1 is cancelled with scancel while it trains: it must leave no result,
#     and `sweep submit --only-failed` must complete the table;
#  3. a node crash: slurmd and a training task's processes killed at once, the node marked down and
#     back up; the lost runs leave no result and `--only-failed` completes a table equal to step 2's.
# The daemons (munged, slurmctld, slurmd) are stopped by their process ids when the script ends,
# whether it passed or not. Usage: tools/slurm_test.sh JAR DATA
set -euo pipefail

JAR=$(realpath "$1")
DATA=$(realpath "$2")
DEADLINE=${SLURM_TEST_DEADLINE:-300}          # seconds any one wait may take before the test fails
CTLD_PORT=${SLURM_TEST_PORT:-6817}
SLURMD_PORT=$((CTLD_PORT + 1))
HOST=$(hostname -s)
CPUS=$(nproc)
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
JAVA=${JAVA:-java}
sweep() { "$JAVA" -jar "$JAR" sweep "$@"; }

tools_dir=$(dirname "$0")
"$tools_dir/install_slurm.sh"

for port in "$CTLD_PORT" "$SLURMD_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "slurm-test: port $port is in use (another Slurm?); set SLURM_TEST_PORT to a free pair" >&2; exit 1
  fi
done

TMP=$(mktemp -d /tmp/rnn-workbench-slurm.XXXXXX)
chmod 755 "$TMP"
pids=()
jobs_submitted=()
passed=0

stop() {
  local status=$?
  set +e
  for job in "${jobs_submitted[@]}"; do scancel "$job" 2>/dev/null; done
  # Cancelled tasks finish before the node's daemon goes; give them a moment, then stop anyway.
  if [ ${#jobs_submitted[@]} -gt 0 ]; then
    for _ in $(seq 1 40); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.25; done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    $sudo kill "${pids[i]}" 2>/dev/null
    for _ in $(seq 1 40); do $sudo kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.25; done
    $sudo kill -9 "${pids[i]}" 2>/dev/null
  done
  if [ "$passed" = 1 ]; then
    $sudo rm -rf "$TMP"
  else
    echo "slurm-test: FAILED (exit $status); daemons stopped; logs kept in $TMP" >&2
    tail -n 15 "$TMP"/slurmctld.log "$TMP"/slurmd.log 2>/dev/null >&2
  fi
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

# wait_for WHAT COMMAND...: polls COMMAND until it succeeds; fails after $DEADLINE seconds, or at
# once when one of the daemons started so far has exited.
wait_for() {
  local what=$1; shift
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    for pid in "${pids[@]}"; do
      if ! $sudo kill -0 "$pid" 2>/dev/null; then
        echo "slurm-test: a daemon (pid $pid) exited while waiting for $what:" >&2
        tail -n 5 "$TMP"/*.out >&2
        return 1
      fi
    done
    if (( SECONDS - start > DEADLINE )); then
      echo "slurm-test: gave up after ${DEADLINE} s waiting for $what" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "  $what ($(( SECONDS - start )) s)"
}

# --- MUNGE, as the munge user, on a socket of its own -------------------------------------------
mkdir -p "$TMP/munge"
$sudo chown munge:munge "$TMP/munge"
chmod 755 "$TMP/munge"   # munged wants its socket folder searchable by all
$sudo setpriv --reuid=munge --regid=munge --init-groups munged --foreground \
  --socket="$TMP/munge/munge.socket" --pid-file="$TMP/munge/munged.pid" \
  --log-file="$TMP/munge/munged.log" --seed-file="$TMP/munge/munged.seed" >"$TMP/munged.out" 2>&1 &
pids+=($!)
wait_for "munged to listen" test -S "$TMP/munge/munge.socket"

# --- slurmctld and slurmd, configuration and state in $TMP ----------------------------------------
mkdir -p "$TMP/state" "$TMP/spool"
export SLURM_CONF="$TMP/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=rnnworkbench
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$TMP/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=sweeps Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
$sudo env SLURM_CONF="$SLURM_CONF" slurmctld -D -c -f "$SLURM_CONF" >"$TMP/slurmctld.out" 2>&1 &
pids+=($!)
$sudo env SLURM_CONF="$SLURM_CONF" slurmd -D -f "$SLURM_CONF" >"$TMP/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { [ "$(sinfo -h -n "$HOST" -o %T 2>/dev/null)" = idle ]; }
wait_for "the node $HOST to be idle" node_idle
echo "slurm-test: one-node cluster up ($(sinfo -V), $CPUS CPUs, state in $TMP)"

job_gone() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
all_done() { sweep status "$1" | head -n 1 | grep -q "^$2 runs: $2 done"; }
submit() {
  local out
  out=$(sweep submit "$@")
  echo "  $out"
  job=$(sed -nE 's/^submitted job ([0-9]+):.*/\1/p' <<<"$out")
  [ -n "$job" ] || { echo "slurm-test: no job id in: $out" >&2; return 1; }
  jobs_submitted+=("$job")
}

# --- 1. six runs as an array, compared with the same plan run locally ----------------------------
cat >"$TMP/small.grid" <<GRID
data          = $DATA
hidden        = 8, 16
learning_rate = 0.005, 0.01, 0.02
iterations    = 500
seed          = 1
GRID
sweep plan "$TMP/small.grid" --out "$TMP/array" >/dev/null
sweep plan "$TMP/small.grid" --out "$TMP/local" >/dev/null
submit "$TMP/array" --slurm --max-parallel 2
wait_for "array job $job to finish" job_gone "$job"
all_done "$TMP/array" 6 || { sweep status "$TMP/array"; cat "$TMP"/array/logs/* >&2; exit 1; }
sweep run "$TMP/local" --local --threads 2 | tail -n 1
sweep collect "$TMP/array" >/dev/null
sweep collect "$TMP/local" >/dev/null
cmp "$TMP/array/results.csv" "$TMP/local/results.csv"
echo "slurm-test: the array's table equals the local one byte for byte ($(($(wc -l <"$TMP/array/results.csv") - 1)) runs)"

# --- 2. a task cancelled mid-run leaves no result; --only-failed completes the table -------------
cat >"$TMP/long.grid" <<GRID
data          = $DATA
hidden        = 32
learning_rate = 0.01
iterations    = 600000
seed          = 1, 2, 3
GRID
sweep plan "$TMP/long.grid" --out "$TMP/cancel" >/dev/null
submit "$TMP/cancel" --slurm --max-parallel 2
first=$job
id1=$(sed -nE 's/^ *"id": "([^"]+)".*/\1/p' "$TMP/cancel/plan.json" | sed -n 2p)
training() { [ "$(squeue -h -j "${first}_1" -o %T 2>/dev/null)" = RUNNING ] && compgen -G "$TMP/cancel/results/.work@*@$id1@*" >/dev/null; }
wait_for "task 1 ($id1) to be training" training
scancel "${first}_1"
wait_for "job $first to end" job_gone "$first"
test ! -e "$TMP/cancel/results/$id1" || { echo "slurm-test: the cancelled run left a result" >&2; exit 1; }
sweep status "$TMP/cancel" | tee "$TMP/cancel-status.txt" | sed 's/^/  /'
grep -q "^3 runs: 2 done, 0 failed, 1 missing" "$TMP/cancel-status.txt"
grep -q "^missing tasks: 1$" "$TMP/cancel-status.txt"
submit "$TMP/cancel" --slurm --only-failed
wait_for "resubmitted job $job to finish" job_gone "$job"
all_done "$TMP/cancel" 3 || { sweep status "$TMP/cancel"; exit 1; }
sweep collect "$TMP/cancel" | sed 's/^/  /'
if compgen -G "$TMP/cancel/results/.work@*" >/dev/null; then
  echo "slurm-test: a work folder was left behind: $(ls -a "$TMP/cancel/results")" >&2; exit 1
fi
echo "slurm-test: the cancelled task left no result and --only-failed completed the table"

# --- 3. the node crashes: its daemon and a task's processes die at once; the table is completed ---
# --no-requeue: Slurm would otherwise requeue the task by itself; here --only-failed completes it.
sweep plan "$TMP/long.grid" --out "$TMP/crash" >/dev/null
submit "$TMP/crash" --slurm --max-parallel 2 -- --no-requeue
crashed=$job
id0=$(sed -nE 's/^ *"id": "([^"]+)".*/\1/p' "$TMP/crash/plan.json" | sed -n 1p)
task0_training() { [ "$(squeue -h -j "${crashed}_0" -o %T 2>/dev/null)" = RUNNING ] && compgen -G "$TMP/crash/results/.work@*@$id0@*" >/dev/null; }
wait_for "task 0 ($id0) to be training" task0_training
work=$(compgen -G "$TMP/crash/results/.work@*@$id0@*" | head -n 1)
java_pid=$(basename "$work" | cut -d@ -f2)
stepd_pid=$(awk '{print $4}' "/proc/$java_pid/stat")
# slurmd is pids[2]; task 0's step daemon and its Java die with it, as on a machine that lost power.
$sudo kill -9 "${pids[2]}" "$stepd_pid" "$java_pid"
wait "${pids[2]}" 2>/dev/null || true
echo "  killed slurmd (pid ${pids[2]}), task 0's slurmstepd (pid $stepd_pid) and its java (pid $java_pid)"
# What the controller concludes once a crashed node stops answering (after SlurmdTimeout), said at once.
scontrol update NodeName="$HOST" State=DOWN Reason="slurm-test: node crash"
$sudo env SLURM_CONF="$SLURM_CONF" slurmd -D -f "$SLURM_CONF" >>"$TMP/slurmd.out" 2>&1 &
pids[2]=$!
scontrol update NodeName="$HOST" State=RESUME
wait_for "job $crashed to end after the node came back" job_gone "$crashed"
test ! -e "$TMP/crash/results/$id0" || { echo "slurm-test: the killed run left a result" >&2; exit 1; }
sweep status "$TMP/crash" | tee "$TMP/crash-status.txt" | sed 's/^/  /'
grep -qE "^missing tasks: (.* )?0( |$)" "$TMP/crash-status.txt"
submit "$TMP/crash" --slurm --only-failed
wait_for "resubmitted job $job to finish" job_gone "$job"
all_done "$TMP/crash" 3 || { sweep status "$TMP/crash"; exit 1; }
sweep collect "$TMP/crash" >/dev/null
cmp "$TMP/crash/results.csv" "$TMP/cancel/results.csv"
echo "slurm-test: the crashed task left no result; --only-failed completed a table equal to the cancelled sweep's"
passed=1
echo "slurm-test: passed"

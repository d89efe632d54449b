#!/bin/bash
# Run a sharded simexec sweep on a real (single-node) Slurm cluster on this machine, and check that the merged CSVs
# are byte for byte those of an unsharded run.
#
#   docs/slurm/run-sharded-sweep.sh [--shards N] [--stop] [--stop-only] [-- simexec run options...]
#
# What it does (as root, on Debian/Ubuntu, no systemd needed):
#   1. installs slurm-wlm and munge with apt-get if slurmctld, slurmd, sbatch or munged is missing;
#   2. writes a minimal single-node slurm.conf to $SLURM_BASE/etc/slurm.conf (default /var/lib/simexec-slurm; it never
#      touches /etc/slurm) with the CPUs and memory `slurmd -C` reports, on its own ports (16817/16818, so a real
#      Slurm on this machine is not disturbed), and points SLURM_CONF at it;
#   3. creates the munge key if missing and starts munged (unless one already answers), slurmctld and slurmd as
#      plain daemons (pid and log files under $SLURM_BASE), or reuses them if this script started them before with
#      the same configuration; waits until `sinfo` shows the node idle;
#   4. submits the sweep as a job array (shard.sbatch, one task per shard) and a merge job (merge.sbatch) with
#      --dependency=afterok:<array job id>, and waits for both (scontrol show job);
#   5. runs the same sweep unsharded and compares summary.csv, replications.csv and histograms.csv with cmp;
#   6. prints PASS or FAIL and the times taken; with --stop, stops the daemons it started.
#
# Options:
#   --shards N     number of shards (array tasks), default 4
#   --stop         stop slurmd, slurmctld (and munged, if this script started it) at the end
#   --stop-only    only stop them, run nothing
#   -- ARGS...     simexec run options for both runs (the sharded and the unsharded one), e.g.
#                  -- --set experiment.duration=300ms --replications 4   (default: none, the experiment as written)
# Environment:
#   SIMEXEC     simexec binary (default: .build/release/simexec in the repository); copied into the run folder first,
#               so a rebuild during the run cannot mix two binaries
#   EXPERIMENT  experiment file (default: Experiments/blocking.toml); copied into the run folder likewise
#   SLURM_BASE  the cluster's config, state, spool, pid and log files (default: /var/lib/simexec-slurm)
#   WORK        where the run's files go (default: /tmp/simexec-slurm-sweep); its run/ folder is replaced each time
#   TIMEOUT     seconds to wait for the Slurm jobs (default: 900)
set -Eeuo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/../.." && pwd)

shards=4
stop_at_end=0
stop_only=0
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards=${2:?--shards needs a number}; shift 2 ;;
    --shards=*) shards=${1#--shards=}; shift ;;
    --stop) stop_at_end=1; shift ;;
    --stop-only) stop_only=1; shift ;;
    --) shift; run_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -Eeuo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$shards" in ''|*[!0-9]*|0) echo "--shards must be a positive integer, not '$shards'" >&2; exit 2 ;; esac

SLURM_BASE=${SLURM_BASE:-/var/lib/simexec-slurm}
WORK=${WORK:-/tmp/simexec-slurm-sweep}
TIMEOUT=${TIMEOUT:-900}
conf=$SLURM_BASE/etc/slurm.conf
export SLURM_CONF=$conf
ctld_port=16817
slurmd_port=16818
node=localhost
run=$WORK/run

submitted=0 # set once this run's job logs exist
t_start=$SECONDS
say() { echo "[$(date +%H:%M:%S) +$((SECONDS - t_start))s] $*"; }

tail_logs() {
  local f
  local job_logs=()
  [ "$submitted" -eq 0 ] || job_logs=("$run"/logs/*.out)
  for f in "$SLURM_BASE"/log/*.stderr "$SLURM_BASE"/log/slurmctld.log "$SLURM_BASE"/log/slurmd.log /var/log/munge/munged.log \
           "${job_logs[@]}"; do
    [ -s "$f" ] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 15 "$f" >&2
  done
}
die() {
  echo >&2
  echo "FAIL: $*" >&2
  tail_logs
  echo "FAIL: $* (after $((SECONDS - t_start)) s)" >&2
  exit 1
}
trap 'rc=$?; trap - ERR; echo "FAIL: command failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; tail_logs; exit 1' ERR

# pid of a daemon we started, if it is still running (checked against the process name, not just the pid).
running_pid() { # name pidfile
  local pid
  [ -s "$2" ] || return 1
  pid=$(cat "$2")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
  echo "$pid"
}
stop_daemon() { # name pidfile
  local pid i
  if pid=$(running_pid "$1" "$2"); then
    say "stopping $1 (pid $pid)"
    kill "$pid"
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$1 (pid $pid) did not stop in 10 s; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$2"
}
stop_all() {
  stop_daemon slurmd "$SLURM_BASE/run/slurmd.pid"
  stop_daemon slurmctld "$SLURM_BASE/run/slurmctld.pid"
  if [ -f "$SLURM_BASE/run/munged.ours" ]; then
    stop_daemon munged "$(cat "$SLURM_BASE/run/munged.ours")"
    rm -f "$SLURM_BASE/run/munged.ours"
  fi
}

# Start a daemon without the file descriptors this script inherited, stdin from /dev/null and early errors (before it
# opens its log) to $SLURM_BASE/log/NAME.stderr. Under `flock /tmp/some.lock run-sharded-sweep.sh` the lock is an open
# file inherited by every child: a daemon that kept it would hold the lock long after this script has ended.
start_daemon() { # name command...
  local name=$1
  shift
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then { eval "exec $fd>&-"; } 2>/dev/null || true; fi
    done
    exec "$@" </dev/null >"$SLURM_BASE/log/$name.stderr" 2>&1
  )
}

# Fails if a daemon we started holds one of the files this script inherited (see start_daemon).
inherited=$(for fd in /proc/$$/fd/*; do [ "${fd##*/}" -gt 2 ] && readlink "$fd"; done 2>/dev/null | grep '^/' | grep -v '^/dev/' | sort -u || true)
check_no_inherited_fds() { # name pidfile
  local pid held
  pid=$(running_pid "$1" "$2") || return 0
  [ -n "$inherited" ] || return 0
  held=$(for fd in /proc/"$pid"/fd/*; do readlink "$fd"; done 2>/dev/null | sort -u | grep -Fx -f <(echo "$inherited") || true)
  [ -z "$held" ] || die "$1 (pid $pid) holds a file descriptor inherited from this script's caller: $held (stop it with --stop-only)"
}

[ "$(id -u)" -eq 0 ] || { echo "run this as root (it installs packages and starts the Slurm daemons)" >&2; exit 2; }

if [ "$stop_only" -eq 1 ]; then
  stop_all
  say "stopped"
  exit 0
fi

# ---- 0. inputs -------------------------------------------------------------------------------------------------
simexec_src=${SIMEXEC:-$repo/.build/release/simexec}
experiment_src=${EXPERIMENT:-$repo/Experiments/blocking.toml}
[ -x "$simexec_src" ] || { echo "no simexec binary at $simexec_src (build it with swift build -c release, or set SIMEXEC)" >&2; exit 2; }
[ -f "$experiment_src" ] || { echo "no experiment file at $experiment_src (set EXPERIMENT)" >&2; exit 2; }

say "simexec sharded sweep on Slurm: $shards shards of $experiment_src, options: ${run_args[*]:-none}"

# ---- 1. packages -----------------------------------------------------------------------------------------------
missing=()
for cmd in slurmctld slurmd sbatch squeue sinfo scontrol munged munge unmunge; do
  command -v "$cmd" >/dev/null || missing+=("$cmd")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing slurm-wlm and munge (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends slurm-wlm munge >/tmp/simexec-slurm-apt.log 2>&1; then
    apt-get update >>/tmp/simexec-slurm-apt.log 2>&1 || true
    apt-get install -y --no-install-recommends slurm-wlm munge >>/tmp/simexec-slurm-apt.log 2>&1 \
      || { tail -n 30 /tmp/simexec-slurm-apt.log >&2; die "apt-get install slurm-wlm munge failed (log: /tmp/simexec-slurm-apt.log)"; }
  fi
fi
say "$(slurmctld -V), munge $(munge --version 2>&1 | awk '{print $1}' | sed 's/^munge-//')"

# ---- 2. slurm.conf -----------------------------------------------------------------------------------------------
if [ -e /etc/slurm/slurm.conf ]; then
  say "note: /etc/slurm/slurm.conf exists; it is left alone (this cluster uses $conf)"
fi
mkdir -p "$SLURM_BASE"/{etc,state,spool,run,log}
chmod 755 "$SLURM_BASE"
# `slurmd -C` prints this machine's hardware as a NodeName line; keep the hardware fields.
hw=$(slurmd -C 2>/dev/null | head -n 1)
hw_fields=$(echo "$hw" | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' | tr '\n' ' ')
echo "$hw_fields" | grep -q 'CPUs=' || die "could not read the hardware from slurmd -C (got: $hw)"

new_conf=$(cat <<EOF
# Single-node Slurm for docs/slurm/run-sharded-sweep.sh (written by it; rerunning rewrites it).
ClusterName=simexec
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# A node that comes back (slurmd restarted) is usable at once; finished jobs stay visible to scontrol for an hour
# (there is no accounting database, so no sacct). No DependencyParameters=kill_invalid_depend: merge.sbatch asks
# for it itself (--kill-on-invalid-dep=yes), as it must on a cluster configured without it.
ReturnToService=2
MinJobAge=3600
StateSaveLocation=$SLURM_BASE/state
SlurmdSpoolDir=$SLURM_BASE/spool
SlurmctldPidFile=$SLURM_BASE/run/slurmctld.pid
SlurmdPidFile=$SLURM_BASE/run/slurmd.pid
SlurmctldLogFile=$SLURM_BASE/log/slurmctld.log
SlurmdLogFile=$SLURM_BASE/log/slurmd.log
MailProg=/bin/true
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$node NodeAddr=127.0.0.1 ${hw_fields}State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
)
conf_changed=0
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$new_conf" ]; then
  conf_changed=1
  printf '%s\n' "$new_conf" >"$conf.tmp"
  mv "$conf.tmp" "$conf"
  say "wrote $conf (node $node: ${hw_fields% })"
else
  say "reusing $conf (unchanged; node $node: ${hw_fields% })"
fi

# ---- 3. munge -----------------------------------------------------------------------------------------------------
munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if munge_ok; then
  say "munged is running"
else
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    mkdir -p /etc/munge
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile=/etc/munge/munge.key
    else
      dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    fi
  fi
  getent passwd munge >/dev/null || die "there is no munge user (is the munge package installed?)"
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
  chmod 700 /etc/munge /var/lib/munge /var/log/munge
  chmod 755 /run/munge
  chmod 400 /etc/munge/munge.key
  say "starting munged"
  start_daemon munged runuser -u munge -- munged || die "munged did not start"
  for i in $(seq 1 50); do munge_ok && break; sleep 0.2; done
  munge_ok || die "munged started but munge -n | unmunge fails"
  echo /run/munge/munged.pid >"$SLURM_BASE/run/munged.ours"
fi

# ---- 4. slurmctld and slurmd ---------------------------------------------------------------------------------------
if [ "$conf_changed" -eq 1 ]; then
  # A daemon started with an older configuration is restarted.
  stop_daemon slurmd "$SLURM_BASE/run/slurmd.pid"
  stop_daemon slurmctld "$SLURM_BASE/run/slurmctld.pid"
fi
if pid=$(running_pid slurmctld "$SLURM_BASE/run/slurmctld.pid"); then
  say "slurmctld is running (pid $pid)"
else
  say "starting slurmctld"
  start_daemon slurmctld slurmctld -f "$conf" || die "slurmctld did not start"
fi
for i in $(seq 1 100); do
  scontrol ping 2>/dev/null | grep -q 'is UP' && break
  sleep 0.3
done
scontrol ping 2>/dev/null | grep -q 'is UP' || die "slurmctld does not answer (scontrol ping: $(scontrol ping 2>&1 | tr '\n' ' '))"
if pid=$(running_pid slurmd "$SLURM_BASE/run/slurmd.pid"); then
  say "slurmd is running (pid $pid)"
else
  say "starting slurmd"
  start_daemon slurmd slurmd -f "$conf" -N "$node" || die "slurmd did not start"
fi

check_no_inherited_fds slurmctld "$SLURM_BASE/run/slurmctld.pid"
check_no_inherited_fds slurmd "$SLURM_BASE/run/slurmd.pid"
[ ! -f "$SLURM_BASE/run/munged.ours" ] || check_no_inherited_fds munged "$(cat "$SLURM_BASE/run/munged.ours")"

node_state() { sinfo -h -N -n "$node" -o '%T' 2>/dev/null | head -n 1 || true; }
state=
for i in $(seq 1 120); do
  state=$(node_state)
  case "$state" in
    idle|mixed|allocated) break ;;
    drain*|down*)
      # e.g. left down by an earlier run; ReturnToService=2 usually handles it, this covers the rest.
      scontrol update nodename="$node" state=resume 2>/dev/null || true ;;
  esac
  sleep 0.5
done
case "$state" in
  idle) say "node $node is idle: $(sinfo -h -o '%P %a %D %c CPUs %m MB' | head -n 1)" ;;
  mixed|allocated) say "node $node is up but busy ($state): other jobs are running; ours will queue behind them" ;;
  *) die "node $node is not idle after 60 s (state: '${state:-none}'; $(scontrol show node "$node" 2>/dev/null | grep -o 'Reason=.*' || true))" ;;
esac
t_cluster=$((SECONDS - t_start))

# ---- 5. the sharded sweep as a job array, and the merge job -------------------------------------------------------
rm -rf "$run"
mkdir -p "$run/bin" "$run/logs" "$run/shards"
cp "$simexec_src" "$run/bin/simexec"
experiment=$run/$(basename "$experiment_src")
cp "$experiment_src" "$experiment"
bin=$run/bin/simexec
submitted=1

t_submit=$SECONDS
array_id=$(sbatch --parsable --array="1-$shards" --chdir="$run" --output="$run/logs/shard-%a.out" \
  --export="ALL,SIMEXEC=$bin" \
  "$script_dir/shard.sbatch" "$experiment" "$run/shards" "${run_args[@]}")
array_id=${array_id%%;*}
merge_id=$(sbatch --parsable --dependency="afterok:$array_id" --chdir="$run" --output="$run/logs/merge.out" \
  --export="ALL,SIMEXEC=$bin" \
  "$script_dir/merge.sbatch" "$run/shards" "$run/merged")
merge_id=${merge_id%%;*}
say "submitted job array $array_id (tasks 1-$shards, shard.sbatch) and merge job $merge_id (merge.sbatch, --dependency=afterok:$array_id)"

# "COMPLETED=2 RUNNING=2": how many of a job's (array) tasks are in each state; a pending array range counts once.
job_state() { { scontrol show job "$1" -o 2>/dev/null || true; } | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | awk '{printf "%s%s=%s", (NR>1?" ":""), $2, $1}' || true; }
terminal='^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|DEADLINE|BOOT_FAIL)$'
last=
while :; do
  shards_now=$(job_state "$array_id")
  merge_now=$({ scontrol show job "$merge_id" -o 2>/dev/null || true; } | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
  line="shards: ${shards_now:-?}; merge: ${merge_now:-?}"
  if [ "$line" != "$last" ]; then say "$line"; last=$line; fi
  [[ "$merge_now" =~ $terminal ]] && break
  [ $((SECONDS - t_submit)) -lt "$TIMEOUT" ] || die "the jobs did not finish in $TIMEOUT s (scancel $array_id $merge_id to remove them)"
  sleep 1
done
t_jobs=$((SECONDS - t_submit))

# Every array task must have completed with exit 0, then the merge job.
field() { echo "$1" | grep -o "\(^\| \)$2=[^ ]*" | head -n 1 | cut -d= -f2 || true; }
bad=0
while read -r task st ec rt; do
  say "  shard $task: job ${array_id}_$task $st, exit $ec, ran $rt"
  [ "$st" = COMPLETED ] && [ "$ec" = 0:0 ] || bad=1
done < <(scontrol show job "$array_id" -o | while read -r jobline; do
           echo "$(field "$jobline" ArrayTaskId) $(field "$jobline" JobState) $(field "$jobline" ExitCode) $(field "$jobline" RunTime)"
         done | sort -n)
mline=$(scontrol show job "$merge_id" -o)
mst=$(field "$mline" JobState)
mec=$(field "$mline" ExitCode)
say "  merge: job $merge_id $mst, exit $mec, ran $(field "$mline" RunTime)"
[ "$bad" -eq 0 ] || die "a shard job failed (logs: $run/logs/)"
[ "$mst" = COMPLETED ] && [ "$mec" = 0:0 ] || die "the merge job did not complete (state $mst, exit $mec; log: $run/logs/merge.out)"
say "merge job output (the results table is in $run/logs/merge.out):"
{ head -n 1 "$run/logs/merge.out"; sed -n '/^merged /,$p' "$run/logs/merge.out"; } | sed 's/^/    /' 

# ---- 6. the same sweep unsharded, and the byte-for-byte check ------------------------------------------------------
say "running the same sweep unsharded (outside Slurm): simexec run $(basename "$experiment")${run_args[*]:+ ${run_args[*]}}"
t_un=$SECONDS
"$bin" run "$experiment" --out "$run/unsharded" --quiet "${run_args[@]}" >"$run/logs/unsharded.out" 2>&1 \
  || die "the unsharded run failed (log: $run/logs/unsharded.out)"
t_unsharded=$((SECONDS - t_un))

result=PASS
for f in summary.csv replications.csv histograms.csv; do
  if cmp "$run/merged/$f" "$run/unsharded/$f"; then
    say "  $f: identical ($(wc -l <"$run/merged/$f") lines, $(wc -c <"$run/merged/$f") bytes)"
  else
    say "  $f: DIFFERENT"
    result=FAIL
  fi
done

if [ "$stop_at_end" -eq 1 ]; then
  stop_all
fi

echo
echo "$result: $shards-shard Slurm sweep (job array $array_id + merge job $merge_id) vs unsharded run of $(basename "$experiment_src")${run_args[*]:+ (${run_args[*]})}"
echo "  cluster ready in ${t_cluster} s; sharded jobs, submit to merged: ${t_jobs} s; unsharded run: ${t_unsharded} s; total: $((SECONDS - t_start)) s"
echo "  files: $run (shards/, merged/, unsharded/, logs/); Slurm: SLURM_CONF=$conf, logs in $SLURM_BASE/log"
[ "$result" = PASS ] || exit 1

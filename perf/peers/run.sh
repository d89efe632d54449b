#!/usr/bin/env bash
# The peer comparison of issue 13: the same M/M/1 queue (rho = 0.9: Poisson arrivals at 9,000/s, one FIFO server,
# exponential service with mean 100 us, so a mean sojourn time of 1/(mu - lambda) = 1 ms) simulated by a hand-written
# C loop (mm1.c), simexec (mm1.toml), SimPy (mm1_simpy.py) and ciw (mm1_ciw.py), one after the other in one run.
# Prints customers per second of wall time for each, and each one's ratio to simexec.
#
#   perf/peers/run.sh                              # builds simexec with `swift build -c release`
#   SIMEXEC=/path/to/simexec perf/peers/run.sh     # uses that binary instead
#
# Environment (all optional):
#   SIMEXEC        simexec binary to use (default: build the repository in release mode and use .build/release/simexec)
#   CUSTOMERS      customers for the C loop and simexec (default 10000000)
#   PY_CUSTOMERS   customers for SimPy and ciw (default 200000; they are 100-300x slower)
#   SEED           seed for every tool (default 1)
#   PYTHON         interpreter for the venv (default python3)
#
# Needs gcc, GSL (libgsl-dev), python3 with venv, and PyPI access the first time (SimPy and ciw are installed into
# perf/peers/.venv, which is gitignored). Takes about half a minute on a 2-core machine once the venv exists.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

CUSTOMERS=${CUSTOMERS:-10000000}
PY_CUSTOMERS=${PY_CUSTOMERS:-200000}
SEED=${SEED:-1}
PYTHON=${PYTHON:-python3}
SIMPY_VERSION=4.1.2
CIW_VERSION=3.2.7
LAMBDA=9000

die() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "$*" >&2; }

# --- prerequisites -------------------------------------------------------------------------------------------------
command -v gcc >/dev/null || die "gcc not found; install it with: apt-get install -y gcc libgsl-dev"
echo '#include <gsl/gsl_rng.h>' | gcc -E -x c - >/dev/null 2>&1 \
    || die "GSL headers not found (gsl/gsl_rng.h); install them with: apt-get install -y libgsl-dev gcc"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install it with: apt-get install -y python3 python3-venv"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "$PYTHON cannot create virtual environments; install it with: apt-get install -y python3-venv"
command -v awk >/dev/null || die "awk not found"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- build ---------------------------------------------------------------------------------------------------------
mkdir -p "$here/.build"
gcc -O2 -Wall -Wextra -o "$here/.build/mm1" "$here/mm1.c" -lgsl -lgslcblas -lm \
    || die "compiling mm1.c failed (is libgsl-dev installed? apt-get install -y libgsl-dev gcc)"

venv="$here/.venv"
py="$venv/bin/python"
want_versions() {
    "$py" - "$SIMPY_VERSION" "$CIW_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if (version("simpy"), version("ciw")) == (sys.argv[1], sys.argv[2]) else 1)
EOF
}
if [[ ! -x "$py" ]] || ! want_versions; then
    log "installing simpy==$SIMPY_VERSION and ciw==$CIW_VERSION from PyPI into $venv"
    [[ -x "$py" ]] || "$PYTHON" -m venv "$venv" || die "could not create $venv (apt-get install -y python3-venv)"
    "$py" -m pip install --quiet --disable-pip-version-check "simpy==$SIMPY_VERSION" "ciw==$CIW_VERSION" \
        || die "pip could not install simpy==$SIMPY_VERSION ciw==$CIW_VERSION from PyPI"
    want_versions || die "$venv does not have simpy $SIMPY_VERSION and ciw $CIW_VERSION after pip install"
fi

if [[ -n "${SIMEXEC:-}" ]]; then
    simexec=$SIMEXEC
    [[ -x "$simexec" ]] || die "SIMEXEC=$simexec is not an executable file"
    simexec_from="\$SIMEXEC=$simexec"
else
    command -v swift >/dev/null || die "swift not found; install a Swift toolchain or set SIMEXEC to a simexec binary"
    log "building simexec (swift build -c release) in $repo"
    (cd "$repo" && swift build -c release --product simexec >&2) || die "swift build -c release failed"
    simexec="$(cd "$repo" && swift build -c release --show-bin-path)/simexec"
    simexec_from="swift build -c release at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
fi

# --- run -----------------------------------------------------------------------------------------------------------
# field NAME FILE: the value printed after NAME on a line of a peer's output ("wall_s 1.234").
field() { awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' "$2" || die "no $1 in $2: $(cat "$2")"; }

declare -a names counts walls sojourns
record() { names+=("$1"); counts+=("$2"); walls+=("$3"); sojourns+=("$4"); }

run_peer() {  # run_peer NAME COMMAND...: a peer that prints customers, mean_sojourn_ms and wall_s itself
    local name=$1 out="$work/$1.out"
    shift
    log "running $name ..."
    "$@" >"$out" 2>&1 || die "$name failed: $(cat "$out")"
    local n w m
    n=$(field customers "$out")
    w=$(field wall_s "$out")
    m=$(field mean_sojourn_ms "$out")
    record "$name" "$n" "$w" "$m"
}

run_peer "C loop" "$here/.build/mm1" "$CUSTOMERS" "$SEED"

# simexec: 2 replications (its minimum) of CUSTOMERS / 2 / lambda simulated seconds each, one after the other; the wall
# time is the whole process (parsing, both replications, metrics and writing the result files).
duration_ms=$(awk -v n="$CUSTOMERS" -v l="$LAMBDA" 'BEGIN { printf "%d", n / 2 / l * 1000 + 0.5 }')
log "running simexec ($simexec_from) ..."
t0=$EPOCHREALTIME
"$simexec" run "$here/mm1.toml" --jobs 1 --quiet --seed "$SEED" --out "$work/simexec" \
    --set "experiment.duration=${duration_ms}ms" >"$work/simexec.out" 2>&1 \
    || die "simexec failed: $(cat "$work/simexec.out")"
t1=$EPOCHREALTIME
# Customers: tasks_completed_count summed over the replications; mean sojourn: latency_mean_us weighted by them.
read -r sx_count sx_sojourn < <(awk -F, '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { n = $col["tasks_completed_count"]; total += n; weighted += n * $col["latency_mean_us"] }
    END { printf "%d %.4f\n", total, weighted / total / 1000 }' "$work/simexec/replications.csv")
record simexec "$sx_count" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$sx_sojourn"

run_peer SimPy "$py" "$here/mm1_simpy.py" "$PY_CUSTOMERS" "$SEED"
run_peer ciw "$py" "$here/mm1_ciw.py" "$PY_CUSTOMERS" "$SEED"

# --- report --------------------------------------------------------------------------------------------------------
rate() { awk -v n="$1" -v w="$2" 'BEGIN { printf "%.0f", n / w }'; }
sx_rate=$(rate "${counts[1]}" "${walls[1]}")
c_rate=$(rate "${counts[0]}" "${walls[0]}")

echo "M/M/1 at rho = 0.9 (Poisson 9,000/s, exp service mean 100 us, FIFO, 1 server); expected mean sojourn 1.000 ms"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine:  $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)"
echo "tools:    $(gcc --version | head -1); simpy $SIMPY_VERSION, ciw $CIW_VERSION on $("$py" --version 2>&1); simexec: $simexec_from"
echo
printf '%-8s %11s %9s %13s %11s %16s\n' tool customers "wall s" customers/s "vs simexec" "mean sojourn ms"
for i in "${!names[@]}"; do
    r=$(rate "${counts[$i]}" "${walls[$i]}")
    printf '%-8s %11d %9.3f %13d %10.3fx %16.4f\n' "${names[$i]}" "${counts[$i]}" "${walls[$i]}" "$r" \
        "$(awk -v a="$r" -v b="$sx_rate" 'BEGIN { print a / b }')" "${sojourns[$i]}"
done
echo
echo "Sizes differ (C and simexec $CUSTOMERS customers, SimPy and ciw $PY_CUSTOMERS); customers/s is a rate, so the"
echo "rows compare. Wall s: simexec is the whole process (parse, 2 replications with --jobs 1, metrics, result files);"
echo "the C loop, SimPy and ciw time their own simulation (model set-up to last customer), without process start-up"
echo "and Python imports, which favours them."
awk -v s="$sx_rate" -v c="$c_rate" -v p="$(rate "${counts[2]}" "${walls[2]}")" -v q="$(rate "${counts[3]}" "${walls[3]}")" 'BEGIN {
    pct = 100 * s / c
    printf "simexec runs at %.0f%% of the C loop (issue 13 target: >= 50%%): %s; %.0fx SimPy, %.0fx ciw.\n",
        pct, (pct >= 50 ? "met" : "NOT met"), s / p, s / q
}'

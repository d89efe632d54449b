#!/bin/sh
# A quick check that the real-Tokio harness builds and runs (a few seconds; not a measurement). Suitable for CI:
#   validation/smoke.sh
# Needs cargo, and simexec built (swift build -c release --product simexec). Builds offline against Debian's
# packaged crates when /usr/share/cargo/registry has tokio 1.24.2 (apt-get install -y librust-tokio-dev), otherwise
# with plain cargo (crates.io).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$here/tokio-ref"
if [ -d /usr/share/cargo/registry/tokio-1.24.2 ]; then
    cargo build --release --quiet --offline --config cargo-debian.toml
else
    cargo build --release --quiet
fi
scn=$(mktemp)
trap 'rm -f "$scn" "$scn.csv"' EXIT
"$root/.build/release/simexec" export-scenario "$here/scenarios/cal_sleep1ms.toml" \
    --set experiment.duration=300ms --set experiment.warmup=50ms > "$scn"
target/release/tokio-ref "$scn" --out "$scn.csv"
head -1 "$scn.csv" | grep -q latency_p99_us
awk -F, 'NR == 2 { if ($4 + 0 < 1000) { print "smoke: implausible p50 " $4 " us for a 1 ms sleep"; exit 1 } }' "$scn.csv"
# Issue 11: an accept loop over TCP with spawn and a weight-0 class, and a closed loop with join.
for s in val_accept_lifo val_closed_io val_join_io; do
    python3 "$here/export_ext.py" "$here/scenarios/$s.toml" --simexec "$root/.build/release/simexec" \
        --set experiment.duration=300ms --set experiment.warmup=50ms > "$scn"
    target/release/tokio-ref "$scn" --out "$scn.csv" 2>/dev/null
    head -1 "$scn.csv" | grep -q latency_p99_us
done
echo "tokio-ref smoke: ok"

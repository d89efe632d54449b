#!/bin/sh
# Regenerates validation/RESULTS.md: real Tokio (validation/tokio-ref) vs simexec on validation/scenarios/*.toml.
# Needs a quiet machine (it waits for one). Options: see `validation/run.sh --help`.
exec python3 "$(dirname "$0")/run.py" "$@"

#!/bin/sh
# Compare an experiment as it is on the base branch with the working tree, and fail the job when a metric gets
# significantly worse. Runs in any CI (GitLab, Jenkins, Buildkite, a Git hook): it needs git, and simexec on PATH.
#
#   EXPERIMENT=experiments/service.toml BASE_REF=origin/main sh docs/ci/simexec-compare.sh
#
# Exit code: 0 no threshold broken (or the experiment file is new, so there is no baseline), 1 a significant
# regression, 2 bad input (e.g. the sweep changed, or BASE_REF does not exist).
set -eu

EXPERIMENT=${EXPERIMENT:-experiments/service.toml}   # the experiment file under review
BASE_REF=${BASE_REF:-origin/main}                   # what it is compared with
OUT=${OUT:-simexec-compare}                         # baseline/, candidate/ and compare.md go here
SEED=${SEED:-1}                                     # one seed for both runs: a paired comparison
FAIL_ON=${FAIL_ON:-"latency_p99_us:+10% latency_p999_us:+20% throughput_per_s:-5%"}

mkdir -p "$OUT"
if ! git rev-parse --quiet --verify "$BASE_REF^{commit}" > /dev/null; then
  echo "simexec-compare: BASE_REF $BASE_REF is not a commit here; fetch it first (e.g. git fetch origin main)" >&2
  exit 2
fi
if ! git cat-file -e "$BASE_REF:$EXPERIMENT" 2> /dev/null; then
  # The pull request adds the experiment file: nothing to compare with yet.
  echo "simexec compare: $EXPERIMENT is new (not in $BASE_REF), so there is no baseline to compare with; nothing to check." \
    | tee "$OUT/compare.md"
  exit 0
fi
git show "$BASE_REF:$EXPERIMENT" > "$OUT/baseline.toml"

simexec run "$OUT/baseline.toml" --seed "$SEED" --out "$OUT/baseline" --quiet
simexec run "$EXPERIMENT" --seed "$SEED" --out "$OUT/candidate" --quiet

set --
for threshold in $FAIL_ON; do set -- "$@" --fail-on "$threshold"; done

status=0
simexec compare "$OUT/baseline" "$OUT/candidate" "$@" --format markdown > "$OUT/compare.md" || status=$?
cat "$OUT/compare.md"
exit "$status"

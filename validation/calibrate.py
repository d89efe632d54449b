#!/usr/bin/env python3
"""Fit simexec's CostModel to the calibration scenarios (validation/scenarios/cal_*.toml).

    python3 validation/calibrate.py            # grid search against validation/real-runs.csv (from validation/run.sh)

For every combination of the cost parameters below, runs simexec on each calibration scenario and scores it by the
mean absolute relative error of p50, p90 and p99 (all tasks, and p50/p99 of each class when there are several)
against the median of the real runs. p99.9 and the max are left out: their real run-to-run noise is too large.
Prints the default's score, the best combinations and, per parameter, the best score for each value with the others
free. Only the Python standard library is used; simexec must be built (validation/run.sh does it).
"""
import csv
import itertools
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

GRID = {
    "poll_overhead": ["500ns", "2us", "5us"],
    "unpark_latency": ["10us", "20us", "40us", "70us"],
    "timed_wake_overshoot": ["50us", "100us", "200us"],
    "thread_spawn_cost": ["30us", "100us"],
}
UNPARK_SCAN = ["20us", "30us", "40us", "45us", "50us", "60us", "70us"]
DEFAULT = {"poll_overhead": "500ns", "unpark_latency": "20us", "timed_wake_overshoot": "100us",
           "thread_spawn_cost": "30us"}


def targets(real_rows, classes):
    cols = [f"latency_{q}_us" for q in ("p50", "p90", "p99")]
    if len(classes) > 1:
        cols += [f"latency_{c}_{q}_us" for c in classes for q in ("p50", "p99")]
    out = {}
    for col in cols:
        vals = [float(r[col]) for r in real_rows if r.get(col) not in (None, "", "nan")]
        if vals:
            out[col] = statistics.median(vals)
    return out


def main():
    import argparse
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--real", default=run.REAL_RUNS, help="real runs (default validation/real-runs.csv)")
    p.add_argument("--quick", action="store_true", help="only the default and one other combination (a self-test)")
    args = p.parse_args()
    if args.quick:
        for k in GRID:
            GRID[k] = GRID[k][:2] if k == "unpark_latency" else [DEFAULT[k]]
    real = {}
    with open(args.real) as f:
        for row in csv.DictReader(f):
            real.setdefault(row["label"], []).append(row)
    cal = {n: p for n, p in run.scenarios([]).items() if n.startswith("cal_") and n in real}
    if not cal:
        sys.exit("no calibration runs in validation/real-runs.csv; run validation/run.sh first")
    want = {}
    for name, path in cal.items():
        scn = run.export(name, path)
        want[name] = targets(real[name], run.classes_of(scn))

    def score(combo):
        sets = [f"runtime.costs.{k}={v}" for k, v in combo.items()]
        errs, per = [], {}
        for name, path in cal.items():
            sim = run.simulate(name, path, sets, out=os.path.join(run.OUT, "calib", name))
            e = [abs(sim[c] - v) / v for c, v in want[name].items() if c in sim]
            per[name] = 100 * sum(e) / len(e)
            errs += e
        return 100 * sum(errs) / len(errs), per

    keys = list(GRID)
    results = []
    for values in itertools.product(*(GRID[k] for k in keys)):
        combo = dict(zip(keys, values))
        s, per = score(combo)
        results.append((s, combo, per))
        print(f"{s:6.2f}%  " + " ".join(f"{k}={v}" for k, v in combo.items()), file=sys.stderr, flush=True)
    results.sort(key=lambda r: r[0])
    default = next(r for r in results if r[1] == DEFAULT)
    names = list(cal)
    print("mean |relative error| of p50/p90/p99 over the calibration set (per scenario in columns)\n")
    print("| costs | all | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for tag, (s, combo, per) in [("default", default)] + [(f"best {i + 1}", r) for i, r in enumerate(results[:5])]:
        label = ", ".join(f"{k} {v}" for k, v in combo.items())
        print(f"| {tag}: {label} | {s:.1f}% | " + " | ".join(f"{per[n]:.1f}%" for n in names) + " |")
    print("\nbest score for each value of one parameter (others free):\n")
    for k in keys:
        best = {v: min(r[0] for r in results if r[1][k] == v) for v in GRID[k]}
        print(f"- {k}: " + ", ".join(f"{v} → {s:.1f}%" for v, s in best.items()))

    # p50 and p99 separately: a constant unpark latency cannot fit both (the real wake-up latency has a long tail).
    print("\nunpark_latency alone (other costs at their defaults): p50 and p99 errors separately, and the simulated "
          "remote-spawn-to-first-poll mean (real: see first_poll_delay_mean_us in validation/real-runs.csv)\n")
    print("| unpark_latency | p50 mean abs err | p50 worst | p99 mean abs err | p99 worst | sim first-poll mean |")
    print("|---|---:|---:|---:|---:|---:|")
    for u in UNPARK_SCAN if not args.quick else UNPARK_SCAN[:1]:
        e50, e99, fp = [], [], []
        for name, path in cal.items():
            sim = run.simulate(name, path, [f"runtime.costs.unpark_latency={u}"], out=os.path.join(run.OUT, "calib", name))
            for col, v in want[name].items():
                if col in sim and col.endswith("_p50_us"):
                    e50.append(100 * (sim[col] - v) / v)
                if col in sim and col.endswith("_p99_us"):
                    e99.append(100 * (sim[col] - v) / v)
            fp.append(sim["first_poll_delay_mean_us"])
        print(f"| {u} | {statistics.mean(map(abs, e50)):.1f}% | {max(e50, key=abs):+.1f}% | "
              f"{statistics.mean(map(abs, e99)):.1f}% | {max(e99, key=abs):+.1f}% | {statistics.mean(fp):.0f} µs |")


if __name__ == "__main__":
    main()

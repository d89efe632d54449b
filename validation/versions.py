#!/usr/bin/env python3
"""Real Tokio 1.24.2 against real Tokio 1.53.1: the block of validation/RESULTS.md between its markers.

    python3 validation/versions.py            # rewrite that block of RESULTS.md from the saved runs
    python3 validation/versions.py --print    # print it instead

Reads validation/real-runs-versions.csv: both versions measured in the same session, one scenario at a time
(`validation/run.sh --real-only --runtime 1.24 --real-runs validation/real-runs-versions.csv S`, then the same with
`--runtime 1.53`), rows tagged by the `runtime` column. The calibration day's 1.24.2 medians
(validation/real-runs.csv) are shown beside them as a check of the machine. validation/run.py calls block() too,
so a full regeneration of RESULTS.md keeps this section. Only the Python standard library is used.
"""
import argparse
import csv
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION_RUNS = os.path.join(HERE, "real-runs-versions.csv")
CALIBRATION_RUNS = os.path.join(HERE, "real-runs.csv")
BEGIN, END = "<!-- tokio versions: begin -->", "<!-- tokio versions: end -->"
OLD, NEW = "1.24.2", "1.53.1"


def read_runs(path):
    """{(label, runtime): [row, ...]}; rows without a runtime column are Tokio 1.24.2."""
    runs = {}
    if os.path.exists(path):
        with open(path) as f:
            for row in csv.DictReader(f):
                runs.setdefault((row["label"], row.get("runtime") or OLD), []).append(row)
    return runs


def stats(rows, col):
    vals = [float(r[col]) for r in rows if r.get(col) not in (None, "", "nan")]
    if not vals:
        return None
    med = statistics.median(vals)
    return med, (max(vals) - min(vals)) / med * 100 if med else float("nan"), min(vals), max(vals), len(vals)


def visible(a, b):
    """A difference stands above the noise when every run of one version is beyond every run of the other and the
    medians differ by more than either version's spread."""
    if a is None or b is None or a[4] < 2 or b[4] < 2:
        return "n/a"
    diff = abs(b[0] - a[0]) / a[0] * 100
    apart = a[3] < b[2] or b[3] < a[2]
    return "**yes**" if apart and diff > max(a[1], b[1]) else "no"


def fmt(v, col):
    if v is None or v != v:
        return "–"
    return f"{v:.0f}" if col.startswith("throughput") else f"{v / 1000:.3f}"


def block(sims=None, sims_old=None, version_runs=VERSION_RUNS, calibration_runs=CALIBRATION_RUNS):
    """The markdown lines, markers included. `sims` and `sims_old` ({scenario: {metric: mean}}, from simexec with
    the tokio-1.53 and tokio-1.24 profiles) add a table of each profile against its own runtime."""
    runs = read_runs(version_runs)
    calday = read_runs(calibration_runs)
    names = sorted({n for n, rt in runs if rt == NEW and (n, OLD) in runs},
                   key=lambda n: (not n.startswith("cal_"), n))
    lines = [BEGIN, f"## Real Tokio {OLD} against real Tokio {NEW}", ""]
    if not names:
        return lines + ["No scenario measured on both versions yet (validation/real-runs-versions.csv).", "", END]
    stamps = sorted({r["measured_at"] for n in names for rt in (OLD, NEW) for r in runs[(n, rt)]
                     if r.get("measured_at")})
    conds = [r for n in names for rt in (OLD, NEW) for r in runs[(n, rt)] if r.get("cond_load_before")]
    lines += [f"The same harness (validation/tokio-ref/src/main.rs) built against Debian's Tokio {OLD} "
              f"(validation/tokio-ref) and against Tokio {NEW} from its git tag (validation/tokio-ref-1.53), run on "
              f"each scenario in the same session, one version after the other (3 seeds each). Times in ms; "
              f"*median* and *spread* ((max − min) / median) are over the kept runs; Δ is {NEW} against {OLD}. A "
              f"difference is called visible when every run of one version lies beyond every run of the other and Δ "
              f"exceeds both spreads. With 3 runs each that is a weak test: under no difference a row is flagged "
              f"about 1 time in 10, so among all the rows below a few flags are expected by chance, and the two "
              f"versions ran a minute apart rather than interleaved; a flag alone is a candidate, not a finding. "
              f"*{OLD} earlier* is the median of the runs in validation/real-runs.csv (the calibration and validation "
              f"sets: a quieter day, 2026-11-21; the issue-11 set: earlier the same day): the gap to the {OLD} "
              f"column beside it is the machine, not Tokio.", ""]
    if conds:
        span = stamps[0] if len(stamps) == 1 else f"{stamps[0][:-4]}–{stamps[-1][11:]}"
        lines += [f"- Runs taken {span}; {len(conds)} kept; load before a run "
                  f"{min(float(r['cond_load_before']) for r in conds):.2f}–"
                  f"{max(float(r['cond_load_before']) for r in conds):.2f}; other processes "
                  f"{min(float(r['cond_other_cores']) for r in conds):.2f}–"
                  f"{max(float(r['cond_other_cores']) for r in conds):.2f} cores; arrival-thread lag p99 "
                  f"{min(float(r['cond_arrival_lag_p99_us']) for r in conds):.0f}–"
                  f"{max(float(r['cond_arrival_lag_p99_us']) for r in conds):.0f} µs.", ""]
    lines += [f"| scenario | metric | {OLD} earlier | {OLD} | spread | {NEW} | spread | Δ | visible? |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    seen, rows = [], []
    for n in names:
        cols = [("p50", "latency_p50_us"), ("p99", "latency_p99_us")]
        if any(r.get("throughput_per_s") and "closed" in n for r in runs[(n, NEW)]):
            cols.append(("throughput /s", "throughput_per_s"))
        for label, col in cols:
            a, b = stats(runs[(n, OLD)], col), stats(runs[(n, NEW)], col)
            c = stats(calday.get((n, OLD), []), col)
            diff = (b[0] - a[0]) / a[0] * 100 if a and b and a[0] else None
            v = visible(a, b)
            seen.append((n, label, v, diff))
            rows.append((n, label, col, a, b, diff))
            lines.append(f"| {n} | {label} | {fmt(c[0] if c else None, col)} | {fmt(a[0] if a else None, col)} | "
                         f"{a[1]:.0f}% | {fmt(b[0] if b else None, col)} | {b[1]:.0f}% | "
                         f"{'–' if diff is None else f'{diff:+.0f}%'} | {v} |")
    shown = [f"{n} {label} ({d:+.0f}%)" for n, label, v, d in seen if v == "**yes**"]
    lines += ["", "Flagged: " + ("; ".join(shown) + "." if shown else "none.") +
              f" That is {len(shown)} of {len(seen)} rows, against about {len(seen) / 10:.0f} expected by chance "
              f"alone" + (": no difference between the versions stands out from the noise of these runs." if
                          len(shown) <= max(1, round(len(seen) / 10 * 1.5)) else "."), ""]
    if sims:
        def err(s, real):
            return (s - real[0]) / real[0] * 100 if s is not None and real and real[0] else None

        def verdict(e, real):
            return "–" if e is None else ("n/a (noisy)" if real[1] >= 10 else ("yes" if abs(e) <= 10 else "**no**"))

        def pct(e):
            return "–" if e is None else f"{e:+.0f}%"
        lines += [f"### simexec with each profile against its own runtime (the runs above)", "",
                  "simexec's mean over its replications with `profile = \"tokio-1.53\"` against real 1.53.1 and "
                  "with `profile = \"tokio-1.24\"` against today's real 1.24.2. Aim: within 10% where the real "
                  "spread is below 10%. *sim Δ* is simexec's 1.53 against its 1.24, beside the real Δ.", "",
                  f"| scenario | metric | real {NEW} | spread | sim 1.53 | err | within 10%? | real {OLD} | spread | "
                  f"sim 1.24 | err | within 10%? | real Δ | sim Δ |",
                  "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|"]
        for n, label, col, a, b, diff in rows:
            s_new = sims.get(n, {}).get(col)
            s_old = (sims_old or {}).get(n, {}).get(col)
            e_new, e_old = err(s_new, b), err(s_old, a)
            sdiff = (s_new - s_old) / s_old * 100 if s_new is not None and s_old else None
            lines.append(f"| {n} | {label} | {fmt(b[0], col)} | {b[1]:.0f}% | {fmt(s_new, col)} | {pct(e_new)} | "
                         f"{verdict(e_new, b)} | {fmt(a[0], col)} | {a[1]:.0f}% | {fmt(s_old, col)} | {pct(e_old)} | "
                         f"{verdict(e_old, a)} | {pct(diff)} | {pct(sdiff)} |")
        both = [(err(sims.get(n, {}).get(col), b), err((sims_old or {}).get(n, {}).get(col), a))
                for n, label, col, a, b, diff in rows]
        both = [(x, y) for x, y in both if x is not None and y is not None]
        if both:
            lines += ["", f"Mean error of simexec 1.53 against real 1.53.1: {statistics.mean(x for x, _ in both):+.0f}%; "
                      f"of simexec 1.24 against the same session's real 1.24.2: "
                      f"{statistics.mean(y for _, y in both):+.0f}%; mean |difference| between the two errors "
                      f"{statistics.mean(abs(x - y) for x, y in both):.0f} points."]
        lines.append("")
    return lines + [END]


def splice(results_path, lines):
    """Puts the block into RESULTS.md: in place of an earlier one, else before the Notes, else at the end."""
    text = open(results_path).read() if os.path.exists(results_path) else ""
    blk = "\n".join(lines)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + blk + rest.split(END, 1)[1]
    elif "\n## Notes" in text:
        head, tail = text.split("\n## Notes", 1)
        text = head + "\n" + blk + "\n\n## Notes" + tail
    else:
        text = text.rstrip("\n") + "\n\n" + blk + "\n"
    with open(results_path, "w") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--print", action="store_true", help="print the block instead of writing it into --results")
    args = p.parse_args()
    lines = block()
    if args.print:
        print("\n".join(lines))
    else:
        splice(args.results, lines)
        print(f"wrote the Tokio versions block of {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()

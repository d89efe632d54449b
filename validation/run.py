#!/usr/bin/env python3
"""Measure validation/scenarios/*.toml on real Tokio (validation/tokio-ref) and compare with simexec.

    validation/run.sh                       # build both, measure (3 runs each), simulate, write validation/RESULTS.md
    validation/run.sh --sim-only            # re-simulate against the saved real runs (validation/real-runs.csv)
    validation/run.sh --set runtime.costs.unpark_latency=40us   # simulate with other costs (repeatable)
    validation/run.sh --real-only --no-build val_accept_io     # only measure (saved in validation/real-runs.csv)
    validation/run.sh --real-only --no-build --runtime 1.53 --real-runs validation/real-runs-versions.csv cal_io
                                            # measure on Tokio 1.53.1 (validation/tokio-ref-1.53); versions.py compares

Real runs wait for a quiet machine (1-minute load below --load-max) and are discarded and redone when other processes
used more than --other-max cores during the run (measured from /proc/stat minus the harness's own CPU time).
Only the Python standard library is used.
"""
import argparse
import csv
import datetime
import glob
import os
import platform
import statistics
import subprocess
import sys
import time

import versions

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
SIMEXEC = os.path.join(ROOT, ".build", "release", "simexec")
HARNESS_DIR = os.path.join(HERE, "tokio-ref")
HARNESS = os.path.join(HARNESS_DIR, "target", "release", "tokio-ref")
# --runtime: the real Tokio the same harness (tokio-ref/src/main.rs) is built against, and its folder.
RUNTIMES = {"1.24": ("1.24.2", HARNESS_DIR), "1.53": ("1.53.1", os.path.join(HERE, "tokio-ref-1.53"))}
RUNTIME = "1.24"
REAL_RUNS = os.path.join(HERE, "real-runs.csv")
DEBIAN_REGISTRY = "/usr/share/cargo/registry"
QUANTILES = [("p50", "p50"), ("p90", "p90"), ("p99", "p99"), ("p999", "p99.9")]
# Issue 11 (accept loop, child tasks, closed loop): measured later than the first two sets, with their own block in
# RESULTS.md between these markers, so that adding them leaves the earlier tables as they were.
ISSUE11 = ("val_accept_", "val_join_", "val_closed_")
BEGIN11, END11 = "<!-- issue-11 set: begin -->", "<!-- issue-11 set: end -->"
OTHER11 = 0.05   # issue-11 verdict: runs during which other processes used more cores than this are not judged
RECHECK_RUNS = os.path.join(HERE, "recheck-runs.csv")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def build(skip_swift):
    if not skip_swift:
        log("building simexec (swift build -c release --product simexec)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "simexec"], cwd=ROOT, check=True)
    cmd = ["cargo", "build", "--release", "--quiet"]
    if os.path.isdir(os.path.join(DEBIAN_REGISTRY, "tokio-1.24.2")):
        cmd += ["--offline", "--config", "cargo-debian.toml"]
    if RUNTIME == "1.53":   # vendored git sources (tokio-ref-1.53/vendor.py), see NOTES.md "Tokio 1.53.1"
        if not os.path.isdir(os.path.join(HARNESS_DIR, "vendor", "tokio")):
            subprocess.run([sys.executable, os.path.join(HARNESS_DIR, "vendor.py")], check=True)
        cmd = ["cargo", "build", "--release", "--quiet", "--offline"]
    log(f"building tokio-ref for Tokio {RUNTIMES[RUNTIME][0]}: " + " ".join(cmd))
    subprocess.run(cmd, cwd=HARNESS_DIR, check=True)


def scenarios(names):
    files = sorted(glob.glob(os.path.join(HERE, "scenarios", "*.toml")))
    found = {os.path.basename(f)[:-5]: f for f in files}
    if names:
        missing = [n for n in names if n not in found]
        if missing:
            sys.exit(f"no such scenario: {', '.join(missing)} (have {', '.join(found)})")
        return {n: found[n] for n in names}
    # calibration set first, then validation
    return dict(sorted(found.items(), key=lambda kv: (not kv[0].startswith("cal_"), kv[0])))


def description(path):
    for line in open(path):
        if line.startswith("description"):
            return line.split("=", 1)[1].strip().strip('"')
    return ""


def export(name, path, sets=()):
    """The scenario as tokio-ref reads it: `simexec export-scenario`, through export_ext.py, which adds the issue-11
    records (accept loop, closed arrivals, spawn/join) when this simexec cannot export them itself."""
    os.makedirs(os.path.join(OUT, "scn"), exist_ok=True)
    scn = os.path.join(OUT, "scn", name + ".scn")
    args = [sys.executable, os.path.join(HERE, "export_ext.py"), path, "--simexec", SIMEXEC]
    for s in sets:
        args += ["--set", s]
    with open(scn, "w") as f:
        subprocess.run(args, stdout=f, check=True)
    return scn


def simulate(name, path, sets=(), out=None):
    """simexec's summary.csv row as {metric: mean}."""
    out = out or os.path.join(OUT, "sim", name)
    args = [SIMEXEC, "run", path, "--out", out, "--quiet", "--jobs", str(os.cpu_count() or 2)]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "summary.csv")) as f:
        row = next(csv.DictReader(f))
    return {k[: -len("_mean")]: float(v) for k, v in row.items() if k.endswith("_mean") and v not in ("", "nan")}


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_busy_seconds():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def real_run(name, scn, seed, args):
    """One quiet real run, redone when disturbed. Returns (row dict, conditions dict) or None."""
    for attempt in range(args.attempts):
        waited = 0.0
        while loadavg() >= args.load_max and waited < args.wait_max:
            if waited == 0:
                log(f"  waiting for 1-minute load {loadavg():.2f} to drop below {args.load_max}")
            time.sleep(5)
            waited += 5
        load_before = loadavg()
        csv_path = os.path.join(OUT, "real" if RUNTIME == "1.24" else "real-" + RUNTIME, f"{name}.seed{seed}.csv")
        os.makedirs(os.path.dirname(csv_path), exist_ok=True)
        busy0, child0, t0 = cpu_busy_seconds(), os.times(), time.monotonic()
        cmd = [HARNESS, scn, "--out", csv_path, "--seed", str(seed), "--label", name]
        if args.spin_us is not None:
            cmd += ["--spin-us", str(args.spin_us)]
        subprocess.run(cmd, check=True)
        busy1, child1, t1 = cpu_busy_seconds(), os.times(), time.monotonic()
        own = (child1.children_user - child0.children_user) + (child1.children_system - child0.children_system)
        other = max(0.0, (busy1 - busy0 - own) / (t1 - t0))
        with open(csv_path) as f:
            row = next(csv.DictReader(f))
        cond = {"load_before": load_before, "other_cores": other, "own_cores": own / (t1 - t0),
                "arrival_lag_p99_us": float(row["arrival_lag_p99_us"])}
        late = args.lag_max is not None and cond["arrival_lag_p99_us"] > args.lag_max
        if load_before >= args.load_max or other > args.other_max or late:
            log(f"  run disturbed (load {load_before:.2f}, other processes {other:.2f} cores, "
                f"arrival lag p99 {cond['arrival_lag_p99_us']:.0f} us); "
                f"{'redoing' if attempt + 1 < args.attempts else 'giving up'}")
            continue
        return row, cond
    return None


def rel(sim, real):
    return (sim - real) / real * 100 if real else float("nan")


def fmt_ms(us):
    return "–" if us is None or us != us else f"{us / 1000:.3f}"


def compare_row(runs, sim, rcol, scol):
    """One metric of a scenario: the real runs' median and spread (%), simexec's value and its error (%), and how many
    real runs had the metric; None when none had it."""
    vals = [float(r[rcol]) for r, _ in runs if r.get(rcol) not in (None, "", "nan")]
    if not vals:
        return None
    med = statistics.median(vals)
    spread = (max(vals) - min(vals)) / med * 100 if med else float("nan")
    s = sim.get(scol) if scol else None
    err = rel(s, med) if s is not None else None
    return med, spread, s, err, len(vals)


def metric_rows(real_rows, sim, classes, closed=False):
    """(label, real column, sim column) for the table."""
    rows = [(f"all {q}", f"latency_{k}_us", f"latency_{k}_us") for k, q in QUANTILES]
    if closed:
        rows.append(("throughput /s", "throughput_per_s", "throughput_per_s"))
    if any(r.get("latency_from_connect_p50_us") not in (None, "", "nan") for r, _ in real_rows):
        # accept loop over TCP: from the client's connect returning, i.e. without the loopback handshake
        rows += [(f"all {q} from connect", f"latency_from_connect_{k}_us", f"latency_{k}_us")
                 for k, q in QUANTILES if q in ("p50", "p99")]
    if len(classes) > 1:
        for c in classes:
            for k, q in QUANTILES:
                col = f"latency_{c}_{k}_us"
                rows.append((f"{c} {q}", col, col if col in sim else None))
    return rows


def classes_of(scn):
    return [line.split()[1] for line in open(scn) if line.startswith("class ")]


def is_closed(scn):
    return any(line.startswith("arrivals closed") for line in open(scn))


def child_classes(scn):
    """Classes of weight 0 (only spawned by other tasks)."""
    return [line.split()[1] for line in open(scn) if line.startswith("class ") and float(line.split()[2]) == 0]


def fmt_val(label, v):
    if label.startswith("throughput"):
        return "–" if v is None or v != v else f"{v:.0f}"
    return fmt_ms(v)


def scenario_table(name, path, runs, sim, scn, lines, closed=False):
    """Appends one scenario's table; returns its rows as (label, median, spread, sim, err)."""
    lines += [f"### {name}", "", description(path), ""]
    if not runs:
        lines += ["No undisturbed real run.", ""]
        return []
    conds = [c for _, c in runs]
    lines += [f"{len(runs)} kept real run{'s' if len(runs) != 1 else ''}; other processes "
              f"{min(c['other_cores'] for c in conds):.2f}–{max(c['other_cores'] for c in conds):.2f} cores, "
              f"arrival-thread lag p99 {min(c['arrival_lag_p99_us'] for c in conds):.0f}–"
              f"{max(c['arrival_lag_p99_us'] for c in conds):.0f} µs.", "",
              "| metric | real | spread | sim | err |", "|---|---:|---:|---:|---:|"]
    out = []
    for label, rcol, scol in metric_rows(runs, sim, classes_of(scn), closed):
        row = compare_row(runs, sim, rcol, scol)
        if row is None:
            continue
        med, spread, s, err, count = row
        lines.append(f"| {label} | {fmt_val(label, med)} | {spread:.0f}% | {fmt_val(label, s)} | "
                     f"{'–' if err is None else f'{err:+.0f}%'} |")
        out.append((label, med, spread if count > 1 else float("nan"), s, err))
    lines.append("")
    return out


def issue11_block(args, names, chosen, real, sims, scns):
    """The issue-11 section of RESULTS.md, between its markers."""
    lines = [BEGIN11, "## Issue 11 set: accept loop, child tasks, closed loop", "",
             "Measured after the two sets above, on the same kind of machine but another day and while other "
             "sessions shared it (see the notes at the end of this block and the machine check). Aim: p50 and p99 "
             "within 10% where the real spread is below 10%; rows whose runs were disturbed (other processes above "
             f"{OTHER11} cores during a run) or come from a single run are not judged.", ""]
    conds = [c for n in names for _, c in real.get(n, [])]
    stamps = sorted({r["measured_at"] for n in names for r, _ in real.get(n, []) if r.get("measured_at")})
    if conds:
        lines += [f"- Real runs: {len(conds)} kept, started {', '.join(stamps)}; load before a run "
                  f"{min(c['load_before'] for c in conds):.2f}–{max(c['load_before'] for c in conds):.2f}; other "
                  f"processes {min(c['other_cores'] for c in conds):.2f}–{max(c['other_cores'] for c in conds):.2f} "
                  f"cores; arrival-thread lag p99 {min(c['arrival_lag_p99_us'] for c in conds):.0f}–"
                  f"{max(c['arrival_lag_p99_us'] for c in conds):.0f} µs."]
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    sets = "".join(f" --set {s}" for s in args.sets)
    lines += [f"- simexec: release build at {rev} (+ working tree), the scenario files' replications and default costs"
              f"{' with' + sets if sets else ''} (`accept_cost` 30 µs since this block's refit).", ""]
    verdict = []
    for name in names:
        runs = real.get(name, [])
        rows = scenario_table(name, chosen[name], runs, sims.get(name, {}), scns[name], lines, is_closed(scns[name]))
        judged = {"all p50", "all p99", "throughput /s", "all p50 from connect", "all p99 from connect"} | {
            f"{c} {q}" for c in child_classes(scns[name])
                                                             for q in ("p50", "p99")}
        disturbed = any(c["other_cores"] > OTHER11 for _, c in runs)
        verdict += [(name + (" (disturbed)" if disturbed else ""),) + r for r in rows if r[0] in judged]
    if verdict:
        lines += ["### Verdict (issue 11 set)", "",
                  "| scenario | metric | real | spread | sim | err | within 10%? |", "|---|---|---:|---:|---:|---:|---|"]
        for name, label, med, spread, s, err in verdict:
            ok = ("n/a (disturbed)" if name.endswith("(disturbed)") else "n/a (one run)" if spread != spread else
                  "n/a (noisy)" if spread >= 10 else
                  "yes" if err is not None and abs(err) <= 10 else "**no**")
            spread_txt = "–" if spread != spread else f"{spread:.0f}%"
            lines.append(f"| {name} | {label} | {fmt_val(label, med)} | {spread_txt} | {fmt_val(label, s)} | "
                         f"{'–' if err is None else f'{err:+.0f}%'} | {ok} |")
        lines.append("")
    recheck = machine_check(sims, chosen, real)
    if recheck:
        lines += recheck
    notes = os.path.join(HERE, "NOTES-issue11.md")
    if os.path.exists(notes):
        lines += [open(notes).read().rstrip(), ""]
    lines.append(END11)
    return lines


def machine_check(sims, chosen, real):
    """Calibration scenarios measured again with the issue-11 settings (validation/recheck-runs.csv), next to the
    calibration day's runs, so that a drift of the machine is not mistaken for a model error."""
    if not os.path.exists(RECHECK_RUNS):
        return []
    again = {}
    with open(RECHECK_RUNS) as f:
        for row in csv.DictReader(f):
            again.setdefault(row["label"], []).append(row)
    lines = ["### Machine check: calibration scenarios measured again on the day of the issue-11 set", "",
             "validation/recheck-runs.csv: real Tokio 1.24.2 in the quiet session of the issue-11 set's runs "
             "(2026-12-02 20:13–20:14 UTC, the 1.24.2 runs of validation/real-runs-versions.csv; tokio-ref's default "
             "settings, other processes at most 0.05 cores). The p50s moved by 1–2% against the calibration day; "
             "cal_io's p99 by −5%: the wake-up tail was shorter that day, read the issue-11 p99 errors against this.",
             "",
             "| scenario | quantile | calibration day | today | spread today | sim | err vs today |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for name in sorted(again):
        for q in ("p50", "p99"):
            col = f"latency_{q}_us"
            then = [float(r[col]) for r, _ in real.get(name, [])]
            now = [float(r[col]) for r in again[name]]
            med = statistics.median(now)
            spread = (max(now) - min(now)) / med * 100
            s = sims.get(name, {}).get(col)
            lines.append(f"| {name} | {q} | {fmt_ms(statistics.median(then)) if then else '–'} | {fmt_ms(med)} | "
                         f"{spread:.0f}% | {fmt_ms(s)} | {'–' if s is None else f'{rel(s, med):+.0f}%'} |")
    lines.append("")
    return lines


def splice_issue11(results_path, block):
    """Puts the issue-11 block into RESULTS.md: in place of an earlier one, else before the Notes."""
    text = open(results_path).read() if os.path.exists(results_path) else ""
    blk = "\n".join(block)
    if BEGIN11 in text and END11 in text:
        head, rest = text.split(BEGIN11, 1)
        tail = rest.split(END11, 1)[1]
        text = head + blk + tail
    elif "## Notes" in text:
        head, tail = text.split("## Notes", 1)
        text = head + blk + "\n\n## Notes" + tail
    else:
        text = text + "\n" + blk + "\n"
    with open(results_path, "w") as f:
        f.write(text)


def save_real_runs(done, real, started):
    """Rewrites validation/real-runs.csv (or --real-runs): earlier rows of other scenarios, then the kept runs of this
    invocation."""
    old = []
    if os.path.exists(REAL_RUNS):
        with open(REAL_RUNS) as f:
            old = [r for r in csv.DictReader(f)
                   if r["label"] not in done or (r.get("runtime") or "1.24.2") != RUNTIMES[RUNTIME][0]]
    new = [dict(row, runtime=RUNTIMES[RUNTIME][0], **{"cond_" + k: f"{v:.3f}" for k, v in cond.items()},
                measured_at=started.strftime("%Y-%m-%d %H:%M UTC"))
           for name in done for row, cond in real.get(name, [])]
    keys = []
    for r in old + new:
        for k in r:
            if k not in keys:
                keys.append(k)
    with open(REAL_RUNS + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys, restval="")
        w.writeheader()
        w.writerows(old + new)
    os.replace(REAL_RUNS + ".tmp", REAL_RUNS)


def main():
    global REAL_RUNS
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="*", help="scenario names (default: all under validation/scenarios)")
    p.add_argument("--runs", type=int, default=3, help="real runs per scenario (default 3)")
    p.add_argument("--load-max", type=float, default=0.7, help="wait until the 1-minute load is below this")
    p.add_argument("--wait-max", type=float, default=600, help="seconds to wait for a quiet machine per run")
    p.add_argument("--other-max", type=float, default=0.15,
                   help="discard a run when other processes used more cores than this during it")
    p.add_argument("--attempts", type=int, default=4, help="tries per run before giving up")
    p.add_argument("--lag-max", type=float, default=None,
                   help="also discard a run whose arrival-thread lag p99 exceeded this many us (the harness's own "
                        "thread was held off the CPU: with --spin-us 100 it is spinning before each arrival)")
    p.add_argument("--sim-only", action="store_true", help="reuse validation/real-runs.csv, do not measure")
    p.add_argument("--real-only", action="store_true",
                   help="only measure on real Tokio (saved in validation/real-runs.csv); no simexec run, no RESULTS.md")
    p.add_argument("--no-build", action="store_true")
    p.add_argument("--set", action="append", default=[], dest="sets", help="simexec --set for the simulation")
    p.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--real-runs", default=REAL_RUNS,
                   help="CSV of kept real runs to read and update (default validation/real-runs.csv); another file "
                        "re-measures a scenario without replacing its saved runs")
    p.add_argument("--spin-us", type=int, default=None, help="tokio-ref --spin-us (default: tokio-ref's, 20)")
    p.add_argument("--issue11-only", action="store_true",
                   help="only the issue-11 scenarios (val_accept_*, val_join_*, val_closed_*), and write only their "
                        "block of RESULTS.md (between its markers), leaving the rest of the file as it is")
    p.add_argument("--simexec", help="simexec binary (default .build/release/simexec)")
    p.add_argument("--runtime", choices=sorted(RUNTIMES), default="1.24",
                   help="real Tokio to measure: 1.24 (Debian's 1.24.2, validation/tokio-ref) or 1.53 (1.53.1 from its "
                        "git tag, validation/tokio-ref-1.53); runs are tagged by the `runtime` column. With 1.53 "
                        "simexec runs with --set runtime.profile=tokio-1.53 and only the Tokio-versions block of "
                        "RESULTS.md is written (validation/versions.py)")
    args = p.parse_args()
    REAL_RUNS = args.real_runs
    global RUNTIME, HARNESS_DIR, HARNESS, SIMEXEC
    SIMEXEC = args.simexec or SIMEXEC
    RUNTIME, HARNESS_DIR = args.runtime, RUNTIMES[args.runtime][1]
    HARNESS = os.path.join(HARNESS_DIR, "target", "release", "tokio-ref")
    if not any(x.startswith("runtime.profile=") for x in args.sets):   # each runtime with its own profile
        args.sets.append("runtime.profile=tokio-1.53" if RUNTIME == "1.53" else "runtime.profile=tokio-1.24")

    if args.issue11_only and not args.sim_only:
        sys.exit("--issue11-only writes results from saved runs: add --sim-only (measure with --real-only)")
    build(skip_swift=args.no_build)
    chosen = scenarios(args.scenario)
    if args.issue11_only:
        chosen = {n: p for n, p in chosen.items() if n.startswith(ISSUE11)}
        with open(REAL_RUNS) as f:
            saved = {r["label"] for r in csv.DictReader(f)}
        if os.path.exists(RECHECK_RUNS):
            with open(RECHECK_RUNS) as f:
                for r in csv.DictReader(f):
                    if r["label"] in saved and r["label"] not in chosen:
                        chosen[r["label"]] = os.path.join(HERE, "scenarios", r["label"] + ".toml")

    real = {}   # name -> list of (row, cond)
    if args.sim_only:
        with open(REAL_RUNS) as f:
            for row in csv.DictReader(f):
                if (row.get("runtime") or "1.24.2") != RUNTIMES[RUNTIME][0]:
                    continue
                cond = {k[5:]: float(row[k]) for k in row if k.startswith("cond_") and row[k] not in ("", None)}
                real.setdefault(row["label"], []).append((row, cond))
    sims, sims_old = {}, {}
    scns = {}
    for name, path in chosen.items():
        scns[name] = export(name, path, [x for x in args.sets if x.startswith("runtime.profile=")])
        if not args.real_only:
            log(f"simulating {name}")
            if RUNTIME == "1.53":   # each profile for its own runtime's runs (validation/versions.py)
                sims[name] = simulate(name, path, args.sets, out=os.path.join(OUT, "sim-1.53", name))
                old_sets = [x for x in args.sets if not x.startswith("runtime.profile=")] + ["runtime.profile=tokio-1.24"]
                sims_old[name] = simulate(name, path, old_sets, out=os.path.join(OUT, "sim-1.24", name))
            else:
                sims[name] = simulate(name, path, args.sets)
    if not args.sim_only:
        started = datetime.datetime.now(datetime.timezone.utc)
        done = []
        for name in chosen:
            done.append(name)
            log(f"measuring {name} on real Tokio ({args.runs} runs)")
            for seed in range(1, args.runs + 1):
                got = real_run(name, scns[name], seed, args)
                if got:
                    real.setdefault(name, []).append(got)
            save_real_runs(done, real, started)
        if args.real_only:
            return
        finished = datetime.datetime.now(datetime.timezone.utc)
        window = f"{started:%Y-%m-%d %H:%M}–{finished:%H:%M} UTC"
    else:
        stamps = sorted({r["measured_at"] for n in chosen for r, _ in real.get(n, []) if r.get("measured_at")})
        window = "runs saved in validation/real-runs.csv, started " + ", ".join(stamps)
    if args.issue11_only:
        names = [n for n in chosen if n.startswith(ISSUE11)]
        splice_issue11(args.results, issue11_block(args, names, chosen, real, sims, scns))
        log(f"wrote the issue-11 block of {args.results}")
        return
    if RUNTIME == "1.53":
        versions.splice(args.results, versions.block(sims, sims_old))
        log(f"wrote the Tokio versions block of {args.results}")
        return
    write_results(args, chosen, real, sims, scns, window)


def write_results(args, chosen, real, sims, scns, window):
    lines = ["# simexec against real Tokio 1.24.2", "",
             "Generated by `validation/run.sh` (see README, \"Checking the model against real Tokio\"). "
             "Times in ms; *real* is the median of the kept runs, *spread* is (max − min) / median of those runs, "
             "*sim* is simexec's mean over its replications, *err* is (sim − real) / real.", ""]
    conds = [c for runs in real.values() for _, c in runs]
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines += ["## Conditions", "",
              f"- Measured: {window}; {platform.node()}, {os.cpu_count()} CPUs, Linux {platform.release()}; "
              f"Tokio 1.24.2 (Debian librust-tokio-dev, offline), {rustc}; simexec at {rev} (+ working tree).",
              (f"- Each run waited for a 1-minute load below {args.load_max}; runs during which other processes used "
               f"more than {args.other_max} cores were discarded and redone." if not args.sim_only else
               "- Real runs reused from validation/real-runs.csv (thresholds as when they were measured).")]
    if conds:
        lines.append(
            f"- Kept runs: {len(conds)}; load before a run {min(c['load_before'] for c in conds):.2f}–"
            f"{max(c['load_before'] for c in conds):.2f}; other processes used "
            f"{min(c['other_cores'] for c in conds):.2f}–{max(c['other_cores'] for c in conds):.2f} cores during runs; "
            f"arrival-thread lag p99 {min(c['arrival_lag_p99_us'] for c in conds):.0f}–"
            f"{max(c['arrival_lag_p99_us'] for c in conds):.0f} µs (latency is timed from the intended arrival).")
    if args.sets:
        lines.append(f"- simexec run with: {' '.join('--set ' + s for s in args.sets)}")
    lines.append("")
    summary = []
    for title, prefix in [("Calibration set", "cal_"), ("Validation set", "val_")]:
        names = [n for n in chosen if n.startswith(prefix) and not n.startswith(ISSUE11)]
        if not names:
            continue
        lines += [f"## {title}", ""]
        for name in names:
            runs = real.get(name, [])
            sim = sims[name]
            lines += [f"### {name}", "", description(chosen[name]), ""]
            if not runs:
                lines += ["No undisturbed real run.", ""]
                continue
            lines += [f"| metric | real | spread | sim | err |", "|---|---:|---:|---:|---:|"]
            for label, rcol, scol in metric_rows(runs, sim, classes_of(scns[name])):
                row = compare_row(runs, sim, rcol, scol)
                if row is None:
                    continue
                med, spread, s, err, _ = row
                lines.append(f"| {label} | {fmt_ms(med)} | {spread:.0f}% | {fmt_ms(s)} | "
                             f"{'–' if err is None else f'{err:+.0f}%'} |")
                if label.startswith("all ") and label[4:] in ("p50", "p99"):
                    summary.append((name, label[4:], med, spread, s, err))
            lines.append("")
    if summary:
        lines += ["## Verdict", "",
                  "Aim: p50 and p99 within 15% where the real spread is below 10%.", "",
                  "| scenario | quantile | real | spread | sim | err | within 15%? |", "|---|---|---:|---:|---:|---:|---|"]
        for name, q, med, spread, s, err in summary:
            ok = "n/a (noisy)" if spread >= 10 else ("yes" if err is not None and abs(err) <= 15 else "**no**")
            lines.append(f"| {name} | {q} | {fmt_ms(med)} | {spread:.0f}% | {fmt_ms(s)} | {err:+.0f}% | {ok} |")
        # ordering of scenarios by p99, real vs simulated
        for prefix in ("cal_", "val_"):
            rows = [(n, m, s) for n, q, m, _, s, _ in summary
                    if q == "p99" and n.startswith(prefix) and not n.startswith(ISSUE11)]
            if len(rows) > 1:
                by_real = [n for n, _, _ in sorted(rows, key=lambda r: r[1])]
                by_sim = [n for n, _, _ in sorted(rows, key=lambda r: r[2])]
                lines += ["", f"Ordering of the {'calibration' if prefix == 'cal_' else 'validation'} scenarios by p99: "
                          f"real {' < '.join(by_real)}; simulated {' < '.join(by_sim)} "
                          f"({'same' if by_real == by_sim else 'different'})."]
        lines.append("")
    new = [n for n in chosen if n.startswith(ISSUE11)]
    if new:
        lines += issue11_block(args, new, chosen, real, sims, scns) + [""]
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        lines += [open(notes).read().rstrip(), ""]
    # Real 1.24.2 vs 1.53.1 (validation/versions.py): kept as last written (it may hold simexec 1.53 columns).
    old = open(args.results).read() if os.path.exists(args.results) else ""
    vblock = (versions.BEGIN + old.split(versions.BEGIN, 1)[1].split(versions.END, 1)[0] + versions.END
              if versions.BEGIN in old and versions.END in old else "\n".join(versions.block()))
    at = next((i for i, l in enumerate(lines) if l.startswith("## Notes")), len(lines))
    lines[at:at] = [vblock, ""]
    with open(args.results, "w") as f:
        f.write("\n".join(lines))
    log(f"wrote {args.results}")


if __name__ == "__main__":
    main()

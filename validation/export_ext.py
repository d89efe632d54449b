#!/usr/bin/env python3
"""`simexec export-scenario` for the issue-11 features, for a simexec that cannot export them yet.

    validation/export_ext.py FILE.toml [--simexec PATH] [--set K=V ...] > s.scn

Runs `simexec export-scenario` on FILE.toml first and prints its output when that works (a simexec that knows
`spawned_by`, closed arrivals, `spawn` and `join`). Otherwise it writes a copy of the file without those features
(weight-0 classes get weight 1, `spawn`/`join` steps become `yield`, a closed process becomes `poisson` with the think
time as an extra class's `sleep`), exports that with the same simexec, so every distribution is parsed by simexec
itself, and puts the features back as the records validation/tokio-ref reads:

    spawned_by accept_loop
    arrivals closed CLIENTS DIST
    class NAME 0 ...
    step spawn CLASS-INDEX
    step join N I1 .. IN

Only the Python standard library is used (tomllib, Python 3.11+). Exit 2 with a message on what it cannot handle.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
SIMEXEC = os.path.join(os.path.dirname(HERE), ".build", "release", "simexec")
THINK_CLASS = "zz_export_ext_think"


def die(msg):
    print(f"export_ext: {msg}", file=sys.stderr)
    sys.exit(2)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[ " + ", ".join(toml_value(x) for x in v) + " ]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    die(f"cannot write {v!r}")


def toml_dump(doc):
    """A TOML writer for experiment files: tables of scalars, arrays of tables, inline tables inside arrays."""
    out = []

    def table(prefix, t):
        scalars = {k: v for k, v in t.items() if not isinstance(v, dict)
                   and not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v) and k != "steps")}
        subs = {k: v for k, v in t.items() if k not in scalars}
        if prefix:
            out.append(f"[{prefix}]")
        for k, v in scalars.items():
            out.append(f"{k} = {toml_value(v)}")
        out.append("")
        for k, v in subs.items():
            name = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                table(name, v)
            else:
                for item in v:
                    out.append(f"[[{name}]]")
                    for k2, v2 in item.items():
                        out.append(f"{k2} = {toml_value(v2)}")
                    out.append("")

    table("", doc)
    return "\n".join(out) + "\n"


def export(simexec, path, sets):
    args = [simexec, "export-scenario", path]
    for s in sets:
        args += ["--set", s]
    return subprocess.run(args, capture_output=True, text=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file")
    p.add_argument("--simexec", default=SIMEXEC)
    p.add_argument("--set", action="append", default=[], dest="sets")
    p.add_argument("--fallback", action="store_true", help="do not try simexec's own export first")
    args = p.parse_args()

    if not args.fallback:
        direct = export(args.simexec, args.file, args.sets)
        if direct.returncode == 0:
            sys.stdout.write(direct.stdout)
            return
    with open(args.file, "rb") as f:
        doc = tomllib.load(f)
    arrivals = doc.setdefault("arrivals", {})
    spawned_by = arrivals.pop("spawned_by", "outside")
    if spawned_by not in ("outside", "accept_loop"):
        die(f"spawned_by = {spawned_by!r}")
    closed = None
    if arrivals.get("process") == "closed":
        closed = (int(arrivals.pop("clients")), arrivals.pop("think"))
        arrivals["process"] = "poisson"
        arrivals["rate"] = 1
    elif arrivals.get("process") not in (None, "poisson", "constant"):
        die(f"process = {arrivals['process']!r} is not handled")
    tasks = doc.get("task")
    if not isinstance(tasks, list):
        die("tasks must be written as [[task]] sections")
    names = [t["name"] for t in tasks]
    zero = set()
    patches = {}   # class index -> {step index: record}
    for ci, t in enumerate(tasks):
        if t.get("weight", 1) == 0:
            zero.add(ci)
            t["weight"] = 1
        for si, step in enumerate(t["steps"]):
            if "spawn" in step:
                patches.setdefault(ci, {})[si] = f"spawn {names.index(step['spawn'])}"
            elif "join" in step:
                kids = step["join"]
                if not kids:
                    die(f"task {t['name']}: empty join")
                patches.setdefault(ci, {})[si] = f"join {len(kids)} " + " ".join(str(names.index(k)) for k in kids)
            elif "spawn_blocking" in step and isinstance(step["spawn_blocking"], list):
                die("spawn_blocking closures are not handled by the fallback")
            else:
                continue
            t["steps"][si] = {"yield": True}
    if closed:
        tasks.append({"name": THINK_CLASS, "weight": 1, "steps": [{"sleep": closed[1]}]})
    with tempfile.NamedTemporaryFile("w", suffix=".toml", dir=os.path.dirname(os.path.abspath(args.file)),
                                     prefix=".export_ext-", delete=False) as tmp:
        tmp.write(toml_dump(doc))
    try:
        res = export(args.simexec, tmp.name, args.sets)
    finally:
        os.unlink(tmp.name)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        die("simexec export-scenario failed on the reduced file")
    lines = res.stdout.splitlines()
    out = []
    ci = -1
    si = 0
    think_dist = None
    skipping = False
    for line in lines:
        f = line.split()
        if f and f[0] == "class":
            skipping = f[1] == THINK_CLASS
            if skipping:
                continue
            ci += 1
            si = 0
            if ci in zero:
                f[2] = "0"
                line = " ".join(f)
        elif f and f[0] == "step":
            if skipping:
                think_dist = " ".join(f[2:])
                continue
            rec = patches.get(ci, {}).get(si)
            if rec is not None:
                if f[1] != "yield":
                    die(f"class {names[ci]}: step {si} is not where it was expected (nested steps?)")
                line = "step " + rec
            si += 1
        elif f and f[0] == "arrivals":
            if closed:
                line = None
            else:
                out.append(line)
                if spawned_by != "outside":
                    out.append(f"spawned_by {spawned_by}")
                continue
        elif f and f[0] == "end" and closed:
            pass
        if line is not None:
            out.append(line)
    if closed:
        if think_dist is None:
            die("think time not exported")
        i = next(k for k, l in enumerate(out) if l.startswith("class "))
        extra = [f"arrivals closed {closed[0]} {think_dist}"]
        if spawned_by != "outside":
            extra.append(f"spawned_by {spawned_by}")
        out[i:i] = extra
    # Say where this came from, for whoever reads the file.
    out.insert(1, "# made by validation/export_ext.py (simexec could not export this file itself)")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()

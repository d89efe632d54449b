#!/usr/bin/env python3
"""Fill validation/tokio-ref-1.53/vendor/ with Tokio 1.53.1 and the four crates it needs, from git directories
already on this machine (brought by the search tool's `fetch`; this script fetches nothing itself).

    python3 validation/tokio-ref-1.53/vendor.py                 # expects /work/.mirror/<owner>+<name>/repo
    python3 validation/tokio-ref-1.53/vendor.py --mirror DIR    # or DIR/<owner>+<name>/repo
    TOKIO_REF_MIRROR=DIR python3 validation/tokio-ref-1.53/vendor.py

Each crate is `git archive`d at its release tag (tokio: the `tokio/` subfolder of tokio-1.53.1) into vendor/<crate>/.
Then, in the manifests of tokio, mio and socket2, the sections whose header names `windows` or is exactly
`cfg(target_os = "wasi")`, every `dev-dependencies` section, and the `windows-sys/...` items of feature lists are
removed: cargo's resolver is platform-independent and would otherwise look for `windows-sys` (not available offline
here) even for a Linux build. tokio's `[lints] workspace = true` is replaced by the `[workspace.lints]` of Tokio's
root manifest (the list of its own cfgs), because the vendored crate is no longer inside Tokio's workspace. (See ../../../shared/reference/tokio-1.53-offline.md.) Only the standard library
and `git` are used. vendor/ is git-ignored; vendor/VENDORED lists what was archived and what was removed.
"""
import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
VENDOR = os.path.join(HERE, "vendor")

# crate, fetched repository (owner+name), tag, subfolder of the archive holding the crate, strip the manifest?
CRATES = [
    ("tokio", "tokio-rs+tokio", "tokio-1.53.1", "tokio", True),
    ("mio", "tokio-rs+mio", "v1.2.2", "", True),
    ("socket2", "rust-lang+socket2", "v0.6.3", "", True),
    ("libc", "rust-lang+libc", "0.2.189", "", False),
    ("pin-project-lite", "taiki-e+pin-project-lite", "v0.2.17", "", False),
]

HEADER = re.compile(r"^\s*\[\[?([^\]]+)\]\]?\s*(#.*)?$")
WINDOWS_ITEM = re.compile(r'"windows-sys/[^"]*"\s*,?\s*')


def drop_section(name, body):
    """Whether a manifest section (header text without brackets) is removed."""
    if "windows" in name:
        return True
    if name.replace(" ", "") in ("target.'cfg(target_os=\"wasi\")'.dependencies",
                                 "target.'cfg(target_os=\"wasi\")'.dev-dependencies"):
        return True
    if name == "dev-dependencies" or name.endswith(".dev-dependencies"):
        return True
    if name == "lints" and any(l.split("#")[0].strip().replace(" ", "") == "workspace=true" for l in body):
        return True
    return False


def workspace_lints(root_manifest):
    """The `[workspace.lints.*]` sections of a workspace manifest, renamed `[lints.*]`."""
    out, keep = [], False
    for line in root_manifest.splitlines(keepends=True):
        m = HEADER.match(line) if not line.startswith((" ", "\t")) else None
        if m:
            keep = m.group(1).strip().startswith("workspace.lints.")
            if keep:
                line = "[" + m.group(1).strip()[len("workspace."):] + "]\n"
        if keep:
            out.append(line)
    return "".join(out)


def strip_manifest(text, lints=""):
    """Returns (new text, list of removed things). `lints` replaces a `[lints] workspace = true` section."""
    sections = [(None, [])]          # (header line or None, body lines)
    for line in text.splitlines(keepends=True):
        if HEADER.match(line) and not line.startswith((" ", "\t")):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    out, removed = [], []
    for header, body in sections:
        name = HEADER.match(header).group(1).strip() if header else ""
        if header and drop_section(name, body):
            if name == "lints" and lints:
                out.append(lints.rstrip("\n") + "\n\n")
                continue
            removed.append(f"[{name}]")
            continue
        if header:
            out.append(header)
        for line in body:
            if name == "features" and "windows-sys/" in line:
                new = WINDOWS_ITEM.sub("", line)
                removed += re.findall(r'"windows-sys/[^"]*"', line)
                if not new.strip():
                    continue
                line = new if new.endswith("\n") else new + "\n"
            out.append(line)
    return "".join(out), removed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mirror", default=os.environ.get("TOKIO_REF_MIRROR", "/work/.mirror"),
                   help="folder holding <owner>+<name>/repo as `fetch` leaves them (default /work/.mirror)")
    args = p.parse_args()

    missing = [repo for _, repo, _, _, _ in CRATES if not os.path.isdir(os.path.join(args.mirror, repo, "repo"))]
    if missing:
        sys.exit("vendor.py: missing fetched git directories under " + args.mirror + ": " + ", ".join(missing) +
                 "\n(bring them with the search tool: fetch github:" +
                 " , github:".join(m.replace("+", "/") for m in missing) + ")")
    if os.path.isdir(VENDOR):
        shutil.rmtree(VENDOR)
    os.makedirs(VENDOR)
    record = []
    for crate, repo, tag, sub, strip in CRATES:
        gitdir = os.path.join(args.mirror, repo, "repo")
        commit = subprocess.run(["git", "-C", gitdir, "rev-parse", "--verify", tag + "^{commit}"],
                                capture_output=True, text=True)
        if commit.returncode != 0:
            sys.exit(f"vendor.py: {gitdir} has no tag {tag} (fetch github:{repo.replace('+', '/')} again?)")
        tree = f"{tag}:{sub}" if sub else tag
        tar = subprocess.run(["git", "-C", gitdir, "archive", "--format=tar", f"--prefix={crate}/", tree],
                             capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar)) as t:
            t.extractall(VENDOR, filter="tar") if hasattr(tarfile, "data_filter") else t.extractall(VENDOR)
        removed = []
        if strip:
            manifest = os.path.join(VENDOR, crate, "Cargo.toml")
            root = subprocess.run(["git", "-C", gitdir, "show", f"{tag}:Cargo.toml"], capture_output=True,
                                  text=True).stdout if sub else ""
            text, removed = strip_manifest(open(manifest).read(), workspace_lints(root))
            with open(manifest, "w") as f:
                f.write(text)
        record.append(f"{crate} {tag} {commit.stdout.strip()} from github:{repo.replace('+', '/')}"
                      + (f"; removed from Cargo.toml: {', '.join(dict.fromkeys(removed))}" if removed else ""))
        print(record[-1], file=sys.stderr)
    with open(os.path.join(VENDOR, "VENDORED"), "w") as f:
        f.write("\n".join(record) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Rebuild a RustSec advisory-db checkout (native format) from its OSV export.

cargo-audit only reads the native format; the shared reference data holds the
OSV export (`osv/crates.io/*.json`). To give cargo-audit and ci-sec *the same
data*, this writes `crates/<name>/<ID>.md` files whose `[versions]` requirements
are reconstructed from the OSV events:

  before the first `introduced`   -> unaffected  "< I1"
  `fixed F` .. next `introduced I` -> patched     ">= F, < I"
  after the last `fixed F`         -> patched     ">= F"
  `last_affected L` (open end)     -> patched     "> L"

For release versions this is exactly the affected set of the OSV ranges; both
tools then read identical requirements. Usage:
  python3 bench/osv_to_rustsec.py OSV_DIR OUT_DIR   (OUT_DIR becomes a git repo)
"""
import json, os, subprocess, sys


def reqs(events):
    out_patched, out_unaffected = [], []
    evs = []
    for e in events:
        (k, v), = e.items()
        evs.append((k, v))
    # OSV exports list events in order; keep it.
    first = True
    pending_fix = None
    for k, v in evs:
        if k == "introduced":
            if first and v not in ("0", "0.0.0-0"):
                out_unaffected.append(f"< {v}")
            if pending_fix is not None:
                out_patched.append(f">= {pending_fix}, < {v}")
                pending_fix = None
            first = False
        elif k == "fixed":
            pending_fix = v
            first = False
        elif k == "last_affected":
            out_patched.append(f"> {v}")
            first = False
    if pending_fix is not None:
        out_patched.append(f">= {pending_fix}")
    return out_patched, out_unaffected


def toml_list(items):
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def main(src, dst):
    n = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith(".json"):
            continue
        rec = json.load(open(os.path.join(src, name)))
        for aff in rec.get("affected", []):
            pkg = aff.get("package", {})
            if pkg.get("ecosystem") != "crates.io":
                continue
            patched, unaffected = [], []
            for r in aff.get("ranges", []):
                if r.get("type") == "SEMVER":
                    p, u = reqs(r.get("events", []))
                    patched += p
                    unaffected += u
            lines = ["```toml", "[advisory]", f'id = "{rec["id"]}"', f'package = "{pkg["name"]}"',
                     f'date = "{rec.get("published", "1970-01-01")[:10]}"']
            if rec.get("aliases"):
                lines.append(f"aliases = {toml_list(rec['aliases'])}")
            info = (aff.get("database_specific") or {}).get("informational")
            if info:
                lines.append(f'informational = "{info}"')
            for s in rec.get("severity", []):
                if s.get("type") == "CVSS_V3":
                    lines.append(f'cvss = "{s["score"]}"')
                    break
            if rec.get("withdrawn"):
                lines.append(f'withdrawn = "{rec["withdrawn"][:10]}"')
            lines += ["", "[versions]", f"patched = {toml_list(patched)}"]
            if unaffected:
                lines.append(f"unaffected = {toml_list(unaffected)}")
            lines += ["```", "", f"# {rec.get('summary') or rec['id']}", "", rec.get("details", "").strip(), ""]
            d = os.path.join(dst, "crates", pkg["name"])
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, rec["id"] + ".md"), "w") as f:
                f.write("\n".join(lines))
            n += 1
    if not os.path.isdir(os.path.join(dst, ".git")):
        subprocess.run(["git", "init", "-q", dst], check=True)
    subprocess.run(["git", "-C", dst, "add", "-A"], check=True)
    subprocess.run(["git", "-C", dst, "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "commit", "-q", "--allow-empty", "-m", "advisories from the OSV export"], check=True)
    print(f"{n} advisories written to {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

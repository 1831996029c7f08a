#!/usr/bin/env python3
"""Count the packages in a CycloneDX JSON SBOM, per lockfile format and purl type.

Usage: python3 bench/sbom_count.py SBOM.json [--manifest bench-manifest.json] [--json]

A component counts as a package when it has a purl (application / file /
operating-system components without one are skipped).  `components` is that
number.  A component may stand for a package found in several lockfiles (ci-sec
lists them in `evidence.occurrences`; Syft merges some identical packages);
`by_format` counts one per distinct lockfile path, so it can be compared with
the generator's per-format entry counts (`occurrences` is its sum).  The
lockfile format comes from, in order:
  * Trivy's `aquasecurity:trivy:PkgType` property (one occurrence),
  * file paths naming a known lockfile (Syft's `syft:location:N:path`
    properties, CycloneDX 1.5+ `evidence.occurrences[].location`, or any
    property whose name mentions path/location/file/source),
  * otherwise `purl:<type>` (one occurrence).
Nested `components` are included.  Stdlib only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

LOCKFILE_FORMAT = {
    "package-lock.json": "npm", "npm-shrinkwrap.json": "npm", "yarn.lock": "yarn",
    "pnpm-lock.yaml": "pnpm", "Cargo.lock": "cargo", "requirements.txt": "requirements",
    "poetry.lock": "poetry", "Pipfile.lock": "pipenv", "go.mod": "gomod", "go.sum": "gomod",
    "Gemfile.lock": "bundler", "composer.lock": "composer", "gradle.lockfile": "gradle",
    "packages.lock.json": "nuget", "pom.xml": "maven",
}
TRIVY_TYPE = {
    "npm": "npm", "yarn": "yarn", "pnpm": "pnpm", "cargo": "cargo", "pip": "requirements",
    "poetry": "poetry", "pipenv": "pipenv", "gomod": "gomod", "bundler": "bundler",
    "composer": "composer", "gradle": "gradle", "nuget": "nuget", "pom": "maven",
}


def walk(components):
    for c in components or ():
        yield c
        yield from walk(c.get("components"))


def purl_type(purl: str) -> str:
    if not purl.startswith("pkg:"):
        return "?"
    return purl[4:].split("/", 1)[0].split("@", 1)[0].lower()


def norm_path(p):
    """'file:/a/b/Cargo.lock:12' -> 'a/b/Cargo.lock'."""
    if not isinstance(p, str) or not p:
        return None
    if p.startswith("file://"):
        p = p[7:]
    elif p.startswith("file:"):
        p = p[5:]
    p = re.sub(r"(:\d+){1,2}$", "", p.split("#", 1)[0])
    while p.startswith(("./", "/")):
        p = p[1:] if p.startswith("/") else p[2:]
    return p


def fmt_from_path(p):
    p = norm_path(p)
    return LOCKFILE_FORMAT.get(os.path.basename(p)) if p else None


def component_formats(c):
    """One format per distinct lockfile the component was found in."""
    props = c.get("properties") or []
    for p in props:
        if p.get("name") == "aquasecurity:trivy:PkgType":
            return [TRIVY_TYPE.get(p.get("value"), "trivy:" + str(p.get("value")))]
    paths = set()
    for p in props:
        n = (p.get("name") or "").lower()
        if any(k in n for k in ("path", "location", "file", "source")) and fmt_from_path(p.get("value")):
            paths.add(norm_path(p.get("value")))
    for occ in ((c.get("evidence") or {}).get("occurrences") or []):
        if fmt_from_path(occ.get("location")):
            paths.add(norm_path(occ.get("location")))
    if paths:
        return [fmt_from_path(x) for x in sorted(paths)]
    return ["purl:" + purl_type(c.get("purl", ""))]


def count(path):
    """Counts for one SBOM file (see module doc)."""
    with open(path, "rb") as f:
        doc = json.load(f)
    by_fmt, by_purl = {}, {}
    total = occurrences = 0
    for c in walk(doc.get("components")):
        purl = c.get("purl")
        if not purl:
            continue
        total += 1
        for fm in component_formats(c):
            by_fmt[fm] = by_fmt.get(fm, 0) + 1
            occurrences += 1
        pt = purl_type(purl)
        by_purl[pt] = by_purl.get(pt, 0) + 1
    return {"components": total, "occurrences": occurrences, "by_format": by_fmt, "by_purl_type": by_purl}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sbom")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    a = ap.parse_args()
    try:
        r = count(a.sbom)
    except (OSError, ValueError) as e:
        print(f"error: {a.sbom}: {e}", file=sys.stderr)
        return 1
    if a.json:
        print(json.dumps(r, sort_keys=True))
    else:
        print(f"components: {r['components']}  (occurrences in lockfiles: {r['occurrences']})")
        for k, v in sorted(r["by_format"].items()):
            print(f"  {k:<14} {v}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)

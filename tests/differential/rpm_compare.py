#!/usr/bin/python3
"""Reference for RPM version ordering: rpm 4.18 through Debian's python3-rpm,
plus rpmbuild's own checks (via `rpmspec`) for what a valid version is.

Run with Debian's /usr/bin/python3 (python3-rpm installs for it only).

Reads pairs of [epoch:]version[-release] strings on stdin, one pair a line,
separated by U+001F. Prints one line per pair: -1, 0 or 1, or "invalid" when
either string is not a valid version.

- Splitting: rpm.ver(s) (rpm's parseEVR); it raises ValueError for "".
- Validity: rpmbuild's preamble checks. Every distinct version becomes a
  subpackage with its own Epoch/Version/Release tags in one spec file that
  `rpmspec -q` parses; rpmbuild reports the line of the first bad tag, whose
  version is marked invalid and dropped, and the spec is parsed again. A
  version without a release gets "Release: 1" (it is only the version being
  checked). The tests never send white space or '%' (the spec syntax would
  strip or expand them); those are covered by unit tests instead.
- Ordering: rpm.labelCompare((e, v, r), (e, v, r)).
"""
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import rpm

CHUNK = 100
HEADER = "Name: ref\nVersion: 1\nRelease: 1\nSummary: s\nLicense: MIT\n%description\nd\n"


def spec_text(items):
    """items: list of (index, (e, v, r)). Returns text and line -> index map."""
    lines = HEADER.split("\n")[:-1]
    owner = {}
    for idx, (e, v, r) in items:
        block = [f"%package -n p{idx}", f"Version: {v}", f"Release: {r if r is not None else '1'}"]
        if e is not None:
            block.append(f"Epoch: {e}")
        block += ["Summary: s", f"%description -n p{idx}", "d"]
        for line in block:
            lines.append(line)
            owner[len(lines)] = idx
    return "\n".join(lines) + "\n", owner


def check_valid(evrs, workdir):
    """evrs: dict index -> (e, v, r). Returns the set of invalid indexes."""
    invalid = set()
    todo = sorted(evrs.items())
    path = os.path.join(workdir, "ref.spec")
    while todo:
        text, owner = spec_text(todo)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        p = subprocess.run(["rpmspec", "-q", "--qf", "%{name}\\n", path], capture_output=True)
        if p.returncode == 0:
            break
        m = re.search(rb"error: line (\d+):", p.stderr)
        idx = owner.get(int(m.group(1))) if m else None
        if idx is None:
            if len(todo) == 1:
                invalid.add(todo[0][0])
                break
            # No usable line number: check each half on its own.
            half = len(todo) // 2
            invalid |= check_valid(dict(todo[:half]), workdir)
            invalid |= check_valid(dict(todo[half:]), workdir)
            break
        invalid.add(idx)
        todo = [t for t in todo if t[0] != idx]
    return invalid


def main():
    pairs = []
    for line in sys.stdin.buffer.read().split(b"\n"):
        if line:
            a, _, b = line.partition(b"\x1f")
            pairs.append((a.decode("utf-8", "surrogateescape"), b.decode("utf-8", "surrogateescape")))
    distinct = sorted({s for p in pairs for s in p})
    evr = {}
    for s in distinct:
        try:
            v = rpm.ver(s)
            evr[s] = (v.e, v.v, v.r)
        except ValueError:
            evr[s] = None
    parsed = [s for s in distinct if evr[s] is not None]

    def check_chunk(start):
        chunk = {i: evr[s] for i, s in enumerate(parsed[start:start + CHUNK], start)}
        with tempfile.TemporaryDirectory() as tmp:
            return {parsed[i] for i in check_valid(chunk, tmp)}

    invalid = set()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for found in pool.map(check_chunk, range(0, len(parsed), CHUNK)):
            invalid |= found
    out = []
    for a, b in pairs:
        if evr[a] is None or evr[b] is None or a in invalid or b in invalid:
            out.append("invalid")
        else:
            out.append(str(rpm.labelCompare(evr[a], evr[b])))
    sys.stdout.write("".join(r + "\n" for r in out))


if __name__ == "__main__":
    main()

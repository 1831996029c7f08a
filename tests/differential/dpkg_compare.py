#!/usr/bin/env python3
"""Reference for Debian version ordering: dpkg itself.

Reads pairs of versions on stdin, one pair a line, the two versions separated
by U+001F (unit separator). Prints one line per pair: -1, 0 or 1 (how the
first version compares to the second), or "invalid" when dpkg calls either
version bad syntax (a hard error or only a warning).

Each pair costs one or two `dpkg --compare-versions` runs, several at once.
Every version is passed with a leading space, which dpkg ignores, so that a
version starting with '-' is not taken for an option and an empty version is
not taken for dpkg's "no version" (it becomes " ", which dpkg rejects).

With --apt, python3-apt's apt_pkg.version_compare is run on every pair dpkg
accepts and any disagreement with dpkg is printed to stderr (a one-off check,
not used by the tests).
"""
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def dpkg(a: bytes, op: bytes, b: bytes):
    p = subprocess.run(
        [b"dpkg", b"--compare-versions", b" " + a, op, b" " + b],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return p.returncode, p.stderr


def compare(pair):
    a, b = pair
    rc, err = dpkg(a, b"lt", b)
    if rc not in (0, 1) or b"bad syntax" in err:
        return "invalid"
    if rc == 0:
        return "-1"
    rc, _ = dpkg(a, b"gt", b)
    return "1" if rc == 0 else "0"


def main():
    pairs = []
    data = sys.stdin.buffer.read()
    for line in data.split(b"\n"):
        if line:
            a, _, b = line.partition(b"\x1f")
            pairs.append((a, b))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(compare, pairs, chunksize=64))
    sys.stdout.write("".join(r + "\n" for r in results))
    if "--apt" in sys.argv:
        import apt_pkg

        apt_pkg.init_system()
        bad = 0
        for (a, b), r in zip(pairs, results):
            if r == "invalid":
                continue
            got = apt_pkg.version_compare(a.decode("utf-8", "surrogateescape"), b.decode("utf-8", "surrogateescape"))
            got = str((got > 0) - (got < 0))
            if got != r:
                bad += 1
                print(f"apt_pkg disagrees: {a!r} {b!r}: dpkg {r}, apt {got}", file=sys.stderr)
        checked = sum(r != "invalid" for r in results)
        print(f"apt_pkg vs dpkg: {checked - bad}/{checked} valid pairs agree", file=sys.stderr)


if __name__ == "__main__":
    main()

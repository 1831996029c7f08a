"""Reference for the PEP 440 differential test (tests/version_lang.rs).

Reads JSON lines `["a", "b"]` on stdin; prints one line per pair:
-1, 0 or 1 (packaging's Version ordering), or `invalid:a`, `invalid:b`,
`invalid:ab` naming the side(s) that packaging.version.Version rejects
(InvalidVersion, or ValueError from Python's int() digit limit).
The first line printed is `packaging <version>`.
"""
import json
import sys

import packaging
from packaging.version import Version


def parse(s):
    try:
        return Version(s)
    except ValueError:  # InvalidVersion is a ValueError
        return None


def main():
    out = sys.stdout
    out.write("packaging %s\n" % packaging.__version__)
    for line in sys.stdin:
        a, b = json.loads(line)
        va, vb = parse(a), parse(b)
        if va is None or vb is None:
            out.write("invalid:" + ("a" if va is None else "") + ("b" if vb is None else "") + "\n")
        else:
            out.write("%d\n" % ((va > vb) - (va < vb)))
    out.flush()


if __name__ == "__main__":
    main()

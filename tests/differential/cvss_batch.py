#!/usr/bin/env python3
"""Reference scores for tests/cvss_differential.rs.

Reads one CVSS vector per line on stdin and scores each with the `cvss`
package (Red Hat Product Security's CVSS 2/3/4 library,
https://github.com/RedHatProductSecurity/cvss), writing one line per vector:

    OK3<TAB>base<TAB>temporal<TAB>environmental<TAB>rating<TAB>rating<TAB>rating
    OK4<TAB>score<TAB>rating
    ERR<TAB>message

The first output line is `VERSION<TAB><installed cvss version>`, or
`SKIP<TAB><reason>` (and nothing else) when the pinned version is not
installed: tests/differential/install/cvss.sh installs it.
"""

import sys

PINNED = "3.6"  # tests/differential/install/cvss.sh installs this version


def main():
    try:
        from importlib.metadata import version

        import cvss
    except ImportError:
        print("SKIP\tpython cvss package not installed")
        return
    installed = version("cvss")
    if installed != PINNED:
        print("SKIP\tpython cvss %s installed, the test pins %s" % (installed, PINNED))
        return
    print("VERSION\t%s" % installed)
    out = []
    for line in sys.stdin:
        vector = line.rstrip("\n")
        try:
            if vector.startswith("CVSS:4."):
                c = cvss.CVSS4(vector)
                out.append("OK4\t%r\t%s" % (c.scores()[0], c.severities()[0]))
            elif vector.startswith("CVSS:3."):
                c = cvss.CVSS3(vector)
                out.append("OK3\t%s\t%s" % ("\t".join(repr(s) for s in c.scores()), "\t".join(c.severities())))
            else:
                out.append("ERR\tnot a CVSS v3 or v4 vector")
        except Exception as e:  # the reference rejects the vector
            out.append("ERR\t%s: %s" % (type(e).__name__, str(e).replace("\t", " ").replace("\n", " ")))
    sys.stdout.write("".join(l + "\n" for l in out))


if __name__ == "__main__":
    main()

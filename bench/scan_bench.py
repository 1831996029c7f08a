#!/usr/bin/env python3
"""Advisory-store benchmarks for `ci-sec db import` and `ci-sec scan`.

1. import rate: `ci-sec db import ../shared/data/osv` (real records).
2. scan: a CycloneDX SBOM of 10,000 components scanned against synthetic
   databases of 50,000 and 500,000 OSV records (written as OSV all.zip dumps),
   to show the lookup cost does not grow with the database.

Usage: python3 bench/scan_bench.py [--ci-sec target/release/ci-sec] [--work /tmp/ci-sec-scan-bench]
Prints a markdown table; each timing is the median of 5 runs.
"""
import argparse, json, os, random, statistics, subprocess, time, zipfile

ECOSYSTEMS = [("npm", "npm", "SEMVER"), ("PyPI", "pypi", "ECOSYSTEM"), ("crates.io", "cargo", "SEMVER"),
              ("Go", "golang", "SEMVER"), ("Maven", "maven", "ECOSYSTEM"), ("RubyGems", "gem", "ECOSYSTEM"),
              ("Packagist", "composer", "ECOSYSTEM"), ("NuGet", "nuget", "ECOSYSTEM")]


def pkg_name(eco, i):
    return {"Go": f"github.com/org{i % 997}/mod{i}", "Maven": f"org.example{i % 97}:artifact{i}",
            "Packagist": f"vendor{i % 89}/pkg{i}"}.get(eco, f"pkg-{i}")


def write_dump(path, records, names_per_eco, seed):
    """`records` spread over `names_per_eco` names per ecosystem."""
    rnd = random.Random(seed)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(records):
            eco, _, rtype = ECOSYSTEMS[n % len(ECOSYSTEMS)]
            i = rnd.randrange(names_per_eco)
            major = rnd.randrange(1, 9)
            rec = {"id": f"SYN-{n:07d}", "modified": "2025-01-01T00:00:00Z", "aliases": [f"CVE-2099-{n:07d}"],
                   "summary": "synthetic advisory " + "x" * rnd.randrange(50, 400),
                   "details": "d" * rnd.randrange(200, 2500),
                   "affected": [{"package": {"ecosystem": eco, "name": pkg_name(eco, i)},
                                 "ranges": [{"type": rtype, "events": [{"introduced": "0"},
                                                                       {"fixed": f"{major}.{rnd.randrange(10)}.0"}]}]}],
                   "database_specific": {"severity": rnd.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"])}}
            z.writestr(f"{rec['id']}.json", json.dumps(rec))


def write_sbom(path, components, names_per_eco, seed):
    rnd = random.Random(seed)
    comps = []
    for n in range(components):
        eco, ptype, _ = ECOSYSTEMS[n % len(ECOSYSTEMS)]
        name = pkg_name(eco, rnd.randrange(names_per_eco))
        version = f"{rnd.randrange(1, 9)}.{rnd.randrange(10)}.{rnd.randrange(10)}"
        if eco == "Go":
            version = "v" + version
            ns, _, nm = name.rpartition("/")
            purl = f"pkg:golang/{ns}/{nm}@{version}"
        elif eco == "Maven":
            g, a = name.split(":")
            purl = f"pkg:maven/{g}/{a}@{version}"
        elif eco == "Packagist":
            purl = f"pkg:composer/{name}@{version}"
        else:
            purl = f"pkg:{ptype}/{name}@{version}"
        comps.append({"type": "library", "bom-ref": f"c{n}", "name": name, "version": version, "purl": purl})
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": comps}
    json.dump(bom, open(path, "w"), indent=1)


def timed(cmd, env, runs=5, warmup=1):
    times = []
    for n in range(runs + warmup):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if n >= warmup:
            times.append(time.perf_counter() - t)
        if r.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr[-2000:]}")
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ci-sec", default="target/release/ci-sec")
    ap.add_argument("--work", default="/tmp/ci-sec-scan-bench")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../shared/data/osv"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    env = dict(os.environ)
    rows = []
    if os.path.isdir(a.shared):
        db = os.path.join(a.work, "db-shared")
        t = timed([a.ci_sec, "db", "import", "--db", db, a.shared, "-q"], env, runs=10, warmup=2)
        n = 8158
        rows.append(("db import ../shared/data/osv (8,158 real records)", f"{t * 1000:.0f} ms", f"{n / t:,.0f} records/s"))
    # Both databases hold ~2.5 records per package name (50k records over
    # 2,500 names per ecosystem, 500k over 25,000) and the SBOM names packages
    # among the first 2,500 of each ecosystem, so every lookup returns the
    # same amount of work: a difference is the cost of the larger database.
    sbom = os.path.join(a.work, "sbom-10k.cdx.json")
    write_sbom(sbom, 10000, 2500, seed=7)
    for records in (50_000, 500_000):
        names = records // 20
        dump = os.path.join(a.work, f"synthetic-{records}-{names}.zip")
        if not os.path.exists(dump):
            write_dump(dump, records, names, seed=records)
        db = os.path.join(a.work, f"db-{records}")
        t_import = timed([a.ci_sec, "db", "import", "--db", db, dump, "-q"], env, runs=1, warmup=0)
        rows.append((f"db import of {records:,} synthetic records", f"{t_import:.2f} s", f"{records / t_import:,.0f} records/s"))
        t_scan = timed([a.ci_sec, "scan", "--sbom", sbom, "--db", db, "--format", "json", "-o", "/dev/null", "-q",
                        "--fail-on", "never"], env)
        rows.append((f"scan 10,000-component SBOM against {records:,} records", f"{t_scan * 1000:.0f} ms", ""))
    print("| measurement | median time | rate |\n|---|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} |")


if __name__ == "__main__":
    main()

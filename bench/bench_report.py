#!/usr/bin/env python3
"""Summarise a bench/sbom_bench.sh results directory as markdown (+ results.json).

Usage: python3 bench/bench_report.py --results DIR --manifest bench-manifest.json
                                     [--tools "ci-sec syft trivy"] [--runs 3]
Stdlib only.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sbom_count  # noqa: E402

ONE_MB_BUDGET_MS = 50.0


def parse_gnu_time(path):
    """Wall seconds, peak RSS (KiB), user+sys seconds, exit status from `time -v`."""
    txt = open(path, encoding="utf-8", errors="replace").read()
    r = {}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", txt)
    if m:
        parts = [float(x) for x in m.group(1).split(":")]
        secs = 0.0
        for p in parts:
            secs = secs * 60 + p
        r["wall_s"] = secs
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", txt)
    if m:
        r["rss_kb"] = int(m.group(1))
    u = re.search(r"User time \(seconds\): ([\d.]+)", txt)
    s = re.search(r"System time \(seconds\): ([\d.]+)", txt)
    if u and s:
        r["cpu_s"] = float(u.group(1)) + float(s.group(1))
    m = re.search(r"Exit status: (\d+)", txt)
    if m:
        r["exit"] = int(m.group(1))
    return r


def read(path, default=""):
    try:
        return open(path).read().strip()
    except OSError:
        return default


def tool_result(res_dir, tool):
    d = os.path.join(res_dir, tool)
    out = {"tool": tool, "status": read(os.path.join(d, "status"), "missing"),
           "version": read(os.path.join(d, "version")), "command": read(os.path.join(d, "command"))}
    runs = []
    for tf in sorted(glob.glob(os.path.join(d, "time.*")), key=lambda p: int(p.rsplit(".", 1)[1])):
        i = tf.rsplit(".", 1)[1]
        t = parse_gnu_time(tf)
        t["rc"] = int(read(os.path.join(d, f"rc.{i}"), "-1") or -1)
        runs.append(t)
    out["runs"] = runs
    ok = [r for r in runs if "wall_s" in r and (r.get("rc") == 0 or 0 < r.get("rc", -1) < 124)]
    if ok:
        out["wall_s"] = statistics.median(r["wall_s"] for r in ok)
        out["wall_min"] = min(r["wall_s"] for r in ok)
        out["wall_max"] = max(r["wall_s"] for r in ok)
        out["rss_mb"] = statistics.median(r["rss_kb"] for r in ok) / 1024
        out["cpu_s"] = statistics.median(r["cpu_s"] for r in ok)
    sboms = sorted(glob.glob(os.path.join(d, "sbom.*.json")))
    if sboms and out["status"] != "failed":
        try:
            out["counts"] = sbom_count.count(sboms[-1])
        except (OSError, ValueError) as e:
            out["count_error"] = str(e)
    return out


def one_mb_result(res_dir):
    rows = []
    for d in sorted(glob.glob(os.path.join(res_dir, "one-mb", "*", "*"))):
        tool = os.path.basename(os.path.dirname(d))
        f = os.path.basename(d)
        r = {"tool": tool, "file": f, "status": read(os.path.join(d, "status"), "missing"),
             "command": read(os.path.join(d, "command"))}
        times = []
        hj = os.path.join(d, "hyperfine.json")
        if os.path.exists(hj):
            try:
                times = json.load(open(hj))["results"][0]["times"]
            except (OSError, ValueError, KeyError, IndexError):
                pass
        elif os.path.exists(os.path.join(d, "times")):
            for line in open(os.path.join(d, "times")):
                p = line.split()
                if len(p) == 2 and re.match(r"^[\d.]+$", p[0]):
                    times.append(float(p[0]))
        if times:
            r["runs"] = len(times)
            r["median_ms"] = statistics.median(times) * 1000
            r["min_ms"] = min(times) * 1000
            r["max_ms"] = max(times) * 1000
        rows.append(r)
    return rows


def fnum(x, fmt):
    return format(x, fmt) if isinstance(x, (int, float)) else "–"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--tools", default="ci-sec syft trivy")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    man = json.load(open(a.manifest))
    tools = a.tools.split()
    res = {t: tool_result(a.results, t) for t in tools}
    one = one_mb_result(a.results)
    base = res.get("ci-sec", {})

    p = print
    p(f"## SBOM benchmark: {man['total_entries']} lockfile entries in {man['total_projects']} projects "
      f"({man['bytes_written'] / 1e6:.1f} MB, {man['files_written']} files)\n")
    p(f"median of {a.runs} runs, sequential, wall time and peak RSS from GNU time; "
      f"cpu = user+sys.\n")
    env = read(os.path.join(a.results, "env"))
    if env:
        p("\n".join(f"- {line}" for line in env.splitlines()) + "\n")
    p("| tool | version | median wall s | min–max s | cpu s | peak RSS MB | components | in lockfiles | "
      "wall × ci-sec | RSS × ci-sec |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools:
        r = res[t]
        if r["status"] == "missing":
            msg = "ci-sec binary not found" if t == "ci-sec" else f"{t} not installed"
            p(f"| {t} | – | {msg} | | | | | | | |")
            continue
        if "wall_s" not in r:
            p(f"| {t} | {r['version']} | failed (see {t}/log.*) | | | | | | | |")
            continue
        comps = r.get("counts", {}).get("components", "–")
        occ = r.get("counts", {}).get("occurrences", "–")
        rt = rm = "–"
        if t != "ci-sec" and base.get("wall_s"):
            rt = f"{r['wall_s'] / base['wall_s']:.1f}×"
            rm = f"{r['rss_mb'] / base['rss_mb']:.1f}×"
        elif t == "ci-sec":
            rt = rm = "1.0×"
        status = "" if r["status"] == "ok" else f" ({r['status']})"
        p(f"| {t}{status} | {r['version']} | {r['wall_s']:.2f} | {r['wall_min']:.2f}–{r['wall_max']:.2f} | "
          f"{r['cpu_s']:.2f} | {r['rss_mb']:.0f} | {comps} | {occ} | {rt} | {rm} |")

    if base.get("wall_s"):
        occ = base.get("counts", {}).get("occurrences", 0)
        if base["status"] != "ok" or occ < 0.95 * man["total_entries"]:
            p(f"\n**Note:** ci-sec {base['status']}, and found {occ} of {man['total_entries']} "
              f"generated entries, so the ratios above do not compare like with like yet "
              f"(see the per-format table).")

    p("\n### Packages per lockfile format\n")
    p("generated = name@version rows in all lockfiles of that format; unique = distinct "
      "name@version across them. Tool columns count package occurrences per format: one per "
      "(component, lockfile) pair, lockfiles taken from Trivy's PkgType property, Syft's location "
      "properties or CycloneDX evidence.occurrences (see bench/sbom_count.py).\n")
    hdr = "| format | projects | generated | unique |" + "".join(f" {t} |" for t in tools)
    p(hdr)
    p("|---|---:|---:|---:|" + "---:|" * len(tools))
    fmts = list(man["formats"])
    extra = sorted({k for t in tools for k in res[t].get("counts", {}).get("by_format", {})} - set(fmts))
    for f in fmts + extra:
        s = man["formats"].get(f, {})
        row = f"| {f} | {s.get('projects', '')} | {s.get('entries', '')} | {s.get('unique', '')} |"
        for t in tools:
            c = res[t].get("counts")
            row += f" {c['by_format'].get(f, 0) if c else '–'} |"
        p(row)
    tot = f"| **total** | {man['total_projects']} | {man['total_entries']} | " \
          f"{sum(s.get('unique', 0) for s in man['formats'].values())} |"
    for t in tools:
        c = res[t].get("counts")
        tot += f" {c['occurrences'] if c else '–'} |"
    p(tot)

    if one:
        p("\n### 1 MB lockfile parse\n")
        p(f"| tool | file | runs | median ms | min–max ms | budget |")
        p("|---|---|---:|---:|---:|---|")
        for r in one:
            if "median_ms" not in r:
                msg = "ci-sec binary not found" if r["status"] == "missing" and r["tool"] == "ci-sec" \
                    else r["status"]
                p(f"| {r['tool']} | {r['file']} | – | {msg} | | |")
                continue
            verdict = ""
            if r["tool"] == "ci-sec":
                verdict = "PASS (<50 ms)" if r["median_ms"] < ONE_MB_BUDGET_MS else "FAIL (>=50 ms)"
            p(f"| {r['tool']} | {r['file']} | {r['runs']} | {r['median_ms']:.1f} | "
              f"{r['min_ms']:.1f}–{r['max_ms']:.1f} | {verdict} |")

    p("\n### Commands\n")
    for t in tools:
        if res[t]["command"]:
            p(f"- {t}: `{res[t]['command']}`")
    with open(os.path.join(a.results, "results.json"), "w") as f:
        json.dump({"manifest_formats": man["formats"], "total_entries": man["total_entries"],
                   "tools": res, "one_mb": one}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

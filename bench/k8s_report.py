#!/usr/bin/env python3
"""Summarise a bench/k8s_bench.sh results directory as markdown (+ results.json).

Usage:
    python3 bench/k8s_report.py --results DIR --trees TREES_DIR [--sets "full s5000 s10000"]
    python3 bench/k8s_report.py --count TOOL MEASUREMENT_DIR     # findings in one tool's output

Findings are what each tool reports as a failure: ci-sec's `findings`, Trivy's
`Misconfigurations` (status FAIL; Trivy lists only failures by default), Checkov's
`failed_checks`. The tools have different rule sets and count differently (Trivy
and Checkov report a check once per object, ci-sec once per container or field),
so the counts show that each tool found problems, not which is "better".
Stdlib only.
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_report import parse_gnu_time, read  # noqa: E402

TARGET_OBJ_PER_S_ONE_CORE = 50_000
TARGET_TRIVY_RATIO = 100


def count_findings(tool, d):
    """{"findings": N, ...} from the output a tool left in measurement dir d."""
    if tool.startswith("ci-sec"):
        doc = json.load(open(os.path.join(d, "out.json")))
        sev = {}
        for f in doc.get("findings", []):
            sev[f.get("severity", "?")] = sev.get(f.get("severity", "?"), 0) + 1
        return {"findings": len(doc.get("findings", [])), "by_severity": sev}
    if tool.startswith("trivy"):
        doc = json.load(open(os.path.join(d, "out.json")))
        results = doc.get("Results") or []
        n = sum(len(r.get("Misconfigurations") or []) for r in results)
        sev = {}
        for r in results:
            for m in r.get("Misconfigurations") or []:
                sev[m.get("Severity", "?")] = sev.get(m.get("Severity", "?"), 0) + 1
        return {"findings": n, "files_with_results": len(results), "by_severity": sev}
    if tool == "checkov":
        path = os.path.join(d, "ckv", "results_json.json")
        doc = json.load(open(path))
        docs = doc if isinstance(doc, list) else [doc]
        n = sum(len(x.get("results", {}).get("failed_checks", [])) for x in docs)
        summary = [x.get("summary", {}) for x in docs]
        return {"findings": n, "resource_count": sum(s.get("resource_count", 0) for s in summary),
                "parsing_errors": sum(s.get("parsing_errors", 0) for s in summary)}
    raise SystemExit(f"unknown tool {tool}")


def measurement(d):
    r = {"status": read(os.path.join(d, "status"), "missing"), "version": read(os.path.join(d, "version")),
         "command": read(os.path.join(d, "command"))}
    try:
        r.update(json.load(open(os.path.join(d, "findings.json"))))
    except (OSError, ValueError):
        pass
    hj = os.path.join(d, "hyperfine.json")
    if os.path.exists(hj):
        try:
            res = json.load(open(hj))["results"][0]
            times = res["times"]
            r.update({"runs": len(times), "wall_min": min(times), "wall_median": statistics.median(times),
                      "cpu": res.get("user", 0) * 1 + res.get("system", 0), "timer": "hyperfine"})
        except (OSError, ValueError, KeyError, IndexError):
            pass
    runs = []
    for tf in sorted(glob.glob(os.path.join(d, "time.*")), key=lambda p: int(p.rsplit(".", 1)[1])):
        t = parse_gnu_time(tf)
        if "wall_s" in t:
            runs.append(t)
    if runs:
        r["rss_mb"] = max(t.get("rss_kb", 0) for t in runs) / 1024
        if "timer" not in r and r["status"] == "ok":
            walls = [t["wall_s"] for t in runs]
            r.update({"runs": len(walls), "wall_min": min(walls), "wall_median": statistics.median(walls),
                      "cpu": min(t.get("cpu_s", 0) for t in runs), "timer": "GNU time"})
    return r


def fmt_s(x):
    if x is None:
        return "–"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", nargs=2, metavar=("TOOL", "DIR"))
    ap.add_argument("--results")
    ap.add_argument("--trees")
    ap.add_argument("--sets", default="full")
    a = ap.parse_args()
    if a.count:
        print(json.dumps(count_findings(*a.count)))
        return 0

    sets = a.sets.split()
    objs = {}
    for s in sets:
        m = json.load(open(os.path.join(a.trees, s, "bench-manifest.json")))
        objs[s] = m
    tools = ["ci-sec", "ci-sec-1core", "trivy", "trivy-all", "checkov"]
    res = {}
    for s in sets + ["single"]:
        for t in tools:
            d = os.path.join(a.results, s, t)
            if os.path.isdir(d):
                res[(s, t)] = measurement(d)

    p = print
    full = objs["full"]
    p(f"## `ci-sec k8s` vs `trivy config` vs `checkov`: {full['objects']:,} objects\n")
    p(f"Tree: bench/gen_manifests.py, {full['objects']:,} objects ({full['pod_bearing']:,} pod-bearing, "
      f"{full['containers']:,} containers) in {full['files']} files, {full['bytes'] / 1e6:.1f} MB, "
      f"{full['documents']:,} YAML/JSON documents ({full['list_documents']} `List`s). Subsets: "
      + ", ".join(f"{objs[s]['objects']:,} objects in {objs[s]['files']} files" for s in sets if s != "full") + ".\n")
    env = read(os.path.join(a.results, "env"))
    if env:
        p("\n".join(f"- {line}" for line in env.splitlines()) + "\n")

    base = {s: res.get((s, "ci-sec"), {}).get("wall_min") for s in sets + ["single"]}
    rows = []
    p("| tool | tree | objects | runs | wall (min) | wall (median) | cpu | peak RSS | objects/s | findings | wall × ci-sec |")
    p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in tools:
        for s in sets + ["single"]:
            r = res.get((s, t))
            if not r:
                continue
            n = objs[s]["objects"] if s != "single" else 2
            label = {"full": "full", "single": "1 file"}.get(s, f"subset {n:,}")
            if "wall_min" not in r:
                p(f"| {t} | {label} | {n:,} | – | {r['status']} | | | {r.get('rss_mb', 0):.0f} MB | | | |")
                rows.append({"tool": t, "set": s, "objects": n, **r})
                continue
            ops = n / r["wall_min"]
            ratio = r["wall_min"] / base[s] if base.get(s) else None
            p(f"| {t} | {label} | {n:,} | {r['runs']} | {fmt_s(r['wall_min'])} | {fmt_s(r['wall_median'])} | "
              f"{fmt_s(r.get('cpu'))} | {r.get('rss_mb', 0):.0f} MB | {ops:,.0f} | {r.get('findings', '–')} | "
              f"{'' if ratio is None else f'{ratio:.1f}×'} |")
            rows.append({"tool": t, "set": s, "objects": n, "objects_per_s": ops, "ratio_vs_ci_sec": ratio, **r})

    # extrapolation for tools that did not finish (or were not run) on the full tree: the
    # timeout is a measured lower bound; linear and power-law fits through the subsets
    # are estimates (the power law follows a tool whose time grows faster than linearly)
    p("")
    notes = []
    for t in ("trivy", "checkov"):
        fr = res.get(("full", t))
        if fr and "wall_min" in fr:
            continue
        subs = sorted(((objs[s]["objects"], res[(s, t)]) for s in sets if s != "full"
                       and "wall_min" in res.get((s, t), {})), key=lambda x: x[0])
        if not subs:
            continue
        n, r = subs[-1]
        linear = r["wall_min"] * full["objects"] / n
        est = {"linear": linear}
        if len(subs) >= 2:
            (n0, r0), (n1, r1) = subs[-2], subs[-1]
            k = math.log(r1["wall_min"] / r0["wall_min"]) / math.log(n1 / n0)
            est["exponent"] = k
            est["power"] = r1["wall_min"] * (full["objects"] / n1) ** k
        stopped = fr["status"].startswith("timeout") if fr else False
        bound = float(fr["status"].split()[1]) if stopped else None
        rates = ", ".join(f"{m:,}: {m / x['wall_min']:,.0f} objects/s" for m, x in subs)
        b = base.get("full")
        text = f"- **{t}** on the full tree: "
        text += (f"stopped after {bound:,.0f} s, so at least **{bound / b:,.0f}×** ci-sec's full-tree time "
                 if stopped and b else "not run; ")
        text += f"(rates per subset size: {rates}). Extrapolated from the {n:,}-object subset: linear {linear:,.0f} s"
        if b:
            text += f" ({linear / b:,.0f}×)"
        if "power" in est:
            text += (f"; fitted as time ∝ objects^{est['exponent']:.2f} through the two largest subsets "
                     f"{est['power']:,.0f} s" + (f" ({est['power'] / b:,.0f}×)" if b else ""))
        notes.append(text + ".")
        rows.append({"tool": t, "set": "full (extrapolated)", "objects": full["objects"], "lower_bound_s": bound,
                     "wall_linear": linear, "wall_power": est.get("power"), "exponent": est.get("exponent"),
                     "ratio_vs_ci_sec": (bound or linear) / b if b else None})
    one = res.get(("full", "ci-sec-1core"), {})
    if "wall_min" in one:
        rate = full["objects"] / one["wall_min"]
        notes.append(f"- ci-sec on one core (`taskset -c 0`, one thread): {rate:,.0f} objects/s — target "
                     f"{TARGET_OBJ_PER_S_ONE_CORE:,}: **{'met' if rate >= TARGET_OBJ_PER_S_ONE_CORE else 'not met'}**.")
    tr = [r for r in rows if r["tool"] == "trivy" and r["set"].startswith("full") and r.get("ratio_vs_ci_sec")]
    if tr:
        ratio = tr[0]["ratio_vs_ci_sec"]
        bound = "extrapolated" in tr[0]["set"]
        notes.append(f"- trivy / ci-sec on the full tree: {'at least ' if bound else ''}{ratio:,.0f}× — target "
                     f"{TARGET_TRIVY_RATIO}×: **{'met' if ratio >= TARGET_TRIVY_RATIO else 'not met'}**.")
    if notes:
        p("\n".join(notes))
    p("\n### Versions and commands\n")
    seen = set()
    for (s, t), r in sorted(res.items(), key=lambda kv: (tools.index(kv[0][1]), kv[0][0])):
        if t in seen:
            continue
        seen.add(t)
        cmd = re.sub(r"\S*/results/\S*/(out\.json|ckv)", r"OUT", r["command"])
        version = r["version"].removeprefix("ci-sec ").strip()
        p(f"- {t} {version}: `{cmd}`")
    with open(os.path.join(a.results, "results.json"), "w") as f:
        json.dump({"trees": objs, "rows": rows}, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())

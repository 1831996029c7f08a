#!/usr/bin/env python3
"""Times `ci-sec k8s` with and without schema validation.

Writes N valid Deployments (32 lines each) into one multi-document file and
runs `ci-sec -q k8s FILE -o /dev/null --fail-on never --profile pss-baseline`
with and without `--no-schema`, RUNS times each, alternating, and prints the
best wall times; then the same for a single Deployment (startup: decoding the
embedded schemas). Wall and CPU (user + system) times are reported, the best
of the runs each. Optionally pinned to one core (`--one-core`, taskset).

    python3 bench/k8s_schema_bench.py [--ci-sec target/release/ci-sec] [--objects 10000] [--runs 5] [--one-core]
"""

import argparse
import os
import resource
import subprocess
import tempfile
import time

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i}
  namespace: shop
  labels: {{app: web-{i}, tier: "1"}}
spec:
  replicas: 3
  selector:
    matchLabels: {{app: web-{i}}}
  template:
    metadata:
      labels: {{app: web-{i}}}
    spec:
      securityContext: {{runAsNonRoot: true, seccompProfile: {{type: RuntimeDefault}}}}
      containers:
      - name: web
        image: registry.example/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        ports:
        - {{name: http, containerPort: 8080, protocol: TCP}}
        env:
        - {{name: MODE, value: "production"}}
        resources:
          requests: {{cpu: 250m, memory: 64Mi}}
          limits: {{cpu: 1, memory: 128Mi}}
        readinessProbe:
          httpGet: {{path: /healthz, port: http}}
        livenessProbe:
          httpGet: {{path: /healthz, port: http}}
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: {{drop: [ALL]}}
"""


def best_time(cmd, runs):
    """Best wall time and best CPU time (user + system) over `runs` runs: CPU
    time is steadier on a shared machine."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci-sec", default=os.path.join(root, "target", "release", "ci-sec"))
    parser.add_argument("--objects", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one-core", action="store_true", help="pin to CPU 0 with taskset")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        many = os.path.join(tmp, "deployments.yaml")
        one = os.path.join(tmp, "one.yaml")
        with open(many, "w") as f:
            f.write("---\n".join(DEPLOYMENT.format(i=i) for i in range(args.objects)))
        with open(one, "w") as f:
            f.write(DEPLOYMENT.format(i=0))
        prefix = ["taskset", "-c", "0"] if args.one_core else []
        base = [args.ci_sec, "-q", "k8s"]
        tail = ["-o", "/dev/null", "--fail-on", "never", "--profile", "pss-baseline"]
        print("| input | with schema validation: wall / CPU | --no-schema: wall / CPU |")
        print("|---|---|---|")
        for label, path, runs in ((f"{args.objects} Deployments", many, args.runs), ("1 Deployment", one, args.runs * 6)):
            on = best_time(prefix + base + [path] + tail, runs)
            off = best_time(prefix + base + [path] + tail + ["--no-schema"], runs)
            print(f"| {label} | {on[0] * 1000:.1f} / {on[1] * 1000:.1f} ms | {off[0] * 1000:.1f} / {off[1] * 1000:.1f} ms |")
        size = os.path.getsize(many)
        print(f"\n{size / 1e6:.1f} MB input; best of {args.runs} runs{' on one core' if args.one_core else ''}.")


if __name__ == "__main__":
    main()

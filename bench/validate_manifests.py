#!/usr/bin/env python3
"""Check that a tree from bench/gen_manifests.py is valid Kubernetes.

Usage (needs `kubernetes-validate`, which bench/install_tools.sh puts in its own venv):
    ~/.cache/ci-sec-bench/validate-venv/bin/python bench/validate_manifests.py DIR [--version 1.37] [--sample N]

Every object is validated with kubernetes-validate's *strict* JSON schemas (unknown
field names are errors, as `kubectl apply --validate=strict` would reject them).
`List` documents are checked item by item; custom resources are checked against the
CustomResourceDefinitions found in the tree (group, version and kind served, namespaced).
Documents without apiVersion/kind are counted as non-Kubernetes. `--sample N` checks
every N-th file only (the whole 50,000-object tree takes a few minutes).
Exit code 1 when anything is invalid.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import jsonschema
import referencing
import yaml
from kubernetes_validate import utils as kv


class Checker:
    def __init__(self, version):
        self.version = version
        self.validators = {}
        self.crds = {}  # (group/version, kind) -> scope

    def validator(self, api_version, kind):
        key = (api_version, kind)
        if key not in self.validators:
            schema_version = [v for v in kv.all_versions() if kv.major_minor(v) <= kv.major_minor(self.version)][-1]
            group = api_version.split("/")[0].split(".")[0] + "-" if "/" in api_version else ""
            ver = api_version.split("/")[-1]
            d = f"kubernetes-json-schema/v{schema_version}-local-strict"
            try:
                schema = kv.schema_contents(f"{d}/{kind.lower()}-{group}{ver}.json", self.version)
            except FileNotFoundError:
                self.validators[key] = None
                return None
            defs = kv.schema_contents(f"{d}/_definitions.json", self.version)
            registry = referencing.Resource.from_contents(schema) @ referencing.Registry()
            registry = referencing.Resource.from_contents(defs) @ registry
            self.validators[key] = jsonschema.validators.Draft202012Validator(schema, registry=registry)
        return self.validators[key]

    def learn_crd(self, obj):
        spec = obj.get("spec", {})
        for v in spec.get("versions", []):
            if v.get("served"):
                self.crds[(f"{spec['group']}/{v['name']}", spec["names"]["kind"])] = spec.get("scope")


def documents(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return [json.loads(text)]
    return [d for d in yaml.safe_load_all(text) if d is not None]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--version", default="1.37")
    ap.add_argument("--sample", type=int, default=1)
    a = ap.parse_args()
    c = Checker(a.version)
    files = []
    for dirpath, _dirs, names in os.walk(a.root):
        for n in names:
            if n.endswith((".yaml", ".yml", ".json")) and n != "bench-manifest.json":
                files.append(os.path.join(dirpath, n))
    files.sort()
    # CRDs first, so that custom resources anywhere can be checked
    for f in files:
        for d in documents(f):
            if isinstance(d, dict) and d.get("kind") == "CustomResourceDefinition":
                c.learn_crd(d)
    counts = {"files": 0, "objects": 0, "valid": 0, "custom_resources": 0, "non_k8s": 0}
    errors = []
    for i, f in enumerate(files):
        if i % a.sample:
            continue
        counts["files"] += 1
        for d in documents(f):
            if not (isinstance(d, dict) and "apiVersion" in d and "kind" in d):
                counts["non_k8s"] += 1
                continue
            objs = d["items"] if d["kind"] == "List" else [d]
            for o in objs:
                counts["objects"] += 1
                where = f"{os.path.relpath(f, a.root)}: {o['kind']} {o.get('metadata', {}).get('name')}"
                v = c.validator(o["apiVersion"], o["kind"])
                if v is not None:
                    errs = sorted(v.iter_errors(o), key=lambda e: list(e.path))
                    for e in errs[:3]:
                        errors.append(f"{where}: {'.'.join(map(str, e.path))}: {e.message[:200]}")
                    counts["valid"] += not errs
                elif (o["apiVersion"], o["kind"]) in c.crds:
                    counts["custom_resources"] += 1
                    ok = isinstance(o.get("spec"), dict) and "namespace" in o.get("metadata", {})
                    counts["valid"] += ok
                    if not ok:
                        errors.append(f"{where}: custom resource without spec mapping or namespace")
                else:
                    errors.append(f"{where}: no schema and no CRD for {o['apiVersion']} {o['kind']}")
    print(json.dumps(counts))
    for e in errors[:50]:
        print("ERROR", e)
    if errors:
        print(f"{len(errors)} errors", file=sys.stderr)
        return 1
    print(f"all {counts['objects']} objects valid (strict schemas, Kubernetes {a.version})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

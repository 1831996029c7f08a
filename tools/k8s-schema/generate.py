#!/usr/bin/env python3
"""Builds src/check/k8s/schema/k8s-schemas.json.gz, the Kubernetes schemas ci-sec ships.

Source: the PyPI wheel kubernetes-validate (Apache-2.0), whose
`kubernetes-json-schema/v1.X.0-local-strict/_definitions.json` files are JSON
Schemas generated from the Kubernetes OpenAPI of each release. The wheel is
pinned by version and sha256 below; it is fetched with pip (or given with
--wheel) and read with zipfile, so the build needs Python 3.11 and nothing
outside its standard library.

What is kept, per definition: type, format, properties, required, items,
additionalProperties and `$ref` (the bare definition name). Descriptions, list
and patch strategies, unions and the apiVersion/kind enums (the kinds list says
the same) are dropped. Three shapes are rewritten so the validator needs no
`oneOf`:

- a `oneOf` of plain types becomes the union of those types; string|integer is
  spelled `x-kubernetes-int-or-string: true`, as CRDs spell it;
- the Quantity definition gets `format: quantity`, so its syntax is checked;
- an object schema with neither properties nor additionalProperties (runtime
  RawExtension, FieldsV1, empty structs) gets
  `x-kubernetes-preserve-unknown-fields: true`: anything goes in it.

`null` is dropped from type lists: the validator treats null as "unset"
everywhere, as Kubernetes decodes it.

Identical definitions are stored once across versions. `names` lists every
definition name of every version; a version's `definitions` is aligned with
it (the index of the name's definition, -1 when the release lacks it) and its
`kinds` are [apiVersion, kind, name index]. Definitions naming several kinds
(DeleteOptions, WatchEvent, registered in every group) are not kinds.

Usage: python3 tools/k8s-schema/generate.py [--wheel PATH] [--out PATH]
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "kubernetes-validate"
VERSION = "1.37.0"
WHEEL = "kubernetes_validate-1.37.0-py3-none-any.whl"
SHA256 = "85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9"
# The Kubernetes minors ci-sec supports (src/check/k8s/version.rs).
MINORS = range(31, 38)
FORMAT = 1

QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
REF_PREFIX = "#/$defs/"
SIMPLE_KEYS = ("type", "format")


def fetch_wheel(directory):
    """Downloads the pinned wheel with pip (PyPI) into `directory`."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
           "-d", directory, f"{PACKAGE}=={VERSION}"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(directory, WHEEL)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def types_of(schema):
    """The non-null types a schema names (a string or a list in the source)."""
    t = schema.get("type")
    if t is None:
        return []
    names = [t] if isinstance(t, str) else list(t)
    return [n for n in names if n != "null"]


def set_types(out, names):
    if names == ["integer", "string"] or names == ["string", "integer"]:
        out["x-kubernetes-int-or-string"] = True
    elif len(names) == 1:
        out["type"] = names[0]
    elif names:
        out["type"] = sorted(names)


def strip(schema):
    """The parts of one schema node the validator reads (see the module doc)."""
    out = {}
    if "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith(REF_PREFIX):
            raise ValueError(f"unexpected $ref {ref}")
        out["$ref"] = ref[len(REF_PREFIX):]
        return out
    if "oneOf" in schema:
        alternatives = schema["oneOf"]
        if any(set(a) - {"type", "description"} for a in alternatives):
            raise ValueError(f"oneOf beyond plain types: {alternatives}")
        union = []
        for a in alternatives:
            union.extend(n for n in types_of(a) if n not in union)
        set_types(out, union)
    else:
        set_types(out, types_of(schema))
    if "format" in schema:
        out["format"] = schema["format"]
    if "properties" in schema:
        out["properties"] = {name: strip(p) for name, p in schema["properties"].items()}
    if schema.get("required"):
        out["required"] = list(schema["required"])
    if "items" in schema:
        out["items"] = strip(schema["items"])
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        out["additionalProperties"] = strip(extra)
    elif extra is True:
        out["additionalProperties"] = True
    if "enum" in schema:
        out["enum"] = schema["enum"]
    if out.get("type") == "object" and "properties" not in out and "additionalProperties" not in out:
        out["x-kubernetes-preserve-unknown-fields"] = True
    return out


def definition(name, schema):
    out = strip(schema)
    props = out.get("properties", {})
    for key in ("apiVersion", "kind"):
        # The kinds list carries the apiVersion and kind of every object.
        props.get(key, {}).pop("enum", None)
    if name == QUANTITY:
        out["format"] = "quantity"
    return out


def kinds_of(name, schema):
    gvks = schema.get("x-kubernetes-group-version-kind", [])
    if len(gvks) != 1:
        return []
    g = gvks[0]
    api_version = f"{g['group']}/{g['version']}" if g["group"] else g["version"]
    return [(api_version, g["kind"], name)]


def build(wheel_path):
    pool, pool_index, versions = [], {}, []
    with zipfile.ZipFile(wheel_path) as wheel:
        for minor in MINORS:
            member = f"kubernetes_validate/kubernetes-json-schema/v1.{minor}.0-local-strict/_definitions.json"
            defs = json.loads(wheel.read(member))["$defs"]
            names, kinds = {}, []
            for name in sorted(defs):
                stripped = definition(name, defs[name])
                key = json.dumps(stripped, sort_keys=True, separators=(",", ":"))
                if key not in pool_index:
                    pool_index[key] = len(pool)
                    pool.append(stripped)
                names[name] = pool_index[key]
                kinds.extend(kinds_of(name, defs[name]))
            versions.append({"minor": minor, "names": names, "kinds": sorted(kinds)})
    return by_name(pool, versions)


def by_name(pool, versions):
    """Orders the shared list by definition name, so that the variants of one
    definition across releases sit together within gzip's 32 KiB window."""
    first_name = {}
    for v in versions:
        for name, index in v["names"].items():
            first_name.setdefault(index, name)
    order = sorted(range(len(pool)), key=lambda i: (first_name[i], i))
    new_index = {old: new for new, old in enumerate(order)}
    for v in versions:
        v["names"] = {name: new_index[i] for name, i in v["names"].items()}
    return [pool[i] for i in order], versions


def by_index(versions):
    """Names once; per version, definitions aligned with the names and kinds
    naming their definition by index (the names dominate the size otherwise)."""
    names = sorted({name for v in versions for name in v["names"]})
    position = {name: i for i, name in enumerate(names)}
    compact = []
    for v in versions:
        compact.append({
            "minor": v["minor"],
            "definitions": [v["names"].get(name, -1) for name in names],
            "kinds": [[api, kind, position[name]] for api, kind, name in v["kinds"]],
        })
    return names, compact


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "..", "src", "check", "k8s", "schema", "k8s-schemas.json.gz")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help=f"use this {WHEEL} instead of downloading it")
    parser.add_argument("--out", default=default_out)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = args.wheel or fetch_wheel(tmp)
        digest = sha256_of(wheel_path)
        if digest != SHA256:
            sys.exit(f"{wheel_path}: sha256 {digest}, expected {SHA256}")
        pool, versions = build(wheel_path)
    names, versions = by_index(versions)

    doc = {
        "format": FORMAT,
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "file": WHEEL,
            "sha256": SHA256,
            "license": "Apache-2.0",
            "schemas": "kubernetes-json-schema/v1.X.0-local-strict/_definitions.json",
        },
        "names": names,
        "definitions": pool,
        "versions": versions,
    }
    payload = json.dumps(doc, separators=(",", ":"), sort_keys=False).encode()
    # mtime=0 and a fixed level: the same wheel gives the same bytes.
    with open(args.out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as gz:
            gz.write(payload)
    total = sum(sum(1 for d in v["definitions"] if d >= 0) for v in versions)
    print(f"{os.path.relpath(args.out)}: {os.path.getsize(args.out)} bytes "
          f"({len(payload)} uncompressed, sha256 {hashlib.sha256(payload).hexdigest()}); "
          f"{len(pool)} distinct definitions for {total} across 1.{MINORS[0]}-1.{MINORS[-1]}")


if __name__ == "__main__":
    main()

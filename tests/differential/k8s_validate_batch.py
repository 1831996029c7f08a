#!/usr/bin/env python3
"""Reference verdicts for tests/k8s_schema_differential.rs.

Reads a JSON list of cases on stdin, each `{"version": "1.31", "object": {...}}`,
and validates every object with the PyPI package kubernetes-validate (the
wheel ci-sec's embedded schemas come from) against its *strict* schemas:
`kubernetes_validate.validate(object, version, strict=True)`, which runs the
`jsonschema` package (Draft 2020-12, no format checking) over the
`v1.X.0-local-strict` schema of the object's apiVersion and kind.

Writes one JSON document to stdout:

    {"version": "<installed kubernetes-validate>", "jsonschema": "<version>",
     "results": [{"valid": true|false, "errors": [{"path": ["spec", "replicas"],
                  "validator": "type", "message": "...", "fields": []}],
                  "unknown": "..."}]}

`fields` names the keys an error is about below its path: the unexpected
keys of an `additionalProperties` error, the missing key of a `required`
one.

`validate` raises the first error only; for invalid objects every error is
listed by running the same validator (the same schema files, through the
package's own loader) with `iter_errors`, and the two must agree on the
verdict. `unknown` is set, and `valid` is false, when the package has no
schema for the object's apiVersion and kind.

When the pinned version is not installed, the output is
`{"skip": "<reason>"}`: tests/differential/install/k8s_schema.sh installs it.
"""

import functools
import json
import re
import sys

PINNED = "1.37.0"  # tests/differential/install/k8s_schema.sh installs this version


def fields(error):
    """The fields an error is about, below its path: the unexpected keys of
    an `additionalProperties` error, the missing one of a `required` error."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return sorted(k for k in error.instance if k not in known)
    if error.validator == "required":
        missing = re.match(r"^'(.*)' is a required property$", error.message)
        return [missing.group(1)] if missing else []
    return []


def main():
    try:
        from importlib.metadata import version

        import jsonschema
        import kubernetes_validate
        from kubernetes_validate import utils
        from referencing import Registry, Resource
    except ImportError as e:
        print(json.dumps({"skip": "kubernetes-validate not installed (%s)" % e}))
        return
    installed = version("kubernetes-validate")
    if installed != PINNED:
        print(json.dumps({"skip": "kubernetes-validate %s installed, the test pins %s" % (installed, PINNED)}))
        return

    # The package reads (and parses) its 1.8 MB definitions file on every
    # call; the same files, read once, give the same verdicts thousands of
    # times faster.
    utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)

    @functools.lru_cache(maxsize=None)
    def validator(desired, api_version, kind):
        # The schema `validate` picks (utils.validate, strict=True).
        release = [v for v in utils.all_versions() if utils.major_minor(v) <= utils.major_minor(desired)][-1]
        group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
        folder = "kubernetes-json-schema/v%s-local-strict" % release
        schema = utils.schema_contents("%s/%s-%s.json" % (folder, kind.lower(), group), desired)
        defs = utils.schema_contents("%s/_definitions.json" % folder, desired)
        registry = Resource.from_contents(defs) @ (Resource.from_contents(schema) @ Registry())
        return jsonschema.validators.Draft202012Validator(schema, registry=registry)

    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        desired, obj = case["version"], case["object"]
        try:
            kubernetes_validate.validate(obj, desired, strict=True)
            valid = True
        except kubernetes_validate.ValidationError:
            valid = False
        except kubernetes_validate.SchemaNotFoundError as e:
            results.append({"valid": False, "errors": [], "unknown": e.message})
            continue
        errors = []
        if not valid:
            for e in validator(desired, obj["apiVersion"], obj["kind"]).iter_errors(obj):
                errors.append({
                    "path": list(e.absolute_path),
                    "validator": str(e.validator),
                    "message": e.message[:300],
                    "fields": fields(e),
                })
            if not errors:
                raise SystemExit("validate() refused an object iter_errors accepts: %s" % json.dumps(obj))
        results.append({"valid": valid, "errors": errors})
    print(json.dumps({"version": installed, "jsonschema": version("jsonschema"), "results": results}))


if __name__ == "__main__":
    main()

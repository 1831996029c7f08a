#!/usr/bin/env bash
# Installs the reference validator tests/k8s_schema_differential.rs compares
# ci-sec's schema verdicts with: the `kubernetes-validate` package from PyPI
# (the wheel ci-sec's embedded Kubernetes schemas are generated from), at
# the version tests/differential/k8s_validate_batch.py pins. Idempotent:
# does nothing when that version is already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^PINNED = "\([^"]*\)".*/\1/p' "$here/../k8s_validate_batch.py")"
if [ -z "$version" ]; then
  echo "cannot read the pinned kubernetes-validate version from tests/differential/k8s_validate_batch.py" >&2
  exit 1
fi
python="${PYTHON:-python3}"
installed="$("$python" -c 'from importlib.metadata import version; print(version("kubernetes-validate"))' 2>/dev/null || true)"
if [ "$installed" = "$version" ]; then
  echo "kubernetes-validate $version already installed"
  exit 0
fi
PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet --disable-pip-version-check "kubernetes-validate==$version"
echo "kubernetes-validate $version installed"

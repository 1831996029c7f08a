#!/usr/bin/env bash
# Installs the reference implementation tests/cvss_differential.rs compares
# ci-sec's CVSS scores with: the `cvss` package from PyPI, at the version
# tests/differential/cvss_batch.py pins. Idempotent: does nothing when that
# version is already installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^PINNED = "\([^"]*\)".*/\1/p' "$here/../cvss_batch.py")"
if [ -z "$version" ]; then
  echo "cannot read the pinned cvss version from tests/differential/cvss_batch.py" >&2
  exit 1
fi
python="${PYTHON:-python3}"
installed="$("$python" -c 'from importlib.metadata import version; print(version("cvss"))' 2>/dev/null || true)"
if [ "$installed" = "$version" ]; then
  echo "cvss $version already installed"
  exit 0
fi
PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet --disable-pip-version-check "cvss==$version"
echo "cvss $version installed"

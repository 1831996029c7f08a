#!/usr/bin/env bash
# Compile-time cost of each candidate store/codec dependency: a clean
# `cargo build` (debug, the profile of `cargo test`) of an empty library that
# depends on it alone, so the time covers the crate and everything it pulls
# in. Run it after building bench/db-engines once, so every crate is in the
# local registry cache and nothing is downloaded while the clock runs (the
# builds use --offline). One build at a time.
#
#   bash bench/db-engines/compile_cost.sh            # all candidates
#   bash bench/db-engines/compile_cost.sh redb zstd  # some
#   COST_DIR=/somewhere bash bench/db-engines/compile_cost.sh
set -euo pipefail
COST_DIR="${COST_DIR:-${CARGO_TARGET_DIR:-/tmp}/compile-cost}"
JOBS="${JOBS:-2}"
candidates=(
  'rusqlite|rusqlite = { version = "0.43.0", features = ["bundled"] }'
  'redb|redb = "4.6.0"'
  'zstd|zstd = { version = "0.14.4", default-features = false, features = ["zdict_builder"] }'
  'lz4_flex|lz4_flex = { version = "0.14.2", default-features = false, features = ["safe-encode", "safe-decode"] }'
  'miniz_oxide|miniz_oxide = "0.9.1"'
)
printf '| dependency | crates built | clean debug build (s, -j%s) |\n|---|---|---|\n' "$JOBS"
for c in "${candidates[@]}"; do
  name="${c%%|*}"; spec="${c#*|}"
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
  dir="$COST_DIR/$name"
  rm -rf "$dir"; mkdir -p "$dir/src"
  printf '[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2024"\n\n[workspace]\n\n[dependencies]\n%s\n' "$spec" > "$dir/Cargo.toml"
  : > "$dir/src/lib.rs"
  # cargo's start-up probe of rustc failed now and then on the shared
  # machine while another user ran `cargo install` ("failed to run `rustc`
  # to learn about target-specific information"), before compiling
  # anything: such attempts are retried after a pause, and not timed.
  for attempt in 1 2 3 4 5; do
    rm -rf "$dir/target"
    start=$(date +%s.%N)
    if (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build -q --offline -j "$JOBS" 2> "$dir/err.log"); then
      end=$(date +%s.%N)
      break
    fi
    [ "$attempt" = 5 ] && { cat "$dir/err.log"; exit 1; }
    sleep 20
  done
  crates=$(find "$dir/target/debug/deps" -name '*.rlib' ! -name 'libprobe-*' | wc -l)
  printf '| %s | %s | %.1f |\n' "$name" "$crates" "$(echo "$end - $start" | bc)"
done

#!/usr/bin/env bash
# ci-sec vs cargo-audit on the same Cargo.lock files and the same RustSec data.
#
# The RustSec data is ../shared/data/osv/crates.io (the advisory-db's OSV
# export), rebuilt into a native checkout by bench/osv_to_rustsec.py so that
# cargo-audit (which reads only the native format) and ci-sec read identical
# requirements. Checks that both report the same advisories (vulnerabilities
# and informational warnings), then times both with hyperfine.
#
#   cargo install cargo-audit --locked     # once
#   cargo build --release
#   bash bench/cargo_audit_compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CI_SEC=${CI_SEC:-target/release/ci-sec}
OSV=${OSV:-../shared/data/osv/crates.io}
WORK=${WORK:-/tmp/ci-sec-cargo-audit}
mkdir -p "$WORK"
[ -d "$WORK/advisory-db/crates" ] || python3 bench/osv_to_rustsec.py "$OSV" "$WORK/advisory-db"
echo "cargo-audit: $(cargo audit --version)"
echo
echo "| Cargo.lock | packages | advisories (both) | same? | cargo-audit | ci-sec (native db) | ci-sec (OSV export) | speed-up |"
echo "|---|---:|---:|---|---:|---:|---:|---:|"
for dir in tests/fixtures/real/real-cargo-*; do
  lock="$dir/Cargo.lock"
  name=$(basename "$dir")
  cargo audit --db "$WORK/advisory-db" --no-fetch -f "$lock" --json 2>/dev/null > "$WORK/ca.json" || true
  "$CI_SEC" scan "$lock" --advisories "$WORK/advisory-db" --format json --fail-on never -q > "$WORK/cs.json"
  read -r same count < <(python3 - "$WORK/ca.json" "$WORK/cs.json" <<'PY'
import json, sys
ca = json.load(open(sys.argv[1])); cs = json.load(open(sys.argv[2]))
a = {("vuln", v["advisory"]["id"], v["package"]["name"], v["package"]["version"]) for v in ca["vulnerabilities"]["list"]}
a |= {("warn", w["advisory"]["id"], w["package"]["name"], w["package"]["version"])
      for ws in ca.get("warnings", {}).values() for w in ws if w.get("advisory")}
b = {("warn" if f["severity"] == "info" else "vuln", f["rule_id"], f["package"]["name"], f["package"]["version"])
     for f in cs["findings"]}
print("yes" if a == b else f"NO(only-cargo-audit={sorted(a-b)},only-ci-sec={sorted(b-a)})", len(a))
PY
)
  packages=$(grep -c '^\[\[package\]\]' "$lock")
  hf=$(hyperfine -N --warmup 2 --runs 10 --export-json "$WORK/hf.json" \
      "cargo audit --db $WORK/advisory-db --no-fetch -f $lock" \
      "$CI_SEC scan $lock --advisories $WORK/advisory-db --fail-on never -q -o /dev/null" \
      "$CI_SEC scan $lock --advisories $OSV --fail-on never -q -o /dev/null" -i >/dev/null 2>&1; \
      python3 -c "
import json; r=json.load(open('$WORK/hf.json'))['results']; m=[x['median']*1000 for x in r]
print(f'{m[0]:.0f} ms | {m[1]:.0f} ms | {m[2]:.0f} ms | {m[0]/m[1]:.1f}x')")
  echo "| $name | $packages | $count | $same | $hf |"
done

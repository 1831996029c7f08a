#!/usr/bin/env bash
# Installs the reference implementations used by tests/version_distro.rs:
# - Debian: dpkg (already on every Debian system) and python3 to drive it;
# - RPM: Debian's python3-rpm (rpm 4.18, for /usr/bin/python3) and rpm
#   (rpmspec, for rpmbuild's validity checks).
# Alpine: apk-tools is not packaged for Debian bookworm and no registry
# package wraps it; the Alpine tests need nothing installed.
# Idempotent; Debian packages only.
set -euo pipefail

need=()
command -v dpkg >/dev/null || need+=(dpkg)
[ -x /usr/bin/python3 ] || need+=(python3)
/usr/bin/python3 -c 'import rpm' 2>/dev/null || need+=(python3-rpm)
command -v rpmspec >/dev/null || need+=(rpm)

if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${need[@]}" \
    || { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; }
fi

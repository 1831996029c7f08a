#!/usr/bin/env bash
# Installs the reference implementations tests/version_jvm.rs compares
# against: Maven's maven-artifact (with a JDK for javac), Ruby's RubyGems,
# PHP with composer/semver, and NuGet.Versioning (inside NuGet.exe from the
# npm package nuget-exe) run with Mono. Idempotent; package registries only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

need=()
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
[ -e /usr/share/maven/lib/maven-artifact-3.x.jar ] || need+=(maven)
command -v ruby >/dev/null 2>&1 || need+=(ruby)
command -v php >/dev/null 2>&1 || need+=(php-cli)
[ -e /usr/share/php/Composer/Semver/autoload.php ] || need+=(php-composer-semver)
command -v mono >/dev/null 2>&1 || need+=(mono-runtime)
command -v mcs >/dev/null 2>&1 || need+=(mono-mcs)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${need[@]}" \
    || { apt-get update && apt-get install -y --no-install-recommends "${need[@]}"; }
fi

prefix=tests/differential/nuget/node
if [ ! -e "$prefix/node_modules/nuget-exe/nuget-5.8.0.exe" ]; then
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock nuget-exe@5.8.0
fi

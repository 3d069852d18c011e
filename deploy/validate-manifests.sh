#!/usr/bin/env bash
# Renders each Kustomize overlay and validates every resource strictly against the Kubernetes schemas
# (deploy/validate: kubernetes-models, with unknown fields, wrong types, bad enums and missing required
# fields all failing). Prints one line per resource; exits non-zero on the first overlay with an error.
#
#   deploy/validate-manifests.sh                 every overlay under k8s/overlays/
#   deploy/validate-manifests.sh DIR [DIR ...]   the given kustomization directories
#
# Needs kubectl (its built-in kustomize renders the overlays), Node.js >= 18 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v kubectl >/dev/null || { echo "validate-manifests: kubectl is required (kubectl kustomize renders the overlays)" >&2; exit 1; }
command -v npm >/dev/null || { echo "validate-manifests: Node.js and npm are required" >&2; exit 1; }

# Install the validator exactly as locked, quietly; show npm's output only when it fails.
npm_log=$(mktemp)
trap 'rm -f "$npm_log"' EXIT
if ! (cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error) >"$npm_log" 2>&1; then
  cat "$npm_log" >&2
  echo "validate-manifests: npm ci in deploy/validate failed" >&2
  exit 1
fi
validate=(node deploy/validate/validate.mjs)

# The validator must still reject the known-bad fixture, every resource of it.
fixture=deploy/validate/fixtures/broken.yaml
expected=$(grep -c '^kind:' "$fixture")
if fixture_out=$("${validate[@]}" --label fixture "$fixture"); then
  echo "$fixture_out"
  echo "validate-manifests: the validator accepted $fixture; it has become lenient" >&2
  exit 1
fi
if [[ $(grep -c '^fixture: FAIL' <<<"$fixture_out") -ne $expected ]]; then
  echo "$fixture_out"
  echo "validate-manifests: the validator did not reject all $expected resources of $fixture" >&2
  exit 1
fi
echo "validator self-check: all $expected known-bad resources of $fixture rejected"

if [[ $# -gt 0 ]]; then
  overlays=("$@")
else
  overlays=(k8s/overlays/*/)
fi

for dir in "${overlays[@]}"; do
  dir=${dir%/}
  name=$(basename "$dir")
  rendered=$(kubectl kustomize "$dir") || { echo "validate-manifests: kubectl kustomize $dir failed" >&2; exit 1; }
  "${validate[@]}" --label "$name" <<<"$rendered"
done
echo "validate-manifests: ${#overlays[@]} overlay(s) valid"

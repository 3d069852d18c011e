#!/usr/bin/env bash
# Rolls erp-provisioning in OVERLAY's namespace back to the pod template (image and ConfigMap) that was live
# before the last deploy/apply.sh, and waits for it.
#
#   deploy/rollback.sh OVERLAY              back to the revision recorded by the last deploy/apply.sh
#   deploy/rollback.sh OVERLAY REVISION     back to that revision (see `kubectl rollout history`)
#
#   ROLLOUT_TIMEOUT   how long to wait for the rolled-back pods (default 300s)
#
# This is `kubectl rollout undo`: it restores the Deployment's pod template only. Changes the same deployment
# made to the Service, HPA, PDB or NetworkPolicy stay; to undo those, deploy the previous commit with
# deploy/apply.sh OVERLAY <previous image>. Exits 1 when the last deploy/apply.sh changed nothing to roll back.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 1 || $# -gt 2 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
overlay=$1
overlay_dir=k8s/overlays/$overlay
[[ -f $overlay_dir/kustomization.yaml ]] || { echo "rollback: no overlay $overlay_dir" >&2; exit 2; }
namespace=$(sed -n -E 's/^namespace:[[:space:]]*([a-z0-9-]+)[[:space:]]*$/\1/p' "$overlay_dir/kustomization.yaml")
[[ -n $namespace ]] || { echo "rollback: $overlay_dir/kustomization.yaml sets no namespace" >&2; exit 2; }
deployment=deployment/erp-provisioning
timeout=${ROLLOUT_TIMEOUT:-300s}

current=$(kubectl get "$deployment" -n "$namespace" -o 'jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}')
if [[ $# -eq 2 ]]; then
  target=$2
else
  target=$(kubectl get "$deployment" -n "$namespace" \
    -o 'jsonpath={.metadata.annotations.deploy\.erp-provisioning/previous-revision}')
fi
[[ $target =~ ^[0-9]+$ ]] || { echo "rollback: $namespace: no earlier revision recorded (got '${target:-nothing}'); see kubectl rollout history $deployment -n $namespace" >&2; exit 1; }
if [[ $target == "$current" ]]; then
  echo "rollback: $namespace already runs revision $current: the last deployment changed no pod template" >&2
  exit 1
fi

echo "rollback: $namespace: revision $current -> $target"
kubectl rollout history "$deployment" -n "$namespace" || true
kubectl rollout undo "$deployment" -n "$namespace" --to-revision="$target"
kubectl rollout status "$deployment" -n "$namespace" --timeout="$timeout"
# The recorded revision is consumed: a second rollback needs an explicit REVISION.
kubectl annotate "$deployment" -n "$namespace" --overwrite deploy.erp-provisioning/previous-revision=none >/dev/null
echo "rollback: $namespace runs $(kubectl get "$deployment" -n "$namespace" -o 'jsonpath={.spec.template.spec.containers[0].image}')"

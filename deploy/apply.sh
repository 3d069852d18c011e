#!/usr/bin/env bash
# Deploys erp-provisioning: renders k8s/overlays/OVERLAY with the given image pinned, validates it, applies
# it with the current kubectl context and waits for the rollout.
#
#   deploy/apply.sh OVERLAY IMAGE        e.g. deploy/apply.sh production ghcr.io/acme/erp-provisioning:3f9c2e1...
#
#   ROLLOUT_TIMEOUT   how long to wait for the new pods to be ready (default 300s)
#   DRY_RUN=1         render and validate only: print the manifests, apply nothing
#   GITHUB_OUTPUT     when set (GitHub Actions), gets applied=true and previous-revision=N once applied
#
# The image is set with a Kustomize patch in a throwaway overlay on top of OVERLAY (no `kustomize edit`,
# nothing in the repository changes). The Deployment records the image in kubernetes.io/change-cause (shown by
# `kubectl rollout history`) and the revision that was live before, which deploy/rollback.sh returns to.
# The Secret erp-provisioning-secrets must already exist in the namespace (k8s/base/secret.example.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ne 2 ]]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
overlay=$1 image=$2
overlay_dir=k8s/overlays/$overlay
[[ -f $overlay_dir/kustomization.yaml ]] || { echo "apply: no overlay $overlay_dir" >&2; exit 2; }
# registry/name[:tag][@sha256:digest]; also keeps the value safe to write into YAML below. The tag is a colon in
# the last path segment: the one in registry:5000/name is a port, and that image would deploy as :latest.
if [[ ! $image =~ ^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$
      || ( ${image##*/} != *:* && $image != *@sha256:* ) ]]; then
  echo "apply: '$image' is not an image reference with a tag or digest" >&2
  exit 2
fi
namespace=$(sed -n -E 's/^namespace:[[:space:]]*([a-z0-9-]+)[[:space:]]*$/\1/p' "$overlay_dir/kustomization.yaml")
[[ -n $namespace ]] || { echo "apply: $overlay_dir/kustomization.yaml sets no namespace" >&2; exit 2; }
deployment=deployment/erp-provisioning
timeout=${ROLLOUT_TIMEOUT:-300s}

previous_revision=none
if [[ ${DRY_RUN:-0} != 1 ]]; then
  if ! kubectl get secret erp-provisioning-secrets -n "$namespace" -o name >/dev/null 2>&1; then
    echo "apply: secret erp-provisioning-secrets is missing in namespace $namespace, or this identity may not read it" \
      "(see k8s/base/secret.example.yaml)" >&2
    exit 1
  fi
  if ! kubectl get configmap eva-db-ca -n "$namespace" -o name >/dev/null 2>&1; then
    echo "apply: configmap eva-db-ca (the CA of EVA's database certificate) is missing in namespace $namespace," \
      "or this identity may not read it (see k8s/base/eva-db-ca.example.yaml)" >&2
    exit 1
  fi
  previous_revision=$(kubectl get "$deployment" -n "$namespace" --ignore-not-found \
    -o 'jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}')
  previous_image=$(kubectl get "$deployment" -n "$namespace" --ignore-not-found \
    -o 'jsonpath={.spec.template.spec.containers[0].image}')
  echo "apply: $namespace: live revision ${previous_revision:-none} (${previous_image:-no deployment yet})"
  previous_revision=${previous_revision:-none}
fi

# Kustomize takes only relative paths to other kustomizations: the throwaway overlay lives beside the real
# ones (ignored by Git, removed on exit).
work=$(mktemp -d k8s/overlays/.apply.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../$overlay
patches:
  - target:
      kind: Deployment
      name: erp-provisioning
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: erp-provisioning
        annotations:
          kubernetes.io/change-cause: "deploy/apply.sh $overlay $image"
          deploy.erp-provisioning/previous-revision: "$previous_revision"
      spec:
        template:
          spec:
            containers:
              - name: erp-provisioning
                image: "$image"
EOF
kubectl kustomize "$work" >"$work/rendered.yaml"
grep -qxF "        image: $image" "$work/rendered.yaml" || { echo "apply: the image was not set in the rendered Deployment" >&2; exit 1; }

# Strict schema validation before anything reaches the cluster.
(cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node deploy/validate/validate.mjs --label "$overlay" "$work/rendered.yaml"

if [[ ${DRY_RUN:-0} == 1 ]]; then
  cat "$work/rendered.yaml"
  exit 0
fi

# In GitHub Actions: tell later steps that the cluster may have changed, and what deploy/rollback.sh may return
# to. Written before applying: an apply that fails on one object (a namespace this identity may not patch) has
# still applied the others, the Deployment among them.
if [[ -n ${GITHUB_OUTPUT:-} ]]; then
  { echo "applied=true"; echo "previous-revision=$previous_revision"; } >>"$GITHUB_OUTPUT"
fi
kubectl apply -f "$work/rendered.yaml"
if ! kubectl rollout status "$deployment" -n "$namespace" --timeout="$timeout"; then
  echo "apply: rollout of $image in $namespace did not complete within $timeout" >&2
  kubectl get pods -n "$namespace" -l app.kubernetes.io/name=erp-provisioning -o wide >&2 || true
  kubectl get events -n "$namespace" --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
  exit 1
fi
echo "apply: $namespace runs $image (revision $(kubectl get "$deployment" -n "$namespace" \
  -o 'jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}'))"

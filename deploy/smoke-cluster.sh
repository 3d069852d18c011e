#!/usr/bin/env bash
# Smoke check of the service deployed in a cluster namespace (deploy/smoke.sh), for the deploy workflows.
#
#   deploy/smoke-cluster.sh NAMESPACE [BASE_URL]
#
# With BASE_URL (the service as this machine can reach it) the check goes there; without, through
# `kubectl port-forward` to the namespace's Service erp-provisioning, stopped when the check ends.
# SMOKE_TOKEN and SMOKE_READY_TIMEOUT are passed on to deploy/smoke.sh.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 || -z $1 ]]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
namespace=$1
url=${2:-}
cd "$(dirname "$0")/.."

if [[ -z $url ]]; then
  log=$(mktemp)
  kubectl port-forward -n "$namespace" service/erp-provisioning 18080:8080 >"$log" 2>&1 &
  port_forward=$!
  # On failure the port-forward's own output says why (no such Service, no ready pod, forward lost).
  trap 'status=$?; kill "$port_forward" 2>/dev/null || true; (( status == 0 )) || cat "$log" >&2; rm -f "$log"' EXIT
  for _ in $(seq 1 60); do
    grep -q "Forwarding from" "$log" && break
    kill -0 "$port_forward" 2>/dev/null || { echo "kubectl port-forward ended" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "Forwarding from" "$log" || { echo "kubectl port-forward was not forwarding after 30 s" >&2; exit 1; }
  url=http://127.0.0.1:18080
fi
bash deploy/smoke.sh "$url"

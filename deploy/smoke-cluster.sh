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
  trap 'kill "$port_forward" 2>/dev/null || true; rm -f "$log"' EXIT
  url=http://127.0.0.1:18080
  # smoke.sh retries readiness; the forward needs a moment before its port answers at all.
  for _ in $(seq 1 30); do
    kill -0 "$port_forward" 2>/dev/null || { cat "$log" >&2; exit 1; }
    grep -q "Forwarding from" "$log" && break
    sleep 0.5
  done
fi
bash deploy/smoke.sh "$url"

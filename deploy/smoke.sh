#!/usr/bin/env bash
# Post-deployment smoke check of a running erp-provisioning. Writes nothing (the account create is a dry run).
#
#   deploy/smoke.sh BASE_URL                  e.g. deploy/smoke.sh https://provisioning.erp.example
#
#   SMOKE_TOKEN          optional: an ERP bearer JWT with the group provisioning-admin (the dry-run create is
#                        a POST), sent on the /api calls only; needed wherever security is on, and to be
#                        left unset against deploy/local/run.sh (security off)
#   SMOKE_READY_TIMEOUT  seconds to wait for readiness (default 60)
#
# Checks, in order, stopping at the first failure (exit 1):
#   1. GET  /q/health/ready                     200, "status": "UP"   (retried until SMOKE_READY_TIMEOUT)
#   2. GET  /api/v1/enums                       200, dealStage lists "closed-won"
#   3. POST /api/v1/accounts?dryRun=true        200, subscriptionStatus "trialing", a slug
#   4. GET  /api/v1/accounts?q=<that slug>      200, no items: the dry run wrote nothing
# Needs bash, curl, grep and sed only.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
base_url=${1%/}
ready_timeout=${SMOKE_READY_TIMEOUT:-60}

# request METHOD PATH [BODY]: sets $status and $body. The token goes to curl on a file descriptor, never
# on its command line.
request() {
  local method=$1 path=$2 data=${3-} out
  local args=(--silent --show-error --connect-timeout 5 --max-time 15 -X "$method"
    -H 'Accept: application/json' -w '\n%{http_code}')
  [[ -n $data ]] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  if [[ -n ${SMOKE_TOKEN:-} && $path == /api/* ]]; then
    out=$(curl "${args[@]}" -H @<(printf 'Authorization: Bearer %s\n' "$SMOKE_TOKEN") "$base_url$path" 2>&1) || true
  else
    out=$(curl "${args[@]}" "$base_url$path" 2>&1) || true
  fi
  status=${out##*$'\n'}
  body=${out%$'\n'*}
  [[ $status =~ ^[0-9]{3}$ ]] || { body=$out; status=000; }
  body=${body//$'\n'/ }
}

ok() { echo "ok    $*"; }
fail() {
  echo "FAIL  $1"
  echo "      HTTP $status: ${body:0:400}"
  exit 1
}

# 1. Readiness, retried: right after a rollout the service may still be connecting to the database.
deadline=$((SECONDS + ready_timeout))
while :; do
  request GET /q/health/ready
  overall=$(grep -o -E '"status"[[:space:]]*:[[:space:]]*"[A-Z]+"' <<<"$body" | head -n 1 | sed -E 's/.*"([A-Z]+)"$/\1/') || true
  if [[ $status == 200 && $overall == UP ]]; then
    ok "1/4 GET $base_url/q/health/ready: 200, status UP"
    break
  fi
  if ((SECONDS >= deadline)); then
    fail "1/4 GET $base_url/q/health/ready: not 200 with status UP within ${ready_timeout}s"
  fi
  sleep 2
done

# 2. Enum labels from the database catalog.
request GET /api/v1/enums
deal_stages=$(grep -o -E '"dealStage"[[:space:]]*:[[:space:]]*\[[^]]*\]' <<<"$body") || true
if [[ $status != 200 ]] || ! grep -q '"closed-won"' <<<"$deal_stages"; then
  fail "2/4 GET /api/v1/enums: expected 200 with dealStage containing \"closed-won\""
fi
ok "2/4 GET /api/v1/enums: 200, dealStage has closed-won"

# 3. A dry-run create: validation, enum matching, slug derivation and a rolled-back transaction.
suffix=$(printf '%04x%04x' "$RANDOM" "$RANDOM")
request POST '/api/v1/accounts?dryRun=true' \
  "{\"name\":\"Smoke $suffix\",\"ownerEmail\":\"smoke@erp.example\",\"subscriptionStatus\":\"TRIALING\",\"planTier\":\"growth\"}"
slug=$(sed -n -E 's/.*"slug"[[:space:]]*:[[:space:]]*"([a-z0-9-]+)".*/\1/p' <<<"$body")
if [[ $status != 200 ]] || ! grep -q -E '"subscriptionStatus"[[:space:]]*:[[:space:]]*"trialing"' <<<"$body" || [[ -z $slug ]]; then
  fail "3/4 POST /api/v1/accounts?dryRun=true: expected 200 with subscriptionStatus \"trialing\" and a slug"
fi
ok "3/4 POST /api/v1/accounts?dryRun=true: 200, subscriptionStatus trialing, slug $slug"

# 4. The dry run wrote nothing.
request GET "/api/v1/accounts?q=$slug"
if [[ $status != 200 ]] || ! grep -q -E '"items"[[:space:]]*:[[:space:]]*\[[[:space:]]*\]' <<<"$body"; then
  fail "4/4 GET /api/v1/accounts?q=$slug: expected 200 with no items (the dry run must not write)"
fi
ok "4/4 GET /api/v1/accounts?q=$slug: 200, no items"
echo "smoke: $base_url passed"

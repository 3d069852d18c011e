#!/usr/bin/env bash
# The ERP frontend's way of using the API, against a running service: generates the client from its /q/openapi
# with openapi-typescript, compiles scenario.ts with tsc --strict, lints it (no any, no casts, no non-null
# assertions: eslint.config.js) and runs it, which calls every operation and reads problems as typed.
#
#   src/test/client/check.sh BASE_URL        e.g. src/test/client/check.sh http://localhost:8080
#
# Needs Node 20.19+ and npm; installs the pinned packages of package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"

if [[ $# -ne 1 || -z $1 ]]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
base_url=${1%/}

npm ci --no-audit --no-fund --loglevel=error
rm -rf generated dist
npx openapi-typescript "$base_url/q/openapi?format=json" --output generated/provisioning.d.ts
npx tsc -p .
npx eslint
node dist/scenario.js "$base_url"

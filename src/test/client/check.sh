#!/usr/bin/env bash
# The ERP frontend's way of using the API, against a running service: generates the client from its /q/openapi
# with openapi-typescript, compiles scenario.ts with tsc --strict, lints it (no any, no casts, no non-null
# assertions: eslint.config.js) and runs it, which calls every operation and reads problems as typed. Before that,
# Redocly lints the served document with its recommended rules.
#
#   src/test/client/check.sh BASE_URL        e.g. src/test/client/check.sh http://localhost:8080
#
# Needs Node 20.19+ and npm; installs the pinned packages of package-lock.json.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
cd "$(dirname "$0")"
base_url=${1%/}

npm ci --no-audit --no-fund --loglevel=error
rm -rf generated dist
mkdir generated
curl -fsS --max-time 30 "$base_url/q/openapi?format=json" -o generated/openapi.json
npx redocly lint --extends=recommended generated/openapi.json
npx openapi-typescript generated/openapi.json --output generated/provisioning.d.ts
npx tsc -p .
npx eslint
node dist/scenario.js "$base_url"

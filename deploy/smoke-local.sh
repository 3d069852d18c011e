#!/usr/bin/env bash
# Runs the smoke check against a locally started service: deploy/local/run.sh (packaged service, its own
# throwaway PostgreSQL with sample data, security off) on private ports and a private data directory, then
# deploy/smoke.sh, the generated-client check (src/test/client/check.sh) and the browser's CORS check
# (src/test/client/browser-cors.sh, headless Chromium), then stops exactly what it started. For CI and for a
# developer's machine.
#
#   deploy/smoke-local.sh
#
#   SMOKE_HTTP_PORT      port of the service (default 8181, so a developer's service on 8080 is not disturbed)
#   SMOKE_DB_PORT        port of the local database (default 55481)
#   SMOKE_PAGE_PORT      port the browser check serves its page on, the service's one CORS origin
#                        http://127.0.0.1:SMOKE_PAGE_PORT (default SMOKE_HTTP_PORT + 1)
#   SMOKE_START_TIMEOUT  seconds for packaging and start-up (default 600)
set -euo pipefail
cd "$(dirname "$0")/.."

http_port=${SMOKE_HTTP_PORT:-8181}
db_port=${SMOKE_DB_PORT:-55481}
page_port=${SMOKE_PAGE_PORT:-$((http_port + 1))}
start_timeout=${SMOKE_START_TIMEOUT:-600}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$http_port" "$db_port" "$page_port"; do
  if port_busy "$port"; then
    echo "smoke-local: port $port is in use; set SMOKE_HTTP_PORT / SMOKE_DB_PORT / SMOKE_PAGE_PORT to free ports" >&2
    exit 1
  fi
done

# A private TMPDIR: run.sh keeps its database in $TMPDIR/eva-local-db, so another run.sh is not touched.
work=$(mktemp -d)
chmod 755 "$work" # the database runs as the "postgres" user and must reach its directory
log=$work/service.log

# The service's one CORS origin is the browser check's page (run.sh's java inherits the environment).
TMPDIR=$work HTTP_PORT=$http_port EVA_DB_PORT=$db_port QUARKUS_HTTP_CORS_ORIGINS="http://127.0.0.1:$page_port" \
  setsid bash deploy/local/run.sh >"$log" 2>&1 &
run_pid=$!

alive() { kill -0 "$run_pid" 2>/dev/null; }
stop() {
  local status=$?
  if alive; then
    # SIGTERM to run.sh's children (the service): it shuts down, and run.sh's exit trap stops the database.
    pkill -TERM -P "$run_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do alive || break; sleep 0.5; done
    # Still there (e.g. stopped while packaging): end its whole process group.
    if alive; then kill -TERM -- "-$run_pid" 2>/dev/null || true; sleep 2; fi
    if alive; then kill -KILL -- "-$run_pid" 2>/dev/null || true; fi
  fi
  wait "$run_pid" 2>/dev/null || true
  bash deploy/local/eva-db.sh stop "$work/eva-local-db" >/dev/null 2>&1 || true
  if [[ $status -ne 0 ]]; then
    echo "smoke-local: last lines of the service's output:" >&2
    tail -n 40 "$log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "smoke-local: starting deploy/local/run.sh on http://127.0.0.1:$http_port (database on port $db_port," \
  "CORS origin http://127.0.0.1:$page_port)"
deadline=$((SECONDS + start_timeout))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$http_port/q/health/started" 2>/dev/null; do
  if ! alive; then
    echo "smoke-local: deploy/local/run.sh exited before the service started" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "smoke-local: the service did not start within ${start_timeout}s" >&2
    exit 1
  fi
  sleep 1
done

env -u SMOKE_TOKEN bash deploy/smoke.sh "http://127.0.0.1:$http_port"

# The ERP frontend's check: Redocly lints the served document, a client generated from it compiles strictly and
# calls every operation of the running service.
if command -v npm >/dev/null; then
  bash src/test/client/check.sh "http://127.0.0.1:$http_port"
else
  echo "smoke-local: generated-client check NOT run: Node.js and npm are needed (the GitHub workflow runs it)."
fi

# The frontend in a browser: from its configured origin it saves with If-Match and reads every ETag (an exposed
# header); from an origin that is not configured it can read nothing.
browser=${CHROMIUM:-}
for name in chromium chromium-browser google-chrome; do
  if [[ -z $browser ]] && command -v "$name" >/dev/null; then browser=$name; fi
done
if [[ -n $browser ]] && command -v "$browser" >/dev/null; then
  CHROMIUM=$browser bash src/test/client/browser-cors.sh "http://127.0.0.1:$http_port" "$page_port"
else
  echo "smoke-local: browser CORS check NOT run: Chromium is needed (Debian package chromium; .ci/run installs it)."
fi

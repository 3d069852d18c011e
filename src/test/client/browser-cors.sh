#!/usr/bin/env bash
# The ERP frontend's conditional save in a real browser, across origins: serves browser-cors.html on
# http://127.0.0.1:PAGE_PORT (which must be one of the service's CORS origins, QUARKUS_HTTP_CORS_ORIGINS) and loads
# it in headless Chromium. The page creates an account, reads it and its ETag, saves it with If-Match (a preflighted
# PATCH), saves the old version again and reads the 412's ETag, and reads it with If-None-Match (304). The same page
# served from another port, an origin that is not configured, must not be able to read any answer. Both outcomes are
# read from the DOM Chromium dumps; anything else fails with that DOM shown.
#
#   src/test/client/browser-cors.sh BASE_URL PAGE_PORT    e.g. ... http://127.0.0.1:8181 8182
#
#   CHROMIUM                  the browser to run (default: the first of chromium, chromium-browser, google-chrome)
#   BROWSER_CORS_TIMEOUT      seconds each page may take (default 60)
# Needs Chromium and python3 (which serves the page).
set -euo pipefail

if [[ $# -ne 2 || -z $1 || ! $2 =~ ^[0-9]+$ ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
cd "$(dirname "$0")"
base_url=${1%/}
page_port=$2
chromium=${CHROMIUM:-}
if [[ -z $chromium ]]; then
  for name in chromium chromium-browser google-chrome; do
    if command -v "$name" >/dev/null; then chromium=$name; break; fi
  done
fi
if [[ -z $chromium ]] || ! command -v "$chromium" >/dev/null; then
  echo "browser-cors: no Chromium found (chromium, chromium-browser, google-chrome or CHROMIUM)" >&2
  exit 1
fi
timeout_s=${BROWSER_CORS_TIMEOUT:-60}

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# One server, two origins: the configured port, and a port of the system's choosing that no one configured.
cp browser-cors.html "$work/"
python3 - "$work" "$page_port" 0 >"$work/ports" 2>"$work/server.log" <<'PY' &
import functools, http.server, sys, threading

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

handler = functools.partial(Quiet, directory=sys.argv[1])
servers = [http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler) for port in sys.argv[2:]]
print(" ".join(str(server.server_address[1]) for server in servers), flush=True)
for server in servers[1:]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
servers[0].serve_forever()
PY
server_pid=$!
for _ in $(seq 1 50); do [[ -s $work/ports ]] && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if [[ ! -s $work/ports ]]; then
  echo "browser-cors: could not serve the page on 127.0.0.1:$page_port" >&2
  cat "$work/server.log" >&2
  exit 1
fi
read -r _ other_port <"$work/ports"

# Loads the page from ORIGIN and prints the DOM once its script is done (virtual time waits for pending fetches).
dump() {
  local origin=$1 expect=$2 profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout "$timeout_s" "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --virtual-time-budget=30000 --dump-dom \
    "$origin/browser-cors.html?api=$base_url&expect=$expect" 2>"$work/chromium-$expect.log"
}

# Asserts that #result of the dumped DOM starts with MARKER; otherwise shows the DOM and fails.
expect_result() {
  local origin=$1 expect=$2 marker=$3 dom status=0
  dom=$(dump "$origin" "$expect") || status=$?
  local line
  line=$(grep -o "<output id=\"result\">[^<]*</output>" <<<"$dom" | sed -e 's/^<output id="result">//' -e 's/<\/output>$//' || true)
  if [[ $status -ne 0 || $line != "$marker"* ]]; then
    echo "browser-cors: FAILED from $origin (expect=$expect, chromium exit $status); #result: ${line:-<none>}" >&2
    echo "--- dumped DOM ---" >&2
    echo "${dom:-<empty>}" >&2
    echo "--- chromium's output (last lines, D-Bus noise left out) ---" >&2
    grep -v 'dbus/' "$work/chromium-$expect.log" | tail -n 20 >&2 || true
    exit 1
  fi
  echo "ok    $origin: $line"
}

echo "browser-cors: $("$chromium" --version 2>/dev/null | tail -n 1), service $base_url"
expect_result "http://127.0.0.1:$page_port" allowed "allowed-ok: "
expect_result "http://127.0.0.1:$other_port" refused "refused-ok: "

#!/usr/bin/env bash
# The provisioning benchmark: how fast the service creates accounts compared with PostgreSQL itself on the same
# machine. Starts its own PostgreSQL with EVA's schema and the packaged service (JVM, started with the options of
# its image), then measures in one run:
#   - account creation over HTTP (unique slugs, enum fields set) at 8, 32, 128 and 1 024 clients, with wrk;
#   - the same INSERT straight into PostgreSQL with pgbench at the same concurrency (up to 128), interleaved with
#     the service's rounds, and the service's ratio;
#   - the same for accounts created with two partner domains, at 32 clients;
#   - rejected input (unknown enum value), GET one account, list with an enum filter (32 clients), and two floors:
#     a 404, the cheapest answer the service gives, and GET on a Quarkus app with one REST endpoint (bench/floor-app);
#   - CPU time per request, the service's and the whole machine's;
#   - start-to-ready time (Java 17 as shipped, Java 17 with an AppCDS archive, and Java 25 with an AOT cache when a
#     JDK 25 is installed), and the floor: the one-endpoint app's;
#   - RSS after the load, and RSS while paging through 1 000 and 100 000 accounts;
#   - the service beside its stack's floor, bench/floor-vertx (plain Vert.x doing the same work for these three
#     requests): creation (with pgbench's INSERT in the same rounds), GET by id over 20 000 accounts and a list of 50,
#     at 32 clients, the service and the floor in interleaved rounds, each running beside the other.
# PostgreSQL runs with its durable defaults (fsync and synchronous_commit on), as in production.
# Writes bench/results/results.md (table, settings and machine), results.csv and throughput-p99.png.
#
#   bench/run.sh     DURATION (seconds per point, default 10), ROUNDS (interleaved rounds per concurrency, 3),
#                    CLIENTS ("8 32 128 1024"), BENCH_DURABLE (1; 0 = fsync off, labelled as not durable),
#                    BENCH_DB_PORT (55490), BENCH_HTTP_PORT (8190, and the six ports above it for the apps measured
#                    beside the service)
#   ONLY=reads       only the service beside its floors, on a table of READ_ACCOUNTS accounts (20 000), in READ_ROUNDS
#                    interleaved rounds (ROUNDS): creation, GET by id, lists of 50 and 200, rejected input and a 404,
#                    each on the service, on the same service with security on (service-rs256: RS256 bearer tokens
#                    from a key pair made for the run; service-rs256-uncached: the same with the token cache off,
#                    every token verified on every request) and on bench/floor-vertx, GET by id also on bench/floor-quarkus
#                    (the same GET on Quarkus REST, Mutiny and the reactive client alone: the stack's own cost), the 404
#                    also beside the one-endpoint Quarkus app (bench/floor-app); and GETs of partner domains and deals and their lists, on READ_OWNERS
#                    accounts (2 000) with two of each. READ_SCENARIOS="get-by-id list-50 ..." measures those only
#                    (and creation). READ_SECURITY=0 leaves the two secured apps out. Each app is warmed until its
#                    JIT has settled (settle_jit, bench/lib.sh). Each app's garbage collections and JIT seconds over
#                    the rounds are reported beside its figures (an app whose heap shrank can collect its old
#                    generation at every turn). Writes bench/results/reads-DATE.md and reads-DATE.csv. About an hour
#                    and a half.
#   OTHER_APP=path   (either mode) the quarkus-run.jar of another build of the service (another commit's, built in a
#                    git worktree), measured beside them in the same rounds; OTHER_NAME labels it (default "other").
#   VARIANTS=$'name NAME=value ...\n...'  (either mode) the service's own build started once more for each line, named by
#                    its first word, with the settings that follow on top of the service's, measured beside the rest in
#                    the same rounds: what a setting costs or saves (ports from BENCH_HTTP_PORT + 10)
# The pool design is compared by bench/design.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
use_write create # both writes are measured below, whatever WRITE says
rounds=${ROUNDS:-3}
levels=(${CLIENTS:-8 32 128 1024})
only=${ONLY:-}
[[ -z $only || $only == reads ]] || { echo "ONLY is reads or unset, not $only" >&2; exit 2; }

echo "== building the service, and the floors on the same Quarkus and Vert.x"
./mvnw -B -q package -DskipTests
build_floor floor-app
build_floor floor-vertx
build_floor floor-quarkus

# --- The service beside its stack's floor: bench/floor-vertx, plain Vert.x (vertx-web, vertx-pg-client, Jackson at
# the versions of the service's Quarkus) doing the same work for three requests: the create's checks and the same
# INSERT ... RETURNING xmin, the same SELECT of one account, a page of 50 in slug order; with the service's event
# loops, pool of 16 connections without pipelining, request ids and one access log line a request. What the service
# takes beyond it is its own. All apps run at once, each on its own port, and are measured one after the other in
# each round (the order rotating), so each sees the same database, the same table and the same neighbours.
read_accounts=${READ_ACCOUNTS:-20000}
read_rounds=${READ_ROUNDS:-$rounds}
read_security=${READ_SECURITY:-1}
read_scenarios=(create get-by-id list-50)
[[ $only == reads ]] && read_scenarios+=(list-200 reject 404 get-domain list-domains get-deal list-deals)
[[ -n ${READ_SCENARIOS:-} ]] && read_scenarios=(create $READ_SCENARIOS) # creation always, first: it warms and pairs with pgbench
other_name=${OTHER_NAME:-other}
other_app=${OTHER_APP:-}
variants=() newline=$'\n' # names of the VARIANTS, in their order
declare -A variant_env=()
while read -r name settings; do
  [[ -z $name ]] && continue
  [[ $name =~ ^[a-z0-9-]+$ && $name != service* && $name != floor-* && $name != pgbench && $name != "${OTHER_NAME:-other}" \
    && -z ${variant_env[$name]+set} ]] || { echo "VARIANTS: '$name' is not a new name of lower-case letters, digits and -" >&2; exit 2; }
  variants+=("$name") variant_env[$name]=$settings
done <<<"${VARIANTS:-}"
declare -A app_base=() app_pid=() app_jar=() app_port=() app_env=() app_token=() app_ready=() restarts=()
apps=() # names, in the order started: the service first, the floor last
launch_app() { # name: starts it on its port as start_service starts the service, its log in the work folder
  local base=${app_base[$1]} http_port=${app_port[$1]} service_pid= ready_after= service_log=$1
  local ready_path=${app_ready[$1]:-/q/health/ready}
  local -a service_env=(${app_env[$1]:-})
  app=${app_jar[$1]} start_service
  app_pid[$1]=$service_pid
}
start_beside() { # name jar port: starts another app beside the service
  app_base[$1]=http://127.0.0.1:$3 app_port[$1]=$3 app_jar[$1]=$2 restarts[$1]=0
  launch_app "$1"
  apps+=("$1")
}
stop_beside() {
  local name
  for name in "${!app_pid[@]}"; do
    [[ $name == service ]] && continue
    kill "${app_pid[$name]}" 2>/dev/null && wait "${app_pid[$name]}" 2>/dev/null || true
    unset "app_pid[$name]"
  done
}
trap 'stop_beside; cleanup' EXIT
on_app() { # name command...: run against that app (with its bearer token, if it has one)
  local base=${app_base[$1]} service_pid=${app_pid[$1]}; local -x TOKEN=${app_token[$1]:-}; shift; "$@"
}
# The service with security on, as in production: a key pair made for the run, the public key the one the service
# verifies with, and a token signed with the private key (RS256), in the groups that may write, valid for a day.
secure_app() { # name: sets its app_env and app_token
  local dir=$work/jwt-$1 issuer=https://idp.bench.example now; now=$(date +%s); mkdir -p "$dir"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null
  openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem"
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  local header payload signature
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"bench","upn":"bench@erp.example","groups":["provisioning-admin"],"iat":%d,"exp":%d}' \
    "$issuer" "$now" $((now + 86400)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$dir/private.pem" | b64url)
  app_env[$1]="ERP_SECURITY_ENABLED=true MP_JWT_VERIFY_PUBLICKEY_LOCATION=$dir/public.pem MP_JWT_VERIFY_ISSUER=$issuer"
  app_token[$1]=$header.$payload.$signature
}
# name scenario: the one-endpoint app only stands beside the 404, the Quarkus floor beside GET by id
app_does() { case $1 in floor-app) [[ $2 == 404 ]] ;; floor-quarkus) [[ $2 == get-by-id ]] ;; esac; }
app_mode() { [[ $1 == floor-app ]] && echo bare || echo "$2"; } # name scenario -> the mode of reads.lua it runs
scenario_run() { wrk_script=bench/floor-vertx/reads.lua wrk_run "$1" 32; } # scenario -> RESULT line at 32 clients
export IDS_FILE=$work/ids # the accounts GET by id reads, one id a line
export PATHS_DIR=$work/paths # the domains' and deals' GETs: a file a scenario, one path a line
load_pass() { # name mode...: a window of each mode on the app
  local name=$1 mode; shift
  for mode in "$@"; do
    MODE=$mode wrk -t2 -c32 -d"${WARM_WINDOW:-20}s" --timeout 30s -s bench/floor-vertx/reads.lua "${app_base[$name]}" >/dev/null
  done
}
settle_app() { # name mode... -> settle_jit's summary, after passes of a window of each mode
  local name=$1; shift
  settle_jit "${app_pid[$name]}" $(( ${WARM_WINDOW:-20} * $# )) load_pass "$name" "$@"
}
warm_app() { # name: as warm_up (creation in windows until two agree within 5 %), then each read for a window
  local window=${WARM_WINDOW:-20} rates=() mode line modes=(); local -x TOKEN=${app_token[$1]:-}
  if [[ $1 == floor-app || $1 == floor-quarkus ]]; then # they create nothing: their one request
    mode=$(app_mode "$1" get-by-id)
    echo "  warmed $1: $mode until its JIT settled ($(settle_app "$1" "$mode"))"
    return
  fi
  while :; do
    line=$(MODE=create RUN_ID="warm$(date +%s%N)" wrk -t2 -c32 -d"${window}s" --timeout 30s -s bench/floor-vertx/reads.lua "${app_base[$1]}" | grep '^RESULT')
    rates+=("$(rate_of "$line")")
    (( ${#rates[@]} >= 15 )) && break
    (( ${#rates[@]} >= 3 )) && awk -v a="${rates[-2]}" -v b="${rates[-1]}" 'BEGIN {exit !(b > 0 && (a - b) / b < 0.05 && (b - a) / b < 0.05)}' && break
  done
  for mode in "${read_scenarios[@]:1}"; do modes+=("$(app_mode "$1" "$mode")"); done
  echo "  warmed $1: creation in ${window} s windows at $(printf '%s, ' "${rates[@]}" | sed 's/, $//') accounts/s, then the reads until its JIT settled ($(settle_app "$1" "${modes[@]}"))"
}
# A request the client leaves while it waits for a pooled connection may take one that is never given back: the
# service's pool then holds it with no request running (its sql_pool_active metric), and once it holds all 16, every
# request that needs the database waits out the acquire timeout and is answered 503. wrk leaves the requests in flight
# when a run ends; bench/floor-vertx/reads.lua keeps its connections open a moment longer so that they are answered
# first. Should an app still hold connections with nothing running before a measured run, it is restarted and warmed
# again, and the report counts the restarts: each figure is of a full pool.
held_connections() { # -> connections the app's pools hold while no request runs; empty for an app without metrics
  sleep 1 # the requests in flight when the last run ended finish
  curl -sf "$base/q/metrics" | awk '/^sql_pool_active[{ ]/ {n += $NF} END {if (NR) printf "%d", n}' || true
}
restart_leaking() { # name
  local held; held=$(on_app "$1" held_connections)
  (( ${held:-0} > 0 )) || return 0
  echo "  $1 holds $held pooled connections with no request running: restarting it" >&2
  kill "${app_pid[$1]}" && wait "${app_pid[$1]}" 2>/dev/null || true
  launch_app "$1"
  [[ $1 == service ]] && service_pid=${app_pid[service]}
  restarts[$1]=$(( ${restarts[$1]:-0} + 1 ))
  warm_app "$1" >&2
}

# With the service running: starts the floors (and OTHER_APP and the VARIANTS), warms each, measures read_rounds rounds. Writes
# reads_csv: one row a round, scenario and app (and pgbench beside creation), the app's CPU per request its own.
reads_vs_floor() { # reads_csv
  local reads_csv=$1 name round scenario line k order tps p50 p99 failed pgbench_cpu mode expected
  app_base[service]=$base app_port[service]=$http_port app_jar[service]=target/quarkus-app/quarkus-run.jar
  app_pid[service]=$service_pid restarts[service]=0 apps=(service)
  [[ -n $other_app ]] && start_beside "$other_name" "$other_app" $((http_port + 1))
  local i
  for i in "${!variants[@]}"; do
    app_env[${variants[$i]}]=${variant_env[${variants[$i]}]}
    start_beside "${variants[$i]}" target/quarkus-app/quarkus-run.jar $((http_port + 10 + i))
  done
  if [[ $only == reads && $read_security == 1 ]]; then
    secure_app service-rs256
    start_beside service-rs256 target/quarkus-app/quarkus-run.jar $((http_port + 3))
    secure_app service-rs256-uncached # the same, every token verified on every request
    app_env[service-rs256-uncached]+=" ERP_SECURITY_TOKEN_CACHE_SIZE=0"
    start_beside service-rs256-uncached target/quarkus-app/quarkus-run.jar $((http_port + 5))
    for name in service-rs256 service-rs256-uncached; do # the token is taken, or every figure would be of a 401
      curl -sf -o /dev/null -H "Authorization: Bearer ${app_token[$name]}" "${app_base[$name]}/api/v1/enums" \
        || { echo "$name refuses its bench token" >&2; exit 1; }
    done
  fi
  if [[ $only == reads ]]; then
    app_ready[floor-app]=/floor
    start_beside floor-app "$floor_app" $((http_port + 4))
    if [[ " ${read_scenarios[*]} " == *" get-by-id "* ]]; then
      app_ready[floor-quarkus]=/floor
      start_beside floor-quarkus "$floor_quarkus" $((http_port + 6))
    fi
  fi
  start_beside floor-vertx "$floor_vertx" $((http_port + 2))
  "${psql_admin[@]}" -c "SELECT id FROM accounts ORDER BY random() LIMIT $read_accounts" >"$IDS_FILE"
  echo "== the service beside its floor: ${apps[*]}; GET by id over $(wc -l <"$IDS_FILE") accounts"
  for name in "${apps[@]}"; do warm_app "$name"; done
  for name in "${apps[@]}"; do gc_start[$name]=$(gc_counts "${app_pid[$name]}") jit_start[$name]=$(jit_seconds "${app_pid[$name]}"); done
  echo "round,scenario,app,requests_per_s,p50_ms,p99_ms,errors,machine_cpu_us,app_cpu_us" >"$reads_csv"
  for ((round = 1; round <= read_rounds; round++)); do
    quiet_database
    k=$(( (round - 1) % ${#apps[@]} ))
    order=("${apps[@]:k}" "${apps[@]:0:k}")
    for scenario in "${read_scenarios[@]}"; do
      for name in "${order[@]}"; do
        app_does "$name" "$scenario" || continue
        mode=$(app_mode "$name" "$scenario")
        restart_leaking "$name"
        line=$(on_app "$name" scenario_run "$mode")
        expected=0; [[ $mode == reject || $mode == 404 ]] && expected=$(field requests "$line") # the answers asked for
        echo "$round,$scenario,$name,$(csv_row x 32 "$line" "$expected" | cut -d, -f3-)" >>"$reads_csv"
        echo "  round $round, $scenario, $name: $(rate_of "$line")/s, p99 $(field p99_ms "$line") ms, $(field service_cpu_us "$line") µs CPU a request" >&2
      done
      if [[ $scenario == create ]]; then
        read -r tps p50 p99 failed pgbench_cpu < <(pgbench_run 32)
        printf '%s,create,pgbench,%.0f,%s,%s,%s,%s,\n' "$round" "$tps" "$p50" "$p99" "$failed" "$pgbench_cpu" >>"$reads_csv"
        echo "  round $round, create, pgbench: $(printf '%.0f' "$tps")/s" >&2
      fi
    done
  done
  for name in "${apps[@]}"; do gc_end[$name]=$(gc_counts "${app_pid[$name]}") jit_end[$name]=$(jit_seconds "${app_pid[$name]}"); done
  stop_beside
}
# The JVM image's options let ParallelGC shrink the heap to what is live plus a fifth; an app that has run long enough
# may then collect its old generation instead of its young one at almost every turn, at several times the CPU.
declare -A gc_start=() gc_end=() jit_start=() jit_end=()
jit_note() { # name -> seconds of JIT compiling over the rounds, or empty when an app was restarted or not measured
  [[ -n ${jit_start[$1]:-} && -n ${jit_end[$1]:-} ]] && (( ${restarts[$1]:-0} == 0 )) || return 0
  awk -v a="${jit_start[$1]}" -v b="${jit_end[$1]}" 'BEGIN {if (b >= a) printf "%.1f s", b - a}'
}
gc_note() { # name -> "young n, full n, s in GC" over the rounds, or empty when an app was restarted or not measured
  [[ -n ${gc_start[$1]:-} && -n ${gc_end[$1]:-} ]] || return 0
  local y0 f0 t0 y1 f1 t1 rest
  read -r y0 f0 t0 rest <<<"${gc_start[$1]}"; read -r y1 f1 t1 rest <<<"${gc_end[$1]}"
  (( y1 >= y0 && f1 >= f0 )) || return 0 # restarted meanwhile
  awk -v y=$((y1 - y0)) -v f=$((f1 - f0)) -v t="$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')" \
    'BEGIN {printf "%d young, %d full, %.1f s", y, f, t}'
}
restarts_note() { # -> "name: n, ..." of the apps restarted for held connections, or "none"
  local name note=""
  for name in "${apps[@]}"; do (( ${restarts[$name]:-0} > 0 )) && note+="${note:+, }$name ${restarts[$name]}"; done
  echo "${note:-none}"
}
# Figures from reads_csv: the median over the rounds of one column, and of an app's rate (or CPU) over another's in
# the same round.
read_median() { awk -F, -v s="$2" -v a="$3" -v c="$4" '$2 == s && $3 == a && $c != "" {print $c}' "$1" | median; } # csv scenario app column
read_ratio() { # csv scenario app other-app column [other-scenario] -> median of app/other per round
  awk -F, -v s="$2" -v a="$3" -v b="$4" -v c="$5" -v t="${6:-$2}" '
    $2 == s && $3 == a {x[$1] = $c} $2 == t && $3 == b {y[$1] = $c}
    END {for (r in x) if (r in y && y[r] > 0) printf "%.3f\n", x[r] / y[r]}' "$1" | median
}
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = (op == ">=") ? v >= t : v <= t; print (ok ? "met" : "**not met**")}'; }
seed_accounts() { # n: accounts with every enum field set, a quarter trialing
  "${psql_admin[@]}" -c "INSERT INTO accounts (name, slug, owner_email, subscription_status, plan_tier, billing_interval, trial_ends_at)
    SELECT 'Read ' || i, 'read-' || i, 'ops' || i || '@bench.example',
      (ARRAY['trialing', 'active', 'past_due', 'paused'])[i % 4 + 1]::subscription_status,
      (ARRAY['free', 'starter', 'growth', 'enterprise'])[i % 4 + 1]::plan_tier,
      (ARRAY['monthly', 'annual'])[i % 2 + 1]::billing_interval,
      CASE WHEN i % 4 = 0 THEN now() + interval '14 days' END
    FROM generate_series(1, $1) i"
}
# Two domains and two deals for each of the first READ_OWNERS accounts (2 000), and the paths their GETs draw from.
# EVA's schema has no index on partner_domains.account_id: a list of an account's domains scans the table, for the
# service and the floor alike, so the table is kept to what a few thousand partners hold.
seed_domains_and_deals() {
  local owners=${READ_OWNERS:-2000}
  "${psql_admin[@]}" -c "INSERT INTO partner_domains (account_id, domain)
    SELECT id, 'd' || n || '.' || slug || '.bench.example' FROM (SELECT id, slug FROM accounts ORDER BY slug LIMIT $owners) a, generate_series(1, 2) n"
  "${psql_admin[@]}" -c "INSERT INTO partner_deals (account_id, title, amount_cents, currency, stage, expected_close_date)
    SELECT id, 'Deal ' || n, 100000 * n, 'EUR', (ARRAY['prospecting', 'negotiation'])[n]::deal_stage, current_date + 30
    FROM (SELECT id FROM accounts ORDER BY slug LIMIT $owners) a, generate_series(1, 2) n"
  "${psql_admin[@]}" -c "ANALYZE partner_domains; ANALYZE partner_deals" >/dev/null
  mkdir -p "$PATHS_DIR"
  local kind
  for kind in domain deal; do
    "${psql_admin[@]}" -c "SELECT '/api/v1/accounts/' || account_id || '/${kind}s/' || id FROM partner_${kind}s" >"$PATHS_DIR/get-$kind"
    "${psql_admin[@]}" -c "SELECT DISTINCT '/api/v1/accounts/' || account_id || '/${kind}s' FROM partner_${kind}s" >"$PATHS_DIR/list-${kind}s"
  done
}
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
others_running() { pgrep -fa 'bulk.sh|soak.sh|SlowReader|wrk |pgbench ' | grep -v "^$$ " | cut -c1-80 | paste -sd';' || true; }

start_database

if [[ $only == reads ]]; then
  echo "== starting the service"
  start_service
  pool_settings=$(service_settings)
  seed_accounts "$read_accounts"
  seed_domains_and_deals
  quiet_database
  day=$(date -u +%F)
  reads_csv=$results/reads-$day.csv
  load_before=$(load_average) others_before=$(others_running)
  reads_vs_floor "$reads_csv"
  load_after=$(load_average) others_after=$(others_running)
  csv=$reads_csv
  names=(service); [[ -n $other_app ]] && names+=("$other_name"); names+=("${variants[@]}")
  [[ $read_security == 1 ]] && names+=(service-rs256 service-rs256-uncached)
  {
    echo "# The service's reads and creates beside their stack's floor"
    echo
    echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`ONLY=reads${OTHER_APP:+ OTHER_APP=$OTHER_APP OTHER_NAME=$other_name}${VARIANTS:+ VARIANTS=\$'${VARIANTS//$newline/\\n}'}${READ_ROUNDS:+ READ_ROUNDS=$READ_ROUNDS}${READ_SECURITY:+ READ_SECURITY=$READ_SECURITY}${READ_SCENARIOS:+ READ_SCENARIOS=\"$READ_SCENARIOS\"} bench/run.sh\`"
    echo "(${duration} s per point, 32 clients, ${read_rounds} interleaved rounds; medians of the rounds). Load generator (wrk),"
    echo "the service (JVM with the JVM image's options and a pinned heap, \`-Xms$heap -Xmx$heap\`, security off),${OTHER_APP:+ $other_name (another build, the same options),}"
    for name in "${variants[@]}"; do echo "$name (the service's build with ${variant_env[$name]}),"; done
    [[ $read_security == 1 ]] && echo "the same service with security on (service-rs256: every request with a bearer token signed RS256, verified"
    [[ $read_security == 1 ]] && echo "against a 2048-bit RSA public key; the verified token kept, as shipped; service-rs256-uncached: the same with"
    [[ $read_security == 1 ]] && echo "\`erp.security.token-cache.size=0\`),"
    echo "the floor (bench/floor-vertx, the same JVM options), the Quarkus floor (bench/floor-quarkus: the same GET by id on Quarkus"
    echo "REST, Mutiny and the reactive client alone, with the same request id and access line; beside GET by id only), the"
    echo "one-endpoint Quarkus app (floor-app, beside the 404 only) and"
    echo "PostgreSQL share one machine; all apps run at once, each measured in turn, the order rotating each round."
    echo
    echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
    echo "- $(java -version 2>&1 | head -1); $(database_settings)"
    echo "- **$(durability_label)**"
    echo "- the service: ${pool_settings:-not reported}; the service's commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "- the table: $read_accounts accounts to start with, GET by id draws from all of them at random; creation adds rows;"
    echo "  two partner domains and two deals for each of the first ${READ_OWNERS:-2000} accounts, their GETs and lists drawn at random"
    echo "- load average (1, 5, 15 min) before: $load_before, after: $load_after; other benchmarks seen before: ${others_before:-none}; after: ${others_after:-none}"
    echo "- apps restarted (and warmed again) before a run because their pool held connections with no request running: $(restarts_note)"
    echo "- garbage collections over the rounds: $(for name in "${apps[@]}"; do note=$(gc_note "$name"); [[ -n $note ]] && printf '%s %s; ' "$name" "$note"; done | sed 's/; $//')"
    echo "- JIT compiling over the rounds (each app warmed until a pass of its scenarios cost the JIT under 1 % of its time): $(for name in "${apps[@]}"; do note=$(jit_note "$name"); [[ -n $note ]] && printf '%s %s; ' "$name" "$note"; done | sed 's/; $//')"
    echo
    echo "| scenario | app | requests/s | p50 ms | p99 ms | errors | CPU µs a request: app | machine | app / floor, rate | app / floor, CPU | app / pgbench |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for scenario in "${read_scenarios[@]}"; do
      for name in "${names[@]}" floor-vertx $([[ $scenario == 404 ]] && echo floor-app) $([[ $scenario == create ]] && echo pgbench) \
          $([[ $scenario == get-by-id ]] && grep -q ',get-by-id,floor-quarkus,' "$csv" && echo floor-quarkus); do
        errors=$(awk -F, -v s="$scenario" -v a="$name" '$2 == s && $3 == a {n += $7} END {print n + 0}' "$csv")
        vs_floor="" cpu_vs_floor="" vs_pgbench=""
        if [[ $name != floor-vertx && $name != floor-app && $name != pgbench ]]; then
          vs_floor="$(read_ratio "$csv" "$scenario" "$name" floor-vertx 4) ×"
          cpu_vs_floor="$(read_ratio "$csv" "$scenario" "$name" floor-vertx 9) ×"
        fi
        [[ $scenario == create && $name != pgbench ]] && vs_pgbench="$(read_ratio "$csv" create "$name" pgbench 4) ×"
        echo "| $scenario | $name | $(read_median "$csv" "$scenario" "$name" 4) | $(read_median "$csv" "$scenario" "$name" 5) | $(read_median "$csv" "$scenario" "$name" 6) | $errors | $(read_median "$csv" "$scenario" "$name" 9) | $(read_median "$csv" "$scenario" "$name" 8) | $vs_floor | $cpu_vs_floor | $vs_pgbench |"
      done
    done
    echo
    echo "Targets (the ratios are medians of the rounds' ratios, each round's apps measured minutes apart at most):"
    echo
    echo "| target | $(printf '%s | ' "${names[@]}" floor-vertx | sed 's/ | $//') |"
    echo "|---|$(printf -- '---:|%.0s' "${names[@]}" floor-vertx)"
    row() { # label figure-function op threshold
      local label=$1 fn=$2 op=$3 t=$4 cells="" value
      for name in "${names[@]}" floor-vertx; do
        value=$("$fn" "$name")
        if [[ -z $value ]]; then cells+=" |"; else cells+=" $value ($(verdict "$value" "$op" "$t")) |"; fi
      done
      echo "| $label |$cells"
    }
    get_vs_floor() { [[ $1 == floor-vertx ]] || read_ratio "$csv" get-by-id "$1" floor-vertx 4; }
    list_vs_get() { read_ratio "$csv" list-50 "$1" "$1" 9 get-by-id; }
    create_vs_floor() { [[ $1 == floor-vertx ]] || read_ratio "$csv" create "$1" floor-vertx 4; }
    not_found_vs_bare() { read_ratio "$csv" 404 "$1" floor-app 9; }
    reject_vs_create() { read_ratio "$csv" reject "$1" "$1" 4 create; }
    row "GET by id: rate / the floor's ≥ 0.85" get_vs_floor ">=" 0.85
    if grep -q ',get-by-id,floor-quarkus,' "$csv"; then # no target: what the stack costs, and what the service adds to it
      echo "| GET by id, no target: rate / the Quarkus floor's (floor-quarkus); the Quarkus floor's / the floor's |$(for name in "${names[@]}"; do
        printf ' %s × |' "$(read_ratio "$csv" get-by-id "$name" floor-quarkus 4)"; done) $(read_ratio "$csv" get-by-id floor-quarkus floor-vertx 4) × |"
    fi
    row "a list of 50: CPU a request / its GET by id's ≤ 3" list_vs_get "<=" 3
    row "creation: rate / the floor's ≥ 0.95" create_vs_floor ">=" 0.95
    row "a 404: CPU a request / the one-endpoint app's GET ≤ 1.5" not_found_vs_bare "<=" 1.5
    row "rejected input: rate / its creation rate ≥ 5" reject_vs_create ">=" 5
    echo
    if [[ $read_security == 1 ]]; then
    echo "What security costs: the secured apps' CPU a request less the service's, in the same round, and their rate over"
    echo "the service's (medians of the rounds):"
    echo
    echo "| scenario | tokens kept (shipped): µs of CPU added | rate | every token verified: µs of CPU added | rate |"
    echo "|---|---:|---:|---:|---:|"
    added() { # scenario app -> median over the rounds of the app's CPU a request less the service's
      awk -F, -v s="$1" -v a="$2" '$2 == s && $3 == a {x[$1] = $9} $2 == s && $3 == "service" {y[$1] = $9}
        END {for (r in x) if (r in y) print x[r] - y[r]}' "$csv" | median
    }
    for scenario in "${read_scenarios[@]}"; do
      echo "| $scenario | $(added "$scenario" service-rs256) | $(read_ratio "$csv" "$scenario" service-rs256 service 4) × |" \
        "$(added "$scenario" service-rs256-uncached) | $(read_ratio "$csv" "$scenario" service-rs256-uncached service 4) × |"
    done
    echo
    fi
    echo "Every round (requests/s; app CPU µs a request):"
    echo
    echo '```'
    awk -F, 'NR > 1 {printf "round %s  %-9s  %-12s %7s/s  %5s µs\n", $1, $2, $3, $4, ($9 == "" ? "-" : $9)}' "$csv"
    echo '```'
  } >"$results/reads-$day.md"
  cat "$results/reads-$day.md"
  exit 0
fi

median_start() { # [java [options...]] -> sets median_ms, the median of three starts to ready
  local times=()
  for run in 1 2 3; do start_service "$@"; times+=("$ready_after"); stop_service; done
  median_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
}

echo "== starting the service"
start_service
pool_settings=$(service_settings)
echo "ready after ${ready_after} ms, RSS $(rss) MiB; $pool_settings"

# Keyset paging keeps memory flat as the table grows: page through everything at 1 000 and 100 000 rows.
page_all() {
  local url="$base/api/v1/accounts?limit=200" cursor="" pages=0
  while :; do
    local body; body=$(curl -sf "$url${cursor:+&cursor=$cursor}")
    pages=$((pages + 1))
    cursor=$(grep -o '"nextCursor":"[^"]*"' <<<"$body" | cut -d'"' -f4 || true)
    [[ -z $cursor ]] && break
  done
  echo "$pages"
}
insert_rows() {
  "${psql_admin[@]}" -c "INSERT INTO accounts (name, slug, owner_email, plan_tier)
    SELECT 'Paged ' || i, 'paged-$1-' || i, 'p@bench.example', 'growth' FROM generate_series(1, $2) i"
}
insert_rows a 1000
pages_1k=$(page_all); rss_1k=$(rss); heap_1k=$(live_heap)
insert_rows b 99000
pages_100k=$(page_all); rss_100k=$(rss); heap_100k=$(live_heap)
echo "paged 1000 rows in $pages_1k pages (RSS $rss_1k MiB, live heap $heap_1k MiB), 100000 rows in $pages_100k pages (RSS $rss_100k MiB, live heap $heap_100k MiB)"

echo "== warming up until creation is steady (20 s windows)"
account_id=$(curl -sf "$base/api/v1/accounts?limit=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
warm_up
for mode in reject 404 get list; do MODE=$mode ACCOUNT_ID=$account_id wrk -t2 -c32 -d12s -s bench/wrk.lua "$base" >/dev/null; done


csv=$results/results.csv
echo "scenario,clients,requests_per_s,p50_ms,p99_ms,errors,machine_cpu_us,service_cpu_us" >"$csv"
# Machines of this kind vary by a fifth and more from one minute to the next, pgbench included, so each concurrency
# is measured in $rounds interleaved rounds (service, pgbench, service, ...) and the round with the median ratio is
# reported; above pgbench's reach, the round with the median rate.
declare -A all_rounds vs_floor
for clients in "${levels[@]}"; do
  paired_rounds "$clients" "$rounds"
  unit=$( (( clients <= pgbench_max_clients )) && echo " %" || echo "/s")
  all_rounds[$clients]=$(printf '%s\n' "${pair_rows[@]}" | cut -d';' -f1 | sed "s|\$|$unit|" | paste -sd, | sed 's/,/, /g')
  median=$(median_pair)
  cut -d';' -f2 <<<"$median" | tee -a "$csv"
  [[ -n $(cut -d';' -f3 <<<"$median") ]] && cut -d';' -f3 <<<"$median" | tee -a "$csv"
done

# Accounts with two partner domains, against pgbench writing the same rows, at 32 clients.
# Their path (host name checks, the longer statement) is warmed like creation's, until steady.
use_write create-domains
create_warm_s=$warm_s create_warm_rates=("${warm_rates[@]}")
warm_up
domains_warm_s=$warm_s warm_s=$create_warm_s warm_rates=("${create_warm_rates[@]}")
paired_rounds 32 "$rounds"
domains_rounds=$(printf '%s\n' "${pair_rows[@]}" | cut -d';' -f1 | sed 's|$| %|' | paste -sd, | sed 's/,/, /g')
median=$(median_pair)
cut -d';' -f2,3 <<<"$median" | tr ';' '\n' | tee -a "$csv"
use_write create

# Does rejected input reach the database? Count the service's connections that started or finished a statement
# (or opened) while the rejections ran: PostgreSQL stamps state_change on each. Database-wide transaction counters
# count every backend's transactions, autovacuum's among them, which may be at work on the rows created above.
# The scheduled enum catalog refresh (erp.schema.refresh-interval, 60 s) is the one expected statement, if it
# falls in the window.
service_activity_since() { # timestamp -> "<connections> <their last statements>"
  "${psql_admin[@]}" -F' ' -c "SELECT count(*), coalesce(string_agg(DISTINCT regexp_replace(left(query, 40), '\\s+', ' ', 'g'), ' / '), '') FROM pg_stat_activity
    WHERE usename = 'erp_provisioning' AND (state_change >= '$1' OR backend_start >= '$1')"
}
# The cheapest answer the service gives: a 404 problem, without a body to read or the database. A rejection does
# all of its work and more.
quiet_database
for mode in reject 404 get list; do
  [[ $mode == reject ]] && since=$("${psql_admin[@]}" -c "SELECT now()")
  line=$(wrk_run "$mode" 32)
  if [[ $mode == reject ]]; then
    reject_requests=$(field requests "$line")
    read -r reject_connections reject_statements < <(service_activity_since "$since")
  fi
  expected_non2xx=$([[ $mode == reject || $mode == 404 ]] && field requests "$line" || echo 0)
  csv_row "service-$mode" 32 "$line" "$expected_non2xx" | tee -a "$csv"
done
rss_after=$(rss)
rows=$("${psql_admin[@]}" -c "SELECT count(*) FROM accounts")

# The service beside its floor (see reads_vs_floor), GET by id over accounts drawn at random from the table.
reads_vs_floor "$work/reads.csv"
for scenario in "${read_scenarios[@]}"; do
  for name in "${apps[@]}"; do
    row_name=$name-$scenario
    [[ $row_name == service-create ]] && row_name=service-create-beside-floor # not the creation rows above
    printf '%s,32' "$row_name" >>"$csv"
    for column in 4 5 6; do printf ',%s' "$(read_median "$work/reads.csv" "$scenario" "$name" $column)" >>"$csv"; done
    printf ',%s' "$(awk -F, -v s="$scenario" -v a="$name" '$2 == s && $3 == a {n += $7} END {print n + 0}' "$work/reads.csv")" >>"$csv"
    for column in 8 9; do printf ',%s' "$(read_median "$work/reads.csv" "$scenario" "$name" $column)" >>"$csv"; done
    echo >>"$csv"
    [[ $name != floor-vertx ]] && vs_floor[$row_name]=$(read_ratio "$work/reads.csv" "$scenario" "$name" floor-vertx 4)
  done
  tail -n "${#apps[@]}" "$csv"
done
get_vs_floor=${vs_floor[service-get-by-id]}
list_vs_get=$(read_ratio "$work/reads.csv" list-50 service service 9 get-by-id)
create_vs_floor=${vs_floor[service-create-beside-floor]}

echo "== start to ready: three starts of the packaged service"
stop_service
quiet_database
median_start; ready_ms=$median_ms
# The floors: the same Quarkus and JVM with one REST endpoint and no other extension. What the service takes beyond
# them is its own: at start-up Hibernate, validation, OpenAPI, metrics, security and its database checks; per
# request its filters (request ids, CORS, body limit, metrics) and the problem's rendering.
app=$floor_app ready_path=/floor median_start; floor_ready_ms=$median_ms
echo "== the one-endpoint app under load (warmed for 30 s)"
app=$floor_app ready_path=/floor start_service
MODE=bare wrk -t2 -c32 -d30s -s bench/wrk.lua "$base" >/dev/null
line=$(wrk_run bare 32)
csv_row floor-app 32 "$line" 0 | tee -a "$csv"
stop_service

# Both archives below come from a training run under light load; the JVM writes them as it exits, and later
# starts map them instead of loading, verifying (and, on 25, linking and compiling) the classes again. The bytecode
# is the same Java 17 build, and the database is in the same state.
train() { # java [options...]: start, send each kind of request for a few seconds, stop
  start_service "$@"
  for mode in create reject get list; do
    MODE=$mode ACCOUNT_ID=$account_id RUN_ID="train$RANDOM" wrk -t2 -c8 -d3s -s bench/wrk.lua "$base" >/dev/null
  done
  stop_service
}

# Java 17's dynamic AppCDS archive (JEP 350). -Xshare:on makes a start fail rather than run without it.
echo "== start to ready on Java 17 with an AppCDS archive"
cds_ready_ms=
train java -XX:ArchiveClassesAtExit="$work/app-cds.jsa"
if [[ -f $work/app-cds.jsa ]]; then
  median_start java -Xshare:on -XX:SharedArchiveFile="$work/app-cds.jsa"; cds_ready_ms=$median_ms
fi

# Java 25's AOT cache (JEP 483, 515), when a JDK 25 is installed.
aot_ready_ms=
java25=$(ls /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1 || true)
if [[ -n $java25 ]]; then
  echo "== start to ready on Java 25 with an AOT cache"
  train "$java25" -XX:AOTCacheOutput="$work/app.aot"
  if [[ -f $work/app.aot ]]; then
    median_start "$java25" -XX:AOTCache="$work/app.aot"; aot_ready_ms=$median_ms
  fi
fi

# --- report
value() { awk -F, -v s="$1" -v c="$2" -v col="$3" '$1 == s && $2 == c {print $col}' "$csv"; }
creation32=$(value service-create 32 3)
ratio32=$(percent "$creation32" "$(value pgbench-insert 32 3)")
reject_x=$(multiple "$(value service-reject 32 3)" "$creation32")
notfound_x=$(multiple "$(value service-404 32 3)" "$creation32")
bare_x=$(multiple "$(value floor-app 32 3)" "$creation32")
{
  echo "# Provisioning benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/run.sh\` (${duration} s per point). Load generator (wrk), service"
  echo "(JVM with the JVM image's options and a pinned heap, \`-Xms$heap -Xmx$heap\`, security off) and PostgreSQL share one machine:"
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); $(database_settings)"
  echo "- **$(durability_label)**"
  echo "- the service: ${pool_settings:-not reported}"
  echo
  echo "**Headline: at 32 clients the service creates accounts at ${ratio32} % of the rate pgbench inserts the same row.**"
  echo
  echo "| scenario | clients | requests/s | p50 ms | p99 ms | errors | service / pgbench | service / floor-vertx | CPU µs per request: machine | service |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$csv" | while IFS=, read -r scenario clients rate p50 p99 errors machine_cpu service_cpu; do
    ratio="" floor_ratio=""
    if [[ $scenario == service-create ]] && (( clients <= pgbench_max_clients )); then
      ratio="$(percent "$rate" "$(value pgbench-insert "$clients" 3)") %"
    elif [[ $scenario == service-create-domains ]]; then
      ratio="$(percent "$rate" "$(value pgbench-insert-domains "$clients" 3)") %"
    fi
    [[ -n ${vs_floor[$scenario]:-} ]] && floor_ratio="${vs_floor[$scenario]} ×"
    echo "| $scenario | $clients | $rate | $p50 | $p99 | $errors | $ratio | $floor_ratio | $machine_cpu | $service_cpu |"
  done
  echo
  echo "| other figures | |"
  echo "|---|---|"
  for clients in "${levels[@]}"; do
    if (( clients <= pgbench_max_clients )); then
      echo "| creation / pgbench at $clients clients, $rounds interleaved rounds (the median is in the table) | ${all_rounds[$clients]} |"
    else
      echo "| creation at $clients clients, $rounds rounds (the median is in the table; no pgbench pair beyond $pgbench_max_clients connections) | ${all_rounds[$clients]} |"
    fi
  done
  echo "| creation with two domains / pgbench at 32 clients, $rounds interleaved rounds after a warm-up of ${domains_warm_s} s (the median is in the table) | ${domains_rounds} |"
  high=${levels[-1]}
  echo "| creation at $high clients / at 32 clients | $(multiple "$(value service-create "$high" 3)" "$creation32") × |"
  echo "| service p99 / pgbench p99 at 32 clients | $(multiple "$(value service-create 32 5)" "$(value pgbench-insert 32 5)") × |"
  echo "| warm-up before measuring: creation at 32 clients in 20 s windows until two agree within 5 % | ${warm_s} s ($(printf '%s, ' "${warm_rates[@]}" | sed 's/, $//') accounts/s) |"
  echo "| rejected input (unknown enum) / creation rate, 32 clients | ${reject_x} × |"
  echo "| the service's 404 (less work than any rejection) / creation rate, 32 clients | ${notfound_x} × |"
  echo "| the one-endpoint app's GET / creation rate, 32 clients | ${bare_x} × |"
  echo "| beside the floor (bench/floor-vertx), $read_rounds interleaved rounds, medians of the rounds' ratios: GET by id over $read_accounts accounts drawn from the table, rate / the floor's (target ≥ 0.85) | ${get_vs_floor} × ($(verdict "$get_vs_floor" ">=" 0.85)) |"
  echo "| a list of 50, the service's CPU per request / its GET by id's (target ≤ 3) | ${list_vs_get} × ($(verdict "$list_vs_get" "<=" 3)) |"
  echo "| creation beside the floor, rate / the floor's (target ≥ 0.95) | ${create_vs_floor} × ($(verdict "$create_vs_floor" ">=" 0.95)) |"
  echo "| apps restarted before a run beside the floor because their pool held connections with no request running | $(restarts_note) |"
  echo "| the service's database connections that ran a statement while it rejected ${reject_requests} requests | ${reject_connections}${reject_statements:+ (${reject_statements})} |"
  echo "| start to ready, packaged JVM app on $(java -version 2>&1 | head -1 | cut -d'"' -f2) (median of 3) | ${ready_ms} ms |"
  if [[ -n $cds_ready_ms ]]; then
    echo "| start to ready, the same app on $(java -version 2>&1 | head -1 | cut -d'"' -f2) with an AppCDS archive from a training run (median of 3) | ${cds_ready_ms} ms |"
  fi
  if [[ -n $aot_ready_ms ]]; then
    echo "| start to ready, the same app on $("$java25" -version 2>&1 | head -1 | cut -d'"' -f2) with an AOT cache from a training run (median of 3) | ${aot_ready_ms} ms |"
  fi
  echo "| start to ready, the floor: a Quarkus REST app with one endpoint and no other extension, same Quarkus and JVM (median of 3) | ${floor_ready_ms} ms |"
  echo "| RSS after the load (the JVM image's memory limit in k8s/README.md: ${jvm_memory_limit_mib} MiB) | ${rss_after} MiB |"
  echo "| paging through 1 000 accounts (${pages_1k} pages of 200): RSS / live heap after a full GC | ${rss_1k} / ${heap_1k} MiB |"
  echo "| paging through 100 000 accounts (${pages_100k} pages of 200): RSS / live heap after a full GC | ${rss_100k} / ${heap_100k} MiB |"
  echo "| accounts in the table at the end | ${rows} |"
  echo
  echo "![throughput and p99 against concurrency](throughput-p99.png)"
} >"$results/results.md"

gnuplot <<PLOT
set terminal pngcairo size 1100,480 font "sans,10"
set output "$results/throughput-p99.png"
set datafile separator ","
set multiplot layout 1,2 title "Account creation: service over HTTP vs. pgbench INSERT ($(nproc) cores shared, $([[ $durable == 1 ]] && echo durable commits || echo NOT DURABLE: fsync off))"
set logscale x 2
set xtics (8, 32, 128, 1024)
set xrange [6:1400]
set xlabel "concurrent clients"
set key top left
set grid
set ylabel "requests/s"
plot "< grep '^service-create,' $csv" using 2:3 with linespoints lw 2 title "service", \
     "< grep '^pgbench-insert,' $csv" using 2:3 with linespoints lw 2 title "pgbench"
set ylabel "p99 latency (ms)"
plot "< grep '^service-create,' $csv" using 2:5 with linespoints lw 2 title "service", \
     "< grep '^pgbench-insert,' $csv" using 2:5 with linespoints lw 2 title "pgbench"
unset multiplot
PLOT

cat "$results/results.md"

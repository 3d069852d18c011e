#!/usr/bin/env bash
# Soak: mixed traffic from several clients while faults are injected on a schedule, then every answer is held against
# the database. Proves that nothing acknowledged is lost, nothing unacknowledged is written (but whole writes left
# undetermined by a cut connection or a 503), no answer is a 500, every failure is a documented problem, and the
# service writes again after each fault by itself. Beside plain reads and writes the mix (bench/soak/Driver.java) sends
# conditional changes and deletes (If-Match with the ETag just read, and with one made stale on purpose, which must be
# 412 and write nothing), revalidating reads (If-None-Match) and small bulk imports with bad lines among good ones,
# each line held to the database as a single create would be.
#
#   bench/soak.sh            full: at least 150 s of load (SOAK_SECONDS), every fault in turn, again while time is
#                            left; about 3 minutes
#   bench/soak.sh --short    for CI: at least 90 s, every fault once with shorter windows; under 3 minutes with start-up
#
# It starts its own PostgreSQL (deploy/local/eva-db.sh, durable defaults) and the packaged service with its shipped
# settings (security off), whose database URL points at a TCP proxy on loopback (bench/soak/Proxy.java) so that the
# network can be cut silently. The faults, each followed by a recovery window:
#   pg-restart        PostgreSQL stopped (fast) and started again
#   terminate         every backend of the service's login ended with pg_terminate_backend
#   partition         the proxy forwards nothing in either direction and closes nothing, new connections hang
#   table-lock        accounts and partner_domains locked ACCESS EXCLUSIVE past the statement timeout (5 s)
#   pool-exhaustion   accounts locked for 4.5 s while a burst of creates arrives: more requests than pooled
#                     connections, those left waiting pass the 3 s acquire timeout
#   sigterm           SIGTERM to the service (a rolling restart), then the script starts it again
# Figures and the verdict go to stdout and to bench/results/soak-YYYY-MM-DD.md (--short: soak-YYYY-MM-DD-short.md).
# Exits 1 when a check fails; the work directory (ledger, service logs, proxy log) is then kept and named.
#
# Settings (environment): SOAK_SECONDS, SOAK_CLIENTS (8), SOAK_SEED (1), SOAK_RECOVERY_BOUND_S (30),
# SOAK_DB_PORT (25620), SOAK_PROXY_PORT (25621), SOAK_CONTROL_PORT (25622), SOAK_HTTP_PORT (8620),
# SOAK_RESULTS (bench/results), SOAK_KEEP=1 keeps the work directory after a passing run.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --short) mode=short ;;
  "") ;;
  *) sed -n '2,29p' "$0" >&2; exit 2 ;;
esac
if [[ $mode == short ]]; then
  seconds=${SOAK_SECONDS:-90} warm_up_s=5 window_s=6 db_down_s=2 partition_s=12 table_lock_s=6
else
  seconds=${SOAK_SECONDS:-150} warm_up_s=10 window_s=12 db_down_s=3 partition_s=17 table_lock_s=7
fi
# The partition outlasts the service's deadline (10 s), the table lock its statement timeout (5 s); the pool lock
# outlasts the acquire timeout (3 s) but not the statement timeout, so that the waiters fail on the pool alone.
pool_lock_s=4.5 burst_requests=48
clients=${SOAK_CLIENTS:-8}
seed=${SOAK_SEED:-1}
recovery_bound_ms=$(( ${SOAK_RECOVERY_BOUND_S:-30} * 1000 ))
# Below Linux's ephemeral range (32768-60999): a port there can be held by any outgoing connection's local end, and
# binding the proxy to it then fails.
db_port=${SOAK_DB_PORT:-25620}
proxy_port=${SOAK_PROXY_PORT:-25621}
control_port=${SOAK_CONTROL_PORT:-25622}
http_port=${SOAK_HTTP_PORT:-8620}
results=${SOAK_RESULTS:-bench/results}
base=http://127.0.0.1:$http_port
command_line="bench/soak.sh${1:+ $1}"
[[ -n ${SOAK_SECONDS:-} ]] && command_line="SOAK_SECONDS=$SOAK_SECONDS $command_line"
[[ -n ${SOAK_CLIENTS:-} ]] && command_line="SOAK_CLIENTS=$SOAK_CLIENTS $command_line"
[[ -n ${SOAK_SEED:-} ]] && command_line="SOAK_SEED=$SOAK_SEED $command_line"

# Everything this run makes lives in one directory, its own TMPDIR included; PostgreSQL's user must reach its cluster.
work=$(mktemp -d "${TMPDIR:-/tmp}/erp-soak.XXXXXX")
chmod 755 "$work"
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
db_dir=$work/db
psql_admin=(psql -X -q -At -h 127.0.0.1 -p "$db_port" -U postgres -d eva)
now_ms() { date +%s%3N; }
say() { echo "soak $(date -u +%H:%M:%S): $*"; }

started=() # every process this script started, by pid: cleanup ends these and no other
service_pid=
keep_work=${SOAK_KEEP:-0}
ours() { [[ $(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ') == "$$" ]]; } # still running, and our child (no reused pid)
cleanup() {
  local pid
  for pid in "${started[@]}"; do ours "$pid" && kill -TERM "$pid" 2>/dev/null; done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do ours "$pid" || break; sleep 0.5; done
    ours "$pid" && kill -KILL "$pid" 2>/dev/null
  done
  bash deploy/local/eva-db.sh stop "$db_dir" >/dev/null 2>&1 || true
  if [[ $keep_work == 1 ]]; then
    rm -rf "$work/tmp" "$work/classes" "$work/app"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$db_port" "$proxy_port" "$control_port" "$http_port"; do
  if port_taken "$port"; then echo "port $port is taken: pick others with SOAK_*_PORT" >&2; exit 1; fi
done

# ---- what the run needs: PostgreSQL, the JDK's compiler, the packaged service, the soak's own programs ------------
bash deploy/local/eva-db.sh install
if ! command -v curl >/dev/null; then # the readiness probe
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq curl >/dev/null
fi
command -v javac >/dev/null || { echo "javac is missing: install Debian's openjdk-17-jdk-headless" >&2; exit 1; }
if [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
  say "building the service"
  ./mvnw -B -q package -DskipTests
fi
# The service runs from a copy: a build in this working tree meanwhile cannot swap its jars under a restart.
cp -rp target/quarkus-app "$work/app"
head_commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
javac -d "$work/classes" bench/soak/*.java
java_soak=(java -cp "$work/classes")

say "PostgreSQL on $db_port, durable"
EVA_DB_DURABLE=1 bash deploy/local/eva-db.sh start "$db_dir" "$db_port" src/test/resources/eva/schema.sql >/dev/null

"${java_soak[@]}" Proxy "$proxy_port" "$db_port" "$control_port" >"$work/proxy.log" 2>&1 &
started+=($!)
proxy() { # command -> the proxy's answer
  local fd reply
  exec {fd}<>"/dev/tcp/127.0.0.1/$control_port"
  echo "$1" >&"$fd"
  read -r reply <&"$fd"
  exec {fd}>&-
  echo "$reply"
}
for _ in $(seq 100); do port_taken "$control_port" && break; sleep 0.1; done

# ---- the service: shipped settings, security off, the database behind the proxy --------------------------------
service_runs=0
start_service() { # -> service_pid; returns once the process is launched (ready or not)
  service_runs=$((service_runs + 1))
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$proxy_port/eva" \
  QUARKUS_DATASOURCE_USERNAME=erp_provisioning QUARKUS_DATASOURCE_PASSWORD=erp_provisioning \
  QUARKUS_HTTP_PORT=$http_port ERP_SECURITY_ENABLED=false \
    java -jar "$work/app/quarkus-run.jar" >"$work/service-$service_runs.log" 2>&1 &
  service_pid=$!
  started+=("$service_pid")
}
await_ready() { # -> ready_ms (from now), or exits when the service dies or is not ready within 90 s
  local from; from=$(now_ms)
  until curl -sf -o /dev/null "$base/q/health/ready"; do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      echo "the service did not start: $work/service-$service_runs.log" >&2; tail -20 "$work/service-$service_runs.log" >&2
      keep_work=1; exit 1
    fi
    (( $(now_ms) - from > 90000 )) && { echo "the service was not ready within 90 s" >&2; keep_work=1; exit 1; }
    sleep 0.1
  done
  ready_ms=$(( $(now_ms) - from ))
}
start_service
await_ready
say "service ready on $base in $ready_ms ms, its database behind the proxy on $proxy_port"

# ---- the faults ----------------------------------------------------------------------------------------------------
# Each appends "name start end window_end detail" (tab-separated, epoch ms) to faults.tsv once it is over; the
# recovery window runs from then (for sigterm: from the new process being ready). An "incident" line records what no
# fault may cause: the service dying.
faults_file=$work/faults.tsv
: >"$faults_file"
record_fault() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" $(( $(now_ms) + window_s * 1000 )) "$4" >>"$faults_file"; }

fault_pg_restart() {
  local start; start=$(now_ms)
  bash deploy/local/eva-db.sh down "$db_dir"
  sleep "$db_down_s"
  bash deploy/local/eva-db.sh up "$db_dir"
  record_fault pg-restart "$start" "$(now_ms)" "down ${db_down_s} s"
}

fault_terminate() {
  local start count; start=$(now_ms)
  count=$("${psql_admin[@]}" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 'erp_provisioning'")
  record_fault terminate "$start" "$(now_ms)" "$count connections"
}

fault_partition() {
  local start; start=$(now_ms)
  proxy silent >/dev/null
  sleep "$partition_s"
  local state; state=$(proxy resume)
  state=${state#ok forwarding, }
  record_fault partition "$start" "$(now_ms)" "silent ${partition_s} s; at resume ${state% made} made since the start"
}

hold_lock() { # tables seconds -> prints how long the lock took to get (ms): it queues behind running transactions
  "${psql_admin[@]}" <<SQL | sed -n 1p # sed reads to the end: psql gets no SIGPIPE
BEGIN;
LOCK TABLE $1 IN ACCESS EXCLUSIVE MODE;
SELECT round(extract(epoch FROM clock_timestamp() - now()) * 1000);
SELECT pg_sleep($2);
COMMIT;
SQL
}

fault_table_lock() {
  local start waited; start=$(now_ms)
  waited=$(hold_lock "accounts, partner_domains" "$table_lock_s")
  record_fault table-lock "$start" "$(now_ms)" "held ${table_lock_s} s, taken after $waited ms"
}

bursts=0
fault_pool_exhaustion() {
  # The burst's JVM starts first and fires at a set moment, just after the lock is taken.
  bursts=$((bursts + 1))
  local fire_at=$(( $(now_ms) + 2500 ))
  "${java_soak[@]}" Driver burst "$base" "$work/ledger-burst-$bursts.ndjson" "$burst_requests" "${tag}b$bursts" \
    "$((seed + bursts))" "$fire_at" >>"$work/driver.log" 2>&1 &
  local burst_pid=$!
  started+=("$burst_pid")
  sleep_until $(( fire_at - 300 ))
  local start waited; start=$(now_ms)
  waited=$(hold_lock accounts "$pool_lock_s")
  record_fault pool-exhaustion "$start" "$(now_ms)" "accounts held ${pool_lock_s} s, taken after $waited ms; $burst_requests creates at once"
  wait "$burst_pid" || true
}

fault_sigterm() {
  local start stopped code=0; start=$(now_ms)
  kill -TERM "$service_pid"
  wait "$service_pid" || code=$?
  stopped=$(now_ms)
  start_service
  await_ready
  # The fault ends when the new process is ready, as a rolling restart's replacement takes traffic only then: its
  # start-up is the machine's (seconds when idle, much more on a loaded one) and is reported, not bounded.
  record_fault sigterm "$start" "$(now_ms)" "exited $code after $(( stopped - start )) ms; the new process ready in $ready_ms ms"
}

sleep_until() { # epoch ms
  local ms=$(( $1 - $(now_ms) ))
  (( ms > 0 )) && sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  return 0
}

# Seconds each fault may take before its window (the table lock may first wait for running transactions; the
# sigterm fault waits for the shutdown, up to 20 s, and the start), to decide whether another round still fits.
declare -A fault_length=([pg_restart]=$((db_down_s + 3)) [terminate]=1 [partition]=$partition_s
  [table_lock]=$((table_lock_s + 10)) [pool_exhaustion]=8 [sigterm]=35)
schedule=(pg_restart terminate partition table_lock pool_exhaustion sigterm)

# ---- the run ------------------------------------------------------------------------------------------------------
tag=k$(date +%H%M%S)
run_start=$(now_ms)
run_end=$(( run_start + seconds * 1000 ))
say "$mode soak: $clients clients for at least $seconds s, seed $seed, work directory $work"
"${java_soak[@]}" Driver mixed "$base" "$work/ledger-mixed.ndjson" "$work/stop" "$clients" "$tag" "$seed" \
  >>"$work/driver.log" 2>&1 &
driver_pid=$!
started+=("$driver_pid")

sleep "$warm_up_s"
# Every fault once, in this order, however long they take (a shutdown may take its whole 20 s); the full soak then goes
# round again with those that still fit in SOAK_SECONDS. The load goes on until the last recovery window is over.
pass=1
while :; do
  injected=0
  for fault in "${schedule[@]}"; do
    (( pass > 1 && $(now_ms) + (fault_length[$fault] + window_s) * 1000 > run_end )) && continue
    say "fault: ${fault//_/-}"
    before_pid=$service_pid
    "fault_$fault"
    sleep "$window_s"
    injected=1
    if ! kill -0 "$service_pid" 2>/dev/null; then
      code=0; wait "$service_pid" || code=$?
      printf 'incident\t0\t0\t0\t%s\n' "the service died (exit $code) after the ${fault//_/-} fault: service-$service_runs.log" >>"$faults_file"
      say "the service died; starting it again"
      start_service; await_ready
    elif [[ $fault != sigterm && $service_pid != "$before_pid" ]]; then
      echo "the service was restarted by a fault other than sigterm" >&2; exit 1
    fi
  done
  (( injected )) && [[ $mode == full ]] || break
  pass=$((pass + 1))
done
sleep_until "$run_end"
touch "$work/stop"
load_s=$(( ($(now_ms) - run_start) / 1000 ))
wait "$driver_pid" || { echo "the load driver failed: $work/driver.log" >&2; keep_work=1; exit 1; }
# Nothing may land after the database is read: the service is stopped first, waiting for what it still runs.
kill -TERM "$service_pid"
wait "$service_pid" || true
"${psql_admin[@]}" -f - >"$work/database.json" <<'SQL'
SET TimeZone = 'UTC';
SELECT json_build_object(
  'accounts', (SELECT coalesce(json_agg(a), '[]') FROM (SELECT id, name, slug, owner_email AS "ownerEmail",
      subscription_status AS "subscriptionStatus", plan_tier AS "planTier", billing_interval AS "billingInterval",
      trial_ends_at AS "trialEndsAt" FROM accounts) a),
  'partner_domains', (SELECT coalesce(json_agg(d), '[]') FROM (SELECT id, account_id AS "accountId", domain, status,
      verified_at AS "verifiedAt" FROM partner_domains) d),
  'partner_deals', (SELECT coalesce(json_agg(d), '[]') FROM (SELECT id, account_id AS "accountId", title,
      amount_cents AS "amountCents", currency, stage, expected_close_date AS "expectedCloseDate", closed_at AS "closedAt"
      FROM partner_deals) d));
SQL

# ---- the checks and the report -------------------------------------------------------------------------------------
database_settings=$("${psql_admin[@]}" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync ' || current_setting('fsync')
  || ', synchronous_commit ' || current_setting('synchronous_commit') || ', wal_sync_method ' || current_setting('wal_sync_method')
  || ', max_connections ' || current_setting('max_connections')")
pool_settings=$(grep -o 'Database pool: [^"]*' "$work/service-1.log" | head -1)
app_built=$(date -u -r "$work/app/quarkus-run.jar" +%Y-%m-%dT%H:%MZ)
echo
verdict=0
"${java_soak[@]}" Check "$work" "$run_start" "$recovery_bound_ms" "$work/report-body.md" | tee "$work/summary.txt" \
  || verdict=$? # pipefail: the checker's status

(( verdict == 0 )) || keep_work=1
mkdir -p "$results"
report=$results/soak-$(date -u +%Y-%m-%d).md
[[ $mode == short ]] && report=${report%.md}-short.md
{
  echo "# Soak: mixed traffic under faults, held against the database"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`$command_line\` ($mode: $load_s s of load, $clients clients, seed $seed, recovery"
  echo "bound $((recovery_bound_ms / 1000)) s). Driver, proxy, service (\`java -jar\`, shipped settings, security off) and"
  echo "PostgreSQL share one machine; the service reaches PostgreSQL through the soak's TCP proxy on loopback:"
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); $database_settings"
  echo "- **durable commits (PostgreSQL's defaults)**"
  echo "- the service: $pool_settings"
  echo "- the package: target/quarkus-app built $app_built; the repository at $head_commit when the run started"
  echo
  if (( verdict == 0 )); then echo "**Every check passed.**"; else echo "**Checks FAILED** (below)."; fi
  echo
  cat "$work/report-body.md" 2>/dev/null || echo "The checker failed before its figures: see $work/summary.txt."
} >"$report"
echo "report: $report"
if (( verdict != 0 )); then
  echo "work directory kept: $work (ledger*.ndjson, service-*.log, proxy.log, faults.tsv, database.json)"
fi
exit "$verdict"

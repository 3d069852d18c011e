#!/usr/bin/env bash
# The provisioning benchmark: how fast the service creates accounts compared with PostgreSQL itself on the same
# machine. Starts its own PostgreSQL with EVA's schema and the packaged service (JVM, started with the options of
# its image), then measures in one run:
#   - account creation over HTTP (unique slugs, enum fields set) at 1, 8, 32 and 64 clients, with wrk;
#   - the same INSERT straight into PostgreSQL with pgbench at the same concurrency, and the service's ratio;
#   - rejected input (unknown enum value), GET one account, list with an enum filter (32 clients), and two floors:
#     a 404, the cheapest answer the service gives, and GET on a Quarkus app with one REST endpoint (bench/floor-app);
#   - CPU time per request, the service's and the whole machine's;
#   - start-to-ready time (Java 17 as shipped, Java 17 with an AppCDS archive, and Java 25 with an AOT cache when a
#     JDK 25 is installed), and the floor: the one-endpoint app's;
#   - RSS after the load, and RSS while paging through 1 000 and 100 000 accounts.
# Writes bench/results/results.md (table and machine), results.csv and throughput-p99.png.
#
#   bench/run.sh            DURATION (seconds per point, default 10), BENCH_DB_PORT (55490), BENCH_HTTP_PORT (8190)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10}
db_port=${BENCH_DB_PORT:-55490}
http_port=${BENCH_HTTP_PORT:-8190}
base=http://127.0.0.1:$http_port
results=bench/results
db_dir=${TMPDIR:-/tmp}/eva-bench-db
work=$(mktemp -d)
chmod 755 "$work"

bash deploy/local/eva-db.sh install # PostgreSQL's server, with pgbench
need() { command -v "$1" >/dev/null || missing+=("$2"); }
missing=()
need wrk wrk; need gnuplot gnuplot-nox; need curl curl
if (( ${#missing[@]} )); then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== building the service, and the floor app on the same Quarkus"
./mvnw -B -q package -DskipTests
quarkus_version=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' pom.xml)
./mvnw -B -q -f bench/floor-app/pom.xml package -Dquarkus.platform.version="$quarkus_version"

service_pid=
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  bash deploy/local/eva-db.sh stop "$db_dir"
  rm -rf "$work"
}
trap cleanup EXIT
bash deploy/local/eva-db.sh stop "$db_dir"
bash deploy/local/eva-db.sh start "$db_dir" "$db_port" src/test/resources/eva/schema.sql
psql_admin=(psql -X -q -At -h 127.0.0.1 -p "$db_port" -U postgres -d eva)
# Measurements start on a quiet database: after many inserts autovacuum would otherwise work through the new rows
# during some measurements and not others, taking CPU from whatever runs at the time.
quiet_database() { "${psql_admin[@]}" -c "VACUUM ANALYZE accounts" -c "CHECKPOINT"; }

# The JVM runs as the JVM image (src/main/docker/Dockerfile.jvm) starts it: run-java.sh of ubi9/openjdk-17-runtime
# adds these options, with a heap sized from the container's memory limit instead of -Xmx.
jvm_options=(-Xmx256m -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4
  -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError)

start_service() { # [java [options...]] -> sets service_pid and ready_after (milliseconds from launch to ready)
  local java=${1:-java}; shift || true
  local app=${app:-target/quarkus-app/quarkus-run.jar} ready_path=${ready_path:-/q/health/ready}
  if curl -s -o /dev/null "$base/q/health/live"; then echo "port $http_port is taken: another service is running" >&2; exit 1; fi
  local start_ns; start_ns=$(date +%s%N)
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$db_port/eva" \
  QUARKUS_DATASOURCE_USERNAME=erp_provisioning QUARKUS_DATASOURCE_PASSWORD=erp_provisioning \
  QUARKUS_HTTP_PORT=$http_port ERP_SECURITY_ENABLED=false \
    "$java" "${jvm_options[@]}" "$@" -jar "$app" >"$work/service.log" 2>&1 &
  service_pid=$!
  until curl -sf -o /dev/null "$base$ready_path"; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
    sleep 0.01
  done
  ready_after=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}
stop_service() { kill "$service_pid" && wait "$service_pid" 2>/dev/null || true; service_pid=; }
median_start() { # [java [options...]] -> sets median_ms, the median of three starts to ready
  local times=()
  for run in 1 2 3; do start_service "$@"; times+=("$ready_after"); stop_service; done
  median_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
}

echo "== starting the service"
start_service
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service_pid/status"; }
live_heap() { # MiB of heap still in use after a full collection
  jcmd "$service_pid" GC.run >/dev/null
  curl -sf "$base/q/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {sum += $NF} END {printf "%.0f", sum / 1048576}'
}
echo "ready after ${ready_after} ms, RSS $(rss) MiB"

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

# CPU time per request, in microseconds: the service process's own (user + system), and the whole machine's
# (wrk, service, PostgreSQL and anything else running; pgbench and PostgreSQL for the pgbench rows).
clock_ticks=$(getconf CLK_TCK)
service_ticks() { sed 's/.*) //' "/proc/$service_pid/stat" | awk '{print $12 + $13}'; } # utime + stime
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # user nice system irq softirq
per_request() { awk -v t="$1" -v n="$2" -v hz="$clock_ticks" 'BEGIN {if (n > 0) printf "%.0f", t * 1e6 / hz / n}'; }

wrk_run() { # mode clients -> RESULT line, with service_cpu_us and machine_cpu_us per request
  local mode=$1 clients=$2 threads=$(( $2 < 2 ? 1 : 2 ))
  local service0 machine0 line; service0=$(service_ticks); machine0=$(machine_ticks)
  line=$(MODE=$mode RUN_ID="$mode$clients$RANDOM" ACCOUNT_ID=${account_id:-} \
    wrk -t"$threads" -c"$clients" -d"${duration}s" -s bench/wrk.lua "$base" | grep '^RESULT' || true)
  [[ $line == RESULT* ]] || { echo "wrk $mode with $clients clients failed" >&2; return 1; }
  local requests; requests=$(field requests "$line")
  echo "$line service_cpu_us=$(per_request $(( $(service_ticks) - service0 )) "$requests") machine_cpu_us=$(per_request $(( $(machine_ticks) - machine0 )) "$requests")"
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
rate_of() { awk -v r="$(field requests "$1")" -v s="$(field seconds "$1")" 'BEGIN {printf "%.0f", r / s}'; } # RESULT line -> requests/s
percent() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", 100 * a / b}'; } # a as a percentage of b
multiple() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; } # a as a multiple of b
csv_row() { # scenario clients RESULT-line expected-non2xx -> a row of results.csv; errors are the unexpected answers
  local errors=$(( $(field non2xx "$3") - $4 + $(field socket_errors "$3") ))
  echo "$1,$2,$(rate_of "$3"),$(field p50_ms "$3"),$(field p99_ms "$3"),${errors#-},$(field machine_cpu_us "$3"),$(field service_cpu_us "$3")"
}

pgbench_run() { # clients -> "tps p50_ms p99_ms errors machine_cpu_us"
  local clients=$1 threads=$(( $1 < 2 ? 1 : 2 )) dir; dir=$(mktemp -d -p "$work")
  local machine0; machine0=$(machine_ticks)
  local out; out=$( (cd "$dir" && pgbench -n -M prepared -f "$OLDPWD/bench/pgbench-insert.sql" -c "$clients" -j "$threads" \
    -T "$duration" -l -h 127.0.0.1 -p "$db_port" -U postgres eva) 2>&1)
  local machine_ticks_used=$(( $(machine_ticks) - machine0 ))
  local processed; processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  local tps; tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
  local failed; failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out"); failed=${failed:-0}
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n >"$dir/latencies"
  local count; count=$(wc -l <"$dir/latencies")
  local p50 p99
  p50=$(awk -v n="$count" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000; exit}' "$dir/latencies")
  p99=$(awk -v n="$count" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000; exit}' "$dir/latencies")
  echo "$tps $p50 $p99 $failed $(per_request "$machine_ticks_used" "${processed:-0}")"
}

# The JIT compiles the hot paths under load; on 2 cores its compiler threads compete with the service, and on a
# slower machine of this kind they needed 80-120 s of load. Creation is warmed in 20 s windows until two in a
# row agree within 5 % (at least 60 s, at most 300 s), so every figure below is the steady state.
echo "== warming up until creation is steady (20 s windows)"
account_id=$(curl -sf "$base/api/v1/accounts?limit=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
warm_rates=() warm_s=0
while :; do
  line=$(MODE=create RUN_ID="warm$RANDOM" wrk -t2 -c32 -d20s -s bench/wrk.lua "$base" | grep '^RESULT')
  warm_rates+=("$(rate_of "$line")")
  warm_s=$((warm_s + 20))
  echo "  ${warm_s} s: ${warm_rates[-1]} accounts/s"
  (( warm_s >= 300 )) && break
  (( warm_s >= 60 )) && awk -v a="${warm_rates[-2]}" -v b="${warm_rates[-1]}" 'BEGIN {exit !(b > 0 && (a - b) / b < 0.05 && (b - a) / b < 0.05)}' && break
done
for mode in reject 404 get list; do MODE=$mode ACCOUNT_ID=$account_id wrk -t2 -c32 -d12s -s bench/wrk.lua "$base" >/dev/null; done

csv=$results/results.csv
echo "scenario,clients,requests_per_s,p50_ms,p99_ms,errors,machine_cpu_us,service_cpu_us" >"$csv"
# Machines of this kind vary by a fifth and more from one minute to the next, pgbench included, so the headline
# pair (32 clients) is measured three times, service and pgbench back to back; the round with the median ratio is
# reported.
ratios32=()
for clients in 1 8 32 64; do
  rounds=$(( clients == 32 ? 3 : 1 ))
  pairs=()
  for ((round = 1; round <= rounds; round++)); do
    quiet_database
    line=$(wrk_run create "$clients")
    rate=$(rate_of "$line")
    read -r tps p50 p99 failed pgbench_cpu < <(pgbench_run "$clients")
    ratio=$(percent "$rate" "$tps")
    echo "  $clients clients, round $round: service $rate/s, pgbench $(printf '%.0f' "$tps")/s ($ratio %)"
    (( clients == 32 )) && ratios32+=("$ratio % ($rate / $(printf '%.0f' "$tps") per s)")
    pairs+=("$ratio;$(csv_row service-create "$clients" "$line" 0);$(printf 'pgbench-insert,%s,%.0f,%s,%s,%s,%s,' "$clients" "$tps" "$p50" "$p99" "$failed" "$pgbench_cpu")")
  done
  median=$(printf '%s\n' "${pairs[@]}" | sort -t';' -k1,1n | sed -n "$(( (rounds + 1) / 2 ))p")
  cut -d';' -f2 <<<"$median" | tee -a "$csv"
  cut -d';' -f3 <<<"$median" | tee -a "$csv"
done

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

echo "== start to ready: three starts of the packaged service"
stop_service
quiet_database
median_start; ready_ms=$median_ms
# The floors: the same Quarkus and JVM with one REST endpoint and no other extension. What the service takes beyond
# them is its own: at start-up Hibernate, validation, OpenAPI, metrics, security and its database checks; per
# request its filters (request ids, CORS, body limit, metrics) and the problem's rendering.
floor_app=bench/floor-app/target/quarkus-app/quarkus-run.jar
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
  echo "(JVM with the JVM image's options and \`-Xmx256m\`, security off) and PostgreSQL share one machine:"
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); PostgreSQL $("${psql_admin[@]}" -c 'SHOW server_version'), fsync off (the test cluster's settings)"
  echo
  echo "**Headline: at 32 clients the service creates accounts at ${ratio32} % of the rate pgbench inserts the same row.**"
  echo
  echo "| scenario | clients | requests/s | p50 ms | p99 ms | errors | service / pgbench | CPU µs per request: machine | service |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$csv" | while IFS=, read -r scenario clients rate p50 p99 errors machine_cpu service_cpu; do
    ratio=""
    if [[ $scenario == service-create ]]; then
      ratio="$(percent "$rate" "$(value pgbench-insert "$clients" 3)") %"
    fi
    echo "| $scenario | $clients | $rate | $p50 | $p99 | $errors | $ratio | $machine_cpu | $service_cpu |"
  done
  echo
  echo "| other figures | |"
  echo "|---|---|"
  echo "| creation / pgbench at 32 clients, three rounds back to back (the median is in the table) | $(printf '%s, ' "${ratios32[@]}" | sed 's/, $//') |"
  echo "| warm-up before measuring: creation at 32 clients in 20 s windows until two agree within 5 % | ${warm_s} s ($(printf '%s, ' "${warm_rates[@]}" | sed 's/, $//') accounts/s) |"
  echo "| rejected input (unknown enum) / creation rate, 32 clients | ${reject_x} × |"
  echo "| the service's 404 (less work than any rejection) / creation rate, 32 clients | ${notfound_x} × |"
  echo "| the one-endpoint app's GET / creation rate, 32 clients | ${bare_x} × |"
  echo "| the service's database connections that ran a statement while it rejected ${reject_requests} requests | ${reject_connections}${reject_statements:+ (${reject_statements})} |"
  echo "| start to ready, packaged JVM app on $(java -version 2>&1 | head -1 | cut -d'"' -f2) (median of 3) | ${ready_ms} ms |"
  if [[ -n $cds_ready_ms ]]; then
    echo "| start to ready, the same app on $(java -version 2>&1 | head -1 | cut -d'"' -f2) with an AppCDS archive from a training run (median of 3) | ${cds_ready_ms} ms |"
  fi
  if [[ -n $aot_ready_ms ]]; then
    echo "| start to ready, the same app on $("$java25" -version 2>&1 | head -1 | cut -d'"' -f2) with an AOT cache from a training run (median of 3) | ${aot_ready_ms} ms |"
  fi
  echo "| start to ready, the floor: a Quarkus REST app with one endpoint and no other extension, same Quarkus and JVM (median of 3) | ${floor_ready_ms} ms |"
  echo "| RSS after the load | ${rss_after} MiB |"
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
set multiplot layout 1,2 title "Account creation: service over HTTP vs. pgbench INSERT ($(nproc) cores shared)"
set logscale x 2
set xtics (1, 8, 32, 64)
set xrange [0.8:80]
set xlabel "concurrent clients"
set key top left
set grid
set ylabel "requests/s"
plot "< grep '^service-create' $csv" using 2:3 with linespoints lw 2 title "service", \
     "< grep '^pgbench-insert' $csv" using 2:3 with linespoints lw 2 title "pgbench"
set ylabel "p99 latency (ms)"
plot "< grep '^service-create' $csv" using 2:5 with linespoints lw 2 title "service", \
     "< grep '^pgbench-insert' $csv" using 2:5 with linespoints lw 2 title "pgbench"
unset multiplot
PLOT

cat "$results/results.md"

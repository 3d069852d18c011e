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
#   - RSS after the load, and RSS while paging through 1 000 and 100 000 accounts.
# PostgreSQL runs with its durable defaults (fsync and synchronous_commit on), as in production.
# Writes bench/results/results.md (table, settings and machine), results.csv and throughput-p99.png.
#
#   bench/run.sh     DURATION (seconds per point, default 10), ROUNDS (interleaved rounds per concurrency, 3),
#                    CLIENTS ("8 32 128 1024"), BENCH_DURABLE (1; 0 = fsync off, labelled as not durable),
#                    BENCH_DB_PORT (55490), BENCH_HTTP_PORT (8190)
# The pool design is compared by bench/design.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
use_write create # both writes are measured below, whatever WRITE says
rounds=${ROUNDS:-3}
levels=(${CLIENTS:-8 32 128 1024})

echo "== building the service, and the floor app on the same Quarkus"
./mvnw -B -q package -DskipTests
quarkus_version=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' pom.xml)
./mvnw -B -q -f bench/floor-app/pom.xml package -Dquarkus.platform.version="$quarkus_version"

start_database

median_start() { # [java [options...]] -> sets median_ms, the median of three starts to ready
  local times=()
  for run in 1 2 3; do start_service "$@"; times+=("$ready_after"); stop_service; done
  median_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
}

echo "== starting the service"
start_service
live_heap() { # MiB of heap still in use after a full collection
  jcmd "$service_pid" GC.run >/dev/null
  curl -sf "$base/q/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {sum += $NF} END {printf "%.0f", sum / 1048576}'
}
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
declare -A all_rounds
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
  echo "(JVM with the JVM image's options and \`-Xmx$heap\`, security off) and PostgreSQL share one machine:"
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); $(database_settings)"
  echo "- **$(durability_label)**"
  echo "- the service: ${pool_settings:-not reported}"
  echo
  echo "**Headline: at 32 clients the service creates accounts at ${ratio32} % of the rate pgbench inserts the same row.**"
  echo
  echo "| scenario | clients | requests/s | p50 ms | p99 ms | errors | service / pgbench | CPU µs per request: machine | service |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$csv" | while IFS=, read -r scenario clients rate p50 p99 errors machine_cpu service_cpu; do
    ratio=""
    if [[ $scenario == service-create ]] && (( clients <= pgbench_max_clients )); then
      ratio="$(percent "$rate" "$(value pgbench-insert "$clients" 3)") %"
    elif [[ $scenario == service-create-domains ]]; then
      ratio="$(percent "$rate" "$(value pgbench-insert-domains "$clients" 3)") %"
    fi
    echo "| $scenario | $clients | $rate | $p50 | $p99 | $errors | $ratio | $machine_cpu | $service_cpu |"
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

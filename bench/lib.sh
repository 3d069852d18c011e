# Shared by bench/run.sh and bench/design.sh: the database, the service, and the two load generators.
# Source it from the repository's top folder; it reads DURATION, WRITE, BENCH_DB_PORT, BENCH_HTTP_PORT, BENCH_DURABLE
# and BENCH_RESULTS.
duration=${DURATION:-10}
db_port=${BENCH_DB_PORT:-55490}
http_port=${BENCH_HTTP_PORT:-8190}
# PostgreSQL commits durably by default (fsync and synchronous_commit on), as every production database does. A run
# with BENCH_DURABLE=0 (fsync off) measures the CPU alone and is labelled so in its report: it says nothing about
# what a commit costs in production.
durable=${BENCH_DURABLE:-1}
# The write measured against pgbench: create (an account alone; pgbench-insert.sql) or create-domains (an account
# with two partner domains; pgbench-insert-domains.sql, the same rows).
use_write() {
  write=$1
  case $write in
    create) pgbench_script=bench/pgbench-insert.sql ;;
    create-domains) pgbench_script=bench/pgbench-insert-domains.sql ;;
    *) echo "the write is create or create-domains, not $write" >&2; exit 2 ;;
  esac
}
use_write "${WRITE:-create}"
base=http://127.0.0.1:$http_port
results=${BENCH_RESULTS:-bench/results} # where the reports go; another folder for a trial run
mkdir -p "$results"
db_dir=${TMPDIR:-/tmp}/eva-bench-db
work=$(mktemp -d)
chmod 755 "$work"
# 1 024 concurrent clients need as many sockets in wrk and in the service, and some to spare.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bash deploy/local/eva-db.sh install # PostgreSQL's server, with pgbench
need() { command -v "$1" >/dev/null || missing+=("$2"); }
missing=()
need wrk wrk; need gnuplot gnuplot-nox; need curl curl
if (( ${#missing[@]} )); then
  sudo=(); [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

service_pid=
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  bash deploy/local/eva-db.sh stop "$db_dir"
  rm -rf "$work"
}
trap cleanup EXIT

start_database() {
  bash deploy/local/eva-db.sh stop "$db_dir"
  EVA_DB_DURABLE=$durable bash deploy/local/eva-db.sh start "$db_dir" "$db_port" src/test/resources/eva/schema.sql
}
psql_admin=(psql -X -q -At -h 127.0.0.1 -p "$db_port" -U postgres -d eva)
# Measurements start on a quiet database: after many inserts autovacuum would otherwise work through the new rows
# during some measurements and not others, taking CPU from whatever runs at the time.
quiet_database() { "${psql_admin[@]}" -c "VACUUM ANALYZE accounts, partner_domains" -c "CHECKPOINT"; }
database_settings() { # one line for a report
  "${psql_admin[@]}" -F' ' -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync ' || current_setting('fsync')
    || ', synchronous_commit ' || current_setting('synchronous_commit') || ', wal_sync_method ' || current_setting('wal_sync_method')
    || ', max_connections ' || current_setting('max_connections')"
}
durability_label() {
  if [[ $durable == 1 ]]; then echo "durable commits (PostgreSQL's defaults)"
  else echo "NOT DURABLE: fsync off, a figure of the CPU alone that says nothing about production"; fi
}

# The JVM runs as the JVM image (src/main/docker/Dockerfile.jvm) starts it: run-java.sh of ubi9/openjdk-17-runtime
# adds these options, and the image pins the heap (-Xms = -Xmx, the reason is in the Dockerfile). The heap is the one
# k8s/README.md (Sizing) gives the JVM image, whose memory limit there is jvm_memory_limit_mib: the reports set the
# RSS after the load beside it.
heap=${BENCH_HEAP:-96m}
jvm_memory_limit_mib=384
jvm_options=(-Xms"$heap" -Xmx"$heap" -XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4
  -XX:AdaptiveSizePolicyWeight=90 -XX:+ExitOnOutOfMemoryError)

# The floors the service is measured beside, built on the service's Quarkus (and so its Vert.x, Netty and Jackson):
# bench/floor-app, a Quarkus REST app with one endpoint, and bench/floor-vertx, plain Vert.x doing the service's work.
floor_app=bench/floor-app/target/quarkus-app/quarkus-run.jar
floor_vertx=bench/floor-vertx/target/floor-vertx.jar
floor_quarkus=bench/floor-quarkus/target/quarkus-app/quarkus-run.jar
build_floor() { # floor-app | floor-vertx | floor-quarkus
  local quarkus_version
  quarkus_version=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' pom.xml)
  ./mvnw -B -q -f "bench/$1/pom.xml" package -Dquarkus.platform.version="$quarkus_version"
}

# Seconds an app's JIT compilers have spent so far (jstat): pid -> seconds, or empty when it cannot be read.
jit_seconds() { jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 {print $4}'; }
# An app is measured once its JIT has settled: a larger app (the service) goes on compiling for minutes after its
# rates look steady, and the compiler's CPU would count in its figures, though a native image never spends it. Runs
# a pass of load (a command that lasts the seconds given) until one costs the JIT under 1 % of its time, at most 6.
settle_jit() { # pid seconds command... -> "n passes, the last with x s of JIT in y s"
  local pid=$1 pass_s=$2 pass start end seconds; shift 2
  for ((pass = 1; pass <= 6; pass++)); do
    start=$(jit_seconds "$pid")
    "$@"
    end=$(jit_seconds "$pid")
    [[ -n $start && -n $end ]] || { echo "JIT not readable"; return; }
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
    awk -v s="$seconds" -v t="$pass_s" 'BEGIN {exit !(s < t / 100)}' && break
  done
  echo "$((pass > 6 ? 6 : pass)) passes, the last with $seconds s of JIT in $pass_s s"
}
# An app's garbage collections so far (jstat): pid -> "young full gc_seconds old_capacity_mib old_used_mib".
gc_counts() { jstat -gc "$1" 2>/dev/null | awk 'NR == 2 {printf "%d %d %.1f %.1f %.1f", $13, $15, $NF, $7 / 1024, $8 / 1024}'; }

service_env=() # settings (NAME=value) the service starts with, on top of the database and port
# app (the jar), ready_path, base and http_port may be set for one call, to start another app or a second one beside
# the first (its own port, and service_log naming its log in the work folder).
start_service() { # [java [options...]] -> sets service_pid and ready_after (milliseconds from launch to ready)
  local java=${1:-java}; shift || true
  local app=${app:-target/quarkus-app/quarkus-run.jar} ready_path=${ready_path:-/q/health/ready}
  local log=$work/${service_log:-service}.log
  if curl -s -o /dev/null "$base/q/health/live"; then echo "port $http_port is taken: another service is running" >&2; exit 1; fi
  local start_ns; start_ns=$(date +%s%N)
  # Security off unless service_env turns it on (bench/run.sh's service-rs256).
  env ERP_SECURITY_ENABLED=false ${service_env[@]+"${service_env[@]}"} \
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$db_port/eva" \
  QUARKUS_DATASOURCE_USERNAME=erp_provisioning QUARKUS_DATASOURCE_PASSWORD=erp_provisioning \
  QUARKUS_HTTP_PORT=$http_port \
    "$java" "${jvm_options[@]}" "$@" -jar "$app" >"$log" 2>&1 &
  service_pid=$!
  until curl -sf -o /dev/null "$base$ready_path"; do
    kill -0 "$service_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.01
  done
  ready_after=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}
stop_service() { kill "$service_pid" && wait "$service_pid" 2>/dev/null || true; service_pid=; }
rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$service_pid/status"; }
live_heap() { # MiB of heap still in use after a full collection
  jcmd "$service_pid" GC.run >/dev/null
  curl -sf "$base/q/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {sum += $NF} END {printf "%.0f", sum / 1048576}'
}
service_settings() { # the pool as the service reported it at start
  grep -o 'Database pool: [^"]*' "$work/service.log" | head -1
}

# CPU time per request, in microseconds: the service process's own (user + system), and the whole machine's
# (wrk, service, PostgreSQL and anything else running; pgbench and PostgreSQL for the pgbench rows).
clock_ticks=$(getconf CLK_TCK)
service_ticks() { sed 's/.*) //' "/proc/$service_pid/stat" | awk '{print $12 + $13}'; } # utime + stime
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; } # user nice system irq softirq
per_request() { awk -v t="$1" -v n="$2" -v hz="$clock_ticks" 'BEGIN {if (n > 0) printf "%.0f", t * 1e6 / hz / n}'; }

wrk_run() { # mode clients -> RESULT line, with service_cpu_us and machine_cpu_us per request
  # wrk_script: another script with the same RESULT line (bench/floor-vertx/reads.lua), for one call
  local mode=$1 clients=$2 threads=$(( $2 < 2 ? 1 : 2 ))
  local service0 machine0 line; service0=$(service_ticks); machine0=$(machine_ticks)
  line=$(MODE=$mode RUN_ID="$mode$clients-$(date +%s%N)" ACCOUNT_ID=${account_id:-} \
    wrk -t"$threads" -c"$clients" -d"${duration}s" --timeout 30s -s "${wrk_script:-bench/wrk.lua}" "$base" | grep '^RESULT' || true)
  [[ $line == RESULT* ]] || { echo "wrk $mode with $clients clients failed" >&2; return 1; }
  local requests; requests=$(field requests "$line")
  echo "$line service_cpu_us=$(per_request $(( $(service_ticks) - service0 )) "$requests") machine_cpu_us=$(per_request $(( $(machine_ticks) - machine0 )) "$requests")"
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
rate_of() { awk -v r="$(field requests "$1")" -v s="$(field seconds "$1")" 'BEGIN {printf "%.0f", r / s}'; } # RESULT line -> requests/s
percent() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", 100 * a / b}'; } # a as a percentage of b
multiple() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; } # a as a multiple of b
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; } # numbers, one a line -> their median
csv_row() { # scenario clients RESULT-line expected-non2xx -> a row of results.csv; errors are the unexpected answers
  local errors=$(( $(field non2xx "$3") - $4 + $(field socket_errors "$3") ))
  echo "$1,$2,$(rate_of "$3"),$(field p50_ms "$3"),$(field p99_ms "$3"),${errors#-},$(field machine_cpu_us "$3"),$(field service_cpu_us "$3")"
}

# pgbench can be paired only up to PostgreSQL's connection limit (max_connections 200 in eva-db.sh, less the service's
# own): at higher concurrency the service is compared with its own 32-client figure instead.
pgbench_max_clients=128
pgbench_run() { # clients -> "tps p50_ms p99_ms errors machine_cpu_us"
  local clients=$1 threads=$(( $1 < 2 ? 1 : 2 )) dir; dir=$(mktemp -d -p "$work")
  local machine0; machine0=$(machine_ticks)
  local out; out=$( (cd "$dir" && pgbench -n -M prepared -f "$OLDPWD/$pgbench_script" -c "$clients" -j "$threads" \
    -T "$duration" -l -h 127.0.0.1 -p "$db_port" -U postgres eva) 2>&1)
  local machine_ticks_used=$(( $(machine_ticks) - machine0 ))
  local processed; processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
  local tps; tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
  local failed; failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out"); failed=${failed:-0}
  # The per-transaction log: its third column is each transaction's latency in microseconds.
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n >"$dir/latencies"
  local count; count=$(wc -l <"$dir/latencies")
  local p50 p99
  p50=$(awk -v n="$count" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000; exit}' "$dir/latencies")
  p99=$(awk -v n="$count" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000; exit}' "$dir/latencies")
  echo "$tps $p50 $p99 $failed $(per_request "$machine_ticks_used" "${processed:-0}")"
}

# The JIT compiles the hot paths under load; on 2 cores its compiler threads compete with the service, and on a
# slower machine of this kind they needed 80-160 s of load. Creation is warmed in 20 s windows until two in a
# row agree within 5 % (at least three windows, at most fifteen), so every figure after it is the steady state.
# WARM_WINDOW (seconds, default 20) shortens it to check the scripts themselves.
warm_up() { # -> sets warm_s and warm_rates
  local window=${WARM_WINDOW:-20}
  warm_rates=() warm_s=0
  while :; do
    local line; line=$(MODE=$write RUN_ID="warm$(date +%s%N)" wrk -t2 -c32 -d"${window}s" -s bench/wrk.lua "$base" | grep '^RESULT')
    warm_rates+=("$(rate_of "$line")")
    warm_s=$((warm_s + window))
    echo "  ${warm_s} s: ${warm_rates[-1]} accounts/s"
    (( warm_s >= 15 * window )) && break
    (( warm_s >= 3 * window )) && awk -v a="${warm_rates[-2]}" -v b="${warm_rates[-1]}" 'BEGIN {exit !(b > 0 && (a - b) / b < 0.05 && (b - a) / b < 0.05)}' && break
  done
}

# Creation and pgbench's INSERT at one concurrency, interleaved: service, pgbench, service, pgbench, ... so both
# see the same disk and the same neighbours. Prints one line a round and sets pair_rows to "ratio;service row;
# pgbench row" a round (no pgbench row above pgbench_max_clients).
paired_rounds() { # clients rounds
  local clients=$1 rounds=$2 round line rate tps p50 p99 failed pgbench_cpu
  pair_rows=()
  for ((round = 1; round <= rounds; round++)); do
    quiet_database
    line=$(wrk_run "$write" "$clients")
    rate=$(rate_of "$line")
    if (( clients <= pgbench_max_clients )); then
      read -r tps p50 p99 failed pgbench_cpu < <(pgbench_run "$clients")
      echo "  $clients clients, round $round: service $rate/s (p99 $(field p99_ms "$line") ms), pgbench $(printf '%.0f' "$tps")/s (p99 $p99 ms): $(percent "$rate" "$tps") %" >&2
      pair_rows+=("$(percent "$rate" "$tps");$(csv_row "service-$write" "$clients" "$line" 0);$(printf '%s,%s,%.0f,%s,%s,%s,%s,' "$(basename "$pgbench_script" .sql)" "$clients" "$tps" "$p50" "$p99" "$failed" "$pgbench_cpu")")
    else
      echo "  $clients clients, round $round: service $rate/s (p99 $(field p99_ms "$line") ms)" >&2
      pair_rows+=("$rate;$(csv_row "service-$write" "$clients" "$line" 0);")
    fi
  done
}
median_pair() { printf '%s\n' "${pair_rows[@]}" | sort -t';' -k1,1n | sed -n "$(( (${#pair_rows[@]} + 1) / 2 ))p"; }

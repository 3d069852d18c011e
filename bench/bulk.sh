#!/usr/bin/env bash
# The bulk import and export benchmark: how fast the service streams accounts in (POST /api/v1/accounts/bulk) and
# out (GET /api/v1/accounts, Accept: application/x-ndjson), beside what PostgreSQL itself does with the same rows in
# the same run, and what memory the streams take. Starts its own PostgreSQL with EVA's schema and its durable
# defaults (fsync and synchronous_commit on) and the packaged service (JVM, the image's options, a pinned 96 MiB heap), then:
#   - warms creation up (16 clients, BULK_WARM_S) and the import path (untimed imports of 100 000 lines);
#   - ROUNDS interleaved rounds, each on an emptied, vacuumed table: the import of BULK_ROWS accounts in one stream,
#     PostgreSQL's COPY of the same rows, the same rows as multi-row INSERTs of the batch size (500) per transaction
#     (psql), single creates over HTTP (wrk, 32 clients); the same with two partner domains per account (import,
#     COPY of both tables, INSERTs of both per transaction); and an import of which 5 % of the lines are refused
#     (unknown planTier label, slugs held by accounts already there, slugs repeated earlier in the stream);
#   - the import of BULK_EXPORT_ROWS accounts in one stream, with the service's RSS when 10 000 lines are answered and
#     at the end (and the live heap after a full collection at both points), sampled every second;
#   - ROUNDS exports of those accounts, beside PostgreSQL's COPY ... TO of the table, read as fast as they come (the RSS
#     sampled every second), then one more export with the RSS and live heap at row 10 000 and at the end (the probe
#     stops its reader, so its rate is not the export's);
#   - an import whose client reads 64 KiB of outcomes a second for BULK_SLOW_SECONDS (bench/SlowReader.java), with
#     the RSS sampled every second and the rows written set beside the outcomes read.
# Each import and export row notes the CPU time the service, PostgreSQL and the whole machine (with whatever else
# runs on it) spent on it.
# Every import's summary is checked against the lines sent, and the table against the summary; every export's line
# count against the table; after each measurement, that the pool has all its connections back. A check that fails is
# written into the report, and the script then exits non-zero (after a pool check fails, the service is restarted
# and warmed again, so later measurements still have their pool). The service's log of each start is kept in
# BULK_LOGS.
# Writes bench/results/bulk-YYYY-MM-DD.md and .csv.
#
#   bench/bulk.sh    BULK_ROWS (accounts per import, default 500000), BULK_EXPORT_ROWS (1000000), ROUNDS (3),
#                    BULK_SLOW_SECONDS (30), DURATION (seconds of single creates a round, 10), BULK_WARM_S (60),
#                    ERP_BULK_BATCH_SIZE (the service's batch size, 500; the INSERT floor uses the same),
#                    BENCH_DB_PORT (55490), BENCH_HTTP_PORT (8190), BENCH_RESULTS (bench/results),
#                    BULK_LOGS (where the service's logs are kept, /tmp/bulk-logs-YYYY-MM-DD)
set -euo pipefail
cd "$(dirname "$0")/.."

command_line=
for setting in BULK_ROWS BULK_EXPORT_ROWS ROUNDS BULK_SLOW_SECONDS DURATION BULK_WARM_S ERP_BULK_BATCH_SIZE \
  BENCH_DB_PORT BENCH_HTTP_PORT BENCH_RESULTS; do
  [[ -n ${!setting:-} ]] && command_line+="$setting=${!setting} "
done
command_line+="bench/bulk.sh"

source bench/lib.sh
use_write create
if [[ $durable != 1 ]]; then
  echo "bench/bulk.sh measures durable commits only (fsync and synchronous_commit on): unset BENCH_DURABLE" >&2
  exit 2
fi
rows=${BULK_ROWS:-500000}
export_rows=${BULK_EXPORT_ROWS:-1000000}
rounds=${ROUNDS:-3}
slow_s=${BULK_SLOW_SECONDS:-30}
batch=${ERP_BULK_BATCH_SIZE:-500}
first=10000 # the early point of a stream at which memory is read
(( export_rows > first )) || { echo "BULK_EXPORT_ROWS must be over $first" >&2; exit 2; }
report=$results/bulk-$(date -u +%F)
csv=$report.csv
failures=()
fail() { failures+=("$1"); echo "CHECK FAILED: $1" >&2; }

sampler_pid=
stop_sampler() { [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null || true; sampler_pid=; }
# The service's log of each start (a restart writes a new one), kept after the run: the work folder is removed.
logs=${BULK_LOGS:-${TMPDIR:-/tmp}/bulk-logs-$(date -u +%F)}
mkdir -p "$logs"
keep_log() { [[ -f $work/service.log ]] && cp "$work/service.log" "$logs/service-${restarts:-0}.log" || true; }
trap 'stop_sampler; keep_log; cleanup' EXIT
trap 'exit 130' INT TERM
start_sampler() { # file: the service's RSS in MiB, every second, until stop_sampler
  (while [[ -r /proc/$service_pid/status ]]; do echo "$(rss)" >>"$1"; sleep 1; done) &
  sampler_pid=$!
}
max_of() { sort -n "$1" | tail -1; }

echo "== building the service"
./mvnw -B -q package -DskipTests

# --- the rows, written once, the same for the service and for PostgreSQL
# Account i: slug <prefix>-i, every enum field set (cycling through the labels), trialing ones with the end the service
# would give them. For PostgreSQL the rows carry what the service sends: its own ids (random, so the primary key's
# index is written all over as the service's random UUIDs write it), the trial end, created_at and updated_at.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
trial_end=$(date -u -d '+14 days' +%Y-%m-%dT%H:%M:%SZ)
generate() { # prefix count domains(0|2) bad(0|1) out-basename: writes .ndjson, and .copy, .domains.copy, .sql, .seed.copy
  awk -v prefix="$1" -v n="$2" -v domains="$3" -v bad="$4" -v out="$work/$5" -v batch="$batch" -v now="$now" \
      -v trial_end="$trial_end" -v seed="$RANDOM" 'BEGIN {
    srand(seed)
    split("trialing active past_due paused", statuses, " ")
    split("free starter growth enterprise", tiers, " ")
    split("monthly annual", intervals, " ")
    cols = "id, name, slug, owner_email, subscription_status, plan_tier, billing_interval, trial_ends_at, created_at, updated_at"
    for (i = 1; i <= n; i++) {
      slug = prefix "-" i; status = statuses[i % 4 + 1]; tier = tiers[int(i / 4) % 4 + 1]; interval = intervals[i % 2 + 1]
      label = tier
      if (bad && i % 20 == 0) {
        kind = int(i / 20) % 4
        if (kind <= 1) label = "platinum"                                  # 400 invalid-enum-value
        else if (kind == 2) { slug = prefix "-held-" i; print slug > (out ".seed.copy") } # 409: held by an account there
        else slug = prefix "-" (i - 10)                                      # 409: created ten lines earlier
      }
      line = sprintf("{\"name\":\"Bulk %d\",\"slug\":\"%s\",\"ownerEmail\":\"owner-%d@bulk.example\",\"subscriptionStatus\":\"%s\",\"planTier\":\"%s\",\"billingInterval\":\"%s\"", i, slug, i, status, label, interval)
      if (domains) line = line sprintf(",\"domains\":[\"www.%s.bulk.example\",\"shop.%s.bulk.example\"]", slug, slug)
      print line "}" > (out ".ndjson")
      if (bad) continue
      id = sprintf("%08x-%04x-4%03x-%04x-%012x", int(rand() * 4294967296), int(rand() * 65536), int(rand() * 4096),
                   32768 + int(rand() * 16384), i)
      trial = status == "trialing" ? trial_end : ""
      printf "%s\tBulk %d\t%s\towner-%d@bulk.example\t%s\t%s\t%s\t%s\t%s\t%s\n", id, i, slug, i, status, tier, interval,
        trial == "" ? "\\N" : trial, now, now > (out ".copy")
      if (domains) printf "%s\twww.%s.bulk.example\t%s\n%s\tshop.%s.bulk.example\t%s\n", id, slug, now, id, slug, now > (out ".domains.copy")
      # The floor of the service'"'"'s batches: the same rows as multi-row INSERTs, one transaction per batch.
      k = (i - 1) % batch
      if (k == 0) accounts_sql = "INSERT INTO accounts (" cols ") VALUES\n"; else accounts_sql = accounts_sql ",\n"
      accounts_sql = accounts_sql sprintf("('"'"'%s'"'"', '"'"'Bulk %d'"'"', '"'"'%s'"'"', '"'"'owner-%d@bulk.example'"'"', '"'"'%s'"'"', '"'"'%s'"'"', '"'"'%s'"'"', %s, '"'"'%s'"'"', '"'"'%s'"'"')",
        id, i, slug, i, status, tier, interval, trial == "" ? "NULL" : "'"'"'" trial "'"'"'", now, now)
      if (domains) {
        if (k == 0) domains_sql = "INSERT INTO partner_domains (account_id, domain, created_at) VALUES\n"; else domains_sql = domains_sql ",\n"
        domains_sql = domains_sql sprintf("('"'"'%s'"'"', '"'"'www.%s.bulk.example'"'"', '"'"'%s'"'"'),\n('"'"'%s'"'"', '"'"'shop.%s.bulk.example'"'"', '"'"'%s'"'"')", id, slug, now, id, slug, now)
      }
      if (k == batch - 1 || i == n) {
        if (domains) print "BEGIN;\n" accounts_sql ";\n" domains_sql ";\nCOMMIT;" > (out ".sql")
        else print accounts_sql ";" > (out ".sql")
      }
    }
  }'
}
echo "== writing the rows: $rows accounts (alone, with two domains, with 5 % bad lines), $export_rows to export"
generate bulk "$rows" 0 0 plain
generate bulk "$rows" 2 0 domains
generate bulk "$rows" 0 1 bad
generate export "$export_rows" 0 0 export
generate slow $(( export_rows / 4 )) 0 0 slow
bad_lines=$(( rows / 20 ))
# The accounts holding the slugs that the bad lines' "held" kind asks for, loaded before each such import.
awk -v now="$now" '{printf "%08x-0000-4000-8000-%012x\tHeld %d\t%s\theld@bulk.example\tactive\tfree\tmonthly\t\\N\t%s\t%s\n", NR, NR, NR, $1, now, now}' \
  "$work/bad.seed.copy" >"$work/held.copy"
seeded=$(wc -l <"$work/bad.seed.copy")
refused_labels=$(grep -c '"planTier":"platinum"' "$work/bad.ndjson")
ls -l "$work"/*.ndjson "$work"/*.copy "$work"/*.sql | awk '{printf "  %s %d MiB\n", $NF, $5 / 1048576}'

start_database
start_service
pool_settings=$(service_settings)
echo "service ready after ${ready_after} ms, RSS $(rss) MiB; $pool_settings"

psql_eva=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$db_port" -U postgres -d eva)
empty_tables() { "${psql_eva[@]}" -c "TRUNCATE accounts, partner_domains, partner_deals"; quiet_database; }
count() { "${psql_eva[@]}" -c "SELECT count(*) FROM $1"; }
seconds_since() { awk -v t0="$1" -v t1="$(date +%s%N)" 'BEGIN {printf "%.3f", (t1 - t0) / 1e9}'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n / s}'; }
# What a stream reader runs when line $first arrives: the RSS, then the live heap after a full collection.
cat >"$work/probe.sh" <<PROBE
awk '/VmRSS/ {printf "%.0f ", \$2 / 1024}' /proc/\$1/status
jcmd \$1 GC.run >/dev/null
curl -sf "$base/q/metrics" | awk 'index(\$0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {sum += \$NF} END {printf "%.0f\n", sum / 1048576}'
PROBE

# Reads a stream as fast as it comes: counts its lines and the outcomes by status, keeps the last line, and at line
# $first runs the probe when asked to. Prints "lines 201s 400s 409s others" and the last line.
read_stream() { # probe-output-file (empty: no probe)
  awk -v at="$first" -v probe="${1:+bash $work/probe.sh $service_pid > $1}" '
    NR == at && probe != "" {system(probe)}
    /^\{"line":[0-9]+,"status":201,/ {c201++; next}
    /^\{"line":[0-9]+,"status":400,/ {c400++; next}
    /^\{"line":[0-9]+,"status":409,/ {c409++; next}
    /^\{"line":/ {other++}
    END {printf "%d %d %d %d %d\n", NR, c201, c400, c409, other; print}'
}

# One import: the wall clock of the HTTP request, the client reading the outcomes as fast as they come. Sets
# import_s and import_out ("lines 201s 400s 409s others" and the summary line); checks the answer's status and the
# summary against the expected counts.
import() { # name file expected-created expected-failed [probe-output-file]
  local name=$1 file=$2 created=$3 failed=$4 lines; lines=$(( $3 + $4 ))
  local t0 service0 pg0 machine0; t0=$(date +%s%N) service0=$(service_ticks) pg0=$(pg_ticks) machine0=$(machine_ticks)
  rm -f "$work/headers"
  import_out=$(curl -sS --max-time 3600 -X POST -T "$file" -H 'Expect:' -H 'Content-Type: application/x-ndjson' \
    -D "$work/headers" "$base/api/v1/accounts/bulk" | read_stream "${5:-}") || true
  import_s=$(seconds_since "$t0")
  import_cpu="CPU: service $(cpu_s $(( $(service_ticks) - service0 ))) s, PostgreSQL $(cpu_s $(( $(pg_ticks) - pg0 ))) s, machine $(cpu_s $(( $(machine_ticks) - machine0 ))) s"
  local status; status=$(head -1 "$work/headers" | awk '{print $2}')
  [[ $status == 200 ]] || fail "$name: the import answered ${status:-nothing}"
  local summary; summary=$(sed -n 2p <<<"$import_out")
  local want="{\"summary\":{\"lines\":$lines,\"created\":$created,\"failed\":$failed}}"
  [[ $summary == "$want" ]] || fail "$name: the summary is ${summary:-missing}, not $want"
  read -r n c201 c400 c409 other <<<"$(head -1 <<<"$import_out")"
  (( n == lines + 1 && c201 == created )) \
    || fail "$name: $n lines answered ($c201 201s, $c400 400s, $c409 409s, $other others) for $lines lines sent, $created to be created"
}
# CPU clock ticks of the PostgreSQL cluster's processes (the postmaster's children: the service's connections,
# the WAL writer, the checkpointer, autovacuum), those alive when read.
pg_ticks() {
  local postmaster; postmaster=$(head -1 "$db_dir/data/postmaster.pid")
  cat /proc/[0-9]*/stat 2>/dev/null | sed 's/^[0-9]* (.*) //' | awk -v pm="$postmaster" '$2 == pm {t += $12 + $13} END {print t + 0}'
}
cpu_s() { awk -v t="$1" -v hz="$clock_ticks" 'BEGIN {printf "%.1f", t / hz}'; } # clock ticks -> CPU seconds
check_table() { # name table expected
  local found; found=$(count "$2")
  [[ $found == "$3" ]] || fail "$1: $2 holds $found rows, not $3"
}
timed() { # command... -> sets timed_s
  local t0; t0=$(date +%s%N)
  "$@" >/dev/null
  timed_s=$(seconds_since "$t0")
}
copy_accounts() { "${psql_eva[@]}" -c "\\copy accounts (id, name, slug, owner_email, subscription_status, plan_tier, billing_interval, trial_ends_at, created_at, updated_at) FROM '$1'"; }
copy_domains() { "${psql_eva[@]}" -c "\\copy partner_domains (account_id, domain, created_at) FROM '$1'"; }
copy_both() { copy_accounts "$1" && copy_domains "$2"; }
run_sql() { "${psql_eva[@]}" -f "$1"; }

echo "measurement,round,rows,seconds,per_s,rss_mib,note" >"$csv"
row() { echo "$1,$2,$3,$4,$5,$6,\"$7\"" | tee -a "$csv"; } # measurement round rows seconds per_s rss note

# The pool's connections taken while nothing runs: none, unless the service lost track of some.
pool_taken() { curl -sf "$base/q/metrics" | awk '/^sql_pool_active\{/ {printf "%.0f", $2}'; }
# The JIT compiles the import path and creation under load. Creation is warmed with 16 clients, as many as the pool
# has connections: 32 clients that close their connections with creates in flight can leave connections of the pool
# taken for good (found by this script; see check_pool).
warm_s=${BULK_WARM_S:-60}
warm=$(( rows < 100000 ? rows : 100000 ))
head -n "$warm" "$work/plain.ndjson" >"$work/warm.ndjson"
head -n "$warm" "$work/domains.ndjson" >"$work/warm-domains.ndjson"
warm_creates() { # seconds of single creates
  MODE=create RUN_ID="warm$(date +%s%N)" wrk -t2 -c16 -d"$1s" -s bench/wrk.lua "$base" | grep '^RESULT' | sed 's/^/  creates, 16 clients: /'
}
warm_imports() {
  empty_tables; import warm "$work/warm.ndjson" "$warm" 0
  empty_tables; import warm-domains "$work/warm-domains.ndjson" "$warm" 0
  echo "  imported $warm accounts alone, then $warm with domains (the last in $import_s s)"
}
warm_service() { warm_creates "$1"; warm_imports; }
restarts=0
restart_service() {
  keep_log
  stop_service
  restarts=$((restarts + 1))
  start_service
}
# After each measurement, once its client has gone: a connection the pool still counts as taken is a failed check,
# with the evidence; the service is then restarted and warmed again as at the start, so the measurements after it
# have their pool and a compiled creation path. Should the warm-up itself leave connections taken, that is a failed
# check of its own, and the service is restarted once more and warmed by imports alone.
check_pool() { # name
  sleep 1
  local taken; taken=$(pool_taken)
  if [[ $taken != 0 ]]; then
    local pg; pg=$("${psql_eva[@]}" -F' ' -c "SELECT coalesce(string_agg(state || ' ' || n, ', '), 'none') FROM (SELECT state, count(*) n FROM pg_stat_activity WHERE usename = 'erp_provisioning' GROUP BY state) s")
    fail "$1: ${taken:-?} of the pool's connections still taken (sql_pool_active) after the client had gone, nothing in flight; PostgreSQL shows the service's sessions as: $pg. The service was restarted and warmed again ($warm_s s of creates, the imports)"
    restart_service
    warm_creates "$warm_s"
    sleep 1
    taken=$(pool_taken)
    if [[ $taken != 0 ]]; then
      fail "the warm-up after that restart (creates, 16 clients): ${taken:-?} of the pool's connections still taken; the service was restarted again and warmed by the imports alone"
      restart_service
    fi
    warm_imports
  fi
}

echo "== warming up: single creates ($warm_s s), then the import path"
warm_service "$warm_s"
check_pool warm-up

for ((round = 1; round <= rounds; round++)); do
  echo "== round $round of $rounds"
  empty_tables
  import import "$work/plain.ndjson" "$rows" 0
  check_table import accounts "$rows"
  row import "$round" "$rows" "$import_s" "$(per_s "$rows" "$import_s")" "$(rss)" "$import_cpu"
  check_pool "import, round $round"

  empty_tables
  timed copy_accounts "$work/plain.copy"
  check_table copy accounts "$rows"
  row copy "$round" "$rows" "$timed_s" "$(per_s "$rows" "$timed_s")" "" ""

  empty_tables
  timed run_sql "$work/plain.sql"
  check_table insert-batch accounts "$rows"
  row insert-batch "$round" "$rows" "$timed_s" "$(per_s "$rows" "$timed_s")" "" "$batch rows per INSERT and transaction"

  empty_tables
  line=$(wrk_run create 32)
  (( $(field non2xx "$line") + $(field socket_errors "$line") == 0 )) || fail "single creates, round $round: $line"
  row single-create "$round" "$(field requests "$line")" "$(field seconds "$line")" "$(rate_of "$line")" "$(rss)" \
    "32 clients; p99 $(field p99_ms "$line") ms; CPU per create: service $(field service_cpu_us "$line") µs, machine $(field machine_cpu_us "$line") µs"
  check_pool "single creates (wrk, 32 clients), round $round"

  empty_tables
  import import-domains "$work/domains.ndjson" "$rows" 0
  check_table import-domains accounts "$rows"
  check_table import-domains partner_domains $(( 2 * rows ))
  row import-domains "$round" "$rows" "$import_s" "$(per_s "$rows" "$import_s")" "$(rss)" "2 domains per account; $import_cpu"
  check_pool "import with domains, round $round"

  empty_tables
  timed copy_both "$work/domains.copy" "$work/domains.domains.copy"
  check_table copy-domains partner_domains $(( 2 * rows ))
  row copy-domains "$round" "$rows" "$timed_s" "$(per_s "$rows" "$timed_s")" "" "COPY accounts then COPY partner_domains"

  empty_tables
  timed run_sql "$work/domains.sql"
  check_table insert-batch-domains partner_domains $(( 2 * rows ))
  row insert-batch-domains "$round" "$rows" "$timed_s" "$(per_s "$rows" "$timed_s")" "" "$batch accounts and their domains per transaction"

  "${psql_eva[@]}" -c "TRUNCATE accounts, partner_domains, partner_deals"
  copy_accounts "$work/held.copy"
  quiet_database
  import import-5pct-bad "$work/bad.ndjson" $(( rows - bad_lines )) "$bad_lines"
  read -r _ _ c400 c409 _ <<<"$(head -1 <<<"$import_out")"
  (( c400 == refused_labels && c409 == bad_lines - refused_labels )) \
    || fail "import-5pct-bad: $c400 400s and $c409 409s, not $refused_labels and $(( bad_lines - refused_labels ))"
  check_table import-5pct-bad accounts $(( rows - bad_lines + seeded ))
  row import-5pct-bad "$round" "$rows" "$import_s" "$(per_s "$rows" "$import_s")" "$(rss)" \
    "lines/s; $(( rows - bad_lines )) created ($(per_s $(( rows - bad_lines )) "$import_s")/s), $c400 400s, $c409 409s; $import_cpu"
  check_pool "import with 5 % bad lines, round $round"
done

echo "== memory: $export_rows accounts in one stream"
empty_tables
rss_before_import=$(rss)
start_sampler "$work/rss-import"
import import-memory "$work/export.ndjson" "$export_rows" 0 "$work/probe-import"
stop_sampler
rss_import_end=$(rss) heap_import_end=$(live_heap)
read -r rss_import_first heap_import_first <"$work/probe-import"
rss_import_max=$(max_of "$work/rss-import")
check_table import-memory accounts "$export_rows"
check_pool "import of $export_rows lines"
row import-one-stream 1 "$export_rows" "$import_s" "$(per_s "$export_rows" "$import_s")" "$rss_import_end" \
  "RSS before $rss_before_import MiB, at line $first $rss_import_first MiB, max $rss_import_max MiB; live heap $heap_import_first then $heap_import_end MiB"
quiet_database

echo "== export: $export_rows accounts, $rounds rounds beside COPY ... TO, then one stream for memory"
export_stream() { rm -f "$work/headers"; curl -sS --max-time 3600 -H 'Accept: application/x-ndjson' -D "$work/headers" "$base/api/v1/accounts" | read_stream "${1:-}"; }
check_export() { # name lines-counted
  [[ $(head -1 "$work/headers" 2>/dev/null | awk '{print $2}') == 200 && $2 == "$export_rows" ]] \
    || fail "$1: $(head -1 "$work/headers" 2>/dev/null | tr -d '\r'), $2 lines for $export_rows accounts"
}
# The timed rounds read as fast as they can: no probe stops the reader (a jcmd and a full collection take a second
# or more, a tenth of a stream); the RSS is sampled every second all the same.
for ((round = 1; round <= rounds; round++)); do
  rss_before_export=$(rss)
  start_sampler "$work/rss-export-$round"
  t0=$(date +%s%N) service0=$(service_ticks) pg0=$(pg_ticks) machine0=$(machine_ticks)
  out=$(export_stream) || true
  export_s=$(seconds_since "$t0")
  export_cpu="CPU: service $(cpu_s $(( $(service_ticks) - service0 ))) s, PostgreSQL $(cpu_s $(( $(pg_ticks) - pg0 ))) s, machine $(cpu_s $(( $(machine_ticks) - machine0 ))) s"
  stop_sampler
  read -r n _ <<<"$(head -1 <<<"$out")"
  check_export "export, round $round" "$n"
  row export "$round" "$n" "$export_s" "$(per_s "$n" "$export_s")" "$(rss)" \
    "RSS before $rss_before_export MiB, max $(max_of "$work/rss-export-$round") MiB; $export_cpu"
  check_pool "export, round $round"

  timed "${psql_eva[@]}" -c "\\copy accounts TO '/dev/null'"
  row copy-to "$round" "$export_rows" "$timed_s" "$(per_s "$export_rows" "$timed_s")" "" "COPY accounts TO STDOUT, psql writing to /dev/null"
done
# Memory: the RSS and the live heap when row $first arrives and at the end of one more stream (its rate is not
# counted: the probe stops its reader).
rss_before_export=$(rss)
start_sampler "$work/rss-export-memory"
t0=$(date +%s%N)
out=$(export_stream "$work/probe-export") || true
export_s=$(seconds_since "$t0")
stop_sampler
rss_export_end=$(rss) heap_export_end=$(live_heap)
read -r n _ <<<"$(head -1 <<<"$out")"
check_export "export for memory" "$n"
read -r rss_export_first heap_export_first <"$work/probe-export"
rss_export_max=$(max_of "$work/rss-export-memory")
export_growth=$(( rss_export_end - rss_export_first ))
check_pool "export for memory"
row export-one-stream 1 "$n" "$export_s" "$(per_s "$n" "$export_s")" "$rss_export_end" \
  "RSS before $rss_before_export MiB, at row $first $rss_export_first MiB, max $rss_export_max MiB; live heap $heap_export_first then $heap_export_end MiB"

echo "== a client that reads 64 KiB of outcomes a second, for $slow_s s"
quiet_database
rss_before_slow=$(rss)
start_sampler "$work/rss-slow"
slow=$(java bench/SlowReader.java 127.0.0.1 "$http_port" /api/v1/accounts/bulk "$work/slow.ndjson" "$slow_s" 65536 1000)
slow_rows_at_close=$(count "accounts WHERE slug LIKE 'slow-%'")
sleep 5
stop_sampler
slow_rows_after=$(count "accounts WHERE slug LIKE 'slow-%'")
rss_slow_max=$(max_of "$work/rss-slow") rss_after_slow=$(rss)
slow_busy=$("${psql_eva[@]}" -c "SELECT count(*) FROM pg_stat_activity WHERE usename = 'erp_provisioning' AND state <> 'idle'")
echo "  $slow; rows written: $slow_rows_at_close at close, $slow_rows_after 5 s later; RSS max $rss_slow_max MiB"
# A batch under way when the client goes may still commit; nothing after it.
(( slow_rows_after - slow_rows_at_close <= batch )) \
  || fail "slow reader: rows were still written after the client had gone ($slow_rows_at_close at close, $slow_rows_after 5 s later)"
(( slow_busy == 0 )) || fail "slow reader: $slow_busy of the service's connections still busy 5 s after the client had gone"
curl -sf -o /dev/null "$base/q/health/ready" || fail "slow reader: the service is not ready afterwards"
check_pool "slow reader"
slow_read=$(field read_outcomes "$slow") slow_sent=$(field sent_lines "$slow")
row slow-reader 1 "$slow_read" "$slow_s" "" "$rss_slow_max" \
  "RSS before $rss_before_slow MiB, max $rss_slow_max MiB, after $rss_after_slow MiB; $slow_read outcomes read, $slow_sent lines sent, $slow_rows_at_close rows written at close, $slow_rows_after 5 s later"

# --- report
median_of() { awk -F, -v m="$1" -v col="${2:-5}" '$1 == m {print $col}' "$csv" | median; }
rounds_of() { awk -F, -v m="$1" '$1 == m {print $5}' "$csv" | paste -sd' ' | sed 's/ /, /g'; }
import_rate=$(median_of import) copy_rate=$(median_of copy) insert_rate=$(median_of insert-batch) single_rate=$(median_of single-create)
domains_rate=$(median_of import-domains) copy_domains_rate=$(median_of copy-domains) insert_domains_rate=$(median_of insert-batch-domains)
bad_rate=$(median_of import-5pct-bad) export_rate=$(median_of export) copy_to_rate=$(median_of copy-to)
import_x=$(multiple "$import_rate" "$single_rate")
import_growth=$(( rss_import_end - rss_import_first ))
slow_growth=$(( rss_slow_max - rss_before_slow ))
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {ok = op == ">=" ? a >= b : a <= b; print ok ? "**pass**" : "**FAIL**"}'; }
export_rounds_max=$(for ((round = 1; round <= rounds; round++)); do max_of "$work/rss-export-$round"; done | paste -sd' ' | sed 's/ /, /g')
{
  echo "# Bulk import and export"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`$command_line\`: imports of $rows accounts in one stream, exports of"
  echo "$export_rows, $rounds interleaved rounds, medians. curl (import: \`-T file\`, the outcomes read as fast as they come"
  echo "and counted; export: \`Accept: application/x-ndjson\`), psql, wrk, the service (JVM with the JVM image's options"
  echo "and a pinned heap, \`-Xms$heap -Xmx$heap\`, security off) and PostgreSQL share one machine, **$(nproc) cores, shared and noisy**: read each"
  echo "figure beside its floor from the same round, not on its own."
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); memory $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); $(database_settings)"
  echo "- **$(durability_label)**"
  echo "- the service: ${pool_settings:-not reported}; \`erp.bulk.batch-size\` $batch"
  echo "- each measurement starts on emptied tables (TRUNCATE), vacuumed and checkpointed; the rows are the same for the"
  echo "  service and for PostgreSQL (every enum field set, trialing accounts with their trial end; for PostgreSQL with the"
  echo "  ids, timestamps and trial ends the service would send)"
  echo
  echo "| measurement | rows | median per s | rounds (per s) | floor: COPY | floor: INSERT of $batch rows per transaction | service / COPY | service / INSERT |"
  echo "|---|---:|---:|---|---:|---:|---:|---:|"
  echo "| import, accounts alone | $rows | $import_rate | $(rounds_of import) | $copy_rate | $insert_rate | $(percent "$import_rate" "$copy_rate") % | $(percent "$import_rate" "$insert_rate") % |"
  echo "| import, two domains per account (accounts/s) | $rows | $domains_rate | $(rounds_of import-domains) | $copy_domains_rate | $insert_domains_rate | $(percent "$domains_rate" "$copy_domains_rate") % | $(percent "$domains_rate" "$insert_domains_rate") % |"
  echo "| import, 5 % of the lines refused (lines/s) | $rows | $bad_rate | $(rounds_of import-5pct-bad) | $copy_rate (all valid) | $insert_rate (all valid) | $(percent "$bad_rate" "$copy_rate") % | $(percent "$bad_rate" "$insert_rate") % |"
  echo "| single creates over HTTP, 32 clients (wrk, $duration s) | | $single_rate | $(rounds_of single-create) | | | | |"
  echo "| export (accounts/s) | $export_rows | $export_rate | $(rounds_of export) | $copy_to_rate (COPY TO) | | $(percent "$export_rate" "$copy_to_rate") % | |"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| import ≥ 25 000 accounts/s | $import_rate | $(verdict "$import_rate" ">=" 25000) |"
  echo "| import ≥ 4 × the single-create rate | $import_x × ($import_rate / $single_rate) | $(verdict "$import_x" ">=" 4) |"
  echo "| export ≥ 100 000 accounts/s | $export_rate | $(verdict "$export_rate" ">=" 100000) |"
  echo "| RSS growth ≤ 32 MiB, import: line $first → line $export_rows of one stream | $rss_import_first → $rss_import_end MiB: $import_growth MiB | $(verdict "$import_growth" "<=" 32) |"
  echo "| RSS growth ≤ 32 MiB, export: row $first → row $export_rows of one stream | $rss_export_first → $rss_export_end MiB: $export_growth MiB | $(verdict "$export_growth" "<=" 32) |"
  echo "| RSS growth ≤ 32 MiB, a client reading 64 KiB of outcomes a second for $slow_s s: before → max | $rss_before_slow → $rss_slow_max MiB: $slow_growth MiB | $(verdict "$slow_growth" "<=" 32) |"
  echo
  echo "| memory and streams | |"
  echo "|---|---|"
  echo "| import of $export_rows accounts in one stream (its reader stopped at line $first for the probe) | $(per_s "$export_rows" "$(awk -F, '$1 == "import-one-stream" {print $4}' "$csv")") accounts/s |"
  echo "| its RSS: before → line $first → max (sampled every second) → end | $rss_before_import → $rss_import_first → $rss_import_max → $rss_import_end MiB |"
  echo "| its live heap after a full collection: at line $first → at the end | $heap_import_first → $heap_import_end MiB |"
  echo "| export of $export_rows accounts in one stream: RSS before → row $first → max (sampled every second) → end | $rss_before_export → $rss_export_first → $rss_export_max → $rss_export_end MiB |"
  echo "| its live heap after a full collection: at row $first → at the end | $heap_export_first → $heap_export_end MiB |"
  echo "| the timed exports: RSS max (sampled every second), each round | $export_rounds_max MiB |"
  echo "| slow reader: outcomes read / lines the client got into the socket / rows written at close / 5 s later | $slow_read / $slow_sent / $slow_rows_at_close / $slow_rows_after |"
  echo "| slow reader: RSS before → max → 5 s after the client had gone | $rss_before_slow → $rss_slow_max → $rss_after_slow MiB |"
  echo "| the JVM image's memory limit (k8s/README.md) | $jvm_memory_limit_mib MiB |"
  echo "| restarts of the service after a failed pool check (below) | $restarts |"
  echo
  echo "The 5 %: of every 20 lines one is refused, in turn an unknown \`planTier\` label (400, twice), a slug held by an"
  echo "account loaded before the import ($seeded accounts; 409), a slug created ten lines earlier in the stream (409)."
  echo "Every import's summary, outcome count and status counts, every table's row count and every export's line count"
  echo "were checked:"
  if (( ${#failures[@]} )); then
    printf -- '- **FAILED**: %s\n' "${failures[@]}"
  else
    echo "all as expected."
  fi
  echo
  echo "Each round's figures are in \`$(basename "$csv")\`."
} >"$report.md"
cat "$report.md"
(( ${#failures[@]} == 0 ))

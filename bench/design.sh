#!/usr/bin/env bash
# Which connection design creates accounts fastest with durable commits? Starts PostgreSQL with its durable
# defaults and, for each configuration below, the packaged service; warms it up, then measures creation at 8, 32,
# 128 and 1 024 clients, each in interleaved rounds with pgbench's INSERT at the same concurrency (up to 128).
# Because pgbench runs beside every round, the ratio compares configurations measured minutes apart on a noisy
# machine; the rates alone do not.
# Writes bench/results/REPORT.md and REPORT.csv (REPORT is design unless set).
#
#   bench/design.sh   CONFIGS (one configuration a line, NAME=value settings; default below; APP=path runs the
#                     quarkus-run.jar at path, a build of another commit, instead of this tree's), WRITE (create or
#                     create-domains), REPORT, and the settings of bench/run.sh: DURATION, ROUNDS, CLIENTS,
#                     BENCH_DURABLE, BENCH_DB_PORT, BENCH_HTTP_PORT
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
rounds=${ROUNDS:-3}
levels=(${CLIENTS:-8 32 128 1024})
report=${REPORT:-design}
# As shipped (the pool alone, 16 connections), then other pool sizes, pipelining on, fewer event loops (Quarkus
# starts two per core) and asynchronous console logging.
configs=${CONFIGS:-"ERP_DB_PIPELINED_CONNECTIONS=0
ERP_DB_PIPELINED_CONNECTIONS=0 QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=8
ERP_DB_PIPELINED_CONNECTIONS=0 QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=32
ERP_DB_PIPELINED_CONNECTIONS=2
ERP_DB_PIPELINED_CONNECTIONS=0 QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=2
ERP_DB_PIPELINED_CONNECTIONS=0 QUARKUS_LOG_CONSOLE_ASYNC=true"}

echo "== building the service"
./mvnw -B -q package -DskipTests
start_database


csv=$results/$report.csv
echo "config,clients,round,service_per_s,service_p50_ms,service_p99_ms,service_errors,pgbench_per_s,pgbench_p50_ms,pgbench_p99_ms,ratio_pct,rss_mib" >"$csv"
while IFS= read -r config; do
  [[ -z $config ]] && continue
  read -r -a settings <<<"$config"
  service_env=() app=
  for setting in "${settings[@]}"; do
    if [[ $setting == APP=* ]]; then app=${setting#APP=}; else service_env+=("$setting"); fi
  done
  echo "== $config"
  start_service
  echo "  $(service_settings)"
  warm_up
  for clients in "${levels[@]}"; do
    paired_rounds "$clients" "$rounds"
    round=0
    for row in "${pair_rows[@]}"; do
      round=$((round + 1))
      IFS=, read -r _ _ rate p50 p99 errors _ <<<"$(cut -d';' -f2 <<<"$row")"
      IFS=, read -r _ _ tps pg50 pg99 _ <<<"$(cut -d';' -f3 <<<"$row")"
      ratio=$([[ -n $tps ]] && percent "$rate" "$tps" || true)
      echo "${config//,/;},$clients,$round,$rate,$p50,$p99,$errors,$tps,$pg50,$pg99,$ratio,$(rss)" >>"$csv"
    done
  done
  stop_service
done <<<"$configs"

# One row a configuration and concurrency: the medians of its rounds.
med() { awk -F, -v c="$1" -v n="$2" -v col="$3" '$1 == c && $2 == n && $col != "" {print $col}' "$csv" | median; }
{
  echo "# Connection design under durable commits"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/design.sh\` (${duration} s per point, $rounds interleaved rounds, medians)."
  echo "wrk, the service (JVM, the image's options, a pinned heap, \`-Xms$heap -Xmx$heap\`) and PostgreSQL share one machine:"
  echo
  echo "- CPU: $(nproc) × $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uname -sr)"
  echo "- $(java -version 2>&1 | head -1); $(database_settings)"
  echo "- **$(durability_label)**"
  echo "- the write: \`$write\` requests of bench/wrk.lua against pgbench running \`$pgbench_script\`"
  echo
  echo "| configuration | clients | creates/s | p50 ms | p99 ms | errors | pgbench/s | pgbench p99 ms | service / pgbench | RSS MiB (limit ${jvm_memory_limit_mib}) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  while IFS= read -r config; do
    [[ -z $config ]] && continue
    config=${config//,/;} # as in the CSV, whose separator a setting's value may hold
    for clients in "${levels[@]}"; do
      errors=$(awk -F, -v c="$config" -v n="$clients" '$1 == c && $2 == n {s += $7} END {print s + 0}' "$csv")
      ratio=$(med "$config" "$clients" 11)
      echo "| \`$config\` | $clients | $(med "$config" "$clients" 4) | $(med "$config" "$clients" 5) | $(med "$config" "$clients" 6) | $errors | $(med "$config" "$clients" 8) | $(med "$config" "$clients" 10) | ${ratio:+$ratio %} | $(med "$config" "$clients" 12) |"
    done
  done <<<"$configs"
} >"$results/$report.md"
cat "$results/$report.md"

#!/usr/bin/env bash
# What a dry-run bulk import's window (erp.bulk.dry-run-window: the slugs and domains of would-be creations that later
# lines are checked against) costs in memory. Starts its own PostgreSQL with EVA's schema and its durable defaults and
# the packaged service (the JVM image's pinned 96 MiB heap), then, in interleaved runs with the window as shipped and
# at 0 (nothing held), sends a dry run of DRY_ROWS accounts with two domains each in one stream, reads the outcomes as
# fast as they come and, two thirds in, notes the live heap after a full collection; and the time the stream took.
# Writes bench/results/dry-run-window-YYYY-MM-DD.md.
#
#   bench/dry-run-window.sh    DRY_ROWS (300000), ROUNDS (2), BENCH_DB_PORT (55490), BENCH_HTTP_PORT (8190), BENCH_RESULTS
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
rows=${DRY_ROWS:-300000}
(( rows >= 3 )) || { echo "DRY_ROWS is at least 3" >&2; exit 2; }
rounds=${ROUNDS:-2}
shipped=$(sed -n 's/^erp.bulk.dry-run-window=//p' src/main/resources/application.properties)
report=$results/dry-run-window-$(date -u +%F).md

echo "== building the service"
./mvnw -B -q package -DskipTests
start_database
awk -v n="$rows" 'BEGIN {for (i = 1; i <= n; i++) printf "{\"name\":\"Dry %d\",\"slug\":\"dry-%d\",\"ownerEmail\":\"ops@dry-%d.example\",\"domains\":[\"dry-%d.example\",\"shop.dry-%d.example\"]}\n", i, i, i, i, i}' >"$work/dry.ndjson"
lines=()
for round in $(seq "$rounds"); do
  for window in "$shipped" 0; do
    service_env=(ERP_BULK_DRY_RUN_WINDOW="$window")
    start_service
    # Warm the import path, then measure.
    head -20000 "$work/dry.ndjson" | curl -s -o /dev/null -H 'Content-Type: application/x-ndjson' --data-binary @- \
      "$base/api/v1/accounts/bulk?dryRun=true"
    before=$(live_heap)
    # What the reader runs two thirds in (awk's system() runs sh, which has none of this script's functions).
    { declare -p service_pid base; declare -f live_heap; echo live_heap; } >"$work/probe.sh"
    rm -f "$work/mid"
    start=$(date +%s%N)
    summary=$(curl -s -N -H 'Content-Type: application/x-ndjson' --data-binary @"$work/dry.ndjson" \
        "$base/api/v1/accounts/bulk?dryRun=true" \
      | awk -v at=$((rows * 2 / 3)) -v probe="bash $work/probe.sh > $work/mid" 'NR == at {system(probe)} END {print}')
    seconds=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN {printf "%.1f", ns / 1e9}')
    line="| $round | $window | $before | $(cat "$work/mid" 2>/dev/null || echo "not probed") | $seconds | \`$summary\` |"
    echo "$line"
    lines+=("$line")
    stop_service
  done
done

{
  echo "# A dry-run import's window: memory"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`bench/dry-run-window.sh\`${DRY_ROWS:+ (DRY_ROWS=$DRY_ROWS)}, commit $(git rev-parse --short HEAD):"
  echo "a dry run of $rows accounts with two domains each in one stream, the outcomes read as fast as they come; the"
  echo "service on the JVM image's options and pinned heap, security off, restarted for each run; the window as shipped"
  echo "($shipped slugs and domains) and at 0 (nothing held), interleaved."
  echo
  echo "- $(database_settings)"
  echo "- $(durability_label)"
  echo
  echo "| round | window | live heap before, MiB | live heap two thirds in, MiB | seconds | summary |"
  echo "|---|---:|---:|---:|---:|---|"
  printf '%s\n' "${lines[@]}"
  echo
  echo "The live heap is read after a full collection (\`jcmd GC.run\`, then \`jvm_memory_used_bytes{area=\"heap\"}\`)."
} >"$report"
echo "wrote $report"

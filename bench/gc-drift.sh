#!/usr/bin/env bash
# Does a JVM-image service drift into full collections after running a while? Starts PostgreSQL (durable) and the
# packaged service twice, side by side: with the image's heap as shipped (pinned, -Xms = -Xmx) and free to shrink
# (-XX:MinHeapSize=8m: it starts at 96 MiB with the JVM's own minimum, the flags the image ran with before its heap was
# pinned); loads each in turn (creation, GET by
# id, a list of 50, a 404; 10 s each at 32 clients) for MINUTES (25) and prints, after each load, the rate, the CPU a
# request and the app's collections and old generation (jstat). The heap free to shrink fell in the second round.
#
#   bench/gc-drift.sh   MINUTES (25), and the settings of bench/run.sh: BENCH_DB_PORT, BENCH_HTTP_PORT, BENCH_RESULTS
# Writes bench/results/gc-drift-DATE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
./mvnw -B -q package -DskipTests
start_database
"${psql_admin[@]}" -c "INSERT INTO accounts (name, slug, owner_email)
  SELECT 'Drift ' || i, 'drift-' || i, 'ops' || i || '@bench.example' FROM generate_series(1, 20000) i"
"${psql_admin[@]}" -c "SELECT id FROM accounts" >"$work/ids"
export IDS_FILE=$work/ids
declare -A pid port
trap 'for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done; cleanup' EXIT # both apps, then lib.sh's cleanup
names=(pinned shrinkable)
declare -A extra=([pinned]="" [shrinkable]="-XX:MinHeapSize=8m")
p=$http_port
for name in "${names[@]}"; do
  p=$((p + 1)); port[$name]=$p
  http_port=$p base=http://127.0.0.1:$p service_log=$name start_service java ${extra[$name]}
  pid[$name]=$service_pid
done
collections() { gc_counts "$1" | awk '{printf "young %d, full %d, %.1f s in GC, old generation %.1f MiB holding %.1f MiB", $1, $2, $3, $4, $5}'; }
lines=$work/lines
end=$(( $(date +%s) + ${MINUTES:-25} * 60 )) round=0
while (( $(date +%s) < end )); do
  round=$((round + 1))
  for name in "${names[@]}"; do
    base=http://127.0.0.1:${port[$name]} service_pid=${pid[$name]}
    for mode in create get-by-id list-50 404; do
      line=$(wrk_script=bench/floor-vertx/reads.lua wrk_run "$mode" 32)
      echo "round $round  $name  $mode  $(rate_of "$line")/s  $(field service_cpu_us "$line") µs | $(collections "$service_pid")" | tee -a "$lines"
    done
  done
done
{
  echo "# Does a JVM-image service drift into full collections?"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`MINUTES=${MINUTES:-25} bench/gc-drift.sh\` (commit $(git rev-parse --short HEAD)): the service with the"
  echo "JVM image's options and its heap pinned (\`-Xms$heap -Xmx$heap\`), and the same free to shrink (\`-XX:MinHeapSize=8m\`), side by side,"
  echo "each loaded in turn; **$(durability_label)**; $(nproc) cores shared with wrk and PostgreSQL."
  echo
  echo "After each 10 s load: the rate, the app's CPU a request, and its collections so far (jstat):"
  echo
  echo '```'
  cat "$lines"
  echo '```'
} >"$results/gc-drift-$(date -u +%F).md"
cat "$results/gc-drift-$(date -u +%F).md"

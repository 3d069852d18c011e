#!/usr/bin/env bash
# Where the service spends its CPU: async-profiler (from Maven Central) attached to the packaged service after the
# warm-up, sampling every thread on CPU (itimer: works in a VM without perf events) during one kind of request at
# 32 clients (creation by default), with PostgreSQL's durable defaults.
# Writes bench/results/profile-MODE.txt (the parts of the service the samples fall in, then the methods with the
# most samples of their own) and, beside it, profile-MODE.collapsed.gz: every sampled stack, for a flame graph or grep.
#
#   bench/profile.sh   MODE (a mode of bench/wrk.lua: create, create-domains, reject, 404, get, list), CONFIG (NAME=value settings
#                      the service starts with), PROFILE_SECONDS (30), and the settings of bench/run.sh:
#                      BENCH_DURABLE, BENCH_DB_PORT, BENCH_HTTP_PORT, BENCH_RESULTS
#   APP=floor-vertx    profiles bench/floor-vertx (plain Vert.x, bench/run.sh's floor) the same way instead, for create,
#                      get, list and 404, which it answers as the service does: profile-MODE-floor-vertx.txt, whose
#                      layers (bench/layers.awk, parts that sum to the whole) can be set beside the service's
#   APP=floor-quarkus  profiles bench/floor-quarkus (Quarkus REST, Mutiny and the reactive client alone) for MODE=get,
#                      the one request it answers, on one account written for it: profile-get-floor-quarkus.txt
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
seconds=${PROFILE_SECONDS:-30}
mode=${MODE:-create}
version=4.0
jar=~/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar
[[ -f $jar ]] || ./mvnw -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version:jar:linux-x64
unzip -q -o -j "$jar" linux-x64/libasyncProfiler.so -d "$work"

name=service suffix=
ready_path=/q/health/ready
case ${APP:-service} in
  service) echo "== building the service"; ./mvnw -B -q package -DskipTests ;;
  floor-vertx) build_floor floor-vertx; app=$floor_vertx name=floor-vertx suffix=-floor-vertx ;;
  floor-quarkus)
    [[ $mode == get ]] || { echo "floor-quarkus answers MODE=get only" >&2; exit 2; }
    build_floor floor-quarkus; app=$floor_quarkus name=floor-quarkus suffix=-floor-quarkus ready_path=/floor ;;
  *) echo "APP is service, floor-vertx or floor-quarkus, not $APP" >&2; exit 2 ;;
esac
start_database
read -r -a service_env <<<"${CONFIG:-}"
start_service
echo "  $(service_settings || true)"
if [[ $name == floor-quarkus ]]; then # it writes nothing: one account to read, and its GET warms it (below)
  account_id=$("${psql_admin[@]}" -c "INSERT INTO accounts (name, slug, owner_email, subscription_status, plan_tier,
    billing_interval) VALUES ('Profiled', 'profiled', 'ops@bench.example', 'active', 'growth', 'annual') RETURNING id" | head -1)
else
  [[ $mode == create* ]] && use_write "$mode" # warm the path profiled; the other modes share creation's
  warm_up
  account_id=$(curl -sf "$base/api/v1/accounts?limit=1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
fi
# The path profiled, until the JIT has compiled it: otherwise the compiler's threads are a part of the profile.
profiled_load() { duration=${WARM_WINDOW:-20} wrk_run "$mode" 32 >/dev/null; }
echo "  $mode until the JIT settled: $(settle_jit "$service_pid" "${WARM_WINDOW:-20}" profiled_load)"
quiet_database
agent() { java bench/AgentLoad.java "$service_pid" "$work/libasyncProfiler.so" "$1" >/dev/null; }
agent start,event=itimer
line=$(duration=$seconds wrk_run "$mode" 32)
agent "stop,file=$work/stacks.txt,collapsed"
# Collapsed stacks: one line a distinct stack, frames joined by ';', then its sample count.
total=$(awk '{n += $NF} END {print n}' "$work/stacks.txt")
share() { awk -v t="$total" '{printf "%6.1f %%  %s\n", 100 * $1 / t, substr($0, index($0, $2))}'; }
# A stack counts for a part when any of its frames matches; parts overlap (a JSON write inside a Vert.x handler).
by_part() {
  while IFS='|' read -r name pattern; do
    printf '%s %s\n' "$(grep -E "$pattern" "$work/stacks.txt" | awk '{n += $NF} END {print n + 0}')" "$name"
  done <<'PARTS'
HTTP: reading requests and writing responses (Netty, socket calls)|io[./]netty[./]channel|writev|sendto|recvfrom|epoll
PostgreSQL client: encoding, decoding, sending statements|io[./]vertx[./]pgclient|io[./]vertx[./]sqlclient
Hibernate Reactive (sessions, entities)|org[./]hibernate[./](reactive|orm|engine|event|internal|persister|sql|query|action|loader|type|bytecode|resource|boot)
JSON (Jackson)|com[./]fasterxml[./]jackson
Request checks (Hibernate Validator, the service's input checks)|org[./]hibernate[./]validator|org[./]erp[./]provisioning[./]web[./](JsonBody|InputValidator)
Logging|org[./]jboss[./]logmanager|org[./]jboss[./]logging
Metrics (Micrometer)|io[./]micrometer
RESTEasy Reactive|org[./]jboss[./]resteasy[./]reactive
Mutiny and context propagation|io[./]smallrye[./]mutiny|io[./]smallrye[./]context
JIT compiler and GC threads|CompileBroker|C2Compiler|GCTaskThread|ParallelTask|VM_Thread
PARTS
}
{
  echo "# CPU profile of \`$mode\` requests (bench/wrk.lua) at 32 clients${suffix:+, on $name}"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) with \`${APP:+APP=$APP }MODE=$mode${CONFIG:+ CONFIG=\"$CONFIG\"} PROFILE_SECONDS=$seconds bench/profile.sh\` at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown): async-profiler $version, itimer, ${seconds} s after the warm-up and the profiled requests until the JIT settled."
  echo "$(java -version 2>&1 | head -1); $(database_settings); **$(durability_label)**."
  settings=$(service_settings || true) # none from the floor
  echo "The $name: ${CONFIG:-as shipped}${settings:+; $settings}. Meanwhile $(rate_of "$line") requests/s, p99 $(field p99_ms "$line") ms,"
  echo "$name CPU $(field service_cpu_us "$line") µs and machine CPU $(field machine_cpu_us "$line") µs per request."
  echo
  echo "Samples: $total. Share of all samples in which a part appears (parts overlap):"
  echo
  echo '```'
  by_part | sort -rn | share
  echo '```'
  echo
  echo "Each sample counted once, in one layer (bench/layers.awk), and the µs of CPU a request it stands for:"
  echo
  echo '```'
  awk -v cpu_us="$(field service_cpu_us "$line")" -f bench/layers.awk "$work/stacks.txt" | sort -rn
  echo '```'
  echo
  echo "The 30 frames with the most samples of their own:"
  echo
  echo '```'
  awk '{n = split($1, f, ";"); self[f[n]] += $NF} END {for (k in self) print self[k], k}' "$work/stacks.txt" | sort -rn | sed -n 1,30p | share
  echo '```'
} >"$results/profile-$mode$suffix.txt"
gzip -c "$work/stacks.txt" >"$results/profile-$mode$suffix.collapsed.gz"
head -60 "$results/profile-$mode$suffix.txt"

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster holding EVA's schema, for the tests and the local quick start.
#
#   eva-db.sh install                          install Debian's PostgreSQL server and client when they are missing
#   eva-db.sh start DIR PORT [SQL_FILE ...]   create a cluster in DIR, listen on 127.0.0.1:PORT, create the
#                                              database "eva" and the service's login, then load the SQL files
#   eva-db.sh down DIR                         stop the server, keep the cluster (an outage)
#   eva-db.sh up DIR                           start the server of an existing cluster again
#   eva-db.sh stop DIR                         stop the cluster and delete DIR
#
# EVA_PG_BIN: the server binaries of another PostgreSQL version (default: the newest installed by Debian).
#
# The service logs in as "erp_provisioning", which may read and write rows but owns nothing and may run no DDL:
# the schema belongs to EVA. Tests change the schema (ALTER TYPE ...) as the superuser "postgres".
set -euo pipefail

install() {
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v psql >/dev/null; then
    return
  fi
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq postgresql >/dev/null
}

pg_bin() {
  # Another PostgreSQL major version's server binaries (initdb, pg_ctl, postgres), e.g. to run the tests against it.
  if [[ -n ${EVA_PG_BIN:-} ]]; then
    echo "$EVA_PG_BIN"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $dir ]]; then
    echo "eva-db: no PostgreSQL server binaries; install Debian's 'postgresql' package" >&2
    exit 1
  fi
  echo "$dir"
}

# initdb and postgres refuse to run as root: run them as the "postgres" user the Debian package creates.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 port=$2; shift 2
  local bin; bin=$(pg_bin)
  mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # Tests and the quick start need no durability and run faster without flushing; EVA_DB_DURABLE=1 (the
  # benchmark) keeps PostgreSQL's durable defaults, so a commit costs what it costs in production.
  local fsync=off
  [[ ${EVA_DB_DURABLE:-} == 1 ]] && fsync=on
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
fsync = $fsync
CONF
  up "$dir"
  local client="$bin/psql"
  [[ -x $client ]] || client=psql # server-only builds bring no client: the installed one talks to any version
  local psql=("$client" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${psql[@]}" -d postgres -c "CREATE ROLE erp_provisioning LOGIN PASSWORD 'erp_provisioning'" \
    -c "CREATE DATABASE eva"
  for file in "$@"; do "${psql[@]}" -d eva -f "$file"; done
  # Domains and deals may be deleted through the API; accounts may not, and the database refuses it too.
  "${psql[@]}" -d eva -c "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO erp_provisioning" \
    -c "GRANT DELETE ON partner_domains, partner_deals TO erp_provisioning"
}

up() {
  local dir=$1
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && return 0
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 start >/dev/null \
    || { cat "$dir/postgres.log" >&2; exit 1; }
}

down() {
  as_owner "$(pg_bin)/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null
}

stop() {
  local dir=$1
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) shift; install; start "$@" ;;
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  stop) shift; stop "$@" ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac

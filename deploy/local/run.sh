#!/usr/bin/env bash
# Runs the service on http://localhost:8080 against a fresh local PostgreSQL holding EVA's schema and a little
# sample data. Ctrl-C stops both. Installs PostgreSQL from Debian's packages when it is missing.
#
#   EVA_DB_PORT   port of the local database (default 55432)
#   HTTP_PORT     port of the service (default 8080)
set -euo pipefail
cd "$(dirname "$0")/../.."

db_dir=${TMPDIR:-/tmp}/eva-local-db
db_port=${EVA_DB_PORT:-55432}

bash deploy/local/eva-db.sh install
bash deploy/local/eva-db.sh stop "$db_dir"
bash deploy/local/eva-db.sh start "$db_dir" "$db_port" \
  src/test/resources/eva/schema.sql src/test/resources/eva/sample-data.sql
trap 'bash deploy/local/eva-db.sh stop "$db_dir"' EXIT
echo "EVA database with sample data on postgresql://127.0.0.1:$db_port/eva"

./mvnw -B -q package -DskipTests
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$db_port/eva" \
QUARKUS_DATASOURCE_USERNAME=erp_provisioning \
QUARKUS_DATASOURCE_PASSWORD=erp_provisioning \
QUARKUS_HTTP_PORT=${HTTP_PORT:-8080} \
ERP_SECURITY_ENABLED=false \
  java -jar target/quarkus-app/quarkus-run.jar

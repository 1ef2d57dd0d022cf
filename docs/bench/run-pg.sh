#!/usr/bin/env bash
# Runs one moim-bench scenario against a server on PostgreSQL (the local service at 127.0.0.1:5432, its own
# defaults: fsync and synchronous_commit on).
#   docs/bench/run-pg.sh <label> <moim-bench arguments...>
#   e.g. docs/bench/run-pg.sh pg-5000 steady --rate 5000 --duration 60s --warmup 20s
# The first call creates the database moim_bench and prepares 1,000 users and 100 rooms of 10 in it (a few
# minutes: one BCrypt hash per sign-up); later calls reuse them, so the history grows from run to run (each run
# reports it in the server log). PGHOST/PGUSER as for psql; results, the server's log and its JFR recording go to
# $WORK/<label>/. SERVER_ARGS adds arguments to the server's command line, e.g.
# SERVER_ARGS="--spring.profiles.active=postgres,redis" for one node in cluster mode (the local Redis).
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; shift
WORK=${WORK:-/tmp/moim-bench-work}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SERVER=$(ls moim-server/target/moim-server-*.jar | head -1)
BENCH=moim-bench/target/moim-bench.jar
PORT=${PORT:-18080}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export PGHOST PGUSER
mkdir -p "$WORK/$label"

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'moim_bench'" | grep -q 1; then
  psql -d postgres -c "CREATE DATABASE moim_bench" > /dev/null
  rm -f "$WORK/pg-state.json"
fi

"$JAVA" -XX:StartFlightRecording=filename="$WORK/$label/server.jfr",settings=profile,dumponexit=true \
  -Dmoim.auth.signups-per-ip.count=100000 -jar "$SERVER" --server.port=$PORT --spring.profiles.active=postgres \
  --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/moim_bench" --spring.datasource.username="$PGUSER" \
  ${SERVER_ARGS:-} >> "$WORK/$label/server.log" 2>&1 &
pid=$!
# A bench that fails must not leave the server running (and holding the port) behind it.
trap 'kill -9 "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
  sleep 1
done
psql -d moim_bench -tAc "SELECT 'messages stored before this run: ' || count(*) FROM messages" >> "$WORK/$label/server.log" || true
"$JAVA" -jar "$BENCH" "$@" --api "http://127.0.0.1:$PORT" --state "$WORK/pg-state.json" --server-pid "$pid" \
  --out "$WORK/$label/result" | tee "$WORK/$label/bench.log"
kill "$pid"; wait "$pid" 2>/dev/null || true

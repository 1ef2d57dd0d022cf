#!/usr/bin/env bash
# Runs one moim-bench scenario against three Moim nodes in cluster mode on this machine: one PostgreSQL (the local
# service, database moim_bench, as run-pg.sh) and one Redis (the local service at 127.0.0.1:6379, or REDIS_URL).
#   docs/bench/run-cluster.sh <label> <moim-bench arguments...>
#   e.g. docs/bench/run-cluster.sh cluster-2000 steady --rate 2000 --duration 60s --warmup 20s
# Connections are spread round-robin over the three nodes (--ws); every node is measured (--server-pid).
# Results, each node's log and its JFR recording go to $WORK/<label>/.
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; shift
WORK=${WORK:-/tmp/moim-bench-work}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SERVER=$(ls moim-server/target/moim-server-*.jar | head -1)
BENCH=moim-bench/target/moim-bench.jar
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export PGHOST PGUSER
mkdir -p "$WORK/$label"

if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'moim_bench'" | grep -q 1; then
  psql -d postgres -c "CREATE DATABASE moim_bench" > /dev/null
  rm -f "$WORK/pg-state.json"
fi
# Every node signs and checks the same tokens.
secret=$(head -c 32 /dev/urandom | base64)
pids=(); ws=(); pidargs=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done' EXIT
for i in 1 2 3; do
  port=$((18080 + i))
  MOIM_JWT_SECRET=$secret "$JAVA" -Xmx1g -XX:StartFlightRecording=filename="$WORK/$label/node-$i.jfr",settings=profile,dumponexit=true \
    -Dmoim.auth.signups-per-ip.count=100000 -jar "$SERVER" --server.port=$port \
    --spring.profiles.active=postgres,redis --spring.data.redis.url="$REDIS_URL" \
    --spring.datasource.url="jdbc:postgresql://$PGHOST:5432/moim_bench" --spring.datasource.username="$PGUSER" \
    --moim.data-dir="$WORK/$label/node-$i" >> "$WORK/$label/node-$i.log" 2>&1 &
  pids+=($!); ws+=("ws://127.0.0.1:$port/ws"); pidargs+=(--server-pid "$!")
  # The first node migrates the schema; the others start once it is up.
  if [ "$i" = 1 ]; then
    for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 1; done
  fi
done
for i in 2 3; do
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$((18080 + i))/actuator/health" && break; sleep 1; done
done
"$JAVA" -jar "$BENCH" "$@" --api "http://127.0.0.1:18081" --ws "$(IFS=,; echo "${ws[*]}")" \
  --state "$WORK/pg-state.json" "${pidargs[@]}" --out "$WORK/$label/result" | tee "$WORK/$label/bench.log"
# A graceful stop, so that each node writes its JFR recording.
kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true

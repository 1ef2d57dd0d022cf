#!/usr/bin/env bash
# Three Moim nodes behind nginx on this machine, on the local PostgreSQL (database moim_cluster) and Redis
# (node.env), then a smoke test through nginx: moim-bench signs up users, spreads their WebSockets over the nodes
# through nginx, sends, and checks that every member got every message, in order, once.
#   deploy/cluster-nginx/run.sh          start, smoke-test, stop
#   deploy/cluster-nginx/run.sh --keep   start, smoke-test, and leave it running (Ctrl-C stops it)
# Needs: JDK 25, the local PostgreSQL and Redis services, and Debian's nginx (installed with apt-get if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/moim-cluster-nginx}
PORT=${PORT:-18180}
NODES=(18181 18182 18183)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
mkdir -p "$WORK"

if ! command -v nginx > /dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt-get install -y -q nginx-light || apt-get install -y -q nginx
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f moim-server/target/moim-server-0.1.0-SNAPSHOT.jar ] && [ -f moim-bench/target/moim-bench.jar ] \
  || ./mvnw -B -q -pl moim-server,moim-bench -am -DskipTests package

set -a; source deploy/cluster-nginx/node.env; set +a
PGHOST=127.0.0.1 psql -U "$SPRING_DATASOURCE_USERNAME" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'moim_cluster'" | grep -q 1 \
  || PGHOST=127.0.0.1 psql -U "$SPRING_DATASOURCE_USERNAME" -d postgres -c "CREATE DATABASE moim_cluster" > /dev/null
MOIM_JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0)
export MOIM_JWT_SECRET

pids=()
stop() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT

for i in 0 1 2; do
  "$JAVA" -Xmx512m -jar moim-server/target/moim-server-0.1.0-SNAPSHOT.jar --server.port="${NODES[$i]}" \
    --server.address=127.0.0.1 --moim.data-dir="$WORK/node-$i" > "$WORK/node-$i.log" 2>&1 &
  pids+=($!)
  # The first node creates the schema before the others start.
  if [ "$i" = 0 ]; then
    for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:${NODES[0]}/actuator/health" && break; sleep 1; done
  fi
done
for port in "${NODES[@]}"; do
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 1; done
  curl -sf "http://127.0.0.1:$port/actuator/health" > /dev/null || { echo "node on $port did not start" >&2; exit 1; }
done

mkdir -p "$WORK/nginx"
sed -e "s|@PREFIX@|$WORK/nginx|g" -e "s|@PORT@|$PORT|g" -e "s|@NODE1@|${NODES[0]}|" -e "s|@NODE2@|${NODES[1]}|" \
  -e "s|@NODE3@|${NODES[2]}|" deploy/cluster-nginx/nginx.conf > "$WORK/nginx/nginx.conf"
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
for _ in $(seq 1 30); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break; sleep 0.5; done
echo "Moim cluster behind nginx: http://127.0.0.1:$PORT/ (nodes ${NODES[*]}; logs in $WORK)"

# Smoke test through nginx only: 3 rooms of 4, their 12 sockets spread by nginx over the three nodes.
"$JAVA" -jar moim-bench/target/moim-bench.jar steady --api "http://127.0.0.1:$PORT" --ws "ws://127.0.0.1:$PORT/ws" \
  --rooms 3 --room-size 4 --rate 20 --duration 10s --warmup 2s --state "$WORK/bench-state.json" \
  --out "$WORK/smoke" | tee "$WORK/smoke.log"
grep -q "missing 0, duplicates 0" "$WORK/smoke.log" || { echo "SMOKE TEST FAILED: deliveries missing or doubled" >&2; exit 1; }
# Each node wrote room events to sockets of its own: nginx spread the members over all three.
for port in "${NODES[@]}"; do
  delivered=$(curl -sf "http://127.0.0.1:$port/actuator/prometheus" | awk '/^moim_deliveries_total/ {print int($2)}')
  echo "node $port delivered ${delivered:-0} room events to its sockets"
  [ "${delivered:-0}" -gt 0 ] || { echo "SMOKE TEST FAILED: node $port served no member" >&2; exit 1; }
done
echo "SMOKE TEST PASSED: every message reached every member, once and in order, through nginx and all three nodes"

if [ "${1:-}" = "--keep" ]; then
  echo "Running; Ctrl-C stops the nodes and nginx."
  wait
fi

#!/usr/bin/env bash
# Runs one moim-bench scenario against a fresh embedded-H2 server that starts from the same prepared users and rooms.
#   docs/bench/run-h2.sh <label> <moim-bench arguments...>
#   e.g. docs/bench/run-h2.sh steady-2000 steady --rate 2000 --duration 60s --warmup 10s
# The first call prepares 1,000 users and 100 rooms of 10 once (a few minutes: one BCrypt hash per sign-up) into
# $WORK/template; every run copies it, so each starts with the same accounts and almost no history.
# Results, the server's log and its JFR recording go to $WORK/<label>/. SERVER_ARGS adds arguments to the server's
# command line (e.g. SERVER_ARGS="--moim.messages.max-queue-wait=1s"), SERVER_JVM options to its JVM (e.g. -Xmx1g);
# SERVER=path/to/moim-server.jar measures another build.
set -euo pipefail
cd "$(dirname "$0")/../.."
label=$1; shift
WORK=${WORK:-/tmp/moim-bench-work}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SERVER=${SERVER:-$(ls moim-server/target/moim-server-*.jar | head -1)}
BENCH=moim-bench/target/moim-bench.jar
PORT=${PORT:-18080}
mkdir -p "$WORK/$label"

start_server() { # data-dir, JVM options..., [-- server arguments...]
  local data=$1; shift
  local jvm=() args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ $# -gt 0 ] && shift && args=("$@")
  "$JAVA" "${jvm[@]}" -jar "$SERVER" --server.port=$PORT --moim.data-dir="$data" "${args[@]}" >> "$WORK/$label/server.log" 2>&1 &
  echo $! > "$WORK/server.pid"
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && return 0
    sleep 1
  done
  echo "server did not start" >&2; exit 1
}
stop_server() { kill "$(cat "$WORK/server.pid")"; wait "$(cat "$WORK/server.pid")" 2>/dev/null || true; }
# A bench that fails must not leave the server running (and holding the port) behind it.
trap 'kill -9 "$(cat "$WORK/server.pid" 2>/dev/null)" 2>/dev/null || true' EXIT

if [ ! -d "$WORK/template" ]; then
  start_server "$WORK/template" -Dmoim.auth.signups-per-ip.count=100000
  "$JAVA" -jar "$BENCH" steady --api "http://127.0.0.1:$PORT" --state "$WORK/template-state.json" \
    --rate 100 --duration 2s --warmup 0s --out "$WORK/prepare"
  stop_server
fi

# HISTORY names a copy of the template with history added (e.g. 10 million messages, see bench/history.sql).
rm -rf "$WORK/run" && cp -r "${HISTORY:-$WORK/template}" "$WORK/run" && cp "$WORK/template-state.json" "$WORK/run-state.json"
start_server "$WORK/run" ${SERVER_JVM:-} -XX:StartFlightRecording=filename="$WORK/$label/server.jfr",settings=profile,dumponexit=true \
  -- ${SERVER_ARGS:-}
pid=$(cat "$WORK/server.pid")
"$JAVA" -jar "$BENCH" "$@" --api "http://127.0.0.1:$PORT" --state "$WORK/run-state.json" --server-pid "$pid" \
  --out "$WORK/$label/result" | tee "$WORK/$label/bench.log"
stop_server

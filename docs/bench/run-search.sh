#!/usr/bin/env bash
# The search benchmark (issue 9), on the embedded defaults (H2 and the Lucene index), then the same queries as
# SQL LIKE on H2 and on PostgreSQL.
#   docs/bench/run-search.sh            (MESSAGES=1000000 SEARCHERS=20 DURATION=60s by default)
# 1. A server on a fresh data directory gets 200 users and 500 rooms of 10 random members (each user in about 25
#    rooms), and moim-bench writes a corpus of Korean and mixed chat lines for them (corpus.csv).
# 2. With the server stopped the corpus goes straight into the H2 file, as if it had been sent long ago.
# 3. The server starts again and its indexer catches up from nothing: messages per second, index size per message.
# 4. SEARCHERS concurrent searchers over REST (half in one of their rooms, half in all), latency percentiles.
# 5. The same searches as SQL LIKE on the H2 file and on a PostgreSQL copy of the messages (the local service).
# RATE (default 100) paces the second search run. Results, logs and JFR recordings go to $WORK/search/. Needs about 3 GB of disk for a million messages.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/moim-bench-work}/search
MESSAGES=${MESSAGES:-1000000}
SEARCHERS=${SEARCHERS:-20}
DURATION=${DURATION:-60s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SERVER=$(ls moim-server/target/moim-server-*.jar | head -1)
BENCH=moim-bench/target/moim-bench.jar
H2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | sort -V | tail -1)
PORT=${PORT:-18090}
API="http://127.0.0.1:$PORT"
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export PGHOST PGUSER
rm -rf "$WORK" && mkdir -p "$WORK"
cp "$SERVER" "$WORK/moim-server.jar"

pid=
stop_server() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi
}
trap stop_server EXIT
start_server() {
  "$JAVA" -XX:StartFlightRecording=filename="$WORK/$1.jfr",settings=profile,dumponexit=true \
    -jar "$WORK/moim-server.jar" --server.port=$PORT --moim.data-dir="$WORK/data" \
    --moim.auth.signups-per-ip.count=100000 --moim.rooms.member-adds.count=1000000 \
    --moim.search.searches-per-user.count=100000000 >> "$WORK/server-$1.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$API/actuator/health" && return 0
    sleep 0.5
  done
  echo "server did not start" >&2; exit 1
}

echo "== 1. users, rooms and a corpus of $MESSAGES messages"
start_server prepare
"$JAVA" -jar "$BENCH" search-corpus --api "$API" --state "$WORK/state.json" --messages "$MESSAGES" --out "$WORK"
stop_server

echo "== 2. the corpus into the H2 file"
cat > "$WORK/load.sql" <<SQL
INSERT INTO messages (id, room_id, seq, sender_id, client_msg_id, type, content, created_at)
  SELECT CAST(ID AS UUID), CAST(ROOM_ID AS BIGINT), CAST(SEQ AS BIGINT), CAST(SENDER_ID AS BIGINT), CLIENT_MSG_ID, TYPE,
         CONTENT, CAST(CREATED_AT AS TIMESTAMP WITH TIME ZONE)
  FROM CSVREAD('$WORK/corpus.csv', NULL, 'charset=UTF-8');
UPDATE rooms r SET last_seq = (SELECT MAX(seq) FROM messages m WHERE m.room_id = r.id), last_activity_at = CURRENT_TIMESTAMP
  WHERE EXISTS (SELECT 1 FROM messages m WHERE m.room_id = r.id);
SQL
start=$(date +%s.%N)
"$JAVA" -Xmx4g -cp "$H2" org.h2.tools.RunScript -url "jdbc:h2:file:$WORK/data/moim" -user moim -password "" -script "$WORK/load.sql"
echo "loaded in $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== 3. the index catches up from nothing"
start=$(date +%s.%N)
start_server index
ready=$(date +%s.%N)
while :; do
  status=$(curl -sf "$API/actuator/search" || echo '{}')
  behind=$(echo "$status" | sed -n 's/.*"messagesBehind":\([0-9]*\).*/\1/p')
  phase=$(echo "$status" | sed -n 's/.*"phase":"\([^"]*\)".*/\1/p')
  [ "${behind:-1}" = "0" ] && [ "$phase" = "following" ] && break
  sleep 0.2
done
done_at=$(date +%s.%N)
echo "$status" > "$WORK/index-status.json"
indexed=$(echo "$status" | sed -n 's/.*"indexedSinceStart":\([0-9]*\).*/\1/p')
size=$(echo "$status" | sed -n 's/.*"sizeBytes":\([0-9]*\).*/\1/p')
echo "indexed $indexed messages in $(echo "$done_at - $ready" | bc) s after the server was up ($(echo "$done_at - $start" | bc) s from its start):" \
  "$(echo "$indexed / ($done_at - $ready)" | bc) messages/s; index $((size / 1024 / 1024)) MiB, $((size / indexed)) bytes per message"

echo "== 4. $SEARCHERS searchers over REST: as fast as answered, then at RATE searches a second in all"
"$JAVA" -jar "$BENCH" search --api "$API" --state "$WORK/state.json" --corpus-dir "$WORK" --searchers "$SEARCHERS" \
  --duration "$DURATION" --warmup 20s | tee "$WORK/search.log"
"$JAVA" -jar "$BENCH" search --api "$API" --state "$WORK/state.json" --corpus-dir "$WORK" --searchers "$SEARCHERS" \
  --rate "${RATE:-100}" --duration "$DURATION" --warmup 10s | tee -a "$WORK/search.log"
echo "server CPU: $(ps -o cputime= -p "$pid")"
stop_server

echo "== 5a. the same searches as SQL LIKE on the H2 file"
"$JAVA" -cp "$BENCH" dev.moim.bench.MoimBench search-like --jdbc "jdbc:h2:file:$WORK/data/moim;ACCESS_MODE_DATA=r" \
  --jdbc-user moim --corpus-dir "$WORK" --searchers "$SEARCHERS" --duration 30s | tee "$WORK/like-h2.log"

echo "== 5b. ... and on PostgreSQL (a copy of the messages with Moim's indexes, database moim_like)"
psql -d postgres -qc "DROP DATABASE IF EXISTS moim_like" -c "CREATE DATABASE moim_like"
psql -d moim_like -q <<SQL
CREATE TABLE messages (id UUID PRIMARY KEY, room_id BIGINT NOT NULL, seq BIGINT NOT NULL, sender_id BIGINT,
  client_msg_id VARCHAR(64), type VARCHAR(10) NOT NULL, content VARCHAR, meta VARCHAR(2000),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL, edited_at TIMESTAMP WITH TIME ZONE, deleted_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT messages_room_seq_uq UNIQUE (room_id, seq));
CREATE UNIQUE INDEX messages_sender_client_uq ON messages (sender_id, client_msg_id);
\copy messages (id, room_id, seq, sender_id, client_msg_id, type, content, created_at) FROM '$WORK/corpus.csv' CSV HEADER
ANALYZE messages;
SQL
"$JAVA" -cp "$BENCH" dev.moim.bench.MoimBench search-like --jdbc "jdbc:postgresql://$PGHOST:5432/moim_like" \
  --jdbc-user "$PGUSER" --corpus-dir "$WORK" --searchers "$SEARCHERS" --duration 30s | tee "$WORK/like-pg.log"

#!/usr/bin/env bash
# Makes $WORK/history: a copy of run-h2.sh's prepared template with 100,000 more messages in each of its 100 rooms
# (10 million), written straight into the H2 file, for measuring that sends and reads do not slow down as history
# grows (issue 7, point 3). Then: HISTORY=$WORK/history docs/bench/run-h2.sh <label> steady ...
# Takes a few minutes and about 10 GB of disk. The server must not be running on the template.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/moim-bench-work}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
H2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | sort -V | tail -1)
PER_ROOM=${PER_ROOM:-100000}
rm -rf "$WORK/history" && cp -r "$WORK/template" "$WORK/history"
{
  echo "CREATE LOCAL TEMPORARY TABLE room_sender AS SELECT room_id, MIN(user_id) AS user_id FROM room_members GROUP BY room_id;"
  # 1,000 messages per room per statement, each its own transaction.
  for ((from = 1; from <= PER_ROOM; from += 1000)); do
    echo "INSERT INTO messages (id, room_id, seq, sender_id, client_msg_id, type, content, created_at)" \
      "SELECT RANDOM_UUID(), r.id, r.last_seq + s.X, rs.user_id, 'hist-' || r.id || '-' || s.X, 'TEXT'," \
      "'history message ' || s.X, CURRENT_TIMESTAMP FROM rooms r JOIN room_sender rs ON rs.room_id = r.id" \
      "CROSS JOIN SYSTEM_RANGE($from, $((from + 999))) s;"
  done
  echo "UPDATE rooms SET last_seq = last_seq + $PER_ROOM, last_activity_at = CURRENT_TIMESTAMP;"
} > "$WORK/history.sql"
"$JAVA" -Xmx4g -cp "$H2" org.h2.tools.RunScript -url "jdbc:h2:file:$WORK/history/moim" -user moim -password "" \
  -script "$WORK/history.sql"
echo "made $WORK/history"

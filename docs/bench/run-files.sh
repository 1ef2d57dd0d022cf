#!/usr/bin/env bash
# The files benchmark (issue 10) on the embedded defaults (H2, files in the local directory):
#   docs/bench/run-files.sh          (PHOTO=4032x3024 UPLOADERS=4 DOWNLOADERS=8 DURATION=30s by default)
# A fresh server; moim-bench uploads photo-like JPEGs of PHOTO pixels as fast as the server takes them (each one
# checked from its bytes, decoded with subsampling, stripped of its metadata, thumbnailed and stored durably), sends
# them as albums, then downloads originals and thumbnails as another member. Then the same with 1280x960 photos.
# Server log and JFR recording in $WORK/files/. Add SERVER_ARGS="--moim.files.storage=s3 ..." for another store.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${WORK:-/tmp/moim-bench-work}/files
PHOTO=${PHOTO:-4032x3024}
UPLOADERS=${UPLOADERS:-4}
DOWNLOADERS=${DOWNLOADERS:-8}
DURATION=${DURATION:-30s}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SERVER=$(ls moim-server/target/moim-server-*.jar | head -1)
BENCH=moim-bench/target/moim-bench.jar
PORT=${PORT:-18091}
rm -rf "$WORK" && mkdir -p "$WORK"
cp "$SERVER" "$WORK/moim-server.jar"
"$JAVA" -XX:StartFlightRecording=filename="$WORK/files.jfr",settings=profile,dumponexit=true \
  -jar "$WORK/moim-server.jar" --server.port=$PORT --moim.data-dir="$WORK/data" \
  --moim.auth.signups-per-ip.count=100000 --moim.files.uploads-per-user.count=1000000 \
  --moim.files.user-quota=1TB --moim.files.room-quota=1TB ${SERVER_ARGS:-} > "$WORK/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 0.5
done
for photo in "$PHOTO" 1280x960; do
  echo "== $photo"
  "$JAVA" -jar "$BENCH" files --api "http://127.0.0.1:$PORT" --photo "$photo" --uploaders "$UPLOADERS" \
    --downloaders "$DOWNLOADERS" --duration "$DURATION"
done
echo "disk: $(du -sh "$WORK/data/files" | cut -f1) in $WORK/data/files"

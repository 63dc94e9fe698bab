#!/usr/bin/env bash
# HTTP benchmark of the runtime-server with wrk: /_dazzle/health and /_dazzle/stats (1,000,000 invoices), with
# /_dazzle/tables (COUNT(*) of every table on every call, what Dazzle's /stats does) as the baseline in the same run.
# Usage: bench/server-http.sh [seconds per run, default 20] [invoices, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-20}"
INVOICES="${2:-1000000}"
DATA="${BENCH_DATA_DIR:-/tmp/dazzle-bench-server}"
PORT="${BENCH_PORT:-18900}"
command -v wrk >/dev/null || { echo "wrk is not installed: run scripts/install-test-tools.sh" >&2; exit 2; }

echo "[bench] building runtime-server"
./mvnw -B -ntp -q -o install -pl shared-model,runtime-server -am -DskipTests >/dev/null
# compile only this benchmark (not the whole bench module), against runtime-server's runtime classpath
OUT=bench/target/server-bench
mkdir -p "$OUT"
./mvnw -B -ntp -q -o dependency:build-classpath -pl runtime-server -Dmdep.includeScope=runtime -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="runtime-server/target/classes:$(cat "$OUT/cp.txt")"
javac -nowarn -d "$OUT/classes" --release 17 -cp "$CP" bench/src/main/java/com/dazzleops/bench/server/*.java
CP="$OUT/classes:$CP"

mkdir -p "$DATA"
LOG="$DATA/server.log"
java -Xmx1g -Dlogback.configurationFile=dazzle-logback.xml -cp "$CP" com.dazzleops.bench.server.ServerBench "$DATA" "$PORT" "$INVOICES" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q '^READY ' "$LOG" && break
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; echo "[bench] server died" >&2; exit 1; }
  sleep 1
done
grep -E '^(seeded|invoices)' "$LOG" || true
BASE="http://127.0.0.1:$PORT"

# paced load: each connection waits 10 ms between requests (24 connections ≈ 2,000 req/s at ~1-2 ms latency)
PACED=$(mktemp); cat >"$PACED" <<'LUA'
request = function() return wrk.format("GET", wrk.path, {["Accept"]="application/json"}) end
delay = function() return 10 end
LUA
PLAIN=$(mktemp); cat >"$PLAIN" <<'LUA'
request = function() return wrk.format("GET", wrk.path, {["Accept"]="application/json"}) end
LUA

run() { # label script connections url
  local out; out=$(wrk -t2 -c"$3" -d"${DURATION}s" --latency -s "$2" "$4")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
}

echo "[bench] warm-up"; wrk -t2 -c8 -d5s -s "$PLAIN" "$BASE/_dazzle/health" >/dev/null; wrk -t2 -c4 -d5s -s "$PLAIN" "$BASE/_dazzle/stats" >/dev/null
echo
echo "endpoint (load)                                    throughput          latency"
run "/_dazzle/health (paced ~2,000 req/s)" "$PACED" 24 "$BASE/_dazzle/health"
run "/_dazzle/health (saturated, 32 conns)" "$PLAIN" 32 "$BASE/_dazzle/health"
run "/_dazzle/stats (paced ~2,000 req/s)" "$PACED" 24 "$BASE/_dazzle/stats"
run "/_dazzle/stats (saturated, 8 conns)" "$PLAIN" 8 "$BASE/_dazzle/stats"
run "baseline: COUNT(*) every table (/_dazzle/tables, 8 conns)" "$PLAIN" 8 "$BASE/_dazzle/tables"
echo
echo "targets: /_dazzle/health p99 <= 5 ms at 2,000 req/s; /_dazzle/stats with $(grep '^invoices' "$LOG" | cut -d' ' -f2) invoices <= 50 ms"
rm -f "$PACED" "$PLAIN"

#!/usr/bin/env bash
# Trace viewer benchmark: a 1,000,000-span trace file; time to show the first tree level, to expand a node with
# 10,000 children and ordinary nodes, heap used (the lazy viewer runs with -Xmx512m); and in the same run the
# baseline, a full in-memory load of the same file as `dazzle perf show` does. Prints the figures.
#   bench/perf-viewer.sh [SPANS] [FANOUT]      (defaults 1000000 10000; the file is kept in bench/target)
set -euo pipefail
cd "$(dirname "$0")/.."
SPANS=${1:-1000000}
FANOUT=${2:-10000}
mvn -B -ntp -q install -DskipTests -pl shared-model,perf-core,runtime-server,console-app
mvn -B -ntp -q package -DskipTests -pl bench
CP="bench/target/classes:bench/target/lib/*"
FILE="bench/target/perf-bench-${SPANS}.db"
if [ ! -f "$FILE" ]; then
  java -Xmx1g -cp "$CP" com.dazzleops.bench.perf.PerfViewerBench generate "$FILE" "$SPANS" "$FANOUT"
else
  echo "reusing $FILE ($(du -h "$FILE" | cut -f1))"
fi
echo "--- first level in a JVM where nothing ran before the open (logging, SQLite driver and native library inside), -Xmx512m"
java -Xmx512m -cp "$CP" com.dazzleops.bench.perf.PerfViewerBench bare "$FILE"
echo "--- lazy viewer (TraceViewModel over perf-core), -Xmx512m"
java -Xmx512m -cp "$CP" com.dazzleops.bench.perf.PerfViewerBench lazy "$FILE"
echo "--- baseline: full in-memory load, -Xmx4g"
java -Xmx4g -cp "$CP" com.dazzleops.bench.perf.PerfViewerBench baseline "$FILE"
echo "targets: first level <= 1000 ms, any expansion <= 100 ms, heap <= 512 MB"

#!/usr/bin/env bash
# Trace viewer benchmark: a 1,000,000-span trace file; time to show the first tree level, to expand a node with
# 10,000 children and ordinary nodes, heap used (the lazy viewer runs with -Xmx512m); and in the same run the
# baseline, a full in-memory load of the same file as `dazzle perf show` does; then the same file in the console's
# real window under Xvfb (its shipped JVM options), timed from the operator's open / click to the rows shown
# complete in the tree. Prints the figures.
#   bench/perf-viewer.sh [SPANS] [FANOUT]      (defaults 1000000 10000; the file is kept in bench/target)
set -euo pipefail
cd "$(dirname "$0")/.."
SPANS=${1:-1000000}
FANOUT=${2:-10000}
./mvnw -B -ntp -q install -DskipTests -pl shared-model,perf-core,runtime-server,console-app -am
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
echo "--- the console window (ConsoleWindow, traces page) under Xvfb, the console's shipped JVM options"
need=()
command -v xvfb-run >/dev/null || need+=(xvfb)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
if [ ${#need[@]} -gt 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi
SHIPPED=$(grep -v '^#' console-app/jvm.options | tr '\n' ' ' | sed 's/ *$//')
UIHOME=$(mktemp -d)
# shellcheck disable=SC2086
XDG_CONFIG_HOME="$UIHOME/config" XDG_DATA_HOME="$UIHOME/data" xvfb-run -a -s "-screen 0 1600x1000x24" \
  java $SHIPPED -Dprism.order=sw -cp "$CP" com.dazzleops.bench.perf.PerfViewerUiBench "$FILE" 2> "$UIHOME/ui.log" || {
    echo "the window bench failed:" >&2; tail -30 "$UIHOME/ui.log" >&2; exit 1; }
rm -rf "$UIHOME"
echo "targets: first level <= 1000 ms, any expansion <= 100 ms, heap <= 512 MB"

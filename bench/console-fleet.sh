#!/usr/bin/env bash
# Console engine benchmark (issue 6): the toolkit-free engine (client, monitors, checks, SQLite samples, alerts) watching
# 50 servers at a 2 s interval for 5 minutes, no window. Prints CPU (% of one core), RSS and heap beside the issue's
# targets (CPU <= 5 %, RSS <= 400 MB for the whole console). The 50 servers are FleetFixture (50 MockWebServer ports
# answering with one real runtime-server's answers, demo workload on) in a separate JVM, so only the engine is measured.
# --ui runs bench/console-ui.sh instead: the same engine under the real JavaFX window, with the pulse-gap probe.
# Usage: bench/console-fleet.sh [--servers 50] [--minutes 5] [--interval 2] [--warmup 30] [--ui]
set -euo pipefail
cd "$(dirname "$0")/.."
SERVERS=50; MINUTES=5; INTERVAL=2; WARMUP=30
for a in "$@"; do [ "$a" = "--ui" ] && exec bench/console-ui.sh $(printf '%s\n' "$@" | grep -v -- '--ui'); done
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift 2;;
    --minutes) MINUTES=$2; shift 2;;
    --interval) INTERVAL=$2; shift 2;;
    --warmup) WARMUP=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
# shellcheck source=console-bench-lib.sh
. bench/console-bench-lib.sh
if [ -z "${SKIP_BUILD:-}" ]; then
  build_console_bench
fi
CP="bench/target/classes:bench/target/lib/*"
# shellcheck source=fleet-fixture.sh
. bench/fleet-fixture.sh
# the JVM options the console ships with (console-app/jvm.options) and its own logback.xml, as the console runs
ENGINE_JAVA_OPTS=${ENGINE_JAVA_OPTS:-$(shipped_console_opts)}
# shellcheck disable=SC2086
java ${ENGINE_JAVA_OPTS} -cp "$CP" com.dazzleops.bench.console.EngineFleetBench "$work/ports" \
  --minutes "$MINUTES" --interval "$INTERVAL" --warmup "$WARMUP" --work "$work/engine" 2> "$work/engine.log" || {
    echo "the engine bench failed:" >&2; tail -30 "$work/engine.log" >&2; exit 1; }

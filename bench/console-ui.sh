#!/usr/bin/env bash
# Console UI benchmark (issue 6): the real console window (dashboard, then fleet page) watching 50 servers at a 2 s
# interval for 5 minutes under Xvfb. Prints CPU (% of one core), RSS and the largest JavaFX pulse gap beside the
# targets (CPU <= 5 %, RSS <= 400 MB, no pulse gap over 100 ms). The 50 servers are FleetFixture: MockWebServer ports
# answering with a real runtime-server's answers, in a separate JVM so only the console is measured.
# Usage: bench/console-ui.sh [--servers 50] [--minutes 5] [--interval 2] [--warmup 30] [--no-build] [--no-probe]
# --no-probe: no AnimationTimer (no pulse-gap figure); shows what the 60 Hz probe itself costs. The default run keeps
# the probe on and its cost in the CPU figure.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVERS=50; MINUTES=5; INTERVAL=2; WARMUP=30; BUILD=1; PROBE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift 2;;
    --minutes) MINUTES=$2; shift 2;;
    --interval) INTERVAL=$2; shift 2;;
    --warmup) WARMUP=$2; shift 2;;
    --no-build) BUILD=0; shift;;
    --no-probe) PROBE=(--no-probe); shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
need=()
command -v xvfb-run >/dev/null || need+=(xvfb)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
if [ ${#need[@]} -gt 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null
fi
# shellcheck source=console-bench-lib.sh
. bench/console-bench-lib.sh
if [ "$BUILD" = 1 ]; then
  build_console_bench
fi
CP="bench/target/classes:bench/target/lib/*"
# shellcheck source=fleet-fixture.sh
. bench/fleet-fixture.sh
# software rendering under Xvfb (real GTK glass); by default the console runs with the JVM options it ships with:
# console-app/jvm.options, read by ./console and copied into packaging/pom.xml (--java-options), checked here
SHIPPED=$(shipped_console_opts)
grep -qF -- "<argument>$SHIPPED</argument>" packaging/pom.xml \
  || echo "warning: packaging/pom.xml does not ship the options of console-app/jvm.options ($SHIPPED)" >&2
CONSOLE_JAVA_OPTS=${CONSOLE_JAVA_OPTS:-$SHIPPED}
echo "console JVM options: $CONSOLE_JAVA_OPTS" >&2
run_console_ui . "$CONSOLE_JAVA_OPTS" "$work/ports" /dev/stdout "$work/console.log" \
  --minutes "$MINUTES" --interval "$INTERVAL" --warmup "$WARMUP" ${PROBE[@]+"${PROBE[@]}"} || {
    echo "the console bench failed:" >&2; tail -30 "$work/console.log" >&2; exit 1; }

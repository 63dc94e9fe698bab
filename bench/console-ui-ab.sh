#!/usr/bin/env bash
# Side-by-side console UI benchmark: one FleetFixture (50 servers), two consoles at once, each measured from inside by
# its own ConsoleUiBench: A from another checkout (e.g. a worktree of the code before a change, built with its own
# bench module), B from this one. On a shared 2-core machine whose speed moves from run to run (and from machine to
# machine), this is the fair comparison: both consoles see the same fixture answers, alerts and load.
# Usage: bench/console-ui-ab.sh OTHER_CHECKOUT [--minutes 5] [--no-probe] [--no-build]
#   OTHER_CHECKOUT must hold bench/target/classes and bench/target/lib (e.g. `git worktree add ../base <rev>`, then
#   in it: ./mvnw -B -ntp -q -Dmaven.repo.local=<its own repo> install -DskipTests; ... package -pl bench -DskipTests)
# Environment: OPTS_A / OPTS_B override either side's JVM options (default: console-app/jvm.options of this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
OTHER=${1:?usage: bench/console-ui-ab.sh OTHER_CHECKOUT [--minutes N] [--no-probe] [--no-build]}; shift
OTHER=$(cd "$OTHER" && pwd)
MINUTES=5; BUILD=1; EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2;;
    --no-probe) EXTRA+=(--no-probe); shift;;
    --no-build) BUILD=0; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
[ -d "$OTHER/bench/target/classes" ] || { echo "$OTHER/bench/target/classes is missing: build that checkout's bench module first" >&2; exit 2; }
# shellcheck source=console-bench-lib.sh
. bench/console-bench-lib.sh
if [ "$BUILD" = 1 ]; then
  build_console_bench
fi
CP="bench/target/classes:bench/target/lib/*"
SERVERS=50
# shellcheck source=fleet-fixture.sh
. bench/fleet-fixture.sh
SHIPPED=$(shipped_console_opts)
OPTS_A=${OPTS_A:-$SHIPPED}
OPTS_B=${OPTS_B:-$SHIPPED}
run() { # checkout output options
  run_console_ui "$1" "$3" "$work/ports" "$2" "$2.err" --minutes "$MINUTES" --interval 2 --warmup 30 \
    ${EXTRA[@]+"${EXTRA[@]}"}
}
run "$OTHER" "$work/a.out" "$OPTS_A" &
a=$!
sleep 2 # xvfb-run -a picks a free display; two at the same instant may pick the same one
run "$PWD" "$work/b.out" "$OPTS_B" &
b=$!
status=0
wait $a || { echo "console A failed:" >&2; tail -20 "$work/a.out.err" >&2; status=1; }
wait $b || { echo "console B failed:" >&2; tail -20 "$work/b.out.err" >&2; status=1; }
for side in a b; do
  if [ "$side" = a ]; then echo "== A: $OTHER"; else echo "== B: $PWD"; fi
  grep -E '^\|' "$work/$side.out" | grep -v -E 'requests answered' || true # both consoles share the fixture's count
  sed -n '/CPU by thread/,$p' "$work/$side.out"
done
exit $status

#!/usr/bin/env bash
# Scale-out and fault scenarios of the events subsystem (issue 5), with real server processes on one PostgreSQL
# database (own schema) and one Redis (own key prefix). Prints events sent / on the bus / duplicates / projections
# applied per scenario; exits non-zero on any loss or duplicate.
#
#   scripts/events-faults.sh [invoices=10000] [nodes=3] [scenarios]
#   scenarios (default all): scaleout-pg kill-pg pgrestart-pg scaleout-redis kill-redis redisrestart-redis
#
# CAUTION: pgrestart/redisrestart stop and start the machine's shared PostgreSQL/Redis (other engineers' tests use
# them; Redis is restarted with no persistence, so its data is gone). They always start the service again. Never part
# of the default test run. Needs TEST_DATABASE_URL and TEST_REDIS_URL (set here when the local services answer).
set -uo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
NODES="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
SCENARIOS="${*:-scaleout-pg kill-pg pgrestart-pg scaleout-redis kill-redis redisrestart-redis}"
if [ -z "${TEST_DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test
fi
if [ -z "${TEST_REDIS_URL:-}" ] && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
  export TEST_REDIS_URL=redis://127.0.0.1:6379
fi
MVN="./mvnw -B -ntp -q"
$MVN install -pl shared-model,runtime-server -Dmaven.test.skip=true >/dev/null || exit 2
# compile only our bench package (other bench programs may be mid-edit), against runtime-server's classpath
$MVN dependency:build-classpath -pl runtime-server -Dmdep.outputFile="$PWD/runtime-server/target/events-bench.cp" >/dev/null || exit 2
rm -rf bench/target/events-classes && mkdir -p bench/target/events-classes
javac -nowarn -d bench/target/events-classes -cp "runtime-server/target/classes:shared-model/target/classes:$(cat runtime-server/target/events-bench.cp)" \
  bench/src/main/java/com/dazzleops/bench/events/*.java || exit 2
# private copies of the jars, so a concurrent rebuild of target/classes cannot pull classes from under the nodes
mkdir -p bench/target/events-jars
cp runtime-server/target/runtime-server-0.1.0-SNAPSHOT.jar bench/target/events-jars/runtime-server.jar
cp shared-model/target/shared-model-0.1.0-SNAPSHOT.jar bench/target/events-jars/shared-model.jar
CP="bench/target/events-classes:bench/target/events-jars/runtime-server.jar:bench/target/events-jars/shared-model.jar:$(cat runtime-server/target/events-bench.cp)"
rc=0
for s in $SCENARIOS; do
  scenario="${s%-*}"; bus="${s##*-}"
  echo "=== $scenario on $bus: $N invoices, $NODES nodes"
  java -Xmx512m -cp "$CP" com.dazzleops.bench.events.FaultHarness "$scenario" "$bus" "$N" "$NODES" || rc=1
done
# whatever happened, leave the shared services running
pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
exit $rc

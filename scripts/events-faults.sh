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
# shellcheck source=lib/events-classpath.sh
. scripts/lib/events-classpath.sh
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

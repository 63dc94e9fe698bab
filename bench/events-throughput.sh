#!/usr/bin/env bash
# Event pipeline benchmark (issue 5): events/s through outbox -> bus -> consumer and p50/p99 latency at a fixed rate,
# on SQLite, PostgreSQL and Redis Streams, beside the raw batched insert rate of the same database. Prints a table.
# PostgreSQL/Redis rows need TEST_DATABASE_URL / TEST_REDIS_URL (set automatically when the local services answer).
# Usage: bench/events-throughput.sh [--events 50000] [--rate 1000] [--seconds 10] [--warmup 50000] [--warmup-passes 10]
#        [--repeat 5] [--backends sqlite,postgres,redis]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test
fi
if [ -z "${TEST_REDIS_URL:-}" ] && command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
  export TEST_REDIS_URL=redis://127.0.0.1:6379
fi
# shellcheck source=../scripts/lib/events-classpath.sh
. scripts/lib/events-classpath.sh
exec java -Xmx1g -cp "$CP" com.dazzleops.bench.events.EventsThroughputBench "$@"

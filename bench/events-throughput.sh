#!/usr/bin/env bash
# Event pipeline benchmark (issue 5): events/s through outbox -> bus -> consumer and p50/p99 latency at a fixed rate,
# on SQLite, PostgreSQL and Redis Streams, beside the raw batched insert rate of the same database. Prints a table.
# PostgreSQL/Redis rows need TEST_DATABASE_URL / TEST_REDIS_URL (set automatically when the local services answer).
# Usage: bench/events-throughput.sh [--events 50000] [--rate 1000] [--seconds 10] [--warmup 10000] [--backends sqlite,postgres,redis]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test
fi
if [ -z "${TEST_REDIS_URL:-}" ] && command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
  export TEST_REDIS_URL=redis://127.0.0.1:6379
fi
MVN="./mvnw -B -ntp -q"
$MVN install -pl shared-model,runtime-server -Dmaven.test.skip=true >/dev/null
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
exec java -Xmx1g -cp "$CP" com.dazzleops.bench.events.EventsThroughputBench "$@"

# Sourced by bench/events-throughput.sh and scripts/events-faults.sh (from the repository root): sets CP to the
# events bench programs compiled against runtime-server's classpath, with private copies of the jars so a
# concurrent rebuild of target/classes cannot pull classes from under running nodes.
MVN="./mvnw -B -ntp -q"
$MVN install -pl shared-model,runtime-server -am -DskipTests >/dev/null || exit 2
$MVN dependency:build-classpath -pl runtime-server -Dmdep.outputFile="$PWD/runtime-server/target/events-bench.cp" >/dev/null || exit 2
rm -rf bench/target/events-classes && mkdir -p bench/target/events-classes
javac -nowarn -d bench/target/events-classes -cp "runtime-server/target/classes:shared-model/target/classes:$(cat runtime-server/target/events-bench.cp)" \
  bench/src/main/java/com/dazzleops/bench/events/*.java || exit 2
mkdir -p bench/target/events-jars
cp runtime-server/target/runtime-server-0.1.0-SNAPSHOT.jar bench/target/events-jars/runtime-server.jar
cp shared-model/target/shared-model-0.1.0-SNAPSHOT.jar bench/target/events-jars/shared-model.jar
CP="bench/target/events-classes:bench/target/events-jars/runtime-server.jar:bench/target/events-jars/shared-model.jar:$(cat runtime-server/target/events-bench.cp)"

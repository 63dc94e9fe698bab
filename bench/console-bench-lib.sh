# Sourced by the console benchmarks (bench/console-fleet.sh, console-ui.sh, console-ui-ab.sh), from the repository
# root: what they share. Defines functions only.

# Builds the modules the console benchmarks run (this checkout). -DskipTests, not -Dmaven.test.skip: runtime-server
# needs shared-model's test-jar, which the latter does not build. A failure prints the build's last 40 lines, exits 2.
build_console_bench() {
  local log="${TMPDIR:-/tmp}/console-bench-build.log" mvn="./mvnw -B -ntp -q"
  { $mvn install -pl shared-model,perf-core,runtime-server,console-app -am -DskipTests \
      && $mvn package -pl bench -DskipTests; } > "$log" 2>&1 \
    || { echo "build failed:" >&2; tail -40 "$log" >&2; exit 2; }
}

# The JVM options the console ships with (console-app/jvm.options, read by ./console), on one line.
shipped_console_opts() {
  grep -v '^#' console-app/jvm.options | tr '\n' ' ' | sed 's/ *$//'
}

# Runs ConsoleUiBench of CHECKOUT (its bench/target) under Xvfb with software rendering (real GTK glass) against the
# fixture's ports file: run_console_ui CHECKOUT "JVM OPTIONS" PORTS_FILE OUT ERR [bench arguments...]
run_console_ui() {
  local dir=$1 opts=$2 ports=$3 out=$4 err=$5
  shift 5
  # shellcheck disable=SC2086
  (cd "$dir" && xvfb-run -a -s "-screen 0 1600x1000x24" java $opts -Dprism.order=sw \
    -cp "bench/target/classes:bench/target/lib/*" com.dazzleops.bench.console.ui.ConsoleUiBench "$ports" "$@" \
    > "$out" 2> "$err")
}

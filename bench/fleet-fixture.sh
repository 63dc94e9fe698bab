# Sourced by bench/console-fleet.sh and bench/console-ui.sh (from the repository root, with CP and SERVERS set):
# starts FleetFixture (N MockWebServer ports answering as a real runtime-server) in its own JVM, waits for its ports
# file, and stops it on exit. Sets work (a temp dir, removed on exit) and fixture (its pid).
work=$(mktemp -d)
trap 'kill $fixture 2>/dev/null || true; wait $fixture 2>/dev/null || true; rm -rf "$work"' EXIT
java -Xmx512m -cp "$CP" com.dazzleops.bench.console.ui.FleetFixture "$SERVERS" "$work/ports" "$work/server" \
  > "$work/fixture.log" 2>&1 &
fixture=$!
for _ in $(seq 1 120); do [ -f "$work/ports" ] && break; sleep 1; done
[ -f "$work/ports" ] || { echo "the fleet fixture did not start:" >&2; tail -20 "$work/fixture.log" >&2; exit 1; }

#!/usr/bin/env bash
# Installs the Debian packages the test suite and the benchmarks use, when missing. Idempotent.
#   promtool (package prometheus): validates /_dazzle/metrics in tests
#   wrk: the HTTP benchmark
set -euo pipefail
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[tools] missing ${need[*]} and not root: the tests that need them will skip" >&2
    exit 0
  fi
  echo "[tools] installing ${need[*]} from Debian's packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") >/dev/null \
    || echo "[tools] could not install ${need[*]}: the tests that need them will skip" >&2
  # the prometheus package's postinst may start a server; we only want promtool
  pkill -x prometheus 2>/dev/null || true
fi

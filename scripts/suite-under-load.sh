#!/usr/bin/env bash
# Runs `npm test` several times in a row while busy loops keep every core busy, and prints one line per run
# (time, tests passed/failed, warnings) and a verdict. This is how the suite is shown not to flake under load
# (README "Tests"); it is not part of `npm test` or CI, since it takes about ten minutes a run on two cores.
#
#   bash scripts/suite-under-load.sh [runs=5] [busy loops=number of cores]
#
# Exits 1 if any run failed a test or printed a warning the suite must not print (a worker that did not exit,
# MaxListenersExceededWarning, a ts-jest deprecation).
set -uo pipefail
runs="${1:-5}"
loops="${2:-$(nproc)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
logs="$(mktemp -d "${TMPDIR:-/tmp}/vipswap-under-load.XXXXXX")"

burners=()
stop_burners() { for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_burners EXIT
for _ in $(seq "$loops"); do
  node -e 'for (;;) {}' &
  burners+=("$!")
done
echo "suite-under-load: $runs runs of npm test beside $loops busy loops; logs in $logs"

bad=0
for run in $(seq "$runs"); do
  log="$logs/run-$run.log"
  start=$(date +%s)
  (cd "$root" && npm test >"$log" 2>&1)
  rc=$?
  seconds=$(( $(date +%s) - start ))
  summary="$(grep -E '^tests: ' "$log" | tail -n1)"
  warnings="$(grep -cE 'failed to exit gracefully|MaxListenersExceededWarning|ts-jest\[.*\] \(WARN\)' "$log")"
  echo "run $run: exit $rc, ${seconds} s, ${summary:-no summary line}, warnings: $warnings"
  if [ "$rc" -ne 0 ] || [ "$warnings" -ne 0 ]; then bad=1; fi
done

if [ "$bad" -ne 0 ]; then
  echo "suite-under-load: NOT clean; see the logs in $logs"
  exit 1
fi
echo "suite-under-load: all $runs runs passed with no warning"

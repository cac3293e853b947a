#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
# Starts a PostgreSQL server on 127.0.0.1 first when the store tests need one and none is running, and installs
# Debian's chromium (for the dashboard's browser tests) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x scripts/ensure-postgres.sh ]; then
  # shellcheck disable=SC1091
  source scripts/ensure-postgres.sh
fi
if [ -x scripts/ensure-chromium.sh ]; then
  # shellcheck disable=SC1091
  source scripts/ensure-chromium.sh
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Tally.slnx -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test projects' own summaries.
awk '/(Passed|Failed)!  *- Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", f); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
if [ "${CI:-}" != "true" ] && { [ ! -d ../shared/reference/binance-fixtures ] || [ ! -d ../shared/data/lean ]; }; then
  echo "note: ../shared (recorded Binance fixtures, LEAN bars; kept beside the repository) is missing here: the tests that read it were skipped (they run under CI=true)"
fi
exit $status

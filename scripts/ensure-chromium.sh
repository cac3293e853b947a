#!/usr/bin/env bash
# Makes Debian's chromium (/usr/bin/chromium) available for the dashboard tests (tests/Tally.Dashboard.Tests, Playwright).
#
# Sourced by scripts/test.sh; can also be run on its own.
#   1. /usr/bin/chromium exists: nothing to do.
#   2. Otherwise, as root with apt-get: apt-get update and apt-get install -y chromium (Debian's package; Playwright's
#      own browser download is never used).
#   3. Prints one line saying what it did. If chromium cannot be installed: with CI=true it fails with the reason
#      (the dashboard tests must run there); otherwise it warns, and the dashboard tests skip saying why.
#
# Written to be sourced under `set -euo pipefail` without tripping it: the work runs in a subshell.

_tally_chromium_say() { printf 'ensure-chromium: %s\n' "$*" >&2; }

_tally_chromium_setup() (
  set -uo pipefail
  log=/tmp/tally-chromium-$(id -u).setup.log
  if [ -x /usr/bin/chromium ]; then
    echo "chromium is installed ($(/usr/bin/chromium --version 2>/dev/null | tail -n 1)); nothing to do"
    exit 0
  fi
  [ "$(id -u)" -eq 0 ] || { echo "chromium is not installed and installing it needs root: apt-get install -y chromium"; exit 1; }
  command -v apt-get >/dev/null || { echo "chromium is not installed and there is no apt-get to install it"; exit 1; }
  # Two test runs at once must not both run apt-get.
  if command -v flock >/dev/null; then
    exec 9>"/tmp/tally-chromium.lock"
    flock -w 600 9 || { echo "timed out waiting for another ensure-chromium.sh"; exit 1; }
    if [ -x /usr/bin/chromium ]; then
      echo "chromium was just installed by another run; using it"
      exit 0
    fi
  fi
  { DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"$log" 2>&1 \
    || { echo "apt-get install chromium failed: $(tail -n 2 "$log" | tr '\n' ' ')(full log: $log)"; exit 1; }
  [ -x /usr/bin/chromium ] || { echo "apt-get installed chromium but /usr/bin/chromium is missing"; exit 1; }
  echo "installed chromium with apt-get ($(/usr/bin/chromium --version 2>/dev/null | tail -n 1))"
)

_tally_chromium_main() {
  local message
  if message=$(_tally_chromium_setup); then
    _tally_chromium_say "$message"
    return 0
  fi
  if [ "${CI:-}" = "true" ]; then
    _tally_chromium_say "ERROR: CI=true and chromium could not be installed for the dashboard tests: $message"
    return 1
  fi
  _tally_chromium_say "WARNING: $message; the dashboard tests will skip"
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  _tally_chromium_main || exit 1
  exit 0
fi

if ! _tally_chromium_main; then
  exit 1
fi
unset -f _tally_chromium_say _tally_chromium_setup _tally_chromium_main

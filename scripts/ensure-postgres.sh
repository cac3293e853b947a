#!/usr/bin/env bash
# Makes TALLY_TEST_POSTGRES name a reachable PostgreSQL for the store tests (tests/Tally.Storage.Tests).
#
# Sourced by scripts/test.sh; can also be run on its own: eval "$(scripts/ensure-postgres.sh)".
#
#   1. TALLY_TEST_POSTGRES already set and reachable: keep it.
#   2. Otherwise use a private, throwaway cluster on 127.0.0.1:55432 (data in /tmp/tally-pg-$UID; both
#      can be moved with TALLY_PG_PORT and TALLY_PG_DATA), doing only the steps still missing: install PostgreSQL with apt-get (as root,
#      when no initdb exists under /usr/lib/postgresql/*/bin), initdb (as the postgres OS user when run
#      as root; trust auth, loopback only, fsync off: the data is scratch), pg_ctl start, role `tally`
#      (password `tally`, CREATEDB so tests can make a database each) and database `tally_test`.
#      A second run finds the server up and returns after one connection attempt.
#   3. Prints one line saying what it did. If PostgreSQL cannot be made to work: with CI=true it exits
#      non-zero with the reason; otherwise it warns and leaves TALLY_TEST_POSTGRES unset (the PostgreSQL
#      store tests then fail and say why).
#
# Written to be sourced under `set -euo pipefail` without tripping it: the work runs in a subshell and
# only the final export touches the caller's shell.

_tally_pg_port=${TALLY_PG_PORT:-55432}
_tally_pg_url="postgres://tally:tally@127.0.0.1:${_tally_pg_port}/tally_test"

_tally_pg_say() { printf 'ensure-postgres: %s\n' "$*" >&2; }

# The newest PostgreSQL server binaries installed by the distribution packages, or nothing.
_tally_pg_bindir() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  if [ -x "$initdb" ] && [ -x "${initdb%/initdb}/pg_ctl" ]; then
    printf '%s\n' "${initdb%/initdb}"
  else
    return 1
  fi
}

_tally_pg_psql() {
  local dir
  if dir=$(_tally_pg_bindir) && [ -x "$dir/psql" ]; then
    printf '%s\n' "$dir/psql"
  else
    command -v psql
  fi
}

# True when a client can log in with the URL (or, with no psql at hand, when its port answers).
_tally_pg_reachable() {
  local url=$1 psql hostport
  if psql=$(_tally_pg_psql); then
    PGCONNECT_TIMEOUT=3 "$psql" -X -Atq "$url" -c 'SELECT 1' >/dev/null 2>&1
    return
  fi

  hostport=${url#*@}
  hostport=${hostport%%/*}
  timeout 3 bash -c "exec 3<>/dev/tcp/${hostport%:*}/${hostport##*:}" 2>/dev/null
}

# Brings the private cluster up. Runs in a subshell; prints one line: what it did, or why it failed.
# Every step checks its own status: when the caller tests this function (if message=$(...)), bash
# ignores `set -e` inside it, so nothing may rely on errexit here.
_tally_pg_setup() (
  set -uo pipefail
  cd /tmp || exit 1
  uid=$(id -u)
  data=${TALLY_PG_DATA:-/tmp/tally-pg-$uid}
  setup_log=/tmp/tally-pg-$uid.setup.log
  did=()

  fail() {
    echo "$*"
    exit 1
  }

  # Two test runs starting at once must not both initdb the same directory.
  if command -v flock >/dev/null; then
    exec 9>"/tmp/tally-pg-$uid.lock"
    flock -w 300 9 || fail "timed out waiting for another ensure-postgres.sh (lock /tmp/tally-pg-$uid.lock)"
    if _tally_pg_reachable "$_tally_pg_url"; then
      echo "PostgreSQL on 127.0.0.1:$_tally_pg_port was just started by another run; using it"
      exit 0
    fi
  fi

  if ! bindir=$(_tally_pg_bindir); then
    [ "$uid" -eq 0 ] || fail "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and installing it needs root: apt-get install -y postgresql"
    command -v apt-get >/dev/null || fail "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and there is no apt-get to install it"
    { DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } >"$setup_log" 2>&1 \
      || fail "apt-get install postgresql failed: $(tail -n 2 "$setup_log" | tr '\n' ' ')(full log: $setup_log)"
    bindir=$(_tally_pg_bindir) || fail "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb appeared"
    did+=("installed PostgreSQL $(basename "$(dirname "$bindir")") with apt-get")
  fi

  # initdb and postgres refuse to run as root: the cluster belongs to the postgres OS user then.
  as_owner() {
    if [ "$uid" -eq 0 ]; then
      runuser -u postgres -- "$@"
    else
      "$@"
    fi
  }
  if [ "$uid" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || fail "no postgres OS user to own the cluster (the postgresql package creates it)"
  fi

  major=$(basename "$(dirname "$bindir")")
  # Only a cluster this script made is ever deleted (its postgresql.conf carries the marker below).
  ours() { grep -q "^# Tally's test cluster" "$data/postgresql.conf" 2>/dev/null; }
  if [ -f "$data/PG_VERSION" ] && [ "$(cat "$data/PG_VERSION")" != "$major" ]; then
    ours || fail "$data holds a PostgreSQL $(cat "$data/PG_VERSION") cluster this script did not make; set TALLY_PG_DATA elsewhere"
    as_owner "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1
    rm -rf "$data" || fail "cannot remove the old-version cluster in $data"
    did+=("discarded an old-version cluster in $data")
  fi

  if [ ! -f "$data/PG_VERSION" ]; then
    if [ -e "$data" ] && [ -n "$(ls -A "$data" 2>/dev/null)" ]; then
      fail "$data exists and is not a PostgreSQL cluster; remove it or set TALLY_PG_DATA elsewhere"
    fi
    { mkdir -p "$data" && chmod 700 "$data" && { [ "$uid" -ne 0 ] || chown postgres:postgres "$data"; }; } 2>/dev/null \
      || fail "cannot create the data directory $data"
    as_owner "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$setup_log" 2>&1 \
      || fail "initdb failed: $(tail -n 2 "$setup_log" | tr '\n' ' ')(full log: $setup_log)"
    cat >>"$data/postgresql.conf" <<EOF || fail "cannot write $data/postgresql.conf"

# Tally's test cluster (scripts/ensure-postgres.sh): loopback only, and scratch data, so no fsync.
listen_addresses = '127.0.0.1'
port = $_tally_pg_port
unix_socket_directories = '/tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    did+=("created a cluster in $data")
  fi

  if ! as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # 9>&-: the server must not inherit the lock, or it would hold it for as long as it runs.
    as_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$_tally_pg_port -c unix_socket_directories=/tmp" start >"$setup_log" 2>&1 9>&- \
      || fail "could not start PostgreSQL on 127.0.0.1:$_tally_pg_port: $(tail -n 3 "$data/server.log" 2>/dev/null | tr '\n' ' ')(log: $data/server.log)"
    did+=("started PostgreSQL $major on 127.0.0.1:$_tally_pg_port")
  fi

  admin() {
    "$bindir/psql" -X -v ON_ERROR_STOP=1 -Atq "host=127.0.0.1 port=$_tally_pg_port user=postgres dbname=postgres" -c "$1" 2>&1
  }
  out=$(admin "SELECT 1 FROM pg_roles WHERE rolname = 'tally'") || fail "cannot log in as postgres on 127.0.0.1:$_tally_pg_port: $out"
  if [ "$out" != 1 ]; then
    out=$(admin "CREATE ROLE tally LOGIN CREATEDB PASSWORD 'tally'") || fail "CREATE ROLE tally failed: $out"
    did+=("created role tally")
  fi
  out=$(admin "SELECT 1 FROM pg_database WHERE datname = 'tally_test'") || fail "cannot list databases: $out"
  if [ "$out" != 1 ]; then
    out=$(admin "CREATE DATABASE tally_test OWNER tally") || fail "CREATE DATABASE tally_test failed: $out"
    did+=("created database tally_test")
  fi

  _tally_pg_reachable "$_tally_pg_url" || fail "the server is up but $_tally_pg_url does not log in"
  if [ ${#did[@]} -eq 0 ]; then
    did=("PostgreSQL in $data was running; nothing to do")
  fi
  message=${did[0]}
  for step in "${did[@]:1}"; do
    message+=", $step"
  done
  echo "$message"
)

_tally_pg_main() {
  local message
  if [ -n "${TALLY_TEST_POSTGRES:-}" ]; then
    if _tally_pg_reachable "$TALLY_TEST_POSTGRES"; then
      _tally_pg_say "TALLY_TEST_POSTGRES is set and reachable; using it"
      return 0
    fi
    _tally_pg_say "TALLY_TEST_POSTGRES is set but not reachable; setting up the private test server instead"
    unset TALLY_TEST_POSTGRES
  fi

  if _tally_pg_reachable "$_tally_pg_url"; then
    export TALLY_TEST_POSTGRES=$_tally_pg_url
    _tally_pg_say "reusing the PostgreSQL running on 127.0.0.1:$_tally_pg_port; TALLY_TEST_POSTGRES=$TALLY_TEST_POSTGRES"
    return 0
  fi

  if message=$(_tally_pg_setup); then
    export TALLY_TEST_POSTGRES=$_tally_pg_url
    _tally_pg_say "$message; TALLY_TEST_POSTGRES=$TALLY_TEST_POSTGRES"
    return 0
  fi

  if [ "${CI:-}" = "true" ]; then
    _tally_pg_say "ERROR: CI=true and PostgreSQL could not be started for the store tests: $message"
    return 1
  fi

  _tally_pg_say "WARNING: PostgreSQL could not be started ($message); TALLY_TEST_POSTGRES stays unset and the PostgreSQL store tests will fail"
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run on its own: print the export for eval.
  _tally_pg_main || exit 1
  if [ -n "${TALLY_TEST_POSTGRES:-}" ]; then
    printf 'export TALLY_TEST_POSTGRES=%q\n' "$TALLY_TEST_POSTGRES"
  fi
  exit 0
fi

if ! _tally_pg_main; then
  exit 1
fi
unset -f _tally_pg_say _tally_pg_bindir _tally_pg_psql _tally_pg_reachable _tally_pg_setup _tally_pg_main
unset _tally_pg_port _tally_pg_url

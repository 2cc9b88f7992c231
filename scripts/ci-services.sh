#!/usr/bin/env bash
# Services for the test run: a throwaway PostgreSQL server on 127.0.0.1, Debian's Chromium, and a
# Java runtime for Spark's local mode.
#
#   eval "$(scripts/ci-services.sh start)"   # installs what is missing, starts PostgreSQL,
#                                            # exports NEWSPRISM_TEST_PG_URL and NEWSPRISM_SERVICES_DIR
#   scripts/ci-services.sh stop              # stops that server and deletes its folder
#
# `start` prints only `export ...` lines on stdout (progress goes to stderr). PostgreSQL comes
# from Debian's packages (apt-get when missing, as root); the cluster lives in a temporary folder,
# listens on 127.0.0.1 only, on a free port, with trust authentication for the local test user,
# and is run by the unprivileged `postgres` user when this script runs as root.
set -euo pipefail

log() { echo "ci-services: $*" >&2; }

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_missing() {
  local want=()
  pg_bindir >/dev/null || want+=(postgresql)
  [ -x /usr/bin/chromium ] || want+=(chromium)
  # Java for Spark's local mode (the spark extra's tests)
  command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || want+=(openjdk-17-jre-headless)
  [ ${#want[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing Debian packages (${want[*]}); run as root or: sudo apt-get install ${want[*]}"
    return 0
  fi
  log "installing ${want[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${want[@]}" >&2
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install_missing
  local bindir dir port user
  bindir=$(pg_bindir) || { log "PostgreSQL is not installed"; exit 1; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/newsprism-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; user=postgres; else user=$(id -un); fi
  port=$(free_port)
  as_owner "$bindir/initdb" -D "$dir/data" -U "$user" --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # fsync off: a throwaway test cluster; 127.0.0.1 only; the socket in our own folder.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=100" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" newsprism_test >&2
  log "PostgreSQL running on 127.0.0.1:$port (data in $dir)"
  echo "export NEWSPRISM_SERVICES_DIR='$dir'"
  echo "export NEWSPRISM_TEST_PG_URL='postgresql://$user@127.0.0.1:$port/newsprism_test'"
}

stop() {
  local dir="${1:-${NEWSPRISM_SERVICES_DIR:-}}" bindir
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then log "nothing to stop"; return 0; fi
  bindir=$(pg_bindir)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  rm -rf "$dir"
  log "stopped PostgreSQL and removed $dir"
}

# Outside CI a machine without PostgreSQL still runs the tests (the PostgreSQL ones skip); in CI
# (CI=true) a server that cannot be started is an error.
start_or_warn() {
  if ( start ) > "${TMPDIR:-/tmp}/newsprism-ci-services.$$" ; then
    cat "${TMPDIR:-/tmp}/newsprism-ci-services.$$"; rm -f "${TMPDIR:-/tmp}/newsprism-ci-services.$$"
  else
    rm -f "${TMPDIR:-/tmp}/newsprism-ci-services.$$"
    if [ "${CI:-}" = "true" ]; then log "could not start PostgreSQL"; exit 1; fi
    log "could not start PostgreSQL: the PostgreSQL tests will be skipped"
  fi
}

case "${1:-}" in
  start) start_or_warn ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac

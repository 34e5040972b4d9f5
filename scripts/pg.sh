#!/usr/bin/env bash
# Local PostgreSQL for development and tests, used when DATABASE_URL is not set.
#   scripts/pg.sh start   initialise (once) and start a cluster on 127.0.0.1:$PGPORT; prints its URL
#   scripts/pg.sh stop    stop it
#   scripts/pg.sh url     print the URL
# The cluster lives in .local/pg (git-ignored) when the postgres user can reach the
# project folder, else in /var/tmp/civis-pg-<hash of the project path>.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${PGPORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "PostgreSQL server not installed (scripts/setup.sh installs it)" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

datadir() {
    local d="$root/.local/pg"
    mkdir -p "$root/.local"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$root/.local"; then
        d="/var/tmp/civis-pg-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
    fi
    echo "$d"
}

url() { echo "postgres://postgres@127.0.0.1:$port/civis"; }

start() {
    local d; d="$(datadir)"
    # Tests set PG_FAST=1: no fsync, since their databases are thrown away.
    local extra=""
    [ "${PG_FAST:-0}" = 1 ] && extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ ! -f "$d/PG_VERSION" ]; then
        mkdir -p "$d"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$d"
        as_pg "$bin/initdb" -D "$d" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$d" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$d" -l "$d/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $d -c max_connections=300 -c shared_buffers=256MB $extra" >/dev/null
    fi
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'civis'" | grep -q 1 \
        || "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres civis
    url
}

stop() {
    local d; d="$(datadir)"
    if [ -f "$d/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$d" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$d" -m fast -w stop >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac

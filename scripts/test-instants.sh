#!/usr/bin/env bash
# The API suite with the whole system moved to fixed instants by libfaketime: a PostgreSQL
# cluster of its own, the test binary, and everything it starts (the server, `civis
# worker`, the SMTP and S3 servers) see the same fake clock, which then runs at its normal
# pace. `make test` runs it at the instants below; give others as arguments (UTC):
#   scripts/test-instants.sh "2026-12-15 15:00"   (or make test-instants INSTANTS=2026-12-15T15:00)
# TEST_FILTER=leak_walk runs only the tests whose names contain it.
# It needs no DATABASE_URL: the cluster is its own, on $INSTANTS_PGPORT (54339).
# Left out under the fake clock: the tests of PostgreSQL's statement timeouts (libfaketime
# keeps the server's timers from firing, so they would hang), and the replication tests
# (clusters of their own, whose streaming runs on those timers): both run in the normal suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# The instants (UTC) and why each one.
default_instants=(
    "2027-01-01 04:30"   # 23:30 on New Year's Eve in Montréal: UTC is already in the new year
    "2027-01-01 05:30"   # 00:30 on New Year's Day in Montréal: a holiday, a new year of numbers
    "2027-03-14 07:30"   # 03:30 EDT: 02:30 local does not exist that night (spring forward)
    "2028-02-29 17:00"   # 29 February of a leap year, a Tuesday
)
if [ $# -gt 0 ]; then instants=("$@"); else instants=("${default_instants[@]}"); fi

lib="$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)"
[ -n "$lib" ] || { echo "libfaketime is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
port="${INSTANTS_PGPORT:-54339}"

# The test binary, built before any clock moves (cargo under a fake clock would see its
# files from another time and rebuild).
bin="$(cargo test -q -p civis-api --test api --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "api": print(m["executable"])' |
    tail -n 1)"
[ -x "$bin" ] || { echo "test-instants: no test binary" >&2; exit 1; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data="/var/tmp/civis-pg-instants-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
stop_pg() {
    if [ -f "$data/PG_VERSION" ]; then as_pg "$pgbin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
}
trap stop_pg EXIT

for instant in "${instants[@]}"; do
    instant="${instant/T/ }"
    target="$(date -u -d "$instant UTC" +%s)"
    offset=$((target - $(date -u +%s)))
    # A relative offset, the same for every process: their clocks agree to the second.
    if [ "$offset" -ge 0 ]; then fake="+$offset"; else fake="$offset"; fi
    echo "== API tests at $instant UTC ($(TZ=America/Montreal date -d "@$target" '+%Y-%m-%d %H:%M %Z') in Montréal)"
    stop_pg
    rm -rf "$data" && mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
    as_pg "$pgbin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_pg env LD_PRELOAD="$lib" FAKETIME="$fake" FAKETIME_DONT_FAKE_MONOTONIC=1 \
        "$pgbin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    seen="$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')")"
    echo "   PostgreSQL's now(): $seen UTC"
    (
        cd crates/api
        export DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
        LD_PRELOAD="$lib" FAKETIME="$fake" FAKETIME_DONT_FAKE_MONOTONIC=1 \
            "$bin" --test-threads "${TEST_THREADS:-4}" --skip timeouts --skip a_search_past_its_time_limit --skip replicas:: ${TEST_FILTER:-}
    ) || { echo "API tests failed at $instant UTC; PostgreSQL's log: $data/server.log" >&2; exit 1; }
done

#!/usr/bin/env bash
# `make bench-replicas ROWS=1000000`: the read-replica lines of docs/PERFORMANCE.md.
#
# Needs the database of `make bench` (civis_bench_<ROWS>, on the local PostgreSQL or on
# $DATABASE_URL's server). Makes a streaming standby of that server with pg_basebackup (once;
# kept in /var/tmp, then started and caught up), and serves the same database twice: one
# server on the primary alone, one with DATABASE_READ_URLS on the standby. The same lines
# run against each: the list and the public map (reads the standby takes), filings (the
# primary's). Both PostgreSQL servers, both API servers and the load driver share this
# machine's cores: the lines show the routing's cost and the standby's share, not the
# capacity a second machine adds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh

ROWS="${ROWS:-1000000}"
DURATION="${DURATION:-10}"
PORT="${BENCH_PORT:-8094}"
out="target/bench"
mkdir -p "$out"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
psql() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pids=()
started_pg=""
standby_dir="/var/tmp/civis-bench-standby-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    as_pg "$bin/pg_ctl" -D "$standby_dir" -m fast -w stop >/dev/null 2>&1 || true
    [ -n "$started_pg" ] && scripts/pg.sh stop || true
}
trap cleanup EXIT
# The server of `make bench`: the local one (started here) unless DATABASE_URL names one.
[ -n "${DATABASE_URL:-}" ] || { DATABASE_URL="$(scripts/pg.sh start)"; started_pg=1; }
server="${DATABASE_URL%/*}" db="civis_bench_${ROWS}"
primary="$server/$db"
psql "$primary" -tAc "SELECT 1 FROM pg_tables WHERE tablename = 'bench_generated'" | grep -q 1 \
    || { echo "no finished $db: run make bench ROWS=$ROWS first" >&2; exit 1; }
hostport="${server#*@}"
host="${hostport%:*}" pport="${hostport##*:}"
sport=$(( pport + 100 ))

echo "== release build"
cargo build -q --release -p civis-api -p civis-bench
api=target/release/civis
driver=target/release/civis-bench

if [ ! -f "$standby_dir/standby.signal" ]; then
    echo "== pg_basebackup of $host:$pport into $standby_dir"
    rm -rf "$standby_dir" && mkdir -p "$standby_dir"
    chmod 700 "$standby_dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$standby_dir"
    as_pg "$bin/pg_basebackup" -D "$standby_dir" -h "$host" -p "$pport" -U postgres -X stream -R --checkpoint=fast --no-sync
fi
chmod 700 "$standby_dir"
as_pg "$bin/pg_ctl" -D "$standby_dir" -l "$standby_dir/server.log" -w -t 300 start -o \
    "-c listen_addresses=127.0.0.1 -p $sport -k $standby_dir -c hot_standby=on -c max_connections=300 -c shared_buffers=256MB \
     -c primary_conninfo='host=$host port=$pport user=postgres application_name=bench'" >/dev/null
standby="postgres://postgres@127.0.0.1:$sport/$db"
for _ in $(seq 1 600); do
    caught=$(psql "$server/postgres" -tAc "SELECT count(*) FROM pg_stat_replication
        WHERE application_name = 'bench' AND state = 'streaming' AND replay_lsn >= pg_current_wal_lsn()")
    [ "$caught" = 1 ] && break
    sleep 1
done
[ "$caught" = 1 ] || { echo "the standby did not catch up" >&2; exit 1; }
echo "== standby streaming on 127.0.0.1:$sport, caught up"

export JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" PLATFORM_SECOND_FACTOR=off
export RUST_LOG=warn DB_POOL_SIZE="${DB_POOL_SIZE:-16}" BENCH_PROBES=1 DATABASE_URL="$primary"
one=$PORT two=$(( PORT + 1 ))
BIND="127.0.0.1:$one" $api serve & pids+=($!)
BIND="127.0.0.1:$two" DATABASE_READ_URLS="$standby" $api serve & pids+=($!)
for p in "$one" "$two"; do
    for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$p/ready" >/dev/null && break; sleep 0.2; done
done
q() { psql "$primary" -tAc "$1"; }
town=$(q "SELECT id FROM municipalities WHERE slug = 'bench-01'")
town2=$(q "SELECT id FROM municipalities WHERE slug = 'bench-02'")
pothole2=$(q "SELECT id FROM taxonomy_nodes WHERE municipality_id = $town2 AND name_fr = 'Nid-de-poule'")
size_q2=$(q "SELECT id FROM questions WHERE node_id = $pothole2 ORDER BY position LIMIT 1")
read -r lat_lo lat_hi lng_lo lng_hi < <(q "SELECT avg(latitude) - 0.03, avg(latitude) + 0.03,
    avg(longitude) - 0.05, avg(longitude) + 0.05 FROM requests WHERE municipality_id = $town" | tr '|' ' ')
token=$(curl -sf -X POST "http://127.0.0.1:$one/api/v1/auth/staff/sign-in" -H 'content-type: application/json' \
    -d '{"email":"clic@bench-01.civis.demo","password":"demo-civis-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
sleep 3 # the sign-in wrote: this account's reads stay on the primary for a moment

results="$out/replicas-$ROWS.jsonl"
: > "$results"
run() { # name base rate path [method body]
    local args=(--name "$1" --base "$2" --token "$token" --rate "$3" --duration "$DURATION" --path "$4" --method "${5:-GET}" --concurrency 8)
    [ -n "${6:-}" ] && args+=(--body "$6")
    $driver "${args[@]}" | tee -a "$results"
    sleep 2
}
T="/api/v1/towns/$town"
map="$T/public/requests?lat=\${float:$lat_lo:$lat_hi}&lng=\${float:$lng_lo:$lng_hi}&radius_m=500&limit=200"
create_body="{\"node_id\":$pothole2,\"description\":\"Nid-de-poule devant le \${int:1:3000} rue Principale\",\"channel\":\"phone\",\"answers\":[{\"question_id\":$size_q2,\"value\":\"\${pick:petit|moyen|grand}\"}],\"requester\":{\"first_name\":\"Banc\",\"last_name\":\"Essai\",\"email\":\"banc\${int:1:99999}@example.com\"},\"wants_followups\":true}"

echo "== the lines, on one database, then with the standby"
run "probe: list keyset alone (saturation)" "http://127.0.0.1:$one" 0 "/bench/list?town=$town&tab=1"
for side in "one database:$one" "with a standby:$two"; do
    label="${side%%:*}" port="${side##*:}"
    run "list, first page (saturation), $label" "http://127.0.0.1:$port" 0 "$T/requests?tab=open&saved=false"
    run "list, first page @500/s, $label" "http://127.0.0.1:$port" 500 "$T/requests?tab=open&saved=false"
    run "public map near a point (saturation), $label" "http://127.0.0.1:$port" 0 "$map"
    run "public map near a point @300/s, $label" "http://127.0.0.1:$port" 300 "$map"
done
# Filings last: each one makes its account (the driver's) a writer, whose reads then stay
# on the primary for the moments a standby may lag.
run "create @300/s, one database" "http://127.0.0.1:$one" 300 "/api/v1/towns/$town2/requests" POST "$create_body"
run "create @300/s, with a standby" "http://127.0.0.1:$two" 300 "/api/v1/towns/$town2/requests" POST "$create_body"
lag=$(psql "$server/postgres" -tAc "SELECT coalesce(max(extract(epoch FROM replay_lag)) * 1000, 0)::int FROM pg_stat_replication WHERE application_name = 'bench'")
echo "{\"name\":\"standby replay lag after the filings\",\"lag_ms\":$lag}" | tee -a "$results"
standby_calls=$(psql "$standby" -tAc "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database WHERE datname = '$db'")
echo "{\"name\":\"standby transactions (reads served)\",\"count\":$standby_calls}" | tee -a "$results"
python3 scripts/bench-report.py "$results" "$ROWS" | tee "$out/replicas-$ROWS.md"

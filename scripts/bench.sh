#!/usr/bin/env bash
# `make bench ROWS=1000000`: the performance benchmark of docs/PERFORMANCE.md.
#
# 1. builds the API and the load driver in release mode;
# 2. creates (once per size) a database civis_bench_<ROWS> with 50 towns of uneven size
#    and ROWS synthetic requests over ten years;
# 3. serves it with the release API on 127.0.0.1:8090 (and a second server on 8091 for the
#    "two servers" lines: docs/SCALING.md);
# 4. drives each scenario over HTTP at fixed rates and at saturation (crates/bench), runs
#    the same SQL with pgbench, and records the server's memory;
# 5. prints a Markdown table (and writes it to target/bench/<ROWS>.md).
#
# BENCH_ONLY=<regex> runs only the HTTP scenarios whose name matches (e.g. BENCH_ONLY=address).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh

ROWS="${ROWS:-1000000}"
TOWNS="${TOWNS:-50}"
DURATION="${DURATION:-10}"
PORT="${BENCH_PORT:-8090}"
out="target/bench"
mkdir -p "$out"

api_pid=""
api2_pid=""
hooks_pid=""
recv_pid=""
started_pg=""
cleanup() {
    [ -n "$hooks_pid" ] && kill "$hooks_pid" "$recv_pid" 2>/dev/null || true
    [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null || true
    [ -n "$api2_pid" ] && kill "$api2_pid" 2>/dev/null || true
    [ -n "$started_pg" ] && scripts/pg.sh stop || true
}
trap cleanup EXIT
if [ -z "${DATABASE_URL:-}" ]; then
    base_url="$(scripts/pg.sh start)"
    started_pg=1
else
    base_url="$DATABASE_URL"
fi
server="${base_url%/*}"
db="civis_bench_${ROWS}"
export DATABASE_URL="$server/$db"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
psql() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

echo "== release build"
cargo build -q --release -p civis-api -p civis-bench
api=target/release/civis
driver=target/release/civis-bench

# A database whose generation did not finish (no `bench_generated` mark) is made again.
if psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    && ! psql "$DATABASE_URL" -tAc "SELECT 1 FROM pg_tables WHERE tablename = 'bench_generated'" | grep -q 1; then
    echo "== $db was not finished: dropping it"
    psql "$server/postgres" -c "DROP DATABASE $db WITH (FORCE)"
fi
if ! psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "== generating $ROWS requests in $TOWNS towns (database $db)"
    psql "$server/postgres" -c "CREATE DATABASE $db"
    $api migrate
    $api seed demo >/dev/null
    start=$(date +%s)
    $api seed bench --count "$ROWS" --towns "$TOWNS"
    echo "generated in $(( $(date +%s) - start )) s"
    psql "$DATABASE_URL" -c "VACUUM ANALYZE" -c "CREATE TABLE bench_generated (at timestamptz NOT NULL DEFAULT now())"
else
    echo "== reusing database $db"
    $api migrate
fi

echo "== serving"
export JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" PLATFORM_SECOND_FACTOR=off
# BENCH_PROBES: the bare probes (http/probe.rs) each line is read against.
# WEBHOOK_ALLOW_PRIVATE: the webhook line's receiver is on loopback (never in production).
export BIND="127.0.0.1:$PORT" RUST_LOG=warn DB_POOL_SIZE="${DB_POOL_SIZE:-16}" BENCH_PROBES=1 WEBHOOK_ALLOW_PRIVATE=1
$api serve & api_pid=$!
PORT2=$(( PORT + 1 ))
BIND="127.0.0.1:$PORT2" $api serve & api2_pid=$!
for p in "$PORT" "$PORT2"; do
    for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$p/ready" >/dev/null && break; sleep 0.2; done
done

# Filings go to the second-largest town, so that the reads of the largest one see the same
# data from one run to the next (filings pile up at the top of its open tab otherwise): the
# clerk of bench-01 is also a clerk of bench-02 (and of the other bench towns, for the
# filings spread over them).
psql "$DATABASE_URL" -c "INSERT INTO user_grants (user_id, municipality_id, role)
    SELECT u.id, m.id, 'clerk' FROM users u, municipalities m WHERE u.email = 'clic@bench-01.civis.demo'
       AND m.slug LIKE 'bench-%' AND m.slug <> 'bench-01' ON CONFLICT DO NOTHING"
token=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/staff/sign-in" -H 'content-type: application/json' \
    -d '{"email":"clic@bench-01.civis.demo","password":"demo-civis-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
q() { psql "$DATABASE_URL" -tAc "$1"; }
town=$(q "SELECT id FROM municipalities WHERE slug = 'bench-01'")
pothole=$(q "SELECT id FROM taxonomy_nodes WHERE municipality_id = $town AND name_fr = 'Nid-de-poule'")
town2=$(q "SELECT id FROM municipalities WHERE slug = 'bench-02'")
pothole2=$(q "SELECT id FROM taxonomy_nodes WHERE municipality_id = $town2 AND name_fr = 'Nid-de-poule'")
size_q2=$(q "SELECT id FROM questions WHERE node_id = $pothole2 ORDER BY position LIMIT 1")
# Filings spread over every town but the largest (whose reads must see the same data): the
# n-th town, its pothole category and that category's first question, as lists the
# driver's `${row:…}` reads in step.
spread() { q "SELECT string_agg($1::text, '|' ORDER BY m.id)
      FROM municipalities m JOIN taxonomy_nodes n ON n.municipality_id = m.id AND n.name_fr = 'Nid-de-poule'
      CROSS JOIN LATERAL (SELECT id FROM questions WHERE node_id = n.id ORDER BY position LIMIT 1) qq
     WHERE m.slug LIKE 'bench-%' AND m.slug <> 'bench-01'"; }
spread_towns=$(spread m.id) spread_nodes=$(spread n.id) spread_questions=$(spread qq.id)
read -r lat2_lo lat2_hi lng2_lo lng2_hi < <(q "SELECT avg(latitude) - 0.03, avg(latitude) + 0.03, avg(longitude) - 0.05,
    avg(longitude) + 0.05 FROM requests WHERE municipality_id = $town2" | tr '|' ' ')
dep=$(q "SELECT id FROM departments WHERE municipality_id = $town AND code = 'travaux-publics'")
# 300 ids of the town's requests for the detail scenario (ids of towns interleave).
ids=$(q "SELECT string_agg(id::text, '|') FROM (SELECT id FROM requests WHERE municipality_id = $town ORDER BY random() LIMIT 300) s")
# A person's file (Loi 25) is the director's: the bench clerk is also director of bench-01
# for that line; the emails of 200 requesters of the town.
psql "$DATABASE_URL" -q -c "INSERT INTO user_grants (user_id, municipality_id, role)
    SELECT u.id, $town, 'director' FROM users u WHERE u.email = 'clic@bench-01.civis.demo' ON CONFLICT DO NOTHING"
person_emails=$(q "SELECT string_agg(c.email, '|') FROM (SELECT c.email FROM requester_contacts c
    JOIN requests r ON r.id = c.request_id WHERE r.municipality_id = $town AND c.email IS NOT NULL
    ORDER BY random() LIMIT 200) c")
read -r min_id max_id < <(q "SELECT min(id), max(id) FROM requests WHERE municipality_id = $town" | tr '|' ' ')
read -r lat lng lat_lo lat_hi lng_lo lng_hi < <(q "SELECT avg(latitude), avg(longitude), avg(latitude) - 0.03, avg(latitude) + 0.03,
    avg(longitude) - 0.05, avg(longitude) + 0.05 FROM requests WHERE municipality_id = $town" | tr '|' ' ')
# The address register of the largest town: 200 000 doors (1 000 streets of 200), once.
if [ "$(q "SELECT coalesce((SELECT addresses FROM address_registers WHERE municipality_id = $town), 0)")" != 200000 ]; then
    echo "== importing a register of 200 000 addresses into bench-01"
    $api seed addresses --town bench-01 --streets 1000 --per-street 200 --lat "$lat" --lng "$lng"
    psql "$DATABASE_URL" -c "ANALYZE addresses; ANALYZE address_streets"
fi
# The knowledge base of the largest town: 10 000 synthetic articles, once.
if [ "$(q "SELECT count(*) FROM kb_articles WHERE municipality_id = $town")" -lt 10000 ]; then
    echo "== writing 10 000 knowledge-base articles for bench-01"
    $api seed articles --town bench-01 --count 10000
fi
open_rows=$(q "SELECT count(*) FROM requests WHERE municipality_id = $town AND status IN ('transferred','in_progress')")
# A cursor half-way down the open tab (newest first): the deep page.
deep=$(q "SELECT json_build_object('sort','created','created_at',to_char(created_at AT TIME ZONE 'UTC','YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),'due',due_date,'rank',priority_rank,'dep',department_id,'id',id)
          FROM requests WHERE municipality_id = $town AND status IN ('transferred','in_progress')
          ORDER BY created_at DESC, id DESC OFFSET $(( open_rows / 2 )) LIMIT 1" | python3 -c 'import sys,base64; print(base64.urlsafe_b64encode(sys.stdin.read().strip().encode()).decode().rstrip("="))')

# Rare words: street names of the generator's long tail (a few in a 1 % sample of the
# town, so a few hundred rows at 10 M), kept in a table for pgbench too.
psql "$DATABASE_URL" -c "DROP TABLE IF EXISTS bench_rare_words;
    CREATE TABLE bench_rare_words AS SELECT row_number() OVER (ORDER BY w) AS k, w FROM (
      SELECT m[1] AS w FROM (SELECT regexp_match(description, ', (?:rue|avenue|chemin|montée) ([A-Z][^ .,]+)\.') AS m
        FROM requests TABLESAMPLE SYSTEM (1) WHERE municipality_id = $town) s
      WHERE m IS NOT NULL GROUP BY m[1] HAVING count(*) <= 2 ORDER BY random() LIMIT 100) t"
rare=$(q "SELECT string_agg(w, '|') FROM bench_rare_words")
rare_rows=$(q "SELECT round(avg(n)) FROM (SELECT (SELECT count(*) FROM requests r WHERE r.municipality_id = $town
    AND r.search @@ plainto_tsquery('public.fr_unaccent', w)) AS n FROM bench_rare_words WHERE k <= 5) s")
echo "rare words: $(q "SELECT count(*) FROM bench_rare_words") street names, about $rare_rows requests each in the town"

T="/api/v1/towns/$town"
results="$out/$ROWS.jsonl"
: > "$results"
run() { # name rate path [method body concurrency]
    local name="$1" rate="$2" path="$3" method="${4:-GET}" body="${5:-}" workers="${6:-8}"
    # BENCH_ONLY=<regex>: only the scenarios whose name matches (and no pgbench).
    [ -n "${BENCH_ONLY:-}" ] && ! [[ "$name" =~ $BENCH_ONLY ]] && return 0
    local args=(--name "$name" --base "${BASES:-http://127.0.0.1:$PORT}" --token "$token" --rate "$rate" --duration "$DURATION" --path "$path" --method "$method" --concurrency "$workers")
    [ -n "$body" ] && args+=(--body "$body")
    $driver "${args[@]}" | tee -a "$results"
    sleep 2 # let what the server still holds drain before the next scenario
}
create_body="{\"node_id\":$pothole2,\"description\":\"Nid-de-poule devant le \${int:1:3000} rue Principale\",\"channel\":\"phone\",\"latitude\":\${float:$lat2_lo:$lat2_hi},\"longitude\":\${float:$lng2_lo:$lng2_hi},\"answers\":[{\"question_id\":$size_q2,\"value\":\"\${pick:petit|moyen|grand}\"}],\"requester\":{\"first_name\":\"Banc\",\"last_name\":\"Essai\",\"email\":\"banc\${int:1:99999}@example.com\"},\"wants_followups\":true}"

echo "== HTTP scenarios (largest town: $open_rows open requests)"
# The stack's own limit in this run: one INSERT of a request row, and the list's keyset
# statement alone, through the same pool and HTTP stack (no sign-in, counts or time limit).
run "probe: insert alone (saturation)" 0 "/bench/insert?town=$town2&node=$pothole2" POST "{}"
run "create (saturation)" 0 "/api/v1/towns/$town2/requests" POST "$create_body"
run "create @300/s" 300 "/api/v1/towns/$town2/requests" POST "$create_body"
# The same spread over the 49 other bench towns (towns do not wait for one another).
spread_body="{\"node_id\":\${row:$spread_nodes},\"description\":\"Nid-de-poule devant le \${int:1:3000} rue Principale\",\"channel\":\"phone\",\"answers\":[{\"question_id\":\${row:$spread_questions},\"value\":\"\${pick:petit|moyen|grand}\"}],\"requester\":{\"first_name\":\"Banc\",\"last_name\":\"Essai\",\"email\":\"banc\${int:1:99999}@example.com\"},\"wants_followups\":true}"
run "probe: insert alone, spread over the towns (saturation)" 0 "/bench/insert?town=\${row:$spread_towns}&node=\${row:$spread_nodes}" POST "{}"
run "create, spread over the towns (saturation)" 0 "/api/v1/towns/\${row:$spread_towns}/requests" POST "$spread_body"
run "probe: list keyset alone (saturation)" 0 "/bench/list?town=$town&tab=1"
run "list, first page (saturation)" 0 "$T/requests?tab=open&saved=false"
run "list, first page @1000/s" 1000 "$T/requests?tab=open&saved=false"
# Half the probe's rate (the goal: p95 <= 5 ms there).
half=$(python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1]) if '\"probe: list keyset alone' in l]; print(int(r[-1]['throughput']//2) if r else 500)" "$results")
run "list, first page @half the probe" "$half" "$T/requests?tab=open&saved=false"
run "list, deep page @1000/s" 1000 "$T/requests?tab=open&saved=false&cursor=$deep"
# The late work's own views (issue 32): the overdue filter, and the first answers awaited.
run "list, overdue only @300/s" 300 "$T/requests?tab=open&saved=false&overdue=true"
run "list, first answer awaited @300/s" 300 "$T/requests?tab=open&saved=false&first_answer=true"
run "search, rare word @100/s" 100 "$T/requests?tab=closed&saved=false&keywords=\${pick:$rare}"
common="$T/requests?tab=closed&saved=false&keywords=\${pick:deneigement|lampadaire|trottoir},\${pick:rue|chemin}"
run "search, common words (saturation)" 0 "$common"
run "search, common words @25/s" 25 "$common"
filters="departments=$dep&priorities=urgent,very_important&created_from=2020-01-01"
run "filters combined @300/s" 300 "$T/requests?tab=closed&saved=false&$filters"
# Each sort under a date range of another column, on the oldest year (the worst case: the
# sort's own index would pass ten years of rows first); read month by month.
for sort in due priority department; do
    run "sort by $sort under a creation year @100/s" 100 \
        "$T/requests?tab=closed&saved=false&sort=$sort&created_from=2017-01-01&created_to=2017-12-31"
done
for sort in created priority department; do
    run "sort by $sort under a due-date year @100/s" 100 \
        "$T/requests?tab=closed&saved=false&sort=$sort&due_from=2017-01-01&due_to=2017-12-31"
done
map="$T/public/requests?lat=\${float:$lat_lo:$lat_hi}&lng=\${float:$lng_lo:$lng_hi}&radius_m=500&limit=200"
run "public map near a point (saturation)" 0 "$map"
run "public map near a point @300/s" 300 "$map"
run "duplicate check @300/s" 300 "$T/public/nearby?node_id=$pothole&lat=\${float:$lat_lo:$lat_hi}&lng=\${float:$lng_lo:$lng_hi}"
# As a citizen types: a number and the start of a street (invented names of the register,
# and the demo's); a number that matches many doors ("2" before the street) is the worst case.
addr="$T/public/addresses?q=\${int:2:400}%20\${pick:rue%20bel|ave|mont|rue%20des%20era|principale|chemin%20cha|st%20je|ver}"
run "address search, 200 000 addresses @200/s" 200 "$addr"
# An agent during a call: what callers ask, as they say it (accents dropped, a typo or two).
kb="$T/kb/articles?q=\${pick:heures%20biblioteque|permis%20garage|collecte%20encombrants|deneigment%20stationnement|medaille%20chien|compte%20taxes|bris%20aqueduc|ecocentre|acces%20information|piscine|salle%20communautaire|arbre%20abattage}"
run "knowledge-base search, 10 000 articles @100/s" 100 "$kb"
run "interaction logging @100/s" 100 "$T/interactions" POST '{"channel":"phone","outcome":"answered","note":"Appel ${int:1:99999}"}'
# The council's report of last year for the largest town (with the year before beside it),
# asked by one person after another: the time one reader waits.
last_year=$(( $(date +%Y) - 1 ))
run "year report, largest town, one reader" 0 "$T/reports?from=$last_year-01-01&to=$last_year-12-31" GET "" 1
run "detail @1000/s" 1000 "$T/requests/\${pick:$ids}"
run "person's file by email @50/s" 50 "$T/privacy/person?email=\${pick:$person_emails}"
# Webhooks (issue 33): filings at 100/s for 60 s into a town with one endpoint, sent by
# `civis webhooks` to a receiver on loopback; the time from each change to its arrival.
if [ -z "${BENCH_ONLY:-}" ] || [[ "webhook delivery" =~ $BENCH_ONLY ]]; then
    hook_port=$(( PORT + 2 )) hook_file="$out/webhooks-$ROWS.txt"
    : > "$hook_file"
    python3 scripts/bench-webhooks.py receive "$hook_port" "$hook_file" & recv_pid=$!
    WEBHOOK_ALLOW_PRIVATE=1 $api webhooks & hooks_pid=$!
    psql "$DATABASE_URL" -q -c "INSERT INTO user_grants (user_id, municipality_id, role)
        SELECT u.id, $town2, 'town_admin' FROM users u WHERE u.email = 'clic@bench-01.civis.demo' ON CONFLICT DO NOTHING"
    admin=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/staff/sign-in" -H 'content-type: application/json' \
        -d '{"email":"clic@bench-01.civis.demo","password":"demo-civis-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    hook=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/admin/towns/$town2/webhooks" -H "Authorization: Bearer $admin" \
        -H 'content-type: application/json' -d "{\"url\":\"http://127.0.0.1:$hook_port/hook\",\"events\":[\"request.created\"]}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["endpoint"]["id"])')
    before=$(q "SELECT count(*) FROM requests WHERE municipality_id = $town2")
    DURATION=60 BENCH_ONLY="" run "webhook delivery: create @100/s" 100 "/api/v1/towns/$town2/requests" POST "$create_body"
    filed=$(( $(q "SELECT count(*) FROM requests WHERE municipality_id = $town2") - before ))
    for _ in $(seq 1 60); do [ "$(wc -l < "$hook_file")" -ge "$filed" ] && break; sleep 0.5; done
    python3 scripts/bench-webhooks.py report "$hook_file" "$filed" | tee -a "$results"
    q "UPDATE webhook_endpoints SET active = false WHERE id = $hook" >/dev/null
    kill "$hooks_pid" "$recv_pid"; wait "$hooks_pid" "$recv_pid" 2>/dev/null || true; hooks_pid=""
fi
# Two servers on the one database, each request to one of them (docs/SCALING.md): the
# saturation lines again, with twice the workers, to set against the one-server lines.
two="http://127.0.0.1:$PORT,http://127.0.0.1:$PORT2"
BASES="$two" run "create (saturation), two servers" 0 "/api/v1/towns/$town2/requests" POST "$create_body" 16
BASES="$two" run "list, first page (saturation), two servers" 0 "$T/requests?tab=open&saved=false" GET "" 16
# The same sorted by due date: a month-by-month read of ~2 000 rows (docs/PERFORMANCE.md),
# at the other sorts' rate, then at the filters' rate.
run "filters combined, by due date @100/s" 100 "$T/requests?tab=closed&saved=false&$filters&sort=due"
run "filters combined, by due date @300/s" 300 "$T/requests?tab=closed&saved=false&$filters&sort=due"
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$api_pid/status")
echo "{\"name\":\"server peak RSS\",\"rss_mb\":$(( rss_kb / 1024 ))}" | tee -a "$results"
# The server may still be working through a queue: stop it before timing the SQL alone.
kill "$api_pid" "$api2_pid"; wait "$api_pid" "$api2_pid" 2>/dev/null || true; api_pid=""; api2_pid=""
sleep 4 # its last statements end at the list time limit at most

echo "== pgbench: the same SQL, straight to PostgreSQL"
if [ -z "${BENCH_ONLY:-}" ]; then
    scripts/bench-sql.sh "$DATABASE_URL" "$town" "$dep" "$pothole" "$lat" "$lng" "$min_id" "$max_id" "$DURATION" | tee -a "$results"
fi

python3 scripts/bench-report.py "$results" "$ROWS" | tee "$out/$ROWS.md"

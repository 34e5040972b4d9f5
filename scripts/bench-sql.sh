#!/usr/bin/env bash
# The benchmark's SQL straight to PostgreSQL with pgbench, to set the API's overhead
# beside it. Prints one JSON line per scenario. Args: url town dep node lat lng min max secs
set -euo pipefail
url="$1" town="$2" dep="$3" node="$4" lat="$5" lng="$6" min_id="$7" max_id="$8" secs="$9"
dir="$(cd "$(dirname "$0")" && pwd)/bench-sql"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
cat=$("$bin/psql" -X -tAc "SELECT coalesce(g.id, p.id, n.id) FROM taxonomy_nodes n LEFT JOIN taxonomy_nodes p ON p.id = n.parent_id
    LEFT JOIN taxonomy_nodes g ON g.id = p.parent_id WHERE n.id = $node" "$url")
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
one() { # name file rate
    local name="$1" file="$2" rate="$3"
    rm -f "$logs"/x*
    local rate_args=(); [ "$rate" != 0 ] && rate_args=(-R "$rate")
    "$bin/pgbench" -n -c 8 -j 2 -T "$secs" "${rate_args[@]}" -l --log-prefix="$logs/x" -f "$dir/$file" \
        -D town="$town" -D dep="$dep" -D lat="$lat" -D lng="$lng" -D min_id="$min_id" -D max_id="$max_id" -D cat="$cat" \
        "$url" >"$logs/out" 2>&1 || { cat "$logs/out" >&2; return 1; }
    cat "$logs"/x* | python3 -c '
import sys, json
lat = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
n = len(lat)
q = lambda p: round(lat[min(n - 1, int(p * n))] / 1000, 3) if n else None
print(json.dumps({"name": "sql: " + sys.argv[1], "rate": int(sys.argv[2]), "requests": n,
                  "throughput": round(n / float(sys.argv[3])), "p50_ms": q(.5), "p95_ms": q(.95), "p99_ms": q(.99)}))
' "$name" "$rate" "$secs"
}
one "list, first page @1000/s" list_first.sql 1000
one "search, rare word @100/s" search_rare.sql 100
one "search, common words @25/s" search_common.sql 25
one "filters combined @300/s" filters.sql 300
one "public map near a point @300/s" public_map.sql 300
one "duplicate check @300/s" nearby.sql 300
one "detail @1000/s" detail.sql 1000

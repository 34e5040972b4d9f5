#!/usr/bin/env bash
# Open311 GeoReport v2 as an integrator meets it: the pinned PyPI `georeport` client and the
# Open311 JSON schemas (e2e/open311/test_georeport.py) against a server on a fresh demo
# database, with a key of the demo town and one of another town. Server log in
# target/open311/.
# Needs DATABASE_URL (a PostgreSQL server; `make test` gives it) and target/debug/civis.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
py="$root/.local/open311-venv/bin/python"
[ -x "$py" ] || { echo "the Open311 client missing: run scripts/setup.sh" >&2; exit 1; }
[ -x target/debug/civis ] || cargo build -q -p civis-api
server_url="${DATABASE_URL%/*}"
db=civis_open311
mkdir -p target/open311
export PGOPTIONS="-c client_min_messages=warning"
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
DATABASE_URL="$server_url/$db" target/debug/civis migrate >/dev/null
DATABASE_URL="$server_url/$db" target/debug/civis seed demo >/dev/null
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
DATABASE_URL="$server_url/$db" BIND="127.0.0.1:$port" MAP_TILE_URL="" PUBLIC_URL="$base" \
    JWT_SECRET="open311-run-$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')" \
    INBOUND_TOKEN="open311-run-inbound-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    RATE_LIMIT_FACTOR=1000 RUST_LOG=warn target/debug/civis serve >target/open311/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
for _ in $(seq 1 100); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.1; done

# A town administrator issues a key to the app (Administration › Intégrations does the same).
key_of() {
    local token
    token="$(curl -fs -X POST "$base/api/v1/auth/staff/sign-in" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"demo-civis-2026\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"
    curl -fs -X POST "$base/api/v1/admin/towns/$2/api-keys" -H "Authorization: Bearer $token" \
        -H 'content-type: application/json' -d '{"name":"Application de test Open311"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])'
}
OPEN311_BASE="$base" OPEN311_JURISDICTION=demo OPEN311_KEY="$(key_of admin@demo.civis.demo 1)" \
    OPEN311_OTHER_TOWN_KEY="$(key_of admin@saint-exemple.civis.demo 2)" \
    "$py" e2e/open311/test_georeport.py

#!/usr/bin/env bash
# `make run`: the product with its demo on http://localhost:8080.
# Uses $DATABASE_URL when set, else a local PostgreSQL in the project (stopped on exit).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh

[ -f .env ] && set -a && . ./.env && set +a

if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="$(scripts/pg.sh start)"
    trap 'scripts/pg.sh stop' EXIT
fi
mkdir -p .local
if [ -z "${JWT_SECRET:-}" ]; then
    [ -s .local/jwt_secret ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > .local/jwt_secret
    export JWT_SECRET="$(cat .local/jwt_secret)"
fi
export BIND="${BIND:-127.0.0.1:8080}"

cargo build -q -p civis-api
# The web app, when it was never built or its sources changed since.
if [ ! -f frontend/dist/index.html ] || [ -n "$(find frontend/src frontend/locales frontend/static frontend/style.css frontend/index.html Cargo.lock -newer frontend/dist/index.html -print -quit)" ]; then
    scripts/web.sh
fi
bin=target/debug/civis
$bin migrate
$bin seed demo
# A lived-in demo: the first time, a year of synthetic requests in Ville de Démo (about one
# in five still open, some public, on the map around the town).
count="$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM requests r JOIN municipalities m ON m.id = r.municipality_id WHERE m.slug = 'demo'")"
if [ "$count" = 0 ]; then
    $bin seed requests --town demo --count 400 --years 1 >/dev/null
    echo "400 demo requests generated in Ville de Démo"
fi
echo
echo "Civis is on http://localhost:${BIND##*:}  (API docs: /api/docs/). Ctrl-C stops it."
$bin serve

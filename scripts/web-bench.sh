#!/usr/bin/env bash
# `make web-bench`: builds the release web app, then measures its size and the time until
# the request form is interactive, against a local server (e2e/run.sh bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh
if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="$(PG_FAST=1 scripts/pg.sh start)"
    trap 'scripts/pg.sh stop' EXIT
fi
cargo build -q -p civis-api
scripts/web.sh
e2e/run.sh bench

#!/usr/bin/env bash
# `make test`: every test, against a real PostgreSQL (a local one unless $DATABASE_URL is set).
set -euo pipefail
cd "$(dirname "$0")/.."
# Setup, and the local PostgreSQL started then stopped around the run (scripts/with-db.sh).
[ "${1:-}" = --with-db ] || exec scripts/with-db.sh "$0" --with-db

echo "== domain crate builds for wasm32, without diesel"
cargo check -q -p civis-domain --target wasm32-unknown-unknown
if cargo tree -p civis-domain --target wasm32-unknown-unknown -e normal | grep -q diesel; then
    echo "the domain crate must not depend on diesel" >&2
    exit 1
fi

echo "== web app (release wasm)"
scripts/web.sh

echo "== tests"
cargo test -- --test-threads "${TEST_THREADS:-4}"

echo "== API tests at fixed instants (libfaketime: New Year's Eve and Day in Montréal, spring forward, 29 February)"
scripts/test-instants.sh

echo "== browser tests"
e2e/run.sh

echo "== API contract (schemathesis, four callers)"
scripts/contract.sh

echo "== Open311 GeoReport v2 (the georeport client, the Open311 JSON schemas)"
scripts/open311.sh

echo "== make run as a process (SIGTERM stops all it started)"
scripts/run-stop-test.sh

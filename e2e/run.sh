#!/usr/bin/env bash
# Browser tests (`make test` runs them): a fresh database next to $DATABASE_URL, migrated
# and seeded with the demo; the server (debug build) on a free port serving the built web
# app; Debian's headless Chromium driven by playwright-core (node --test).
# `e2e/run.sh bench` measures the web app instead (make web-bench).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"

server_url="${DATABASE_URL%/*}"
db=civis_e2e
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export DATABASE_URL="$server_url/$db"
export JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
export MAP_TILE_URL=""   # no network: the maps work without tiles
export MAP_CENTER="45.8680,-74.0810"
bin=target/debug/civis
[ -x "$bin" ] || cargo build -q -p civis-api
$bin migrate >/dev/null
$bin seed demo >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
log=target/e2e-server.log
# The town's emails reach a real SMTP server on loopback (aiosmtpd, one file per message
# in a Maildir the tests read), delivered by a worker as in production.
smtp_port="$(free_port)"
export MAILDIR="$root/target/e2e-mail"
rm -rf "$MAILDIR" && mkdir -p "$MAILDIR"/{cur,new,tmp}
python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$MAILDIR" >"$root/target/e2e-smtp.log" 2>&1 &
smtp_pid=$!
export SMTP_URL="smtp://127.0.0.1:$smtp_port" OUTBOX_POLL_MS=200
# Links in emails point at this server; the tests file and sign up many times from one
# address, so the abuse limits are raised (the API tests check them at their real values).
export PUBLIC_URL="http://127.0.0.1:$port" RATE_LIMIT_FACTOR=20
# Replies by email: external follow-ups carry a reply address; the tests post a citizen's
# reply to the inbound hook with this token, as a mail provider would.
export REPLY_DOMAIN=reply.civis.test
export INBOUND_TOKEN="e2e-inbound-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The demo's platform administrator sets up towns for the tests without a phone (the API
# tests and second_factor.test.mjs check the second factor itself).
export PLATFORM_SECOND_FACTOR=off
BIND="127.0.0.1:$port" RUST_LOG=warn $bin serve >"$log" 2>&1 &
pid=$!
RUST_LOG=warn $bin worker >"$root/target/e2e-worker.log" 2>&1 &
worker_pid=$!
trap 'kill $pid $worker_pid $smtp_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 0.1
done

cd e2e
if [ "${1:-}" = bench ]; then
    BASE_URL="http://127.0.0.1:$port" node bench-web.mjs
    exit 0
fi
# E2E_ONLY=portal runs tests/portal.test.mjs alone (while working on one screen);
# E2E_FILES="roles portal" runs those files in that order (e2e/isolation.sh: every file
# in reverse order, then each alone on a fresh database).
files="tests/"
[ -n "${E2E_ONLY:-}" ] && files="tests/$E2E_ONLY.test.mjs"
if [ -n "${E2E_FILES:-}" ]; then
    files=""
    for f in $E2E_FILES; do files="$files tests/$f.test.mjs"; done
fi
if ! BASE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 $files; then
    echo "browser tests failed; server log: $log, screenshots: e2e/screenshots/" >&2
    exit 1
fi

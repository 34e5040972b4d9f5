#!/usr/bin/env bash
# `make test` checks `make run` as a process: it starts (on a database of its own, free
# ports), its worker sends without a "connection refused" at start, and SIGTERM stops
# everything it started (server, worker, SMTP server) within 20 seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
server_url="${DATABASE_URL%/*}"
db=civis_run_test
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)" smtp_port="$(free_port)"
log=target/run-stop-test.log
DATABASE_URL="$server_url/$db" BIND="127.0.0.1:$port" LOCAL_SMTP_PORT="$smtp_port" SMTP_URL= \
    setsid scripts/run.sh >"$log" 2>&1 &
pid=$!
fail() { echo "make run as a process: $1 (log: $log)" >&2; kill -KILL -- -"$pid" 2>/dev/null || true; exit 1; }
for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || fail "it exited before serving"
    sleep 0.5
done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || fail "it did not start"
sleep 3 # the worker's first round (the periodic jobs mail the demo's lists)
grep -q "email sent" "$log" || fail "the worker sent nothing"
! grep -q "Connection refused" "$log" || fail "the worker started before its SMTP server"
children="$(pgrep -g "$pid" | grep -v "^$pid$" | tr '\n' ' ')"
kill -TERM "$pid"
for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
done
kill -0 "$pid" 2>/dev/null && fail "SIGTERM did not stop it"
for c in $children; do
    kill -0 "$c" 2>/dev/null && fail "process $c ($(ps -o comm= -p "$c")) outlived it"
done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && fail "the server still answers"
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
echo "make run stops on SIGTERM: ok"

#!/usr/bin/env bash
# The API contract run: schemathesis (pinned, installed by scripts/setup.sh) against a server
# on a fresh demo database, every check, every phase (examples, coverage, fuzzing, stateful),
# as an anonymous caller, a citizen, a clerk and a town administrator, each with a server and
# a database of its own, side by side. Any failure or error fails the run. Logs and each
# server's log in target/contract/.
#   scripts/contract.sh                 all four callers
#   CONTRACT_ROLES="clerk" scripts/contract.sh
#   CONTRACT_EXAMPLES=100 CONTRACT_SEED=random scripts/contract.sh
# One worker per caller: with several threads, hypothesis 6 sometimes fails on its own
# ("AST constructor recursion depth mismatch").
# Needs DATABASE_URL (a PostgreSQL server; `make test` gives it) and target/debug/civis.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
st="$root/.local/contract-venv/bin/schemathesis"
[ -x "$st" ] || { echo "schemathesis missing: run scripts/setup.sh" >&2; exit 1; }
[ -x target/debug/civis ] || cargo build -q -p civis-api
server_url="${DATABASE_URL%/*}"
roles="${CONTRACT_ROLES:-anonymous citizen clerk admin}"
examples="${CONTRACT_EXAMPLES:-50}"
seed="${CONTRACT_SEED:-20261129}"
seed_args=(--seed "$seed")
[ "$seed" = random ] && seed_args=()
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p target/contract
export PGOPTIONS="-c client_min_messages=warning"

# One migrated, seeded database cloned for each caller.
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS civis_contract_tpl WITH (FORCE)" \
    -c "CREATE DATABASE civis_contract_tpl"
DATABASE_URL="$server_url/civis_contract_tpl" target/debug/civis migrate >/dev/null
DATABASE_URL="$server_url/civis_contract_tpl" target/debug/civis seed demo >/dev/null

declare -A account=([citizen]=citoyen@civis.demo [clerk]=clic@demo.civis.demo [admin]=admin@demo.civis.demo)

# One caller: its database, its server, schemathesis; the exit status says whether it passed.
run_role() {
    local role="$1" db="civis_contract_$1" port base server kind token auth=()
    psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
        -c "CREATE DATABASE $db TEMPLATE civis_contract_tpl"
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    DATABASE_URL="$server_url/$db" BIND="127.0.0.1:$port" MAP_TILE_URL="" PUBLIC_URL="$base" \
        JWT_SECRET="contract-run-$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')" \
        INBOUND_TOKEN="contract-run-inbound-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
        RATE_LIMIT_FACTOR=1000 ACCESS_TOKEN_TTL_SECS=7200 RUST_LOG=warn \
        target/debug/civis serve >"target/contract/$role-server.log" 2>&1 &
    server=$!
    echo "$server" >"target/contract/$role.pid"
    for _ in $(seq 1 100); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.1; done
    if [ "$role" != anonymous ]; then
        kind=staff; [ "$role" = citizen ] && kind=citizen
        token="$(curl -fs -X POST "$base/api/v1/auth/$kind/sign-in" -H 'content-type: application/json' \
            -d "{\"email\":\"${account[$role]}\",\"password\":\"demo-civis-2026\"}" |
            python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"
        auth=(-H "Authorization: Bearer $token")
    fi
    local status=0
    (cd e2e/contract && PYTHONPATH=. SCHEMATHESIS_HOOKS=hooks "$st" --config-file schemathesis.toml run \
        "$base/api/openapi.json" --url "$base" "${auth[@]}" --checks all --max-examples "$examples" \
        "${seed_args[@]}" --workers 1 --no-color >"$root/target/contract/$role.log" 2>&1) || status=$?
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
    echo "$role: schemathesis exit $status" >>target/contract/status.log
    return "$status"
}

# The callers run side by side (schemathesis draws on one core each); their servers stop
# with the script.
stop_servers() { cat target/contract/*.pid 2>/dev/null | xargs -r kill 2>/dev/null || true; }
trap stop_servers EXIT
rm -f target/contract/*.pid target/contract/status.log
declare -A pids
for role in $roles; do
    run_role "$role" &
    pids[$role]=$!
done
failed=()
for role in $roles; do
    if wait "${pids[$role]}"; then
        echo "== API contract as $role: $(grep -a -E "generated" "target/contract/$role.log" | tail -n 1 | xargs)"
    else
        failed+=("$role")
        echo "== API contract as $role: FAILED"
        # Each failing case with its reproduction (curl), then the summary.
        if grep -q FAILURES "target/contract/$role.log"; then
            sed -n '/FAILURES/,$p' "target/contract/$role.log" | head -n 200
        else
            tail -n 60 "target/contract/$role.log"
        fi
    fi
done
psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS civis_contract_tpl WITH (FORCE)"
if [ ${#failed[@]} -gt 0 ]; then
    echo "API contract: failures as ${failed[*]} (logs in target/contract/)" >&2
    exit 1
fi
echo "API contract: no failure as $roles"

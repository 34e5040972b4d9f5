#!/usr/bin/env bash
# `make run`: the product with its demo on http://localhost:8080, and the email worker.
# Uses $DATABASE_URL when set, else a local PostgreSQL in the project; $SMTP_URL when set,
# else a local SMTP server (aiosmtpd) that keeps every email in .local/mail (a Maildir).
# Everything started here stops on exit, on Ctrl-C and on SIGTERM (the server and the
# worker finish what they are doing first).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh

[ -f .env ] && set -a && . ./.env && set +a

pids=()
local_pg=0
cleanup() {
    trap - EXIT INT TERM
    if [ ${#pids[@]} -gt 0 ]; then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
    [ "$local_pg" = 1 ] && scripts/pg.sh stop || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="$(scripts/pg.sh start)"
    local_pg=1
fi
mkdir -p .local
if [ -z "${JWT_SECRET:-}" ]; then
    [ -s .local/jwt_secret ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > .local/jwt_secret
    export JWT_SECRET="$(cat .local/jwt_secret)"
fi
export BIND="${BIND:-127.0.0.1:8080}"
# The demo opens every account with its password alone (its towns' policy is `off` too);
# production refuses this (docs/SECURITY.md, "Two-factor sign-in").
export PLATFORM_SECOND_FACTOR="${PLATFORM_SECOND_FACTOR:-off}"
# Replies by email: external follow-ups say Reply-To: reply+…@$REPLY_DOMAIN; a reply is
# attached by POST /api/v1/inbound/email (bearer $INBOUND_TOKEN) or `civis inbound < msg`.
export REPLY_DOMAIN="${REPLY_DOMAIN:-reply.civis.localhost}"
if [ -z "${INBOUND_TOKEN:-}" ]; then
    [ -s .local/inbound_token ] || head -c 32 /dev/urandom | base64 | tr -d '\n/+=' > .local/inbound_token
    export INBOUND_TOKEN="$(cat .local/inbound_token)"
fi

cargo build -q -p civis-api
# The web app, when it was never built or its sources changed since.
if [ ! -f frontend/dist/index.html ] || [ -n "$(find frontend/src frontend/locales frontend/static frontend/style.css frontend/index.html Cargo.lock -newer frontend/dist/index.html -print -quit)" ]; then
    scripts/web.sh
fi
bin=target/debug/civis
$bin migrate
$bin seed demo
# A lived-in demo: the first time, a year of synthetic requests in Ville de Démo, each at an
# address of its register that its description names (about one in seven still open, late
# or not yet due; some public, on the map inside the town).
count="$(psql -tA "$DATABASE_URL" -c "SELECT count(*) FROM requests r JOIN municipalities m ON m.id = r.municipality_id WHERE m.slug = 'demo'")"
if [ "$count" = 0 ]; then
    $bin seed requests --town demo --count 1000 --years 1 >/dev/null
    echo "1000 demo requests generated in Ville de Démo"
fi
if [ -z "${SMTP_URL:-}" ]; then
    smtp_port="${LOCAL_SMTP_PORT:-2525}"
    mkdir -p .local/mail/{cur,new,tmp}
    python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox .local/mail &
    pids+=($!)
    # The worker starts once the SMTP server answers (its first sends would fail otherwise).
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null && break
        sleep 0.1
    done
    export SMTP_URL="smtp://127.0.0.1:$smtp_port"
    mail_note="emails: .local/mail/new (a local SMTP server on 127.0.0.1:$smtp_port)"
else
    mail_note="emails: through $SMTP_URL"
fi
$bin worker &
pids+=($!)
echo
echo "Civis is on http://localhost:${BIND##*:}  (API docs: /api/docs/); $mail_note. Ctrl-C stops it."
# In the background, so that a signal reaches this script at once (bash runs traps only
# between commands) and the cleanup stops everything.
$bin serve &
pids+=($!)
wait "$!"

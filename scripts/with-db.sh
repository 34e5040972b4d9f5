#!/usr/bin/env bash
# Runs a command with DATABASE_URL set: the local PostgreSQL (started, then stopped) unless
# DATABASE_URL already points at a server. For the make targets that run tests alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/setup.sh
if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="$(PG_FAST=1 scripts/pg.sh start)"
    trap 'scripts/pg.sh stop' EXIT
fi
"$@"

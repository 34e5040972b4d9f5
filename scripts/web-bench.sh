#!/usr/bin/env bash
# `make web-bench`: builds the release web app, then measures its size and the time until
# the request form is interactive, against a local server (e2e/run.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/with-db.sh bash -c 'cargo build -q -p civis-api && scripts/web.sh && e2e/run.sh bench'


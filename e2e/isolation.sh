#!/usr/bin/env bash
# The browser tests do not lean on each other: every file in reverse order on one fresh
# database, then each file alone on a fresh database of its own (`make e2e-isolation`).
# `make test` runs them once in the usual order (e2e/run.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -d frontend/dist ] || scripts/web.sh   # the release web app the server serves
names="$(ls e2e/tests/*.test.mjs | sed 's|.*/||; s|\.test\.mjs$||')"
reversed="$(echo "$names" | sort -r | tr '\n' ' ')"
echo "== every file, in reverse order: $reversed"
E2E_FILES="$reversed" e2e/run.sh
failed=()
for f in $names; do
    echo "== $f alone"
    E2E_FILES="$f" e2e/run.sh || failed+=("$f")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed alone: ${failed[*]}" >&2
    exit 1
fi
echo "every file passed in reverse order and alone"

#!/usr/bin/env bash
# The house rules that a compiler does not check, as checks (`make lint` runs them).
# Each prints what breaks the rule and where; any finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

# One clock: the process reads the time in crates/api/src/clock.rs only (docs/ARCHITECTURE.md,
# "The clock"); the town's day comes from PostgreSQL.
if hits="$(grep -rnE 'Utc::now\(|SystemTime::now\(|Local::now\(' crates/api/src crates/domain/src | grep -v '^crates/api/src/clock.rs:')"; then
    echo "house: read the time through crate::clock, not directly:" >&2
    echo "$hits" >&2
    fail=1
fi

exit "$fail"

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

# A stored enum is read as itself (civis_domain's `wire_enum!` types are Diesel TEXT types):
# a string no variant names is an error, never a silent default.
if hits="$(grep -rnE '\.parse(::<[^>]*>)?\(\)\.(unwrap_or|unwrap_or_default|unwrap_or_else)\(|from_str\([^)]*\)\.(unwrap_or|map_or|unwrap_or_default)|::parse\([^)]*\)\.unwrap_or' crates/api/src crates/domain/src)"; then
    echo "house: read a stored value as its type (no parse-or-default):" >&2
    echo "$hits" >&2
    fail=1
fi

# SQL lives in crates/api/src/db/: elsewhere no sql_query, no table of the schema, no query
# builder, no row type, no statement run as text. Services hold connections only to open
# transactions and pass them to db:: functions.
sql_pattern='sql_query|batch_execute|(db::|\b)schema::|diesel::(insert_into|update|delete|select|dsl|sql_types|query_builder|define_sql_function|connection::SimpleConnection)\b|\bsql::<|db::sql::|QueryableByName|Insertable|AsChangeset|derive\([^)]*\bQueryable\b'
if found="$(grep -rnE "$sql_pattern" crates/api/src --include=*.rs | grep -v '^crates/api/src/db/')"; then
    echo "house: SQL outside crates/api/src/db/ (move it behind a db:: function):" >&2
    echo "$found" >&2
    fail=1
fi

# No import circle between a crate's modules (scripts/house/circles.py says how it counts).
if ! circles="$(python3 scripts/house/circles.py crates/*/src frontend/src)"; then
    echo "house: import circles (make the lower module not name the higher one):" >&2
    echo "$circles" >&2
    fail=1
fi

# The web app loads through resources and writes through actions; the files that still
# start tasks by hand are listed in scripts/house/spawn-local.txt, which only shrinks.
listed="$(grep -v '^#' scripts/house/spawn-local.txt | sed 's/ *#.*//' | sort)"
found="$(grep -rl 'spawn_local' frontend/src --include=*.rs | sort || true)"
if new="$(comm -13 <(echo "$listed") <(echo "$found") | grep .)"; then
    echo "house: spawn_local in the web app (use a LocalResource or an Action):" >&2
    for f in $new; do grep -n 'spawn_local' "$f" | sed "s|^|$f:|" >&2; done
    fail=1
fi
if gone="$(comm -23 <(echo "$listed") <(echo "$found") | grep .)"; then
    echo "house: no spawn_local left here; remove from scripts/house/spawn-local.txt:" >&2
    echo "$gone" >&2
    fail=1
fi

# No function over 80 lines (scripts/house/long_fns.py says how it counts).
if ! long="$(python3 scripts/house/long_fns.py crates/*/src frontend/src)"; then
    echo "house: functions over 80 lines (name their parts):" >&2
    echo "$long" >&2
    fail=1
fi

# No file over 400 lines but those listed (with their most), a list that only shrinks.
if ! big="$(python3 scripts/house/long_files.py)"; then
    echo "house: files over 400 lines:" >&2
    echo "$big" >&2
    fail=1
fi

exit "$fail"

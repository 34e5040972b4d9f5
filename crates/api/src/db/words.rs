//! Keyword conditions that PostgreSQL can plan well at any size.
//!
//! The GIN index finds the rows of a rare word in microseconds, but for a word in several
//! percent of the rows ("rue", "déneigement") it builds a bitmap of hundreds of thousands of
//! rows (tens of milliseconds), and the planner underestimates that cost when a LIMIT asks
//! for a hundred rows. A common word is better checked on the rows that an ordered index
//! walk reads anyway. The frequency comes from the statistics of `requests.search`
//! (`most_common_elems`, 1 000 entries kept); a word outside that list is rare.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Array, Double, Int8, Nullable, Text};

/// A keyword whose rarest stem is in at least this share of the rows is "common".
const COMMON_SHARE: f64 = 0.01;

/// How long the statistics are kept before being read again (ANALYZE refreshes them far
/// less often). They only steer the plan: a stale or missing entry never changes results.
const STATS_TTL: Duration = Duration::from_secs(600);

type Shares = Arc<HashMap<String, f64>>;
/// Per database (tests run many in one process).
static STATS: LazyLock<Mutex<HashMap<String, (Instant, Shares)>>> = LazyLock::new(Mutex::default);

#[derive(QueryableByName)]
struct Stats {
    #[diesel(sql_type = Nullable<Array<Text>>)]
    elems: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<Array<Double>>)]
    freqs: Option<Vec<f64>>,
}

/// The share of rows holding each of the most common stems, from `pg_stats`.
fn shares(conn: &mut PgConnection, db: &str) -> QueryResult<Shares> {
    // Empty statistics (a new database) are read again at the next search.
    let cached = STATS.lock().ok().and_then(|m| m.get(db).cloned());
    if let Some((at, shares)) = cached
        && at.elapsed() < STATS_TTL
        && !shares.is_empty()
    {
        return Ok(shares);
    }
    let stats: Option<Stats> = diesel::sql_query(
        "SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs FROM pg_stats
         WHERE schemaname = 'public' AND tablename = 'requests' AND attname = 'search'",
    )
    .get_result(conn)
    .optional()?;
    let map: HashMap<String, f64> =
        stats.and_then(|s| Some(s.elems?.into_iter().zip(s.freqs?).collect())).unwrap_or_default();
    let shares = Arc::new(map);
    if let Ok(mut m) = STATS.lock() {
        m.insert(db.to_string(), (Instant::now(), shares.clone()));
    }
    Ok(shares)
}

#[derive(QueryableByName)]
struct Stem {
    #[diesel(sql_type = Text)]
    db: String,
    #[diesel(sql_type = Int8)]
    i: i64,
    #[diesel(sql_type = Text)]
    stem: String,
}

/// For each keyword, whether it is common (checked on the rows) rather than rare (looked
/// up in the GIN index). A keyword matches when all its stems do, so its rarest stem
/// decides; a stem outside the statistics is rare.
pub fn common(conn: &mut PgConnection, keywords: &[String]) -> QueryResult<Vec<bool>> {
    if keywords.is_empty() {
        return Ok(Vec::new());
    }
    let stems: Vec<Stem> = diesel::sql_query(
        "SELECT current_database()::text AS db, k.i, l AS stem FROM unnest($1::text[]) WITH ORDINALITY AS k(w, i)
         CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('public.fr_unaccent', k.w))) AS l",
    )
    .bind::<Array<Text>, _>(keywords)
    .load(conn)?;
    let Some(db) = stems.first().map(|s| s.db.clone()) else {
        return Ok(vec![false; keywords.len()]);
    };
    let shares = shares(conn, &db)?;
    Ok((1..=keywords.len() as i64)
        .map(|i| {
            let mut of_keyword = stems.iter().filter(|s| s.i == i).peekable();
            of_keyword.peek().is_some()
                && of_keyword.all(|s| shares.get(&s.stem).is_some_and(|share| *share >= COMMON_SHARE))
        })
        .collect())
}

//! Read replicas: PostgreSQL standbys fed by streaming replication (`DATABASE_READ_URLS`).
//!
//! The reads that tolerate a moment's lag (`Db::read`, `Db::read_list`) go to a standby
//! whose lag is within `REPLICA_MAX_LAG_MS`, in turn; everything else, and every read by
//! someone who wrote in the last moments (read-your-writes), goes to the primary. A
//! watcher thread reads the primary's WAL position and each standby's replayed position
//! every `TICK`; a standby's lag is how long ago the primary had written something the
//! standby has not replayed yet. A standby that cannot be reached, is no longer in
//! recovery (promoted) or lags too far is skipped until it catches up; a read that fails
//! on a standby for want of a connection is run again on the primary: no error reaches
//! the user.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::PgPool;

/// How often the watcher reads the positions.
pub const TICK: Duration = Duration::from_millis(200);
/// How far back the primary's positions are kept (a lag longer than this reads as this).
const HISTORY: Duration = Duration::from_secs(60);
/// A standby's lag when it cannot be read.
const DOWN: i64 = -1;

tokio::task_local! {
    /// Whether the request being served must read from the primary (it writes, or its
    /// caller wrote a moment ago). Outside a request (the worker, commands), reads go to
    /// the primary.
    static PRIMARY_ONLY: bool;
}

/// Runs a request's future with its reads routed: to the primary alone when `primary_only`.
pub async fn routed<F: std::future::Future>(primary_only: bool, f: F) -> F::Output {
    PRIMARY_ONLY.scope(primary_only, f).await
}

/// Whether the current request may read from a standby.
pub fn may_use_standby() -> bool {
    PRIMARY_ONLY.try_with(|p| !*p).unwrap_or(false)
}

/// One standby.
pub struct Replica {
    /// `host:port`, as metrics name it (never the password).
    pub name: String,
    pub(super) pool: PgPool,
    pub(super) lists: PgPool,
    lag_ms: AtomicI64,
    reads: AtomicU64,
}

impl Replica {
    pub(super) fn new(name: String, pool: PgPool, lists: PgPool) -> Self {
        Self { name, pool, lists, lag_ms: AtomicI64::new(DOWN), reads: AtomicU64::new(0) }
    }

    /// Its lag as last seen; `None` while it cannot be read or is not a standby.
    pub fn lag(&self) -> Option<Duration> {
        u64::try_from(self.lag_ms.load(Ordering::Relaxed)).ok().map(Duration::from_millis)
    }

    /// Reads it has served since the start.
    pub fn reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    pub(super) fn served(&self) {
        self.reads.fetch_add(1, Ordering::Relaxed);
    }

    /// Seen failing by a request: skipped until the watcher reads it again.
    pub(super) fn mark_down(&self) {
        self.lag_ms.store(DOWN, Ordering::Relaxed);
    }
}

/// Who wrote: an account, or a client's address (anonymous filings).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Writer {
    Account(i64),
    Client(String),
}

/// The standbys, the routing state and the watcher's view.
pub struct Replicas {
    pub list: Vec<Replica>,
    max_lag: Duration,
    next: AtomicUsize,
    primary_reads: AtomicU64,
    writers: Mutex<HashMap<Writer, Instant>>,
}

impl Replicas {
    pub(super) fn new(list: Vec<Replica>, max_lag: Duration) -> Self {
        Self {
            list,
            max_lag,
            next: AtomicUsize::new(0),
            primary_reads: AtomicU64::new(0),
            writers: Mutex::new(HashMap::new()),
        }
    }

    /// How long a writer's reads stay on the primary: the lag a standby may have, and the
    /// watcher's two ticks in which a fresh write is not yet counted.
    pub fn window(&self) -> Duration {
        self.max_lag + 2 * TICK
    }

    /// A standby within the lag allowed, in turn; none when all are down or late.
    pub(super) fn choose(&self) -> Option<&Replica> {
        let n = self.list.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        (0..n).map(|i| &self.list[(start + i) % n]).find(|r| r.lag().is_some_and(|lag| lag <= self.max_lag))
    }

    pub(super) fn primary_served(&self) {
        self.primary_reads.fetch_add(1, Ordering::Relaxed);
    }

    /// Reads the primary served (because no standby could, or the reader had just written).
    pub fn primary_reads(&self) -> u64 {
        self.primary_reads.load(Ordering::Relaxed)
    }

    /// Notes that `who` has just written.
    pub fn wrote(&self, who: Writer) {
        if let Ok(mut w) = self.writers.lock() {
            w.insert(who, Instant::now());
        }
    }

    /// Whether any of `who` wrote within the window.
    pub fn wrote_recently(&self, who: &[Writer]) -> bool {
        let window = self.window();
        self.writers.lock().is_ok_and(|w| who.iter().any(|k| w.get(k).is_some_and(|t| t.elapsed() < window)))
    }

    fn forget_old_writers(&self) {
        let window = self.window();
        if let Ok(mut w) = self.writers.lock() {
            w.retain(|_, t| t.elapsed() < window);
        }
    }
}

#[derive(QueryableByName)]
struct Position {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    standby: bool,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    lsn: i64,
}

/// The server's WAL position: written (a primary) or replayed (a standby), in bytes.
fn position(conn: &mut PgConnection) -> QueryResult<Position> {
    diesel::sql_query(
        "SELECT pg_is_in_recovery() AS standby, \
         pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN COALESCE(pg_last_wal_replay_lsn(), '0/0') \
         ELSE pg_current_wal_lsn() END, '0/0')::int8 AS lsn",
    )
    .get_result(conn)
}

/// How long ago the primary had written what a standby at `replayed` lacks: the time of
/// the oldest position past it (the whole history when all are).
fn lag_of(history: &VecDeque<(Instant, i64)>, replayed: i64, now: Instant) -> Duration {
    history.iter().find(|(_, lsn)| *lsn > replayed).map_or(Duration::ZERO, |(at, _)| now.duration_since(*at))
}

/// Starts the watcher: it stops when the last `Db` holding `replicas` is dropped.
pub(super) fn watch(primary: PgPool, replicas: &Arc<Replicas>) {
    let weak: Weak<Replicas> = Arc::downgrade(replicas);
    let spawned = std::thread::Builder::new().name("civis-replicas".into()).spawn(move || {
        let mut history: VecDeque<(Instant, i64)> = VecDeque::new();
        while let Some(replicas) = weak.upgrade() {
            let now = Instant::now();
            if let Ok(p) = primary.get().map_err(|_| ()).and_then(|mut c| position(&mut c).map_err(|_| ()))
                && !p.standby
            {
                history.push_back((now, p.lsn));
            }
            while history.front().is_some_and(|(at, _)| now.duration_since(*at) > HISTORY) {
                history.pop_front();
            }
            for r in &replicas.list {
                let seen = r.pool.get().ok().and_then(|mut c| position(&mut c).ok());
                let lag = match seen {
                    Some(s) if s.standby => i64::try_from(lag_of(&history, s.lsn, now).as_millis()).unwrap_or(i64::MAX),
                    _ => DOWN,
                };
                r.lag_ms.store(lag, Ordering::Relaxed);
            }
            replicas.forget_old_writers();
            drop(replicas);
            std::thread::sleep(TICK);
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the replicas' watcher did not start: every read goes to the primary");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standby_lags_by_the_age_of_the_oldest_write_it_lacks() {
        let t0 = Instant::now();
        let history: VecDeque<(Instant, i64)> =
            [(t0, 100), (t0 + Duration::from_secs(1), 200), (t0 + Duration::from_secs(2), 300)].into();
        let now = t0 + Duration::from_secs(3);
        assert_eq!(lag_of(&history, 300, now), Duration::ZERO, "caught up");
        assert_eq!(lag_of(&history, 250, now), Duration::from_secs(1), "lacks what was written by 2 s");
        assert_eq!(lag_of(&history, 150, now), Duration::from_secs(2));
        assert_eq!(lag_of(&history, 50, now), Duration::from_secs(3), "lacks the whole history");
    }

    #[test]
    fn a_writer_reads_from_the_primary_for_the_window_only() {
        let r = Replicas::new(vec![], Duration::from_millis(100));
        let who = Writer::Account(7);
        assert!(!r.wrote_recently(std::slice::from_ref(&who)));
        r.wrote(who.clone());
        assert!(r.wrote_recently(&[Writer::Client("203.0.113.7".into()), who.clone()]));
        std::thread::sleep(r.window() + Duration::from_millis(50));
        assert!(!r.wrote_recently(&[who]));
    }
}

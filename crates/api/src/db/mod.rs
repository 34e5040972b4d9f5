//! The database: the connection pool, the one helper through which every query runs,
//! the embedded migrations, and the queries themselves (one module per table family).

pub mod accounts;
pub mod addresses;
pub mod anonymize;
pub mod api_keys;
pub mod attachments;
pub mod closures;
pub mod departments;
pub mod filing;
pub mod filters;
pub mod followers;
pub mod followups;
pub mod inbound;
pub mod interactions;
pub mod jobs;
pub mod journal;
pub mod knowledge;
pub mod limits;
pub mod lists;
pub mod metrics;
pub mod monthly;
pub mod notify;
pub mod open311;
pub mod outbox;
pub mod person;
pub mod probe;
pub mod public_list;
pub mod replicas;
pub mod reports;
pub mod request_edits;
pub mod requests;
pub mod retention;
pub mod schema;
pub mod schema_hooks;
pub mod second_factor;
pub mod sql;
pub mod staff_list;
pub mod synthetic;
pub mod taxonomy;
pub mod towns;
pub mod users;
pub mod webhooks;
pub mod words;

diesel::define_sql_function!(
    /// SQL `lower(text)`.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::Settings;
use crate::error::ApiError;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

pub type PgPool = Pool<ConnectionManager<PgConnection>>;
pub type Conn = PooledConnection<ConnectionManager<PgConnection>>;

/// The pool, cheap to clone. Connections are only ever used on the blocking pool.
#[derive(Clone)]
pub struct Db {
    pool: PgPool,
    /// The staff lists' own connections, with their time limit set when they open;
    /// read-only, as a standby's are.
    lists: PgPool,
    /// The primary's connections for `read` when no standby takes it: read-only, so a
    /// `read` that writes fails in every test, not only on a standby.
    reads: PgPool,
    /// The standbys reads may go to (`DATABASE_READ_URLS`); none: the primary serves all.
    replicas: Option<std::sync::Arc<replicas::Replicas>>,
}

/// What each connection is told when it opens: no JIT (every statement here is
/// milliseconds of work, and compiling one costs hundreds: the planner's estimates for the
/// list read month by month pass its threshold at 10 M requests, 3 ms became 250 ms); for
/// the staff lists' connections, their time limit (`Settings::list_timeout`), so a list
/// needs no transaction to set it; for the connections of `read`, read-only.
#[derive(Debug)]
struct Session {
    statement_timeout_ms: Option<u128>,
    read_only: bool,
}

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for Session {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        use diesel::connection::SimpleConnection;
        let mut sql = String::from("SET jit = off");
        if let Some(ms) = self.statement_timeout_ms {
            sql.push_str(&format!("; SET statement_timeout = {ms}"));
        }
        if self.read_only {
            sql.push_str("; SET default_transaction_read_only = on");
        }
        conn.batch_execute(&sql).map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Requests that waited for a connection in vain (answered 503), since the start.
pub static POOL_TIMEOUTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Db {
    /// (connections open, of which idle, most allowed).
    pub fn pool_state(&self) -> (u32, u32, u32) {
        let s = self.pool.state();
        (s.connections, s.idle_connections, self.pool.max_size())
    }

    /// Builds the pool without connecting: the server starts even while the database is
    /// down, answers 503 meanwhile, and recovers by itself when it comes back.
    pub fn new(settings: &Settings) -> Self {
        let pool = |url: &str, (statement_timeout_ms, read_only), wait| {
            Pool::builder()
                .max_size(settings.db_pool_size)
                .min_idle(Some(0))
                .connection_timeout(wait)
                .test_on_check_out(true)
                .connection_customizer(Box::new(Session { statement_timeout_ms, read_only }))
                .build_unchecked(ConnectionManager::<PgConnection>::new(url))
        };
        let list = (Some(settings.list_timeout.as_millis().max(1)), true);
        let (read, write) = ((None, true), (None, false));
        let primary = pool(&settings.database_url, write, settings.db_timeout);
        let replicas = (!settings.database_read_urls.is_empty()).then(|| {
            // A standby that does not answer at once is skipped: its requests go to the primary.
            let wait = REPLICA_WAIT.min(settings.db_timeout);
            let list = settings
                .database_read_urls
                .iter()
                .map(|url| replicas::Replica::new(host_of(url), pool(url, read, wait), pool(url, list, wait)))
                .collect();
            let r = std::sync::Arc::new(replicas::Replicas::new(list, settings.replica_max_lag));
            replicas::watch(primary.clone(), &r);
            r
        });
        Self {
            lists: pool(&settings.database_url, list, settings.db_timeout),
            reads: pool(&settings.database_url, read, settings.db_timeout),
            pool: primary,
            replicas,
        }
    }

    /// The standbys, when there are.
    pub fn replicas(&self) -> Option<&replicas::Replicas> {
        self.replicas.as_deref()
    }

    /// Runs `f` with a connection on actix's blocking pool, inside the caller's tracing span.
    /// This is the only way handlers reach the database.
    pub async fn run<F, T>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        Self::run_on(self.pool.clone(), f).await
    }

    /// A read that tolerates a moment's lag: on a standby when one is fresh enough and the
    /// caller has not just written, else on the primary. `f` may run twice: on the primary
    /// again when the standby fails for want of a connection (or cancels the read because
    /// it conflicts with what it replays).
    pub async fn read<F, T>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(&mut PgConnection) -> Result<T, ApiError> + Send + Sync + 'static,
        T: Send + 'static,
    {
        self.read_on(false, f).await
    }

    /// The same for a staff list (its statements stop at the list's time limit).
    pub async fn read_list<F, T>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(&mut PgConnection) -> Result<T, ApiError> + Send + Sync + 'static,
        T: Send + 'static,
    {
        self.read_on(true, f).await
    }

    async fn read_on<F, T>(&self, list: bool, f: F) -> Result<T, ApiError>
    where
        F: Fn(&mut PgConnection) -> Result<T, ApiError> + Send + Sync + 'static,
        T: Send + 'static,
    {
        let primary = if list { &self.lists } else { &self.reads };
        let Some(replicas) = &self.replicas else { return Self::run_on(primary.clone(), f).await };
        let Some(standby) = replicas::may_use_standby().then(|| replicas.choose()).flatten() else {
            replicas.primary_served();
            return Self::run_on(primary.clone(), f).await;
        };
        let f = std::sync::Arc::new(f);
        let g = f.clone();
        let pool = if list { standby.lists.clone() } else { standby.pool.clone() };
        match Self::on_blocking_pool(pool, Checkout::Standby, move |conn| g(conn)).await {
            Err(ApiError::Unavailable | ApiError::Conflict("conflict")) => {
                tracing::warn!(replica = %standby.name, "a standby failed a read: the primary serves it");
                standby.mark_down();
                replicas.primary_served();
                Self::run_on(primary.clone(), move |conn| f(conn)).await
            }
            done => {
                standby.served();
                done
            }
        }
    }

    async fn run_on<F, T>(pool: PgPool, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        Self::on_blocking_pool(pool, Checkout::Primary, f).await
    }

    /// Runs `f` on a connection of `pool` on actix's blocking pool, in the caller's span. A
    /// primary's connection that does not come is a 503 counted in the metrics; a standby's
    /// is `Unavailable` too, uncounted (the primary then serves the read).
    async fn on_blocking_pool<F, T>(pool: PgPool, checkout: Checkout, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let span = tracing::Span::current();
        actix_web::web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get().map_err(|e| {
                if checkout == Checkout::Primary {
                    POOL_TIMEOUTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::warn!(error = %e, "no database connection");
                }
                ApiError::Unavailable
            })?;
            f(&mut conn)
        })
        .await
        .map_err(|e| ApiError::caused("blocking pool", e))?
    }

    /// A connection for commands (migrate, seed) that run outside actix.
    pub fn get(&self) -> anyhow::Result<Conn> {
        Ok(self.pool.get()?)
    }
}

/// Whose connection a request waits for (`Db::on_blocking_pool`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checkout {
    Primary,
    Standby,
}

/// How long a request waits for a standby's connection before the primary serves it.
const REPLICA_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// `host:port` of a connection URL (`postgres://user:pw@host:port/db?…`), for metrics.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or_default().to_string()
}

/// Applies the pending migrations.
pub fn migrate(conn: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let applied = conn.run_pending_migrations(MIGRATIONS).map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    Ok(applied.iter().map(|v| v.to_string()).collect())
}

/// The database answers (`/ready`).
pub fn ping(conn: &mut PgConnection) -> diesel::QueryResult<usize> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT 1").execute(conn)
}

/// Fresh planner statistics for every table (after a bulk load).
pub fn analyze(conn: &mut PgConnection) -> diesel::QueryResult<usize> {
    use diesel::RunQueryDsl;
    diesel::sql_query("ANALYZE").execute(conn)
}

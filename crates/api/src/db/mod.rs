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
    /// The staff lists' own connections, with their time limit set when they open.
    lists: PgPool,
}

/// What each connection is told when it opens: no JIT (every statement here is
/// milliseconds of work, and compiling one costs hundreds: the planner's estimates for the
/// list read month by month pass its threshold at 10 M requests, 3 ms became 250 ms); for
/// the staff lists' connections, their time limit (`Settings::list_timeout`), so a list
/// needs no transaction to set it.
#[derive(Debug)]
struct Session {
    statement_timeout_ms: Option<u128>,
}

impl diesel::r2d2::CustomizeConnection<PgConnection, diesel::r2d2::Error> for Session {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        use diesel::connection::SimpleConnection;
        let mut sql = String::from("SET jit = off");
        if let Some(ms) = self.statement_timeout_ms {
            sql.push_str(&format!("; SET statement_timeout = {ms}"));
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
        let pool = |statement_timeout_ms| {
            Pool::builder()
                .max_size(settings.db_pool_size)
                .min_idle(Some(0))
                .connection_timeout(settings.db_timeout)
                .test_on_check_out(true)
                .connection_customizer(Box::new(Session { statement_timeout_ms }))
                .build_unchecked(ConnectionManager::<PgConnection>::new(&settings.database_url))
        };
        Self { pool: pool(None), lists: pool(Some(settings.list_timeout.as_millis().max(1))) }
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

    /// The same on a staff list's connection: its statements stop at the list's time limit.
    pub async fn run_list<F, T>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        Self::run_on(self.lists.clone(), f).await
    }

    async fn run_on<F, T>(pool: PgPool, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let span = tracing::Span::current();
        actix_web::web::block(move || {
            let _entered = span.enter();
            let mut conn = pool.get().map_err(|e| {
                POOL_TIMEOUTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::warn!(error = %e, "no database connection");
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

//! Settings, read once at start from the environment (documented in `.env.example`).
//! A bad value stops the program with a message naming the variable.

use std::time::Duration;

use anyhow::{Context, bail};

use crate::secrets::{Hidden, Secret};

/// Everything the API and the commands need to know about their surroundings. Printing
/// it (`{:?}`) shows no secret: the secret, tokens and passwords read `<hidden>`.
#[derive(Clone)]
pub struct Settings {
    /// The primary; several hosts with `target_session_attrs=read-write` follow a failover.
    pub database_url: String,
    /// Standbys for the reads that tolerate a moment's lag (`DATABASE_READ_URLS`,
    /// separated by spaces); none: the primary serves every read (`db::replicas`).
    pub database_read_urls: Vec<String>,
    /// A standby further behind than this is skipped (`REPLICA_MAX_LAG_MS`, default 2000).
    pub replica_max_lag: Duration,
    pub bind: String,
    /// Base URL of the site, used in links sent to citizens.
    pub public_url: String,
    /// Whether this is a production install (`CIVIS_ENV=production`): the server then
    /// refuses to start while demo accounts keep the demo password.
    pub production: bool,
    /// The one secret every signing key derives from (`JWT_SECRET`).
    pub secret: Secret,
    pub access_ttl: Duration,
    /// How long a refresh token stays valid unused (the idle timeout of a sign-in).
    pub refresh_ttl: Duration,
    /// Longest a sign-in lasts, however active (`SESSION_MAX_HOURS`).
    pub session_max: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Multiplies every abuse limit (`RATE_LIMIT_FACTOR`, 1 unless tests raise it).
    pub rate_limit_factor: i32,
    /// Platform administrators must sign in with a second factor (`PLATFORM_SECOND_FACTOR`,
    /// on unless `off`; production refuses `off`, which only the demo and tests use).
    pub platform_second_factor: bool,
    pub db_pool_size: u32,
    /// How long a request waits for a database connection before answering 503.
    pub db_timeout: Duration,
    /// Longest a staff list's statements may run before the search is refused as too
    /// broad (422 `search_too_broad`), so one runaway filter cannot hold connections.
    pub list_timeout: Duration,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// Serves the benchmark's bare probes (`BENCH_PROBES=1`; `http/probe.rs`).
    pub bench_probes: bool,
    /// Folder of the built web app (`scripts/web.sh`), served at `/`.
    pub web_dir: String,
    /// Map tiles (`{z}/{x}/{y}`); empty: no tiles, the map still takes pins.
    pub map_tile_url: String,
    pub map_tile_attribution: String,
    /// `lat,lng` where maps open when there is nothing to show yet.
    pub map_center: String,
    /// SMTP server of the outbox worker: `smtp://host:port` (or `smtps://user:pass@host`).
    pub smtp_url: Option<Hidden>,
    /// Sender of emails when the town has none.
    pub mail_from: String,
    /// First retry delay of a failed email (doubling after each failure, at most an hour).
    pub outbox_retry_base: Duration,
    /// Attempts before an email is left `failed`.
    pub outbox_max_attempts: i32,
    /// How often an idle worker looks for new emails.
    pub outbox_poll: Duration,
    /// How often the worker runs the periodic jobs (reminders, overdue, monthly lists).
    pub jobs_interval: Duration,
    /// Domain of the reply addresses (`reply+…@REPLY_DOMAIN`); none: emails carry none.
    pub reply_domain: Option<String>,
    /// Bearer token a mail provider's inbound webhook presents; none: the endpoint refuses all.
    pub inbound_token: Option<Hidden>,
    /// Bearer token of `GET /metrics` (`METRICS_TOKEN`); none: the page does not exist.
    pub metrics_token: Option<Hidden>,
    /// Where attachments live: `file://<folder>` or `s3://<bucket>` (see `storage`).
    pub storage_url: String,
    pub s3: crate::storage::S3,
    /// Webhook endpoints may be on private, loopback or link-local networks, and plain
    /// `http://` (`WEBHOOK_ALLOW_PRIVATE=1`: tests and a town's own network; production refuses it).
    pub webhook_allow_private: bool,
    /// The pause before each retry of a webhook delivery (`WEBHOOK_RETRY_SECS`, comma-separated;
    /// default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 27 h 35 min in all, as Standard Webhooks suggests).
    pub webhook_retry: Vec<Duration>,
}

/// The Standard Webhooks retry schedule, in seconds.
pub const WEBHOOK_RETRY: [u64; 7] = [5, 300, 1800, 7200, 18000, 36000, 36000];

fn retry_schedule() -> anyhow::Result<Vec<Duration>> {
    match var("WEBHOOK_RETRY_SECS") {
        None => Ok(WEBHOOK_RETRY.iter().map(|s| Duration::from_secs(*s)).collect()),
        Some(v) => v
            .split(',')
            .map(|s| s.trim().parse::<f64>().ok().filter(|s| *s >= 0.0).map(Duration::from_secs_f64))
            .collect::<Option<Vec<_>>>()
            .filter(|v| !v.is_empty())
            .with_context(|| format!("WEBHOOK_RETRY_SECS: seconds, comma-separated: {v:?}")),
    }
}

/// A connection URL without its password (`postgres://civis:<hidden>@db/civis`).
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = url[s + 3..at].split(':').next().unwrap_or_default();
            format!("{}{user}:<hidden>{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &without_password(&self.database_url))
            .field(
                "database_read_urls",
                &self.database_read_urls.iter().map(|u| without_password(u)).collect::<Vec<_>>(),
            )
            .field("bind", &self.bind)
            .field("public_url", &self.public_url)
            .field("production", &self.production)
            .field("secret", &self.secret)
            .field("smtp_url", &self.smtp_url)
            .field("inbound_token", &self.inbound_token)
            .field("metrics_token", &self.metrics_token)
            .field("storage_url", &self.storage_url)
            .field("s3", &self.s3)
            .field("webhook_allow_private", &self.webhook_allow_private)
            .field("webhook_retry", &self.webhook_retry)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}

const OSM_TILES: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const OSM_ATTRIBUTION: &str = "© OpenStreetMap";
const DEFAULT_CENTER: &str = "45.8680,-74.0810";
const DEFAULT_FROM: &str = "Civis <no-reply@civis.local>";

/// Whether `CIVIS_ENV` says production (`production`; `development` or unset: not).
pub fn production() -> anyhow::Result<bool> {
    match var("CIVIS_ENV").as_deref().map(str::trim) {
        None | Some("development") => Ok(false),
        Some("production") => Ok(true),
        Some(other) => bail!("CIVIS_ENV must be \"production\" or \"development\", got {other:?}"),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn num<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        None => Ok(default),
        Some(v) => v.trim().parse().ok().with_context(|| format!("{name}: not a number: {v:?}")),
    }
}

impl Settings {
    /// Reads the settings; `DATABASE_URL` and `JWT_SECRET` are required.
    pub fn from_env() -> anyhow::Result<Self> {
        let database_url = var("DATABASE_URL").context("DATABASE_URL is not set")?;
        let secret = Secret::parse("JWT_SECRET", &var("JWT_SECRET").context("JWT_SECRET is not set")?)?;
        let inbound_token = var("INBOUND_TOKEN").map(Hidden);
        if inbound_token.as_ref().is_some_and(|t| t.as_str().trim().chars().count() < 32) {
            bail!("INBOUND_TOKEN must be at least 32 characters");
        }
        let metrics_token = var("METRICS_TOKEN").map(Hidden);
        if metrics_token.as_ref().is_some_and(|t| t.as_str().trim().chars().count() < 32) {
            bail!("METRICS_TOKEN must be at least 32 characters");
        }
        let production = production()?;
        let settings = Self {
            database_url,
            database_read_urls: var("DATABASE_READ_URLS")
                .map(|v| v.split_whitespace().map(String::from).collect())
                .unwrap_or_default(),
            replica_max_lag: Duration::from_millis(num("REPLICA_MAX_LAG_MS", 2_000)?),
            bind: var("BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            public_url: var("PUBLIC_URL").unwrap_or_else(|| "http://localhost:8080".into()),
            production,
            secret,
            access_ttl: Duration::from_secs(num("ACCESS_TOKEN_TTL_SECS", 900)?),
            refresh_ttl: Duration::from_secs(num("REFRESH_IDLE_MINUTES", 30u64)? * 60),
            session_max: Duration::from_secs(num("SESSION_MAX_HOURS", 12u64)? * 3600),
            trusted_proxies: proxies()?,
            rate_limit_factor: num("RATE_LIMIT_FACTOR", 1)?,
            platform_second_factor: var("PLATFORM_SECOND_FACTOR").is_none_or(|v| v.trim() != "off"),
            db_pool_size: num("DB_POOL_SIZE", 16)?,
            db_timeout: Duration::from_millis(num("DB_TIMEOUT_MS", 3_000)?),
            list_timeout: Duration::from_millis(num("LIST_TIMEOUT_MS", 3_000)?),
            json_limit: num("JSON_LIMIT_BYTES", 256 * 1024)?,
            bench_probes: var("BENCH_PROBES").is_some_and(|v| v == "1"),
            web_dir: var("WEB_DIR").unwrap_or_else(|| "frontend/dist".into()),
            map_tile_url: std::env::var("MAP_TILE_URL").unwrap_or_else(|_| OSM_TILES.into()),
            map_tile_attribution: var("MAP_TILE_ATTRIBUTION").unwrap_or_else(|| OSM_ATTRIBUTION.into()),
            map_center: var("MAP_CENTER").unwrap_or_else(|| DEFAULT_CENTER.into()),
            smtp_url: var("SMTP_URL").map(Hidden),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_FROM.into()),
            outbox_retry_base: Duration::from_millis(num("OUTBOX_RETRY_BASE_MS", 30_000)?),
            outbox_max_attempts: num("OUTBOX_MAX_ATTEMPTS", 8)?,
            outbox_poll: Duration::from_millis(num("OUTBOX_POLL_MS", 1_000)?),
            jobs_interval: Duration::from_secs(num("JOBS_INTERVAL_SECS", 600)?),
            reply_domain: var("REPLY_DOMAIN"),
            inbound_token,
            metrics_token,
            storage_url: storage_url(),
            s3: s3_from_env(),
            webhook_allow_private: var("WEBHOOK_ALLOW_PRIVATE").is_some_and(|v| v == "1" || v == "true"),
            webhook_retry: retry_schedule()?,
        };
        let center: Vec<Option<f64>> = settings.map_center.split(',').map(|v| v.trim().parse().ok()).collect();
        if !matches!(center.as_slice(), [Some(lat), Some(lng)] if lat.abs() <= 90.0 && lng.abs() <= 180.0) {
            bail!("MAP_CENTER must be \"latitude,longitude\", got {:?}", settings.map_center);
        }
        if settings.db_pool_size == 0 {
            bail!("DB_POOL_SIZE must be at least 1");
        }
        if settings.production && settings.bench_probes {
            bail!("BENCH_PROBES serves unauthenticated benchmark routes: never with CIVIS_ENV=production");
        }
        // What only a demo or a test needs, refused in production.
        if settings.production && !settings.public_url.starts_with("https://") {
            bail!("PUBLIC_URL must be an https:// address with CIVIS_ENV=production (links in emails carry tokens)");
        }
        if settings.production && !settings.platform_second_factor {
            bail!(
                "PLATFORM_SECOND_FACTOR=off lets a platform administrator sign in with a password alone: never with CIVIS_ENV=production"
            );
        }
        if settings.production && settings.webhook_allow_private {
            bail!(
                "WEBHOOK_ALLOW_PRIVATE lets webhooks reach the server's own network: never with CIVIS_ENV=production"
            );
        }
        if settings.production && settings.rate_limit_factor > 1 {
            bail!("RATE_LIMIT_FACTOR above 1 loosens every limit (tests, benchmarks): never with CIVIS_ENV=production");
        }
        Ok(settings)
    }

    /// The keys of reply addresses, when replies by email are on.
    pub fn reply_keys(&self) -> Option<crate::reply::ReplyKeys> {
        self.reply_domain.as_deref().map(|d| crate::reply::ReplyKeys::new(&self.secret, d))
    }

    /// Settings for a given database with development defaults (tests, commands).
    pub fn for_database(database_url: &str, secret: &str) -> Self {
        Self {
            database_url: database_url.into(),
            database_read_urls: Vec::new(),
            replica_max_lag: Duration::from_millis(2_000),
            bind: "127.0.0.1:0".into(),
            public_url: "http://localhost:8080".into(),
            production: false,
            secret: Secret::unchecked(secret),
            access_ttl: Duration::from_secs(900),
            refresh_ttl: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 3600),
            trusted_proxies: Vec::new(),
            rate_limit_factor: 1,
            platform_second_factor: false,
            db_pool_size: 8,
            db_timeout: Duration::from_millis(3_000),
            list_timeout: Duration::from_millis(3_000),
            json_limit: 256 * 1024,
            bench_probes: false,
            web_dir: String::new(),
            map_tile_url: String::new(),
            map_tile_attribution: String::new(),
            map_center: DEFAULT_CENTER.into(),
            smtp_url: None,
            mail_from: DEFAULT_FROM.into(),
            outbox_retry_base: Duration::from_millis(30_000),
            outbox_max_attempts: 8,
            outbox_poll: Duration::from_millis(1_000),
            jobs_interval: Duration::from_secs(600),
            reply_domain: None,
            inbound_token: None,
            metrics_token: None,
            storage_url: format!("file://{}", std::env::temp_dir().join("civis-files").display()),
            s3: crate::storage::S3::default(),
            webhook_allow_private: false,
            webhook_retry: WEBHOOK_RETRY.iter().map(|s| Duration::from_secs(*s)).collect(),
        }
    }
}

/// The proxies trusted when `TRUSTED_PROXIES` is not set: loopback and the private
/// networks, where a reverse proxy in front of the server sits (Rails' default too). A
/// client on the Internet cannot spoof its address through them (its own address is
/// public); without them, every visitor behind a proxy would share the proxy's address
/// and its limits.
pub const PRIVATE_NETWORKS: [&str; 6] =
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

fn proxies() -> anyhow::Result<Vec<ipnet::IpNet>> {
    proxies_from(var("TRUSTED_PROXIES").as_deref())
}

/// `TRUSTED_PROXIES`: addresses (`10.0.0.2`) or networks (`10.0.0.0/24`, `2001:db8::/48`),
/// comma-separated; `none` for none (a server facing clients directly); unset, the
/// private networks (`PRIVATE_NETWORKS`).
pub fn proxies_from(value: Option<&str>) -> anyhow::Result<Vec<ipnet::IpNet>> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let list = match value {
        None => PRIVATE_NETWORKS.join(","),
        Some(v) if v.eq_ignore_ascii_case("none") => String::new(),
        Some(v) => v.to_string(),
    };
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .with_context(|| format!("TRUSTED_PROXIES: not an address or a network: {p:?}"))
        })
        .collect()
}

/// `STORAGE_URL` (a local folder by default).
pub fn storage_url() -> String {
    var("STORAGE_URL").unwrap_or_else(|| "file://.local/files".into())
}

/// How to reach S3-compatible storage, from the environment.
pub fn s3_from_env() -> crate::storage::S3 {
    crate::storage::S3 {
        endpoint: var("S3_ENDPOINT"),
        region: var("AWS_REGION").unwrap_or_else(|| "us-east-1".into()),
        access_key_id: var("AWS_ACCESS_KEY_ID"),
        secret_access_key: var("AWS_SECRET_ACCESS_KEY").map(Hidden),
    }
}

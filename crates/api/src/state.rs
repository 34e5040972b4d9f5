//! What every handler shares.

use crate::auth::jwt::Keys;
use crate::config::Settings;
use crate::db::Db;
use crate::limits::Limiter;
use crate::storage::Storage;
use crate::web::WebAssets;

pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub web: WebAssets,
    pub storage: Storage,
    pub limits: Limiter,
    pub hashers: crate::auth::password::Hashers,
    pub metrics: crate::metrics::Metrics,
    pub settings: Settings,
}

impl AppState {
    /// The state of a server; fails when the attachment storage cannot be reached.
    pub fn new(settings: Settings) -> anyhow::Result<Self> {
        Ok(Self {
            db: Db::new(&settings),
            keys: Keys::new(&settings.secret, settings.access_ttl),
            web: WebAssets::load(&settings),
            storage: Storage::new(&settings.storage_url, &settings.s3)?,
            limits: Limiter::new(&settings.secret, settings.rate_limit_factor),
            hashers: crate::auth::password::Hashers::for_this_machine(settings.rate_limit_factor),
            metrics: Default::default(),
            settings,
        })
    }
}

pub type State = actix_web::web::Data<AppState>;

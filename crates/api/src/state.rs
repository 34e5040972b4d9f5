//! What every handler shares.

use crate::auth::jwt::Keys;
use crate::config::Settings;
use crate::db::Db;
use crate::storage::Storage;
use crate::web::WebAssets;

pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub web: WebAssets,
    pub storage: Storage,
    pub settings: Settings,
}

impl AppState {
    /// The state of a server; fails when the attachment storage cannot be reached.
    pub fn new(settings: Settings) -> anyhow::Result<Self> {
        Ok(Self {
            db: Db::new(&settings),
            keys: Keys::new(&settings.jwt_secret, settings.access_ttl),
            web: WebAssets::load(&settings),
            storage: Storage::new(&settings.storage_url, &settings.s3)?,
            settings,
        })
    }
}

pub type State = actix_web::web::Data<AppState>;

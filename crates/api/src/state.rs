//! What every handler shares.

use crate::auth::jwt::Keys;
use crate::config::Settings;
use crate::db::Db;
use crate::web::WebAssets;

pub struct AppState {
    pub db: Db,
    pub keys: Keys,
    pub web: WebAssets,
    pub settings: Settings,
}

impl AppState {
    pub fn new(settings: Settings) -> Self {
        Self {
            db: Db::new(&settings),
            keys: Keys::new(&settings.jwt_secret, settings.access_ttl),
            web: WebAssets::load(&settings),
            settings,
        }
    }
}

pub type State = actix_web::web::Data<AppState>;

//! How a request reached the town.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The intake channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    Phone,
    Counter,
    Email,
    MobileApp,
    Mail,
    SocialMedia,
    /// Filed by an integrator's app with the town's API key (Open311).
    Application,
}

crate::wire_enum!(Channel {
    Web => "web",
    Phone => "phone",
    Counter => "counter",
    Email => "email",
    MobileApp => "mobile_app",
    Mail => "mail",
    SocialMedia => "social_media",
    Application => "application",
});

impl Channel {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Web, _) => "Web",
            (Self::Phone, Lang::Fr) => "Téléphone",
            (Self::Phone, Lang::En) => "Phone",
            (Self::Counter, Lang::Fr) => "Comptoir",
            (Self::Counter, Lang::En) => "Counter",
            (Self::Email, Lang::Fr) => "Courriel",
            (Self::Email, Lang::En) => "Email",
            (Self::MobileApp, Lang::Fr) => "Application mobile",
            (Self::MobileApp, Lang::En) => "Mobile app",
            (Self::Mail, Lang::Fr) => "Courrier",
            (Self::Mail, Lang::En) => "Mail",
            (Self::SocialMedia, Lang::Fr) => "Médias sociaux",
            (Self::SocialMedia, Lang::En) => "Social media",
            (Self::Application, Lang::Fr) => "Application tierce",
            (Self::Application, Lang::En) => "Third-party app",
        }
    }
}

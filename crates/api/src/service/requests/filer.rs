//! Who files a request: staff or an operator agent for a caller, a signed-in citizen, or a
//! visitor.

use civis_domain::RoleSet;

use crate::auth::Principal;
use crate::service::api_keys::AppKey;

/// Who is filing.
pub enum Filer<'a> {
    /// Town staff or an operator agent, for a caller.
    Staff(&'a Principal, RoleSet),
    /// A citizen signed in on the portal.
    Citizen(&'a Principal),
    /// A visitor on the portal, not signed in.
    Visitor,
    /// An integrator's app with the town's API key (Open311), for a citizen.
    Application(&'a AppKey),
}

impl Filer<'_> {
    pub(crate) fn is_staff(&self) -> bool {
        matches!(self, Self::Staff(..))
    }

    /// The key of an app's filing.
    pub(crate) fn api_key(&self) -> Option<i64> {
        match self {
            Self::Application(k) => Some(k.id),
            _ => None,
        }
    }

    pub(crate) fn user_id(&self) -> Option<i64> {
        match self {
            Self::Staff(p, _) | Self::Citizen(p) => Some(p.id),
            Self::Visitor | Self::Application(_) => None,
        }
    }
}

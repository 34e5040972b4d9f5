//! Who files a request: staff or an operator agent for a caller, a signed-in citizen, or a
//! visitor.

use civis_domain::RoleSet;

use crate::auth::Principal;

/// Who is filing.
pub enum Filer<'a> {
    /// Town staff or an operator agent, for a caller.
    Staff(&'a Principal, RoleSet),
    /// A citizen signed in on the portal.
    Citizen(&'a Principal),
    /// A visitor on the portal, not signed in.
    Visitor,
}

impl Filer<'_> {
    pub(crate) fn is_staff(&self) -> bool {
        matches!(self, Self::Staff(..))
    }

    pub(crate) fn user_id(&self) -> Option<i64> {
        match self {
            Self::Staff(p, _) | Self::Citizen(p) => Some(p.id),
            Self::Visitor => None,
        }
    }
}

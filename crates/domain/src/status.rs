//! Statuses of a request, the dashboard's tabs, and the one transition function.

use serde::{Deserialize, Serialize};

use crate::{Lang, Role};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Entered by an operator agent, not yet sent to the town.
    NotTransferred,
    /// Sent to the department the taxonomy names.
    Transferred,
    /// The town is working on it.
    InProgress,
    /// Closed, done.
    ClosedProcessed,
    /// Closed, refused (with a reason).
    ClosedRefused,
}

crate::wire_enum!(Status {
    NotTransferred => "not_transferred",
    Transferred => "transferred",
    InProgress => "in_progress",
    ClosedProcessed => "closed_processed",
    ClosedRefused => "closed_refused",
});

/// The dashboard's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    NotTransferred,
    Open,
    Closed,
}

crate::wire_enum!(Tab { NotTransferred => "not_transferred", Open => "open", Closed => "closed" });

impl Tab {
    /// The statuses listed under this tab.
    pub fn statuses(self) -> &'static [Status] {
        match self {
            Self::NotTransferred => &[Status::NotTransferred],
            Self::Open => &[Status::Transferred, Status::InProgress],
            Self::Closed => &[Status::ClosedProcessed, Status::ClosedRefused],
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NotTransferred, Lang::Fr) => "Non transférées",
            (Self::NotTransferred, Lang::En) => "Not transferred",
            (Self::Open, Lang::Fr) => "Ouvertes",
            (Self::Open, Lang::En) => "Open",
            (Self::Closed, Lang::Fr) => "Fermées",
            (Self::Closed, Lang::En) => "Closed",
        }
    }
}

impl Status {
    pub fn tab(self) -> Tab {
        match self {
            Self::NotTransferred => Tab::NotTransferred,
            Self::Transferred | Self::InProgress => Tab::Open,
            Self::ClosedProcessed | Self::ClosedRefused => Tab::Closed,
        }
    }

    pub fn is_closed(self) -> bool {
        self.tab() == Tab::Closed
    }

    /// The citizen's words (DOMAIN.md): Reçue, En traitement, Traitée, Refusée — one
    /// vocabulary for the portal's badges and filters; staff keep the five statuses.
    pub fn citizen_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NotTransferred | Self::Transferred, Lang::Fr) => "Reçue",
            (Self::NotTransferred | Self::Transferred, Lang::En) => "Received",
            (Self::InProgress, Lang::Fr) => "En traitement",
            (Self::InProgress, Lang::En) => "In progress",
            (Self::ClosedProcessed, Lang::Fr) => "Traitée",
            (Self::ClosedProcessed, Lang::En) => "Processed",
            (Self::ClosedRefused, Lang::Fr) => "Refusée",
            (Self::ClosedRefused, Lang::En) => "Refused",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::NotTransferred, Lang::Fr) => "Non transférée",
            (Self::NotTransferred, Lang::En) => "Not transferred",
            (Self::Transferred, Lang::Fr) => "Transférée",
            (Self::Transferred, Lang::En) => "Transferred",
            (Self::InProgress, Lang::Fr) => "En traitement",
            (Self::InProgress, Lang::En) => "In progress",
            (Self::ClosedProcessed, Lang::Fr) => "Fermée – traitée",
            (Self::ClosedProcessed, Lang::En) => "Closed – processed",
            (Self::ClosedRefused, Lang::Fr) => "Fermée – refusée",
            (Self::ClosedRefused, Lang::En) => "Closed – refused",
        }
    }
}

/// What someone does to a request's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Send to the town (operator agent's intake).
    Transfer,
    /// Put in progress by hand.
    Start,
    /// The town's first action on a transferred request (automatic).
    FirstTownAction,
    CloseProcessed,
    CloseRefused,
    /// Reopen a closed request (with a reason, recorded by the caller).
    Reopen,
}

crate::wire_enum!(Action {
    Transfer => "transfer",
    Start => "start",
    FirstTownAction => "first_town_action",
    CloseProcessed => "close_processed",
    CloseRefused => "close_refused",
    Reopen => "reopen",
});

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this role may not perform this action")]
    Forbidden,
    #[error("this action is not possible from the current status")]
    InvalidFromStatus,
}

impl TransitionError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Forbidden => "transition_forbidden",
            Self::InvalidFromStatus => "transition_invalid",
        }
    }
}

const TOWN_STAFF: &[Role] = &[Role::Clerk, Role::DepartmentResponsible, Role::Director];

/// The one transition function: the status after `role` performs `action` on a request in
/// `from`. The role is checked first (an action a role may never perform is `Forbidden`),
/// then the status.
pub fn transition(from: Status, action: Action, role: Role) -> Result<Status, TransitionError> {
    use Status::*;
    let allowed: &[Role] = match action {
        Action::Transfer => &[Role::OperatorAgent, Role::Clerk, Role::Director],
        Action::Start | Action::FirstTownAction | Action::Reopen => TOWN_STAFF,
        Action::CloseProcessed | Action::CloseRefused => {
            &[Role::OperatorAgent, Role::Clerk, Role::DepartmentResponsible, Role::Director]
        }
    };
    if !allowed.contains(&role) {
        return Err(TransitionError::Forbidden);
    }
    match (action, from) {
        (Action::Transfer, NotTransferred) => Ok(Transferred),
        (Action::Start, Transferred) => Ok(InProgress),
        (Action::FirstTownAction, Transferred | InProgress) => Ok(InProgress),
        // An operator agent closes only at first contact, before the town has it.
        (Action::CloseProcessed | Action::CloseRefused, Transferred | InProgress) if role == Role::OperatorAgent => {
            Err(TransitionError::Forbidden)
        }
        (Action::CloseProcessed, NotTransferred | Transferred | InProgress) => Ok(ClosedProcessed),
        (Action::CloseRefused, NotTransferred | Transferred | InProgress) => Ok(ClosedRefused),
        (Action::Reopen, ClosedProcessed | ClosedRefused) => Ok(InProgress),
        _ => Err(TransitionError::InvalidFromStatus),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Role as R;
    use Status as S;

    /// The expected outcome of every (status, action, role), written out independently of
    /// `transition`: the allowed triples, and for the rest whether the role may ever do it.
    fn expected(s: S, a: A, r: R) -> Result<S, TransitionError> {
        let town = [R::Clerk, R::DepartmentResponsible, R::Director];
        let allowed: Option<S> = match (s, a) {
            (S::NotTransferred, A::Transfer) if [R::OperatorAgent, R::Clerk, R::Director].contains(&r) => {
                Some(S::Transferred)
            }
            (S::Transferred, A::Start) if town.contains(&r) => Some(S::InProgress),
            (S::Transferred, A::FirstTownAction) if town.contains(&r) => Some(S::InProgress),
            (S::InProgress, A::FirstTownAction) if town.contains(&r) => Some(S::InProgress),
            (S::NotTransferred, A::CloseProcessed) if r == R::OperatorAgent || town.contains(&r) => {
                Some(S::ClosedProcessed)
            }
            (S::NotTransferred, A::CloseRefused) if r == R::OperatorAgent || town.contains(&r) => {
                Some(S::ClosedRefused)
            }
            (S::Transferred | S::InProgress, A::CloseProcessed) if town.contains(&r) => Some(S::ClosedProcessed),
            (S::Transferred | S::InProgress, A::CloseRefused) if town.contains(&r) => Some(S::ClosedRefused),
            (S::ClosedProcessed | S::ClosedRefused, A::Reopen) if town.contains(&r) => Some(S::InProgress),
            _ => None,
        };
        if let Some(to) = allowed {
            return Ok(to);
        }
        let ever = match a {
            A::Transfer => [R::OperatorAgent, R::Clerk, R::Director].contains(&r),
            A::Start | A::FirstTownAction | A::Reopen => town.contains(&r),
            A::CloseProcessed | A::CloseRefused => r == R::OperatorAgent || town.contains(&r),
        };
        let operator_after_intake = r == R::OperatorAgent
            && matches!(a, A::CloseProcessed | A::CloseRefused)
            && matches!(s, S::Transferred | S::InProgress);
        if !ever || operator_after_intake {
            Err(TransitionError::Forbidden)
        } else {
            Err(TransitionError::InvalidFromStatus)
        }
    }

    #[test]
    fn every_status_action_role_combination() {
        let mut allowed = 0;
        for s in S::ALL {
            for a in A::ALL {
                for r in R::ALL {
                    let got = transition(s, a, r);
                    assert_eq!(got, expected(s, a, r), "{s} --{a}--> as {r}");
                    allowed += usize::from(got.is_ok());
                }
            }
        }
        // 3 transfer + 3 start + 6 first action + 2×4 first-contact closures
        // + 2×2×3 town closures + 2×3 reopen
        assert_eq!(allowed, 3 + 3 + 6 + 8 + 12 + 6);
    }

    #[test]
    fn elected_officials_and_administrators_change_nothing() {
        for s in S::ALL {
            for a in A::ALL {
                assert_eq!(transition(s, a, R::ElectedOfficial), Err(TransitionError::Forbidden));
                assert_eq!(transition(s, a, R::TownAdmin), Err(TransitionError::Forbidden));
            }
        }
    }

    #[test]
    fn tabs_partition_the_statuses() {
        for s in S::ALL {
            assert!(s.tab().statuses().contains(&s));
            assert_eq!(Tab::ALL.iter().filter(|t| t.statuses().contains(&s)).count(), 1);
        }
        assert!(S::ClosedRefused.is_closed() && !S::InProgress.is_closed());
        assert_eq!(S::ClosedProcessed.label(Lang::Fr), "Fermée – traitée");
    }
}

//! Roles held in a town, and what they allow.

use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::status::{Action, Status, TransitionError, transition};

/// A role granted to a staff account in one town.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Call-centre agent: enters requests for callers, for one or several towns.
    OperatorAgent,
    /// First-line clerk: classifies, transfers, closes.
    Clerk,
    /// Receives the department's requests, acts, writes follow-ups, closes.
    DepartmentResponsible,
    /// Citizen-services director: handles complaints, sees everything of the town.
    Director,
    /// Read-only: lists and reports, never personal information.
    ElectedOfficial,
    /// Configures the town.
    TownAdmin,
}

crate::wire_enum!(Role {
    OperatorAgent => "operator_agent",
    Clerk => "clerk",
    DepartmentResponsible => "department_responsible",
    Director => "director",
    ElectedOfficial => "elected_official",
    TownAdmin => "town_admin",
});

impl Role {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::OperatorAgent, Lang::Fr) => "Agent 311",
            (Self::OperatorAgent, Lang::En) => "311 agent",
            (Self::Clerk, Lang::Fr) => "Technicien service aux citoyens",
            (Self::Clerk, Lang::En) => "Citizen-services clerk",
            (Self::DepartmentResponsible, Lang::Fr) => "Responsable de service",
            (Self::DepartmentResponsible, Lang::En) => "Department head",
            (Self::Director, Lang::Fr) => "Directeur service aux citoyens",
            (Self::Director, Lang::En) => "Citizen-services director",
            (Self::ElectedOfficial, Lang::Fr) => "Élu",
            (Self::ElectedOfficial, Lang::En) => "Elected official",
            (Self::TownAdmin, Lang::Fr) => "Administrateur de la ville",
            (Self::TownAdmin, Lang::En) => "Town administrator",
        }
    }
}

/// Roles that work requests: every permission to write on a request comes from one of them.
const WORKING: [Role; 4] = [Role::OperatorAgent, Role::Clerk, Role::DepartmentResponsible, Role::Director];
/// The town's own staff (an operator agent works a request only until its transfer).
const TOWN_STAFF: [Role; 3] = [Role::Clerk, Role::DepartmentResponsible, Role::Director];

/// Which complaints a reader's lists hold (the rule of `privacy::disclosure_of`, for SQL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintScope {
    All,
    /// Those transferred to these departments.
    Departments(Vec<i64>),
    None,
}

/// The roles one account holds in one town. Each permission is the union of what each
/// role grants: holding a read-only role beside another never takes a right away, and
/// never adds one that neither grants.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleSet {
    roles: Vec<Role>,
    /// The departments a department responsible answers for in the town (not on the wire:
    /// the grants carry them).
    #[serde(skip)]
    departments: Vec<i64>,
}

impl RoleSet {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        Self::with_departments(roles, [])
    }

    /// Roles with the departments of the account's department-responsible grants.
    pub fn with_departments(roles: impl IntoIterator<Item = Role>, departments: impl IntoIterator<Item = i64>) -> Self {
        let mut v: Vec<Role> = roles.into_iter().collect();
        v.sort();
        v.dedup();
        let mut d: Vec<i64> = departments.into_iter().collect();
        d.sort_unstable();
        d.dedup();
        Self { roles: v, departments: d }
    }

    pub fn contains(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.roles.iter().copied()
    }

    fn any(&self, roles: &[Role]) -> bool {
        self.roles.iter().any(|r| roles.contains(r))
    }

    /// The departments these roles answer for (a department responsible's).
    pub fn departments(&self) -> &[i64] {
        if self.contains(Role::DepartmentResponsible) { &self.departments } else { &[] }
    }

    /// Whether a request of `department` is in one of the departments these roles answer for.
    pub fn serves(&self, department: Option<i64>) -> bool {
        department.is_some_and(|d| self.departments().contains(&d))
    }

    /// Departments, taxonomy, questions, options.
    pub fn can_configure_town(&self) -> bool {
        self.contains(Role::TownAdmin)
    }

    /// Staff accounts and their roles.
    pub fn can_manage_users(&self) -> bool {
        self.contains(Role::TownAdmin)
    }

    /// Reading the town's requests: every role but a town administrator's alone.
    pub fn can_read_requests(&self) -> bool {
        self.roles.iter().any(|r| *r != Role::TownAdmin)
    }

    /// Entering requests for citizens.
    pub fn can_create_requests(&self) -> bool {
        self.any(&WORKING)
    }

    /// Working requests at all: follow-ups, files, edits (whether the request's status
    /// still allows it is [`RoleSet::may_work_at`]). Elected officials and town
    /// administrators never do, whatever else they hold.
    pub fn can_work_requests(&self) -> bool {
        self.any(&WORKING)
    }

    /// Whether these roles may still work a request in `status`: the town's staff always;
    /// an operator agent only until the request is transferred to the town (the same rule
    /// as its transitions).
    pub fn may_work_at(&self, status: Status) -> bool {
        self.any(&TOWN_STAFF) || (self.contains(Role::OperatorAgent) && status == Status::NotTransferred)
    }

    /// Roles that work requests for the town (not the operator agent's intake).
    pub fn is_town_staff(&self) -> bool {
        self.any(&TOWN_STAFF)
    }

    /// Photos and files of requests; never elected officials.
    pub fn can_read_attachments(&self) -> bool {
        self.any(&WORKING)
    }

    /// Every complaint of the town: the director's and the first line's (clerks, operator
    /// agents). A department responsible reads those transferred to their department
    /// ([`RoleSet::serves`]); elected officials see them only as counts.
    pub fn can_read_every_complaint(&self) -> bool {
        self.any(&[Role::OperatorAgent, Role::Clerk, Role::Director])
    }

    /// Which complaints appear in these roles' lists.
    pub fn complaint_scope(&self) -> ComplaintScope {
        if self.can_read_every_complaint() {
            ComplaintScope::All
        } else if self.can_read_requests() && !self.departments().is_empty() {
            ComplaintScope::Departments(self.departments().to_vec())
        } else {
            ComplaintScope::None
        }
    }

    /// Seeing a requester's contact details; never elected officials.
    pub fn can_see_contact(&self) -> bool {
        self.any(&WORKING)
    }

    /// The knowledge base with its internal articles (agents search it during a call).
    pub fn can_read_knowledge(&self) -> bool {
        self.any(&WORKING) || self.contains(Role::TownAdmin)
    }

    /// Writing any article of the town (a department responsible writes those of their
    /// department: see the service).
    pub fn can_edit_any_article(&self) -> bool {
        self.contains(Role::TownAdmin)
    }

    /// Logging contacts with citizens and working the callback queue.
    pub fn can_log_interactions(&self) -> bool {
        self.any(&WORKING)
    }

    /// The confidential parts of complaints.
    pub fn can_see_confidential(&self) -> bool {
        self.contains(Role::Director)
    }

    /// Only roles that write nothing about requests (elected official, town administrator).
    pub fn is_read_only(&self) -> bool {
        !self.is_empty() && !self.can_work_requests()
    }

    /// The first role of the set allowed to perform `action` at all, to hand to
    /// [`transition`].
    pub fn best_for(&self, action: Action) -> Option<Role> {
        self.iter().find(|role| {
            Status::ALL.iter().any(|s| !matches!(transition(*s, action, *role), Err(TransitionError::Forbidden)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        let elected = RoleSet::new([Role::ElectedOfficial]);
        assert!(elected.is_read_only() && elected.can_read_requests() && !elected.can_see_contact());
        let admin = RoleSet::new([Role::TownAdmin]);
        assert!(admin.can_configure_town() && !admin.can_read_requests() && !admin.can_create_requests());
        let director = RoleSet::new([Role::Director]);
        assert!(director.can_see_confidential() && director.can_see_contact());
        assert!(!RoleSet::new([Role::Clerk]).can_see_confidential());
        assert!(!RoleSet::default().is_read_only());
    }

    #[test]
    fn permissions_are_the_union_of_the_roles() {
        // Elected official and town administrator: neither writes on requests.
        let both = RoleSet::new([Role::ElectedOfficial, Role::TownAdmin]);
        assert!(both.is_read_only() && !both.can_work_requests() && !both.can_read_attachments());
        assert!(both.can_read_requests() && !both.can_read_every_complaint() && !both.can_see_contact());
        // Elected official and clerk: the clerk's rights, whole.
        let clerk = RoleSet::new([Role::ElectedOfficial, Role::Clerk]);
        assert!(!clerk.is_read_only() && clerk.can_work_requests() && clerk.can_see_contact());
        assert!(!clerk.can_see_confidential());
    }

    #[test]
    fn operator_agents_work_a_request_until_its_transfer() {
        let agent = RoleSet::new([Role::OperatorAgent]);
        assert!(agent.may_work_at(Status::NotTransferred));
        for s in [Status::Transferred, Status::InProgress, Status::ClosedProcessed, Status::ClosedRefused] {
            assert!(!agent.may_work_at(s), "{s}");
            assert!(RoleSet::new([Role::OperatorAgent, Role::Clerk]).may_work_at(s));
        }
        assert!(!RoleSet::new([Role::ElectedOfficial]).may_work_at(Status::NotTransferred));
    }

    #[test]
    fn best_role_for_an_action() {
        let set = RoleSet::new([Role::ElectedOfficial, Role::Clerk]);
        assert_eq!(set.best_for(Action::Start), Some(Role::Clerk));
        assert_eq!(RoleSet::new([Role::ElectedOfficial]).best_for(Action::Start), None);
        assert_eq!(RoleSet::new([Role::OperatorAgent]).best_for(Action::Transfer), Some(Role::OperatorAgent));
    }

    #[test]
    fn wire_strings_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
            assert_eq!(serde_json::to_value(r).ok(), Some(serde_json::Value::String(r.as_str().into())));
        }
    }
}

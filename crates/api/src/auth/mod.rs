//! Who is calling: the signed-in principal and its grants, tokens and passwords. The HTTP
//! extractors that yield a principal live in `http::extract`.

pub mod jwt;
pub mod password;
pub mod second_factor;
pub mod tokens;

use civis_domain::wire::{Grant, Me, SecondFactorPolicy, SecondFactorState, UserKind};
use civis_domain::{Lang, Role, RoleSet};

use crate::db::users;
use crate::error::ApiError;

/// The signed-in account with its grants, read fresh on each request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub kind: UserKind,
    pub language: Lang,
    pub platform_admin: bool,
    pub grants: Vec<Grant>,
    /// Whether the account must use a second factor (from its roles and its towns'
    /// policies; a platform administrator's is added by `with_platform_rule`) and has one.
    pub second_factor: SecondFactorState,
}

impl Principal {
    /// The roles held in a town.
    pub fn roles_in(&self, town: i64) -> RoleSet {
        let here = || self.grants.iter().filter(|g| g.municipality_id == town);
        let departments = here().filter(|g| g.role == Role::DepartmentResponsible).filter_map(|g| g.department_id);
        RoleSet::with_departments(here().map(|g| g.role), departments)
    }

    /// The roles held in a town, or 404 when the caller has none there: another town's
    /// data is never even confirmed to exist.
    pub fn town_roles(&self, town: i64) -> Result<RoleSet, ApiError> {
        let roles = self.roles_in(town);
        if roles.is_empty() { Err(ApiError::NotFound) } else { Ok(roles) }
    }

    pub fn me(&self) -> Me {
        Me {
            id: self.id,
            email: self.email.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            kind: self.kind,
            language: self.language,
            platform_admin: self.platform_admin,
            grants: self.grants.clone(),
            second_factor: self.second_factor,
        }
    }

    /// Adds the platform's rule: a platform administrator must use a second factor when
    /// `PLATFORM_SECOND_FACTOR` is on (always in production).
    pub fn with_platform_rule(mut self, settings: &crate::config::Settings) -> Self {
        self.second_factor.required |= self.platform_admin && settings.platform_second_factor;
        self
    }

    /// 403 `second_factor_enrolment_required` while the account must enrol first.
    pub fn enrolled_if_required(self) -> Result<Self, ApiError> {
        if self.second_factor.must_enrol() {
            Err(ApiError::ForbiddenBecause("second_factor_enrolment_required"))
        } else {
            Ok(self)
        }
    }
}

/// Loads an active account and its grants.
pub fn load_principal(conn: &mut diesel::PgConnection, id: i64) -> Result<Option<Principal>, ApiError> {
    Ok(users::principal(conn, id)?.and_then(Principal::from_row))
}

impl Principal {
    /// The caller an account's row describes; none when the account is inactive.
    pub fn from_row(u: users::PrincipalRow) -> Option<Self> {
        if !u.active {
            return None;
        }
        let required = u.kind == UserKind::Staff
            && u.grant_roles.iter().zip(&u.grant_policies).any(|(role, policy)| match policy {
                SecondFactorPolicy::Off => false,
                SecondFactorPolicy::Privileged => matches!(role, Role::TownAdmin | Role::Director),
                SecondFactorPolicy::All => true,
            });
        let second_factor = SecondFactorState { required, enrolled: u.second_factor_enrolled };
        let grants = u
            .grant_towns
            .into_iter()
            .zip(u.grant_roles)
            .zip(u.grant_departments)
            .map(|((municipality_id, role), department_id)| Grant { municipality_id, role, department_id })
            .collect();
        Some(Self {
            id: u.id,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            kind: u.kind,
            language: u.language,
            platform_admin: u.platform_admin,
            grants,
            second_factor,
        })
    }
}

//! Who is calling: token checks, the signed-in principal, and typed extractors whose
//! signature is the permission (a handler taking `TownAdmin` cannot run for anyone else).

pub mod jwt;
pub mod password;
pub mod tokens;

use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use civis_domain::wire::{Grant, Me, UserKind};
use civis_domain::{Lang, Role, RoleSet};
use futures_util::future::LocalBoxFuture;

use crate::db::users;
use crate::error::ApiError;
use crate::state::AppState;

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
        let grants = u
            .grant_towns
            .into_iter()
            .zip(u.grant_roles)
            .zip(u.grant_departments)
            .filter_map(|((municipality_id, role), department_id)| {
                Some(Grant { municipality_id, role: Role::from_str(&role).ok()?, department_id })
            })
            .collect();
        Some(Self {
            id: u.id,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
            kind: if u.kind == "citizen" { UserKind::Citizen } else { UserKind::Staff },
            language: Lang::from_str(&u.language).unwrap_or_default(),
            platform_admin: u.platform_admin,
            grants,
        })
    }
}

/// The bearer token of the `Authorization` header, if any.
pub(crate) fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

/// Whether the request presents `expected` as its bearer token (compared in constant
/// time); never when no token is configured.
pub(crate) fn presents(req: &HttpRequest, expected: Option<&str>) -> bool {
    expected.is_some_and(|e| crate::reply::same(&bearer(req).unwrap_or_default(), e))
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>().cloned().ok_or_else(|| ApiError::internal("application state missing"))
}

async fn authenticate(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: Option<String>,
) -> Result<Principal, ApiError> {
    use actix_web::HttpMessage;
    let user_id = token_user(&state, token)?;
    let principal =
        state.db.run(move |conn| load_principal(conn, user_id)).await?.ok_or(ApiError::Unauthorized("unauthorized"))?;
    // The access log names the account (its id only).
    req.extensions_mut().insert(crate::http::access_log::UserId(principal.id));
    Ok(principal)
}

/// The account a bearer token names, once the token is verified.
fn token_user(state: &AppState, token: Option<String>) -> Result<i64, ApiError> {
    state.keys.verify(&token.ok_or(ApiError::Unauthorized("unauthorized"))?)
}

/// Authenticates the caller, then lets `check` decide what the extractor yields.
fn extract<T, F>(req: &HttpRequest, check: F) -> LocalBoxFuture<'static, Result<T, ApiError>>
where
    T: 'static,
    F: FnOnce(Principal) -> Result<T, ApiError> + 'static,
{
    let state = state(req);
    let token = bearer(req);
    let req = req.clone();
    Box::pin(async move { check(authenticate(state?, req, token).await?) })
}

/// Any signed-in account.
pub struct Authenticated(pub Principal);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |p| Ok(Self(p)))
    }
}

/// A signed-in account's id, from its token alone, for a handler that reads who the caller
/// is together with what it needs, in one statement (the staff list: `list_caller`). The
/// handler must load the account and refuse an inactive one, as `Authenticated` does.
pub struct CallerId(pub i64);

impl FromRequest for CallerId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        use actix_web::HttpMessage;
        std::future::ready((|| {
            let id = token_user(&*state(req)?, bearer(req))?;
            req.extensions_mut().insert(crate::http::access_log::UserId(id));
            Ok(Self(id))
        })())
    }
}

/// The platform administrator.
pub struct PlatformAdmin(pub Principal);

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |p| if p.platform_admin { Ok(Self(p)) } else { Err(ApiError::Forbidden) })
    }
}

/// An administrator of the town named by the `{town_id}` path segment (or the platform
/// administrator). Staff without a grant in that town get 404, other roles 403.
pub struct TownAdmin {
    pub principal: Principal,
    pub town_id: i64,
}

impl FromRequest for TownAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let town = req.match_info().get("town_id").and_then(|t| t.parse::<i64>().ok());
        extract(req, move |principal| {
            let town_id = town.ok_or(ApiError::NotFound)?;
            if !principal.platform_admin && !principal.town_roles(town_id)?.can_configure_town() {
                return Err(ApiError::Forbidden);
            }
            Ok(Self { principal, town_id })
        })
    }
}

/// A citizen signed in on the portal.
pub struct Citizen(pub Principal);

impl FromRequest for Citizen {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |p| if p.kind == UserKind::Citizen { Ok(Self(p)) } else { Err(ApiError::Forbidden) })
    }
}

/// The caller's account when a token is given, `None` for a visitor. A bad token is still
/// refused (401), so a client never silently files as a visitor.
pub struct MaybeAuthenticated(pub Option<Principal>);

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = state(req);
        let token = bearer(req);
        let req = req.clone();
        Box::pin(async move {
            match token {
                None => Ok(Self(None)),
                Some(t) => Ok(Self(Some(authenticate(state?, req, Some(t)).await?))),
            }
        })
    }
}

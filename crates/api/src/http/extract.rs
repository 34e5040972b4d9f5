//! Typed extractors whose signature is the permission (a handler taking `TownAdmin` cannot
//! run for anyone else), and the bearer token they read.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use civis_domain::wire::UserKind;
use futures_util::future::LocalBoxFuture;

use super::access_log::UserId;
use crate::auth::{Principal, load_principal};
use crate::error::ApiError;
use crate::state::AppState;

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
    let principal = principal.with_platform_rule(&state.settings);
    // The access log names the account (its id only).
    req.extensions_mut().insert(UserId(principal.id));
    Ok(principal)
}

/// The account a bearer token names, once the token is verified.
fn token_user(state: &AppState, token: Option<String>) -> Result<i64, ApiError> {
    state.keys.verify(&token.ok_or(ApiError::Unauthorized("unauthorized"))?)
}

/// Authenticates the caller, refuses an account that must enrol a second factor first
/// (403 `second_factor_enrolment_required`), then lets `check` decide what the extractor
/// yields. Every extractor but `Enrolling` goes through here.
fn extract<T, F>(req: &HttpRequest, check: F) -> LocalBoxFuture<'static, Result<T, ApiError>>
where
    T: 'static,
    F: FnOnce(Principal) -> Result<T, ApiError> + 'static,
{
    let principal = principal_of(req);
    Box::pin(async move { check(principal.await?.enrolled_if_required()?) })
}

/// The caller's account from the bearer token, whatever its second factor.
fn principal_of(req: &HttpRequest) -> LocalBoxFuture<'static, Result<Principal, ApiError>> {
    let state = state(req);
    let token = bearer(req);
    let req = req.clone();
    Box::pin(async move { authenticate(state?, req, token).await })
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

/// Any signed-in account, even one that must enrol a second factor before anything else:
/// only for the account itself (`/auth/me`) and the enrolment.
pub struct Enrolling(pub Principal);

impl FromRequest for Enrolling {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let principal = principal_of(req);
        Box::pin(async move { Ok(Self(principal.await?)) })
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
            req.extensions_mut().insert(UserId(id));
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
                Some(t) => Ok(Self(Some(authenticate(state?, req, Some(t)).await?.enrolled_if_required()?))),
            }
        })
    }
}

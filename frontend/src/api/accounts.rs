//! Accounts: sign-in and sign-up, the session cookie's renewal and end, email
//! confirmation, password reset and change, and the links emailed about requests.

use civis_domain::wire::*;

use super::{Res, call};

/// Staff sign-in; `code` is the second factor's, for an account that has one (without it
/// such an account answers 401 `second_factor_required`).
pub async fn staff_sign_in(email: &str, password: &str, code: Option<String>) -> Res<TokenPair> {
    let body = SignInRequest { email: email.into(), password: password.into(), code };
    call("POST", "/auth/staff/sign-in").anonymous().json(&body).send().await
}

pub async fn citizen_sign_in(email: &str, password: &str) -> Res<TokenPair> {
    let body = SignInRequest { email: email.into(), password: password.into(), code: None };
    call("POST", "/auth/citizen/sign-in").anonymous().json(&body).send().await
}

/// Opens an account: the server answers 202 and emails a confirmation link.
pub async fn citizen_sign_up(body: &SignUpRequest) -> Res<()> {
    call("POST", "/auth/citizen/sign-up").anonymous().json(body).done().await
}

/// Renews the session with the refresh cookie. Boxed: sending a call may itself renew the
/// session through this function.
pub fn refresh() -> futures::future::LocalBoxFuture<'static, Res<TokenPair>> {
    Box::pin(async move { call("POST", "/auth/refresh").anonymous().json(&RefreshRequest::default()).send().await })
}

/// Ends the session of the refresh cookie (and removes the cookie).
pub async fn sign_out() -> Res<()> {
    call("DELETE", "/auth/refresh").anonymous().done().await
}

pub async fn confirm_email(token: &str) -> Res<TokenPair> {
    call("POST", "/auth/citizen/confirm").anonymous().json(&LinkToken { token: token.into() }).send().await
}

pub async fn request_reset(email: &str, kind: UserKind) -> Res<()> {
    let body = PasswordResetRequest { email: email.into(), kind };
    call("POST", "/auth/password-reset").anonymous().json(&body).done().await
}

pub async fn complete_reset(token: &str, password: &str) -> Res<PasswordResetDone> {
    let body = PasswordResetCompletion { token: token.into(), password: password.into() };
    call("POST", "/auth/password-reset/complete").anonymous().json(&body).send().await
}

pub async fn change_password(current: &str, new: &str) -> Res<TokenPair> {
    let body = PasswordChange { current_password: current.into(), new_password: new.into() };
    call("POST", "/auth/password").json(&body).send().await
}

pub async fn confirm_follow(token: &str) -> Res<()> {
    call("POST", "/public/follow/confirm").anonymous().json(&LinkToken { token: token.into() }).done().await
}

pub async fn unsubscribe(token: &str) -> Res<()> {
    call("POST", "/public/unsubscribe").anonymous().json(&LinkToken { token: token.into() }).done().await
}

/// Starts adding an authenticator: a new secret and its QR code.
pub async fn enrol_second_factor() -> Res<SecondFactorEnrolment> {
    call("POST", "/auth/second-factor").send().await
}

/// Confirms the authenticator with its current code; the ten recovery codes.
pub async fn confirm_second_factor(code: &str) -> Res<RecoveryCodes> {
    call("POST", "/auth/second-factor/confirm").json(&SecondFactorCode { code: code.trim().into() }).send().await
}

/// Confirms a department's notification address from the link sent to it.
pub async fn confirm_department_email(token: &str) -> Res<DepartmentEmailConfirmed> {
    call("POST", "/public/department-email/confirm").anonymous().json(&LinkToken { token: token.into() }).send().await
}

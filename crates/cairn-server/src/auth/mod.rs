//! Members, sessions and roles: who is asking, and what they may do.
//!
//! Accounts sign in with an e-mail address and a password ([`password`]: Argon2id); a session
//! is a random token in a cookie, stored only as a hash ([`session`]). The first administrator
//! is made with a one-time set-up code printed in the server's log; everyone else joins through
//! an invite ([`invite`]). What each role may do is decided in one place ([`access`]).

pub mod access;
pub mod account;
pub mod client;
pub mod device;
pub mod invite;
pub mod limit;
pub mod password;
pub mod secret;
pub mod session;

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub use account::Account;

use crate::error::ApiError;
use crate::state::AppState;

/// The header every state-changing API request must carry. A page on another site cannot
/// send it without a CORS preflight, which this server never grants.
pub const CSRF_HEADER: &str = "x-cairn-csrf";

/// Sign-in state shared by every request.
pub struct Auth {
    pub limiter: limit::Limiter,
    /// The set-up code while the server has no administrator; `None` once one exists.
    pub setup_code: Mutex<Option<String>>,
    pub session_ttl: u64,
    pub invite_ttl: u64,
    /// The public address's origin (`https://cairn.example.org`), when configured: a proxy in
    /// front may pass its own `Host`, so requests from this origin are Cairn's own too.
    pub public_origin: Option<String>,
    /// Argon2 takes ~19 MiB and tens of milliseconds on purpose: at most one hash per core at
    /// a time, so a flood of sign-ins queues instead of exhausting memory.
    pub hashing: tokio::sync::Semaphore,
    /// The proxies whose `X-Forwarded-For` names the client (`--trust-proxy`).
    pub proxies: client::TrustedProxies,
    /// The key known-device cookies are made with ([`device`]).
    pub device_key: String,
}

impl Auth {
    /// Runs an Argon2 hash or check on a blocking thread, one per core at a time.
    pub async fn hash<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .hashing
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| ApiError::Unavailable)
    }

    /// Whether a cookie set in answer to a request with these headers must be Secure: when the
    /// public address is `https`, or the page that sent the request was served over TLS (a
    /// TLS-terminating proxy in front of it).
    pub fn secure(&self, headers: &HeaderMap) -> bool {
        self.public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
            || headers
                .get(header::ORIGIN)
                .and_then(|o| o.to_str().ok())
                .is_some_and(|o| o.starts_with("https://"))
    }
}

/// The session token a request carries, not yet looked up: reads look it up on the connection
/// they read with, one trip to the read pool instead of two. Extracting it fails with
/// [`ApiError::SignInRequired`] if the request has no session cookie.
#[derive(Clone)]
pub struct Caller(String);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        session::token(&parts.headers)
            .map(Caller)
            .ok_or(ApiError::SignInRequired)
    }
}

impl Caller {
    /// The member whose live session this is; fails with [`ApiError::SignInRequired`] if the
    /// session has ended or never was.
    pub fn account(&self, conn: &rusqlite::Connection) -> Result<Account, ApiError> {
        session::lookup(conn, &self.0)?.ok_or(ApiError::SignInRequired)
    }
}

/// The signed-in member making the request, and their session token. Extracting it fails with
/// [`ApiError::SignInRequired`] if and only if the request has no cookie of a live session.
pub struct Signed(pub Account, pub String);

impl FromRequestParts<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let lookup = caller.clone();
        let account = state.reads.with(move |conn| lookup.account(conn)).await?;
        Ok(Signed(account, caller.0))
    }
}

/// `Option<Signed>`: `None` when the request is not signed in, rather than a refusal.
impl OptionalFromRequestParts<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        match <Signed as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(signed) => Ok(Some(signed)),
            Err(ApiError::SignInRequired) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Refuses state-changing API requests that could come from another site: they must carry
/// [`CSRF_HEADER`], and when the browser says where they come from (`Origin`,
/// `Sec-Fetch-Site`), it must be this server (its `Host`, or its configured public address).
/// Reads pass: they change nothing, and without CORS another site cannot read the answers.
pub async fn same_origin(State(auth): State<Arc<Auth>>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_ok = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(origin) if auth.public_origin.as_deref() == Some(origin) => true,
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
        }
    };
    let site_ok = headers
        .get("sec-fetch-site")
        .and_then(|s| s.to_str().ok())
        .is_none_or(|s| s == "same-origin" || s == "none");
    if headers.contains_key(CSRF_HEADER) && origin_ok && site_ok {
        next.run(request).await
    } else {
        ApiError::CrossSite.into_response()
    }
}

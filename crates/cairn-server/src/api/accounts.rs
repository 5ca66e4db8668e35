//! Setting up the first administrator, signing in and out, and changing a password.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{json_body, AppState, ACCOUNT_LIMIT};
use crate::auth::account::{self, Account, Email, Name};
use crate::auth::client::Client;
use crate::auth::device;
use crate::auth::limit::{Rule, ACCOUNT, ADDRESS, PAIR, SETUP};
use crate::auth::password::{self, Password};
use crate::auth::{access, secret, session, Auth, Signed};
use crate::error::{ApiError, Refused, Throttled};

/// Whether the server still waits for its first administrator.
#[derive(Serialize, ToSchema)]
pub struct SetupNeeded {
    needed: bool,
}

/// A signed-in member and the coalitions they may open, with their role in each.
#[derive(Serialize, ToSchema)]
pub struct Me {
    account: Account,
    coalitions: Vec<access::Listed>,
}

/// Who this browser is signed in as: `account` is `null` (and `coalitions` empty) when nobody
/// is, so asking is never an error a browser reports.
#[derive(Serialize, ToSchema)]
pub struct Whoami {
    #[schema(required = true)]
    account: Option<Account>,
    coalitions: Vec<access::Listed>,
}

/// Whether the server still waits for its first administrator.
#[utoipa::path(get, path = "/setup", operation_id = "setupNeeded", tag = "accounts",
    responses((status = 200, description = "Yes or no", body = SetupNeeded)))]
pub async fn setup_needed(State(state): State<AppState>) -> Json<SetupNeeded> {
    let needed = state.auth.setup_code.lock().expect("setup lock").is_some();
    Json(SetupNeeded { needed })
}

#[derive(Deserialize, ToSchema)]
struct Setup {
    /// The set-up code printed in the server's log when it started.
    code: String,
    email: String,
    /// The name other members see beside the administrator's changes (1 to 120 characters).
    name: String,
    password: String,
}

/// Makes the first administrator with the set-up code from the server's log, and signs them in.
#[utoipa::path(post, path = "/setup", operation_id = "setup", tag = "accounts",
    request_body = Setup,
    responses(
        (status = 201, description = "Set up and signed in", body = Me, headers(("set-cookie" = String, description = "The session cookie"))),
        (status = 400, response = Refused), (status = 403, response = Refused),
        (status = 409, response = Refused), (status = 413, response = Refused),
        (status = 422, response = Refused), (status = 429, response = Throttled),
        (status = 503, response = Refused),
    ))]
pub async fn setup(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let setup: Setup = json_body(body, ACCOUNT_LIMIT)?;
    // Per address only: guesses from elsewhere never delay the operator typing the real code.
    let setup_key = format!("setup:{client}");
    let expected = state.auth.setup_code.lock().expect("setup lock").clone();
    let Some(expected) = expected else {
        return Err(ApiError::SetupDone);
    };
    reserve(&state.auth, &[(&setup_key, SETUP)])?;
    let typed = setup.code.trim().to_uppercase();
    if !secret::same_hash(&secret::hash(&typed), &secret::hash(&expected)) {
        return Err(ApiError::SetupCodeWrong);
    }
    state.auth.limiter.release(&setup_key);
    let email = Email::parse(&setup.email)?;
    let name = Name::parse(&setup.name)?;
    let hash = hashed(&state, Password::parse(setup.password)?).await?;
    let ttl = state.auth.session_ttl;
    let (account, token) = state
        .writer
        .exec(move |tx| {
            if account::has_admin(tx)? {
                return Err(ApiError::SetupDone);
            }
            let account = account::create(tx, &email, &name, &hash, true)??;
            let token = session::start(tx, account.id, ttl)?;
            Ok((account, token))
        })
        .await?;
    state.auth.setup_code.lock().expect("setup lock").take();
    tracing::info!(member = account.id, "the first administrator was set up");
    signed_in(&state, &headers, account, &token, StatusCode::CREATED).await
}

#[derive(Deserialize, ToSchema)]
struct SignIn {
    email: String,
    password: String,
}

/// Signs a member in. A wrong address and a wrong password get the same answer after the same
/// work. Failures are throttled with growing delays ([`crate::auth::limit`]): per account and
/// address together always; per account from anywhere and per address across accounts only
/// for a browser that has not signed in to the account before.
#[utoipa::path(post, path = "/session", operation_id = "signIn", tag = "accounts",
    request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = Me, headers(("set-cookie" = String, description = "The session cookie, and a known-device cookie for the account"))),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 413, response = Refused), (status = 429, response = Throttled),
        (status = 503, response = Refused),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let sign_in: SignIn = json_body(body, ACCOUNT_LIMIT)?;
    let address_key = format!("address:{client}");
    // Not an address, or a password no account can have: refused like a wrong password, but
    // without the work (and without a key of arbitrary length in the limiter).
    let email = Email::parse(&sign_in.email).ok();
    let plausible = sign_in.password.chars().count() <= password::MAX_LEN;
    let (Some(email), true) = (email, plausible) else {
        reserve(&state.auth, &[(&address_key, ADDRESS)])?;
        return Err(ApiError::SignInFailed);
    };
    let pair_key = format!("pair:{}|{client}", email.as_str());
    let account_key = format!("account:{}", email.as_str());
    let known = device::known(&headers, &state.auth.device_key, email.as_str());
    let keys: &[(&str, Rule)] = if known {
        &[(&pair_key, PAIR)]
    } else {
        &[
            (&pair_key, PAIR),
            (&account_key, ACCOUNT),
            (&address_key, ADDRESS),
        ]
    };
    // Counted before the check, so attempts sent at once cannot all pass inside one delay.
    reserve(&state.auth, keys)?;
    let found = state
        .reads
        .with(move |conn| Ok(account::by_email(conn, &email)?))
        .await?;
    let typed = sign_in.password;
    let (account, stored) = found.unzip();
    let matches = state
        .auth
        .hash(move || password::verify(&typed, stored.as_deref()))
        .await?;
    let Some(account) = account.filter(|_| matches) else {
        return Err(ApiError::SignInFailed);
    };
    state.auth.limiter.forgive(&pair_key);
    state.auth.limiter.forgive(&account_key);
    state.auth.limiter.release(&address_key);
    let ttl = state.auth.session_ttl;
    let member = account.id;
    let token = state
        .writer
        .exec(move |tx| Ok(session::start(tx, member, ttl)?))
        .await?;
    let mut response = signed_in(&state, &headers, account.clone(), &token, StatusCode::OK).await?;
    let known = device::cookie(
        &state.auth.device_key,
        &account.email,
        state.auth.secure(&headers),
    );
    response.headers_mut().append(header::SET_COOKIE, known);
    Ok(response)
}

/// Ends this browser's session. Answers the same whether or not it was signed in.
#[utoipa::path(delete, path = "/session", operation_id = "signOut", tag = "accounts",
    responses(
        (status = 204, description = "Signed out", headers(("set-cookie" = String, description = "The cleared session cookie"))),
        (status = 503, response = Refused),
    ))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session::token(&headers) {
        state
            .writer
            .exec(move |tx| Ok(session::end(tx, &token)?))
            .await?;
    }
    Ok(signed_out(&state, &headers))
}

/// Ends every session of the member, on every device, this one included.
#[utoipa::path(post, path = "/session/everywhere", operation_id = "signOutEverywhere", tag = "accounts",
    security(("session" = [])),
    responses(
        (status = 204, description = "Signed out everywhere", headers(("set-cookie" = String, description = "The cleared session cookie"))),
        (status = 401, response = Refused), (status = 503, response = Refused),
    ))]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ended = state
        .writer
        .exec(move |tx| Ok(session::end_all(tx, account.id, None)?))
        .await?;
    tracing::info!(
        member = account.id,
        sessions = ended,
        "signed out everywhere"
    );
    Ok(signed_out(&state, &headers))
}

/// The signed-in member and the coalitions they belong to, with their role in each; `account`
/// is `null` when this browser is not signed in (or its session has ended).
#[utoipa::path(get, path = "/me", operation_id = "me", tag = "accounts",
    security((), ("session" = [])),
    responses(
        (status = 200, description = "The member, or nobody", body = Whoami),
        (status = 503, response = Refused),
    ))]
pub async fn me(
    State(state): State<AppState>,
    signed: Option<Signed>,
) -> Result<Json<Whoami>, ApiError> {
    Ok(Json(match signed {
        Some(Signed(account, _)) => {
            let Me {
                account,
                coalitions,
            } = describe(&state, account).await?;
            Whoami {
                account: Some(account),
                coalitions,
            }
        }
        None => Whoami {
            account: None,
            coalitions: Vec::new(),
        },
    }))
}

#[derive(Deserialize, ToSchema)]
struct ChangePassword {
    /// The password now.
    current: String,
    /// The password from now on.
    new: String,
}

/// Changes the member's password after checking the current one, and signs out every other
/// session (a changed password should lock out whoever knew the old one).
#[utoipa::path(post, path = "/password", operation_id = "changePassword", tag = "accounts",
    security(("session" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed; every other session ended"),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 429, response = Throttled), (status = 503, response = Refused),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    Signed(account, token): Signed,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let change: ChangePassword = json_body(body, ACCOUNT_LIMIT)?;
    // Only someone holding the member's session can guess here, so one key is enough.
    let account_key = format!("password:{}", account.id);
    let new = Password::parse(change.new)?;
    reserve(&state.auth, &[(&account_key, PAIR)])?;
    let member = account.id;
    let stored = state
        .reads
        .with(move |conn| Ok(account::by_id(conn, member)?))
        .await?
        .map(|(_, stored)| stored);
    let current = change.current;
    let matches = state
        .auth
        .hash(move || password::verify(&current, stored.as_deref()))
        .await?;
    if !matches {
        return Err(ApiError::InvalidAccount(
            "Your current password is not right: enter it again.".into(),
        ));
    }
    state.auth.limiter.release(&account_key);
    let hash = hashed(&state, new).await?;
    state
        .writer
        .exec(move |tx| {
            account::set_password(tx, member, &hash)?;
            session::end_all(tx, member, Some(&token))?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Counts an attempt against every key; fails with [`ApiError::TooManyAttempts`], counting
/// nothing, if any key has to wait.
fn reserve(auth: &Auth, keys: &[(&str, Rule)]) -> Result<(), ApiError> {
    auth.limiter
        .reserve(keys)
        .map_err(|wait| ApiError::TooManyAttempts {
            seconds: wait.as_secs_f64().ceil() as u64,
        })
}

/// The password's Argon2id hash, made one per core at a time.
pub async fn hashed(state: &AppState, password: Password) -> Result<String, ApiError> {
    state.auth.hash(move || password.hash()).await
}

/// What `/me` answers for `account`.
async fn describe(state: &AppState, account: Account) -> Result<Me, ApiError> {
    let (member, admin) = (account.id, account.server_admin);
    let coalitions = state
        .reads
        .with(move |conn| access::coalitions(conn, member, admin))
        .await?;
    Ok(Me {
        account,
        coalitions,
    })
}

/// The answer to a successful sign-in: the session cookie and the member's description.
pub async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    account: Account,
    token: &str,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let cookie = session::cookie(token, state.auth.session_ttl, state.auth.secure(headers));
    let body = describe(state, account).await?;
    Ok((status, [(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

fn signed_out(state: &AppState, headers: &HeaderMap) -> Response {
    let cookie = session::cleared(state.auth.secure(headers));
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response()
}

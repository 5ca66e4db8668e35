//! A coalition's members: inviting, listing, removing, and accepting an invite.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use cairn_core::{Code, Grant, Role};
use rusqlite::params;
use serde::Deserialize;
use serde_json::{json, Value};

use super::accounts::{hashed, signed_in};
use super::{coalition_id, json_body, AppState, ACCOUNT_LIMIT};
use crate::auth::account::{self, Email, Name};
use crate::auth::password::Password;
use crate::auth::{access, invite, session, Signed};
use crate::error::ApiError;
use crate::time::rfc3339;

/// A role as asked for: `admin`, `viewer`, or `editor` with a partner.
#[derive(Deserialize)]
struct Asked {
    role: String,
    #[serde(default)]
    partner: Option<String>,
}

impl Asked {
    /// The grant asked for, if the role is one and an editor names a partner code.
    fn grant(&self) -> Result<Grant, ApiError> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| ApiError::InvalidAccount("A role is admin, editor or viewer.".into()))?;
        Ok(match role {
            Role::Editor => {
                let partner = self.partner.as_deref().unwrap_or("");
                let code = Code::parse(partner).map_err(|_| {
                    ApiError::InvalidAccount(
                        "A partner editor's role names the partner organisation they enter for."
                            .into(),
                    )
                })?;
                Grant::editor(code)
            }
            Role::Admin => Grant::admin(),
            Role::Viewer => Grant::viewer(),
        })
    }
}

/// An invite as asked for: the role, and the e-mail address of the person invited.
#[derive(Deserialize)]
struct InviteAsked {
    #[serde(flatten)]
    asked: Asked,
    email: String,
}

/// Fails unless `grant`'s partner, if any, is one of the coalition's partners.
fn partner_in(conn: &rusqlite::Connection, coalition: &str, grant: &Grant) -> Result<(), ApiError> {
    match &grant.partner {
        Some(partner) if !partner_exists(conn, coalition, partner)? => {
            Err(ApiError::InvalidAccount(format!(
                "The coalition has no partner {partner}: add it first, or pick one of its partners."
            )))
        }
        _ => Ok(()),
    }
}

/// Makes a single-use invite link to the coalition for one e-mail address, with a role (and for
/// a partner editor, a partner organisation of the coalition). Administrators only.
pub async fn invite(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(id): UrlPath<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = coalition_id(&id)?;
    let asked: InviteAsked = json_body(body, ACCOUNT_LIMIT)?;
    let grant = asked.asked.grant()?;
    let email = Email::parse(&asked.email)?;
    let ttl = state.auth.invite_ttl;
    let coalition = id.clone();
    let address = email.as_str().to_string();
    let (token, expires) = state
        .writer
        .exec(move |tx| {
            access::administer(tx, account.id, &coalition)?;
            partner_in(tx, &coalition, &grant)?;
            Ok(invite::create(
                tx,
                &coalition,
                &grant,
                email.as_str(),
                account.id,
                ttl,
            )?)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "token": token,
            "path": format!("/#/invite/{token}"),
            "expires_at": rfc3339(expires),
            "email": address,
        })),
    ))
}

fn partner_exists(
    conn: &rusqlite::Connection,
    coalition: &str,
    partner: &Code,
) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM rows WHERE coalition = ?1 AND path >= ?2 AND path < ?3
         AND value IS NOT NULL)",
        params![
            coalition,
            format!("partners/{partner}/"),
            format!("partners/{partner}0")
        ],
        |r| r.get(0),
    )
}

/// What an invite offers, for the page that accepts it. Anyone holding the link may ask.
pub async fn offer(
    State(state): State<AppState>,
    UrlPath(token): UrlPath<String>,
) -> Result<Json<invite::Offer>, ApiError> {
    Ok(Json(
        state
            .reads
            .with(move |conn| invite::open(conn, &token))
            .await?,
    ))
}

#[derive(Deserialize)]
struct Accept {
    token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// Uses an invite: a member signed in with the invite's address gets its role in their account;
/// anyone else makes the account of that address with it and is signed in. An e-mail address
/// in the body, if any, must be the invite's.
pub async fn accept(
    State(state): State<AppState>,
    signed: Option<Signed>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let accept: Accept = json_body(body, ACCOUNT_LIMIT)?;
    let ttl = state.auth.session_ttl;
    let token = accept.token;
    if let Some(Signed(account, session_token)) = signed {
        let (member, email) = (account.id, account.email.clone());
        state
            .writer
            .exec(move |tx| invite::accept(tx, &token, member, &email))
            .await?;
        return signed_in(&state, &headers, account, &session_token, StatusCode::OK).await;
    }
    let name = Name::parse(&accept.name)?;
    let password = Password::parse(accept.password)?;
    // Only a live invite is worth a hash: nobody can make the server hash for nothing.
    let check = token.clone();
    let offer = state
        .reads
        .with(move |conn| invite::open(conn, &check))
        .await?;
    let email = Email::parse(&offer.email)?;
    if !accept.email.trim().is_empty() && Email::parse(&accept.email)?.as_str() != email.as_str() {
        return Err(ApiError::InviteForAnother(offer.email));
    }
    let hash = hashed(&state, password).await?;
    let (account, session_token) = state
        .writer
        .exec(move |tx| {
            // Refused (used meanwhile, say), the savepoint takes the new account back.
            let account = account::create(tx, &email, &name, &hash, false)??;
            invite::accept(tx, &token, account.id, &account.email)?;
            let session_token = session::start(tx, account.id, ttl)?;
            Ok((account, session_token))
        })
        .await?;
    tracing::info!(member = account.id, "an invite was accepted");
    signed_in(
        &state,
        &headers,
        account,
        &session_token,
        StatusCode::CREATED,
    )
    .await
}

/// The coalition's members and their roles. Administrators only.
pub async fn list(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(id): UrlPath<String>,
) -> Result<Json<Value>, ApiError> {
    let id = coalition_id(&id)?;
    let members = state
        .reads
        .with(move |conn| {
            access::administer(conn, account.id, &id)?;
            let mut stmt = conn.prepare(
                "SELECT m.id, m.name, m.email, ms.role, ms.partner FROM memberships ms
                 JOIN members m ON m.id = ms.member WHERE ms.coalition = ?1 ORDER BY m.name",
            )?;
            let rows = stmt
                .query_map([&id], |r| {
                    Ok(json!({
                        "id": r.get::<_, i64>(0)?,
                        "name": r.get::<_, String>(1)?,
                        "email": r.get::<_, String>(2)?,
                        "role": r.get::<_, String>(3)?,
                        "partner": r.get::<_, Option<String>>(4)?,
                    }))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await?;
    Ok(Json(json!({ "members": members })))
}

/// Gives a member another role in the coalition. Administrators only; it applies to the
/// member's next request (their pushes are checked against the role held when they arrive).
pub async fn set_role(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath((id, member)): UrlPath<(String, i64)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let id = coalition_id(&id)?;
    let asked: Asked = json_body(body, ACCOUNT_LIMIT)?;
    let grant = asked.grant()?;
    state
        .writer
        .exec(move |tx| {
            access::administer(tx, account.id, &id)?;
            partner_in(tx, &id, &grant)?;
            let changed = tx.execute(
                "UPDATE memberships SET role = ?3, partner = ?4 WHERE coalition = ?1 AND member = ?2",
                params![
                    id,
                    member,
                    grant.role.as_str(),
                    grant.partner.as_ref().map(Code::as_str)
                ],
            )?;
            if changed == 0 {
                return Err(ApiError::InvalidAccount(
                    "That person is not a member of this coalition: invite them instead.".into(),
                ));
            }
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a member's role in the coalition away. Administrators only; their next push or read
/// there is refused.
pub async fn remove(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath((id, member)): UrlPath<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    let id = coalition_id(&id)?;
    state
        .writer
        .exec(move |tx| {
            access::administer(tx, account.id, &id)?;
            tx.execute(
                "DELETE FROM memberships WHERE coalition = ?1 AND member = ?2",
                params![id, member],
            )?;
            // Their unused invites go with them: nobody regains a role through an old link.
            tx.execute(
                "DELETE FROM invites WHERE coalition = ?1 AND created_by = ?2 AND used_by IS NULL",
                params![id, member],
            )?;
            Ok(())
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

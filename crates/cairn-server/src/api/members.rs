//! A coalition's members: inviting, listing, removing, and accepting an invite.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use cairn_core::{Code, Grant, Role};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::{hashed, signed_in, Me};
use super::params::{InCoalition, InviteAt, MemberAt, MemberId, Path as UrlPath};
use super::{coalition_id, json_body, ACCOUNT_LIMIT};
use crate::auth::account::{self, Email, Name};
use crate::auth::password::Password;
use crate::auth::{access, invite, session, Signed};
use crate::error::{ApiError, Refused};
use crate::state::AppState;
use crate::time::rfc3339;

/// A role as asked for: `admin`, `viewer`, or `editor` with a partner.
#[derive(Deserialize, ToSchema)]
struct Asked {
    /// `admin`, `editor` or `viewer`.
    role: String,
    /// For an editor: the code of the partner organisation they enter for.
    #[serde(default)]
    partner: Option<String>,
}

/// A single-use invite link.
#[derive(Serialize, ToSchema)]
pub struct InviteLink {
    /// The secret the link carries.
    token: String,
    /// The app's address of the link, to put after the server's address.
    path: String,
    /// When the link stops working (RFC 3339).
    expires_at: String,
    /// The e-mail address the link works for.
    email: String,
}

/// A coalition's members.
#[derive(Serialize, ToSchema)]
pub struct Members {
    members: Vec<Member>,
}

/// A member of a coalition and their role there.
#[derive(Serialize, ToSchema)]
pub struct Member {
    id: i64,
    name: String,
    email: String,
    /// `admin`, `editor` or `viewer`.
    role: String,
    /// For a partner editor: the partner organisation they enter for.
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
#[derive(Deserialize, ToSchema)]
struct InviteAsked {
    #[serde(flatten)]
    asked: Asked,
    /// The address of the person invited: the link works only for it.
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
#[utoipa::path(post, path = "/coalitions/{id}/invites", operation_id = "invite", tag = "members",
    security(("session" = [])),
    params(InCoalition), request_body = InviteAsked,
    responses(
        (status = 201, description = "The link", body = InviteLink),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<InviteLink>), ApiError> {
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
        Json(InviteLink {
            path: format!("/#/invite/{token}"),
            token,
            expires_at: rfc3339(expires),
            email: address,
        }),
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
#[utoipa::path(get, path = "/invites/{token}", operation_id = "inviteOffer", tag = "members",
    params(InviteAt),
    responses(
        (status = 200, description = "The offer", body = invite::Offer),
        (status = 400, response = Refused), (status = 410, response = Refused), (status = 503, response = Refused),
    ))]
pub async fn offer(
    State(state): State<AppState>,
    UrlPath(InviteAt { token }): UrlPath<InviteAt>,
) -> Result<Json<invite::Offer>, ApiError> {
    Ok(Json(
        state
            .reads
            .with(move |conn| invite::open(conn, &token))
            .await?,
    ))
}

/// An invite's token, and for someone not signed in, the account to make with it.
#[derive(Deserialize, ToSchema)]
struct Accept {
    /// The token of the invite link.
    token: String,
    /// The invite's own address, if given (a different one is refused): the account is always
    /// the one of the address the invite was made for.
    #[serde(default)]
    email: String,
    /// For a new account: the name other members see (1 to 120 characters).
    #[serde(default)]
    name: String,
    /// For a new account: its password.
    #[serde(default)]
    password: String,
}

/// Uses an invite: a member signed in with the invite's address gets its role in their account;
/// anyone else makes the account of that address with it and is signed in. An e-mail address
/// in the body, if any, must be the invite's.
#[utoipa::path(post, path = "/invites/accept", operation_id = "acceptInvite", tag = "members",
    security((), ("session" = [])),
    request_body = Accept,
    responses(
        (status = 200, description = "Added to the signed-in account", body = Me),
        (status = 201, description = "Account made and signed in", body = Me, headers(("set-cookie" = String, description = "The session cookie"))),
        (status = 400, response = Refused), (status = 403, response = Refused),
        (status = 409, response = Refused),
        (status = 410, response = Refused), (status = 413, response = Refused),
        (status = 422, response = Refused), (status = 503, response = Refused),
    ))]
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
#[utoipa::path(get, path = "/coalitions/{id}/members", operation_id = "listMembers", tag = "members",
    security(("session" = [])),
    params(InCoalition),
    responses(
        (status = 200, description = "The members", body = Members),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(InCoalition { id }): UrlPath<InCoalition>,
) -> Result<Json<Members>, ApiError> {
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
                    Ok(Member {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        email: r.get(2)?,
                        role: r.get(3)?,
                        partner: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await?;
    Ok(Json(Members { members }))
}

/// Gives a member another role in the coalition. Administrators only; it applies to the
/// member's next request (their pushes are checked against the role held when they arrive).
#[utoipa::path(put, path = "/coalitions/{id}/members/{member}", operation_id = "setRole", tag = "members",
    security(("session" = [])),
    params(MemberAt), request_body = Asked,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 413, response = Refused), (status = 422, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn set_role(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(MemberAt {
        id,
        member: MemberId(member),
    }): UrlPath<MemberAt>,
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
#[utoipa::path(delete, path = "/coalitions/{id}/members/{member}", operation_id = "removeMember", tag = "members",
    security(("session" = [])),
    params(MemberAt),
    responses(
        (status = 204, description = "Removed (or was not a member)"),
        (status = 400, response = Refused), (status = 401, response = Refused),
        (status = 403, response = Refused), (status = 404, response = Refused),
        (status = 503, response = Refused),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    Signed(account, _): Signed,
    UrlPath(MemberAt {
        id,
        member: MemberId(member),
    }): UrlPath<MemberAt>,
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

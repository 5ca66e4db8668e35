//! Invites: a single-use link that expires, bound to a coalition, a role (for a partner
//! editor, a partner organisation) and the e-mail address of the person invited. Only its hash
//! is stored. Binding the address means a link cannot be used to find out which addresses have
//! accounts: its holder learns, at most, whether the one address its maker chose has one.

use cairn_core::{Code, Grant};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::secret;
use crate::error::ApiError;
use crate::time::unix_now;

/// What an invite offers, as the page that accepts it shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Offer {
    pub coalition: String,
    pub coalition_name: String,
    #[serde(flatten)]
    pub grant: Grant,
    /// The address the invite is for: accepting it makes (or adds the role to) that account.
    pub email: String,
}

/// Stores an invite to `coalition` with `grant`, usable for `ttl` seconds; returns its token
/// and when it expires (Unix seconds).
pub fn create(
    conn: &Connection,
    coalition: &str,
    grant: &Grant,
    email: &str,
    by: i64,
    ttl: u64,
) -> rusqlite::Result<(String, i64)> {
    let token = secret::token();
    let expires = unix_now() + ttl as i64;
    conn.execute(
        "INSERT INTO invites (token_hash, coalition, role, partner, created_by, expires_at, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            secret::hash(&token),
            coalition,
            grant.role.as_str(),
            grant.partner.as_ref().map(Code::as_str),
            by,
            expires,
            email
        ],
    )?;
    Ok((token, expires))
}

/// The offer of `token` if and only if it exists, has not been used and has not expired.
pub fn open(conn: &Connection, token: &str) -> Result<Offer, ApiError> {
    type Found = (String, String, String, Option<String>, String);
    let found: Option<Found> = conn
        .query_row(
            "SELECT i.coalition, c.name, i.role, i.partner, i.email FROM invites i
             JOIN coalitions c ON c.id = i.coalition
             WHERE i.token_hash = ?1 AND i.used_by IS NULL AND i.expires_at > ?2
               AND i.email IS NOT NULL",
            params![secret::hash(token), unix_now()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (coalition, coalition_name, role, partner, email) = found.ok_or(ApiError::InviteInvalid)?;
    Ok(Offer {
        coalition,
        coalition_name,
        grant: super::access::stored(Some(role), partner).ok_or(ApiError::InviteInvalid)?,
        email,
    })
}

/// Uses the invite of `token` for `member`, whose address is `email`: gives them its role in
/// its coalition (replacing any role they had there) and marks it used, if and only if it is
/// still open, is for `email`, and whoever made it still administers the coalition.
pub fn accept(conn: &Connection, token: &str, member: i64, email: &str) -> Result<Offer, ApiError> {
    let offer = open(conn, token)?;
    if offer.email != email {
        return Err(ApiError::InviteForAnother(offer.email));
    }
    let creator: i64 = conn.query_row(
        "SELECT created_by FROM invites WHERE token_hash = ?1",
        [secret::hash(token)],
        |r| r.get(0),
    )?;
    if super::access::administer(conn, creator, &offer.coalition).is_err() {
        return Err(ApiError::InviteInvalid);
    }
    conn.execute(
        "INSERT INTO memberships (member, coalition, role, partner) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (member, coalition) DO UPDATE SET role = excluded.role,
           partner = excluded.partner",
        params![
            member,
            offer.coalition,
            offer.grant.role.as_str(),
            offer.grant.partner.as_ref().map(Code::as_str)
        ],
    )?;
    conn.execute(
        "UPDATE invites SET used_by = ?2 WHERE token_hash = ?1",
        params![secret::hash(token), member],
    )?;
    Ok(offer)
}

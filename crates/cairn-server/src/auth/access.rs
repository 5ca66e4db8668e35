//! The one place the server decides what a member may read and change in a coalition.
//!
//! [`grant`] finds a member's grant; the writer calls it inside the push's write transaction
//! and checks every mutation with [`cairn_core::Grant::check`], so a role changed or removed
//! mid-push takes effect at once. Reads call it before touching a coalition's rows.

use cairn_core::{Code, Grant, Role};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiError;

/// The grant of member `member` in `coalition`: a server administrator administers every
/// coalition; anyone else has their membership's role. Fails with [`ApiError::NotMember`] if
/// the member has no role there (whether or not the coalition exists, so outsiders learn
/// nothing), and with [`ApiError::UnknownCoalition`] only for a server administrator.
pub fn grant(conn: &Connection, member: i64, coalition: &str) -> Result<Grant, ApiError> {
    let found: Option<(i64, Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT m.server_admin, ms.role, ms.partner FROM members m
             LEFT JOIN memberships ms ON ms.member = m.id AND ms.coalition = ?2
             WHERE m.id = ?1",
            params![member, coalition],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((server_admin, role, partner)) = found else {
        return Err(ApiError::SignInRequired);
    };
    if server_admin != 0 {
        let exists: Option<i64> = conn
            .query_row("SELECT 1 FROM coalitions WHERE id = ?1", [coalition], |r| {
                r.get(0)
            })
            .optional()?;
        return match exists {
            Some(_) => Ok(Grant::admin()),
            None => Err(ApiError::UnknownCoalition(coalition.to_string())),
        };
    }
    let role = role
        .as_deref()
        .and_then(Role::parse)
        .ok_or_else(|| ApiError::NotMember(coalition.to_string()))?;
    Ok(Grant {
        role,
        partner: partner.and_then(|p| Code::parse(&p).ok()),
    })
}

/// Like [`grant`], but fails with [`ApiError::Forbidden`] unless the member administers the
/// coalition.
pub fn administer(conn: &Connection, member: i64, coalition: &str) -> Result<Grant, ApiError> {
    let grant = grant(conn, member, coalition)?;
    if grant.administers() {
        Ok(grant)
    } else {
        Err(ApiError::Forbidden(
            "Only a backbone administrator of this coalition can do this.".into(),
        ))
    }
}

/// Every coalition `member` may open, with their grant in each (all of them, as
/// administrator, for a server administrator).
pub fn coalitions(
    conn: &Connection,
    member: i64,
    server_admin: bool,
) -> Result<Vec<(String, String, u64, Grant)>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.seq, ms.role, ms.partner FROM coalitions c
         LEFT JOIN memberships ms ON ms.coalition = c.id AND ms.member = ?1
         WHERE ?2 OR ms.role IS NOT NULL ORDER BY c.id",
    )?;
    let rows = stmt
        .query_map(params![member, server_admin], |r| {
            let role: Option<String> = r.get(3)?;
            let partner: Option<String> = r.get(4)?;
            // A stored role this build cannot read grants nothing.
            let grant = match (server_admin, role.as_deref().and_then(Role::parse)) {
                (true, _) => Some(Grant::admin()),
                (false, None) => None,
                (false, Some(role)) => Some(Grant {
                    role,
                    partner: partner.and_then(|p| Code::parse(&p).ok()),
                }),
            };
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64, grant))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, seq, grant)| Some((id, name, seq, grant?)))
        .collect())
}

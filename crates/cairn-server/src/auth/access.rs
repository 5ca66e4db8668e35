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
    stored(role, partner).ok_or_else(|| ApiError::NotMember(coalition.to_string()))
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

/// A coalition as a member's list of coalitions shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Listed {
    pub id: String,
    pub name: String,
    /// The coalition's sequence: the cursor of a pull that is up to date.
    pub cursor: u64,
    /// The member's role there.
    pub grant: Grant,
}

/// Every coalition `member` may open, with their grant in each (all of them, as
/// administrator, for a server administrator).
pub fn coalitions(
    conn: &Connection,
    member: i64,
    server_admin: bool,
) -> Result<Vec<Listed>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.seq, ms.role, ms.partner FROM coalitions c
         LEFT JOIN memberships ms ON ms.coalition = c.id AND ms.member = ?1
         WHERE ?2 OR ms.role IS NOT NULL ORDER BY c.id",
    )?;
    let listed = stmt
        .query_map(params![member, server_admin], |r| {
            let grant = if server_admin {
                Some(Grant::admin())
            } else {
                stored(r.get(3)?, r.get(4)?)
            };
            let Some(grant) = grant else {
                return Ok(None);
            };
            Ok(Some(Listed {
                id: r.get(0)?,
                name: r.get(1)?,
                cursor: r.get::<_, i64>(2)? as u64,
                grant,
            }))
        })?
        .filter_map(Result::transpose)
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(listed)
}

/// The grant a stored role and partner stand for; `None` for a role this build cannot read,
/// which grants nothing.
pub fn stored(role: Option<String>, partner: Option<String>) -> Option<Grant> {
    Some(Grant {
        role: Role::parse(role.as_deref()?)?,
        partner: partner.and_then(|p| Code::parse(&p).ok()),
    })
}

//! Accounts: a member's e-mail address, name and password hash, and whether they administer
//! the whole server.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::ApiError;
use crate::time::now_rfc3339;

/// A signed-in member, as the server knows them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// The server's administrator (the account made with the set-up code): administers every
    /// coalition and may upload new ones.
    pub server_admin: bool,
}

/// An e-mail address, trimmed and lower-cased, so one person has one account.
pub struct Email(String);

impl Email {
    /// Returns the address if and only if it has one `@` with text on both sides, no spaces,
    /// and at most 254 characters.
    pub fn parse(text: &str) -> Result<Email, ApiError> {
        let text = text.trim().to_lowercase();
        let ok = text.len() <= 254
            && !text.chars().any(char::is_whitespace)
            && matches!(text.split_once('@'), Some((a, b)) if !a.is_empty() && b.contains('.') && !b.contains('@') && !b.starts_with('.') && !b.ends_with('.'));
        if ok {
            Ok(Email(text))
        } else {
            Err(ApiError::InvalidAccount(
                "Enter an e-mail address such as ana@library.org.".into(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name other members see beside a member's changes.
pub struct Name(String);

impl Name {
    /// Returns the trimmed name if and only if it has 1 to 120 characters.
    pub fn parse(text: &str) -> Result<Name, ApiError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 120 {
            return Err(ApiError::InvalidAccount(
                "Enter your name (up to 120 characters): other members see it beside your changes."
                    .into(),
            ));
        }
        Ok(Name(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<Account> {
    Ok(Account {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        server_admin: r.get::<_, i64>(3)? != 0,
    })
}

/// The account with `email` and its password hash, if there is one.
pub fn by_email(conn: &Connection, email: &Email) -> rusqlite::Result<Option<(Account, String)>> {
    conn.query_row(
        "SELECT id, email, name, server_admin, password FROM members WHERE email = ?1",
        [email.as_str()],
        |r| Ok((read(r)?, r.get(4)?)),
    )
    .optional()
}

/// The account with `id` and its password hash, if there is one.
pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<(Account, String)>> {
    conn.query_row(
        "SELECT id, email, name, server_admin, password FROM members WHERE id = ?1",
        [id],
        |r| Ok((read(r)?, r.get(4)?)),
    )
    .optional()
}

/// Returns true if and only if the server has an administrator already.
pub fn has_admin(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM members WHERE server_admin = 1)",
        [],
        |r| r.get(0),
    )
}

/// Creates an account; refuses an e-mail address that already has one.
pub fn create(
    conn: &Connection,
    email: &Email,
    name: &Name,
    password_hash: &str,
    server_admin: bool,
) -> rusqlite::Result<Result<Account, ApiError>> {
    if by_email(conn, email)?.is_some() {
        return Ok(Err(ApiError::EmailTaken));
    }
    conn.execute(
        "INSERT INTO members (email, name, password, server_admin, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            email.as_str(),
            name.as_str(),
            password_hash,
            i64::from(server_admin),
            now_rfc3339()
        ],
    )?;
    Ok(Ok(Account {
        id: conn.last_insert_rowid(),
        email: email.as_str().to_string(),
        name: name.as_str().to_string(),
        server_admin,
    }))
}

/// Replaces an account's password hash.
pub fn set_password(conn: &Connection, id: i64, password_hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE members SET password = ?2 WHERE id = ?1",
        params![id, password_hash],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_lower_cased_and_needs_a_domain() {
        assert_eq!(
            Email::parse(" Ana@Library.org ").unwrap().as_str(),
            "ana@library.org"
        );
        for bad in [
            "ana",
            "ana@",
            "@library.org",
            "ana@library",
            "a na@x.org",
            "a@b@c.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}

//! Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure over TLS), stored
//! only as its hash, with an expiry; signing out deletes the stored hash, so a copied cookie
//! stops working at once.

use axum::http::{HeaderMap, HeaderValue};
use rusqlite::{params, Connection, OptionalExtension};

use super::account::Account;
use super::secret;
use crate::time::{now_rfc3339, unix_now};

/// The cookie's name.
pub const COOKIE: &str = "cairn_session";

/// Starts a session for `member` lasting `ttl` seconds; returns its token (to send once, in
/// the cookie). Drops the member's expired sessions while at it.
pub fn start(conn: &Connection, member: i64, ttl: u64) -> rusqlite::Result<String> {
    let token = secret::token();
    let now = unix_now();
    conn.execute(
        "DELETE FROM sessions WHERE member = ?1 AND expires_at <= ?2",
        params![member, now],
    )?;
    conn.execute(
        "INSERT INTO sessions (token_hash, member, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            secret::hash(&token),
            member,
            now_rfc3339(),
            now + ttl as i64
        ],
    )?;
    Ok(token)
}

/// The account a token signs in, if and only if its session exists and has not expired.
pub fn lookup(conn: &Connection, token: &str) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        "SELECT m.id, m.email, m.name, m.server_admin FROM sessions s
         JOIN members m ON m.id = s.member
         WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        params![secret::hash(token), unix_now()],
        |r| {
            Ok(Account {
                id: r.get(0)?,
                email: r.get(1)?,
                name: r.get(2)?,
                server_admin: r.get::<_, i64>(3)? != 0,
            })
        },
    )
    .optional()
}

/// Ends the session of `token`.
pub fn end(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [secret::hash(token)],
    )?;
    Ok(())
}

/// Ends every session of `member` except the one of `keep`, if given.
pub fn end_all(conn: &Connection, member: i64, keep: Option<&str>) -> rusqlite::Result<usize> {
    let keep = keep.map(secret::hash).unwrap_or_default();
    conn.execute(
        "DELETE FROM sessions WHERE member = ?1 AND token_hash != ?2",
        params![member, keep],
    )
}

/// The session token the request's cookie carries, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    cookies(headers, COOKIE)
        .next()
        .map(str::to_string)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The values of the request's cookies called `name`, in the order sent.
pub fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(move |(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The `Set-Cookie` value that hands `token` to the browser for `ttl` seconds.
pub fn cookie(token: &str, ttl: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; Max-Age={ttl}; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("a hex token makes a valid header")
}

/// The `Set-Cookie` value that makes the browser forget its session.
pub fn cleared(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("a valid header")
}

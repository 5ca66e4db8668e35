//! Known devices: a browser that signed in to an account gets a cookie naming that account, and
//! later sign-ins to it from that browser skip the throttles an attacker elsewhere could run up
//! (per account from anywhere, per shared address), after OWASP's "device cookie" advice. The
//! cookie is the SHA-256 of a per-server key and the account's address, so it reveals nothing,
//! cannot be made without the key, and needs no table of devices.

use axum::http::{HeaderMap, HeaderValue};
use rusqlite::{Connection, OptionalExtension};

use super::secret;

/// The cookie's name.
pub const COOKIE: &str = "cairn_device";

/// A year: a device stays known between sign-ins far longer than a session lasts.
pub const MAX_AGE: u64 = 365 * 24 * 3600;

/// The server's device key, made on first use and kept in the database (a restart keeps every
/// device known).
pub fn key(conn: &Connection) -> rusqlite::Result<String> {
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM secrets WHERE name = 'device_key'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(key) = found {
        return Ok(key);
    }
    let key = secret::token();
    conn.execute(
        "INSERT INTO secrets (name, value) VALUES ('device_key', ?1)
         ON CONFLICT (name) DO NOTHING",
        [&key],
    )?;
    conn.query_row(
        "SELECT value FROM secrets WHERE name = 'device_key'",
        [],
        |r| r.get(0),
    )
}

/// The cookie value that marks a browser as known to the account of `email`.
pub fn token(key: &str, email: &str) -> String {
    secret::hash(&format!("{key}\n{email}"))
}

/// Whether the request's browser signed in to the account of `email` before.
pub fn known(headers: &HeaderMap, key: &str, email: &str) -> bool {
    let expected = token(key, email);
    super::session::cookies(headers, COOKIE).any(|value| secret::same_hash(value, &expected))
}

/// The `Set-Cookie` value that marks this browser as known to the account of `email`.
pub fn cookie(key: &str, email: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={}; Path=/api/v1/session; Max-Age={MAX_AGE}; HttpOnly; SameSite=Strict{secure}",
        token(key, email)
    ))
    .expect("a hex token makes a valid header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_known_only_to_the_account_it_signed_in_to() {
        let mut headers = HeaderMap::new();
        let value = format!("other=1; {COOKIE}={}", token("k", "ana@x.org"));
        headers.insert(axum::http::header::COOKIE, value.parse().unwrap());
        assert!(known(&headers, "k", "ana@x.org"));
        assert!(!known(&headers, "k", "ben@x.org"));
        assert!(!known(&headers, "another key", "ana@x.org"));
        assert!(!known(&HeaderMap::new(), "k", "ana@x.org"));
    }
}

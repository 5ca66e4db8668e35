//! Passwords: what a member may choose, and Argon2id hashes of them (the `argon2` crate's
//! defaults, which are OWASP's recommended parameters).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

use crate::error::ApiError;

/// The shortest password accepted. Long passphrases beat rules about symbols.
pub const MIN_LEN: usize = 12;
/// The longest: far above any real passphrase, low enough that hashing stays cheap.
pub const MAX_LEN: usize = 256;

/// A password that fits the rules; never logged, never stored.
pub struct Password(String);

impl Password {
    /// Returns the password if and only if it has 12 to 256 characters.
    pub fn parse(text: String) -> Result<Password, ApiError> {
        let n = text.chars().count();
        if n < MIN_LEN {
            return Err(ApiError::InvalidAccount(format!(
                "A password needs at least {MIN_LEN} characters: a few words you will remember is a good one."
            )));
        }
        if n > MAX_LEN {
            return Err(ApiError::InvalidAccount(format!(
                "A password has at most {MAX_LEN} characters."
            )));
        }
        Ok(Password(text))
    }

    /// The Argon2id hash to store, in PHC string form with its own salt and parameters.
    pub fn hash(&self) -> String {
        let salt = SaltString::encode_b64(&super::secret::salt()).expect("16 bytes make a salt");
        Argon2::default()
            .hash_password(self.0.as_bytes(), &salt)
            .expect("Argon2 with its default parameters hashes any password")
            .to_string()
    }
}

/// Returns true if and only if `password` matches `stored`. Takes as long as a real check when
/// there is no stored hash (no such account), so timing tells nobody whether an e-mail address
/// has an account.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| Password(super::secret::token()).hash());
    let (hash, real) = match stored {
        Some(s) => (s, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_is_argon2id() {
        let stored = Password::parse("correct horse battery".into())
            .unwrap()
            .hash();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("correct horse batterY", Some(&stored)));
        assert!(!verify("correct horse battery", None));
    }

    #[test]
    fn short_passwords_are_refused_with_the_rule() {
        let e = Password::parse("short".into()).err().unwrap();
        assert!(e.to_string().contains("at least 12"));
    }
}

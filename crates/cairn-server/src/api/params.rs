//! What the routes read from the address. Each path and query parameter is a type that checks
//! itself when it is read and describes itself in the OpenAPI document, so what the document
//! allows and what the server takes are one definition; [`Path`] and [`Query`] answer every
//! refusal with the JSON error shape.

use std::fmt;
use std::ops::Deref;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::error::ApiError;

/// Like axum's `Path`, but a value that does not fit is refused with
/// [`ApiError::InvalidPathParameter`], which says which part of the address and what it takes.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => Err(path_refused(rejection)),
        }
    }
}

fn path_refused(rejection: PathRejection) -> ApiError {
    use axum::extract::path::ErrorKind;
    let invalid = |name: String, value: &str, expected: String| ApiError::InvalidPathParameter {
        name,
        value: shown(value),
        expected,
    };
    match rejection {
        PathRejection::FailedToDeserializePathParams(e) => match e.into_kind() {
            ErrorKind::DeserializeError {
                key,
                value,
                message,
            } => invalid(key, &value, message),
            ErrorKind::ParseErrorAtKey {
                key,
                value,
                expected_type,
            } => invalid(key, &value, format!("it must be a {expected_type}.")),
            ErrorKind::InvalidUtf8InPathParam { key } => invalid(
                key,
                "…",
                "once percent-decoded, it must be UTF-8 text.".into(),
            ),
            other => invalid("path".into(), "…", other.to_string()),
        },
        other => {
            // Only a route declared with parameters its handler does not read: a bug here.
            tracing::error!(error = %other, "path parameters missing");
            ApiError::Unavailable
        }
    }
}

/// A value as a refusal quotes it: never more than 60 characters of it.
fn shown(value: &str) -> String {
    if value.chars().count() <= 60 {
        value.to_string()
    } else {
        value.chars().take(59).chain(['…']).collect()
    }
}

/// Like axum's `Query`, but a query string that does not fit is refused with
/// [`ApiError::InvalidQuery`], which says what is wrong with it.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let detail = e.body_text();
                let detail = detail
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&detail);
                Err(ApiError::InvalidQuery(shown(detail)))
            }
            Err(other) => Err(ApiError::InvalidQuery(other.body_text())),
        }
    }
}

/// A decimal whole number as written in an address: digits only, no sign, no leading zero,
/// from `min` to `i64::MAX`.
fn whole(text: &str, min: i64) -> Option<i64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    let n: i64 = text.parse().ok().filter(|_| canonical)?;
    (n >= min).then_some(n)
}

fn string_schema(pattern: &str, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
        .into()
}

fn whole_schema(min: i64, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int64,
        )))
        .minimum(Some(utoipa::Number::Int(min as isize)))
        .maximum(Some(utoipa::Number::Int(i64::MAX as isize)))
        .description(Some(description))
        .into()
}

/// Declares a parameter type: a string checked by `parse`, or refused with `expected`.
macro_rules! text_param {
    ($(#[$doc:meta])* $name:ident, $pattern:expr, $description:expr, $expected:expr, $parse:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name(String);

        impl $name {
            /// The documented pattern of the parameter.
            pub const PATTERN: &'static str = $pattern;
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                let parse: fn(&str) -> bool = $parse;
                if parse(&text) {
                    Ok($name(text))
                } else {
                    Err(D::Error::custom($expected))
                }
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                string_schema($pattern, $description)
            }
        }

        impl ToSchema for $name {}
    };
}

text_param!(
    /// A coalition's id in an address.
    CoalitionId,
    "^[a-z0-9-]{1,40}$",
    "The coalition's id: 1 to 40 lower-case letters, digits and -.",
    "a coalition id is 1 to 40 lower-case letters, digits and -, such as teen-futures.",
    |text| super::coalition_id(text).is_ok()
);

text_param!(
    /// A measure's or partner's code in an address, in any letter case.
    CodeParam,
    "^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$",
    "A code: 1 to 24 letters, digits, - and _, starting with a letter or digit (any case).",
    "a code is 1 to 24 letters, digits, - and _, starting with a letter or a digit, such as LIB.",
    |text| text.trim() == text && cairn_core::Code::parse(text).is_ok()
);

text_param!(
    /// A reporting period in an address: what [`cairn_core::Period::parse`] reads, without
    /// surrounding spaces.
    PeriodParam,
    "^((19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])|[Ff][Yy](19[0-9]{2}|2[0-9]{3})(-[Qq][1-4])?)$",
    "A month (2026-03), a fiscal quarter (FY2026-Q1) or a fiscal year (FY2026), with a year from 1900 to 2999.",
    "a period is a month such as 2026-03, a fiscal quarter such as FY2026-Q1 or a fiscal year such as FY2026, with a year from 1900 to 2999.",
    |text| text.trim() == text && cairn_core::Period::parse(text).is_ok()
);

/// A member's (an account's) id in an address: a whole number from 1.
#[derive(Clone, Copy, Debug)]
pub struct MemberId(pub i64);

impl<'de> Deserialize<'de> for MemberId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        whole(&text, 1).map(MemberId).ok_or_else(|| {
            D::Error::custom("a member's id is a whole number from 1 to 9223372036854775807, written without sign or leading zeros.")
        })
    }
}

impl PartialSchema for MemberId {
    fn schema() -> RefOr<Schema> {
        whole_schema(
            1,
            "The member's id, as the coalition's member list gives it.",
        )
    }
}

impl ToSchema for MemberId {}

/// A pull's cursor: the coalition's sequence at the last pull, a whole number from 0.
#[derive(Clone, Copy, Debug)]
pub struct Cursor(pub u64);

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        whole(&text, 0).map(|n| Cursor(n as u64)).ok_or_else(|| {
            D::Error::custom("the cursor is a whole number from 0, as the last pull gave it: leave it out to get a full snapshot.")
        })
    }
}

impl PartialSchema for Cursor {
    fn schema() -> RefOr<Schema> {
        whole_schema(
            0,
            "The cursor of the last pull. Missing, 0, or one this server never gave (beyond its sequence: a server restored from a backup, say) gets a full snapshot.",
        )
    }
}

impl ToSchema for Cursor {}

/// The address of one coalition.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InCoalition {
    #[param(inline)]
    pub id: CoalitionId,
}

/// The address of one member of a coalition.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MemberAt {
    #[param(inline)]
    pub id: CoalitionId,
    #[param(inline)]
    pub member: MemberId,
}

/// The address of one observation of a coalition.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CellAt {
    #[param(inline)]
    pub id: CoalitionId,
    /// The measure's code.
    #[param(inline)]
    pub measure: CodeParam,
    #[param(inline)]
    pub period: PeriodParam,
    /// The partner's code.
    #[param(inline)]
    pub partner: CodeParam,
}

/// The address of one invite.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InviteAt {
    /// The token of the invite link; any other text is answered as a used or expired invite.
    pub token: String,
}

/// What a pull asks for.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    #[param(inline)]
    pub cursor: Option<Cursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_number_is_written_one_way() {
        assert_eq!(whole("0", 0), Some(0));
        assert_eq!(whole("0", 1), None);
        assert_eq!(whole("17", 1), Some(17));
        assert_eq!(whole("9223372036854775807", 1), Some(i64::MAX));
        for text in [
            "",
            "+1",
            "-1",
            "01",
            "1.5",
            "1e3",
            " 1",
            "9223372036854775808",
        ] {
            assert_eq!(whole(text, 0), None, "{text}");
        }
    }

    #[test]
    fn a_long_value_is_quoted_short() {
        assert_eq!(shown("abc"), "abc");
        assert_eq!(shown(&"x".repeat(500)).chars().count(), 60);
    }
}

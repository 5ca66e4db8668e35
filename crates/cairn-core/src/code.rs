//! Stable short codes for partners, measures and strategies.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A stable, human-readable code such as `LIB` or `NEW-SKILL`.
///
/// Codes are what spreadsheets, exports and other members use to name a record, so they are kept
/// short and plain: 1 to 24 characters, ASCII letters, digits, `-` and `_`, stored in upper case.
///
/// A code is held inline, its bytes followed by zeros, never on the heap: every observation
/// names two codes (and its cell key two more), so a heap string each would cost a coalition of
/// 120,000 values 480,000 allocations (`cargo bench -p cairn-server --bench memory`). No valid
/// code holds a zero byte, so comparing the padded bytes orders codes exactly as comparing their
/// text does.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code([u8; Code::MAX_LEN]);

impl Code {
    pub const MAX_LEN: usize = 24;

    /// Returns the code for `text` (trimmed, upper-cased) if and only if it has 1 to 24
    /// characters, all ASCII letters, digits, `-` or `_`, starting with a letter or digit.
    pub fn parse(text: &str) -> Result<Code, Error> {
        let text = text.trim();
        let invalid = |reason| Error::InvalidCode {
            code: text.to_string(),
            reason,
        };
        if text.is_empty() {
            return Err(Error::Required { field: "A code" });
        }
        if text.chars().count() > Self::MAX_LEN {
            return Err(invalid("use at most 24 characters."));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid("use only letters, digits, - and _."));
        }
        if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(invalid("start with a letter or a digit."));
        }
        let mut bytes = [0; Self::MAX_LEN];
        for (to, from) in bytes.iter_mut().zip(text.bytes()) {
            *to = from.to_ascii_uppercase();
        }
        Ok(Code(bytes))
    }

    /// A code that sorts before every valid code, to start range queries from.
    pub(crate) fn smallest() -> Code {
        Code([0; Self::MAX_LEN])
    }

    pub fn as_str(&self) -> &str {
        let len = self.0.iter().position(|&b| b == 0).unwrap_or(Self::MAX_LEN);
        let bytes = &self.0[..len];
        debug_assert!(bytes.is_ascii());
        // SAFETY: `parse` stores only ASCII letters, digits, `-` and `_`, and nothing else
        // writes the bytes, so they are always valid UTF-8. Checking them again on every read
        // would put a validation and a panic path wherever a code is shown.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Code").field(&self.as_str()).finish()
    }
}

impl TryFrom<String> for Code {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Code::parse(&value)
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.as_str().to_string()
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read from any string, borrowed or not, without copying it first: a coalition's file names
/// four codes per value.
impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code of 1 to 24 letters, digits, - and _")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Code, E> {
                Code::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

/// A code as the API writes it: stored codes are always upper case.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Code {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[A-Z0-9][A-Z0-9_-]{0,23}$"))
            .description(Some(
                "A partner's, measure's or strategy's code: 1 to 24 letters, digits, - and _, upper case.",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Code {}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returns the trimmed text if and only if it is not empty and has at most `max` characters.
pub(crate) fn required_text(field: &'static str, text: &str, max: usize) -> Result<(), Error> {
    if text.trim().is_empty() {
        return Err(Error::Required { field });
    }
    optional_text(field, text, max)
}

/// Returns `Ok` if and only if a record's list of `what` has at most `max` entries: with every
/// text bounded too, no one record (and so no one member's change) can grow without bound.
pub(crate) fn at_most<T>(what: &'static str, list: &[T], max: usize) -> Result<(), Error> {
    if list.len() > max {
        return Err(Error::TooMany { what, max });
    }
    Ok(())
}

/// Returns `Ok` if and only if the text has at most `max` characters.
pub(crate) fn optional_text(field: &'static str, text: &str, max: usize) -> Result<(), Error> {
    if text.chars().count() > max {
        return Err(Error::TooLong { field, max });
    }
    Ok(())
}

/// Compares codes so that runs of digits compare as numbers; codes equal that way (`M01`,
/// `M1`) compare as plain text, so the order never depends on where a replica started.
pub fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    natural_only(a, b).then_with(|| a.cmp(b))
}

fn natural_only(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let na = trim_zeros(na);
                let nb = trim_zeros(nb);
                let order = na.len().cmp(&nb.len()).then(na.cmp(nb));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// A name as lower-case ASCII letters and digits with words joined by `-`, for an id or a file
/// name: `Teen Futures Coalition` → `teen-futures-coalition`. Other characters separate words;
/// a name of none of them gives an empty text.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_keeps_letters_and_digits_and_joins_words_with_one_dash() {
        assert_eq!(slug("Teen Futures Coalition"), "teen-futures-coalition");
        assert_eq!(
            slug("  Community Foundation, FY2026 through Q1!"),
            "community-foundation-fy2026-through-q1"
        );
        assert_eq!(slug("Écoles — 2026"), "coles-2026");
        assert_eq!(slug("—"), "");
    }

    #[test]
    fn a_code_is_trimmed_and_upper_cased() {
        assert_eq!(Code::parse("  lib-1 ").unwrap().as_str(), "LIB-1");
    }

    #[test]
    fn an_empty_code_is_required() {
        assert_eq!(Code::parse("  "), Err(Error::Required { field: "A code" }));
    }

    #[test]
    fn a_code_with_spaces_or_punctuation_is_refused() {
        assert!(matches!(
            Code::parse("LIB 1"),
            Err(Error::InvalidCode { .. })
        ));
        assert!(matches!(Code::parse("é"), Err(Error::InvalidCode { .. })));
        assert!(matches!(
            Code::parse("-LIB"),
            Err(Error::InvalidCode { .. })
        ));
    }

    #[test]
    fn a_code_longer_than_24_characters_is_refused() {
        assert!(Code::parse(&"A".repeat(24)).is_ok());
        assert!(Code::parse(&"A".repeat(25)).is_err());
    }

    #[test]
    fn codes_sort_as_their_text_does() {
        let mut codes: Vec<Code> = ["LIB-2", "LIB", "A", "LIB-10", "Z9", "LIBRARY", "0"]
            .iter()
            .map(|c| Code::parse(c).unwrap())
            .collect();
        codes.sort();
        let mut texts: Vec<&str> = codes.iter().map(Code::as_str).collect();
        let sorted = texts.clone();
        texts.sort();
        assert_eq!(sorted, texts);
        assert!(Code::smallest() < codes[0]);
    }

    #[test]
    fn a_code_of_24_characters_reads_back_whole() {
        let long = "A".repeat(23) + "Z";
        assert_eq!(Code::parse(&long).unwrap().as_str(), long);
        assert_eq!(
            serde_json::to_string(&Code::parse("lib").unwrap()).unwrap(),
            "\"LIB\""
        );
    }

    #[test]
    fn a_code_deserializes_only_when_valid() {
        assert!(serde_json::from_str::<Code>("\"lib\"").is_ok());
        assert!(serde_json::from_str::<Code>("\"no spaces\"").is_err());
    }
}

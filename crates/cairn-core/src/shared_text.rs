//! A short text that many values repeat (who entered them, when, their note), held once.
//!
//! A server signs every value of one push with the member's name and one time, and an import
//! gives hundreds of values one name. Held as a `String` each, the name and the time were about
//! a quarter of what a loaded value costs (`cargo bench -p cairn-server --bench memory`); shared,
//! a collection read whole ([`crate::observation::Observations::from_list`]) keeps each text once.

use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable text, cheap to clone. The empty text holds nothing at all. Equal, ordered and
/// hashed as its text, and serialized as a plain string.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedText(Option<Arc<str>>);

impl SharedText {
    /// The empty text.
    pub const EMPTY: SharedText = SharedText(None);

    pub fn new(text: &str) -> SharedText {
        match text.is_empty() {
            true => SharedText(None),
            false => SharedText(Some(Arc::from(text))),
        }
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().unwrap_or("")
    }

    /// Makes the text empty.
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        match text.is_empty() {
            true => SharedText(None),
            false => SharedText(Some(Arc::from(text))),
        }
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> SharedText {
        SharedText::new(text)
    }
}

impl From<SharedText> for String {
    fn from(text: SharedText) -> String {
        text.as_str().to_string()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Borrowed where the input allows it, so a text is copied once, into its Arc.
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(SharedText::new(&text))
    }
}

/// Makes equal texts one: each text given to [`Interner::share`] is replaced by the first
/// equal text it was given, so they hold one copy between them.
#[derive(Default)]
pub struct Interner(HashSet<Arc<str>>);

impl Interner {
    pub fn share(&mut self, text: &mut SharedText) {
        let Some(own) = &text.0 else {
            return;
        };
        match self.0.get(&**own) {
            Some(kept) => text.0 = Some(kept.clone()),
            None => {
                self.0.insert(own.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_text_reads_compares_and_serializes_as_its_text() {
        let ada = SharedText::from("Ada");
        assert_eq!(ada, "Ada");
        assert_eq!(ada.len(), 3);
        assert_eq!(ada.to_string(), "Ada");
        assert_eq!(serde_json::to_string(&ada).unwrap(), "\"Ada\"");
        let back: SharedText = serde_json::from_str("\"Ada\"").unwrap();
        assert_eq!(back, ada);
        let (empty, a, b) = ("", "A", "B");
        assert_eq!(SharedText::from(empty), SharedText::EMPTY);
        assert!(SharedText::new(a) < SharedText::new(b));
        assert_eq!(serde_json::to_string(&SharedText::EMPTY).unwrap(), "\"\"");
    }

    #[test]
    fn equal_texts_shared_through_an_interner_hold_one_copy() {
        let mut interner = Interner::default();
        let mut a = SharedText::from(String::from("2026-12-06T10:00:00Z"));
        let mut b = SharedText::from(String::from("2026-12-06T10:00:00Z"));
        let mut c = SharedText::from("other");
        for text in [&mut a, &mut b, &mut c] {
            interner.share(text);
        }
        let (Some(a), Some(b), Some(c)) = (&a.0, &b.0, &c.0) else {
            panic!("texts were emptied");
        };
        assert!(Arc::ptr_eq(a, b));
        assert!(!Arc::ptr_eq(a, c));
        assert_eq!(&**c, "other");
    }
}

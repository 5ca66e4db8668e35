//! Continuous communication: dated updates linked to what they are about, and the story
//! behind the curve for a measure and period.

use serde::{Deserialize, Serialize};

use crate::code::{optional_text, required_text};
use crate::{Code, Date, Error, Period};

/// What an update is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    Measure(Code),
    Activity(Code),
    Partner(Code),
}

/// A short dated post by a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    pub date: Date,
    pub author: String,
    pub text: String,
    pub links: Vec<Link>,
}

impl Update {
    /// The key the update syncs under: a fingerprint of its content, the same on every device,
    /// so an update posted twice by two members is one record and two different updates never
    /// collide.
    pub fn key(&self) -> String {
        format!("{:016x}", self.key_number())
    }

    /// The number [`Update::key`] writes in hex.
    pub fn key_number(&self) -> u64 {
        crate::fingerprint::fingerprint_number(
            &serde_json::to_string(self).expect("an update always serializes"),
        )
    }

    /// Returns `Ok` if and only if the update has text of at most 2000 characters and an author
    /// name of at most 120.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The update", &self.text, 2000)?;
        optional_text("The author's name", &self.author, 120)
    }

    pub fn is_about(&self, link: &Link) -> bool {
        self.links.contains(link)
    }
}

/// The story behind the curve of one measure in one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub measure: Code,
    pub period: Period,
    pub what_happened: String,
    pub partners: Vec<Code>,
    pub what_works: String,
    pub next_steps: String,
}

impl Story {
    /// Returns `Ok` if and only if the story says what happened and each text fits.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("What happened", &self.what_happened, 2000)?;
        optional_text("What works", &self.what_works, 2000)?;
        optional_text("What the coalition will do next", &self.next_steps, 2000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_needs_text() {
        let u = Update {
            date: Date::parse("2026-11-01").unwrap(),
            author: "Ana".into(),
            text: "  ".into(),
            links: vec![],
        };
        assert!(matches!(u.validate(), Err(Error::Required { .. })));
    }

    #[test]
    fn a_story_needs_what_happened() {
        let s = Story {
            measure: Code::parse("M").unwrap(),
            period: Period::parse("FY2026").unwrap(),
            what_happened: String::new(),
            partners: vec![],
            what_works: String::new(),
            next_steps: String::new(),
        };
        assert!(s.validate().is_err());
    }
}

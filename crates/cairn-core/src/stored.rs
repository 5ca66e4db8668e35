//! The document as a browser keeps it: a head (everything but the observations) and one record
//! per observation, so saving an edit writes what the edit touched rather than the whole
//! document. The app's storage (`src/state/`) stores these texts under these keys; everything
//! about their shape is decided here.
//!
//! A head carries the stored format ([`crate::format`]). A head of an older format is read by
//! migrating the document it describes; the app then writes it again, whole, in the current
//! format.

use serde::{Deserialize, Serialize};

use crate::communication::Story;
use crate::review::Review;
use crate::sync::Record;
use crate::{
    Activity, CellKey, Coalition, Document, LoadError, Measure, Observation, Partner, Updates,
};

/// Everything a document holds except its observations, as stored.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Head {
    pub format: u32,
    pub coalition: Coalition,
    pub partners: Vec<Partner>,
    pub measures: Vec<Measure>,
    pub activities: Vec<Activity>,
    pub updates: Updates,
    pub stories: Vec<Story>,
    /// Absent in heads from before review, hence the default.
    #[serde(default)]
    pub reviews: Vec<Review>,
}

/// The same fields, borrowed from a document or a head, for writing a head without copying
/// it and for comparing heads ([`crate::sync::diff`]).
#[derive(Serialize)]
pub(crate) struct HeadOf<'a> {
    pub format: u32,
    pub coalition: &'a Coalition,
    pub partners: &'a [Partner],
    pub measures: &'a [Measure],
    pub activities: &'a [Activity],
    pub updates: &'a Updates,
    pub stories: &'a [Story],
    #[serde(skip_serializing_if = "<[Review]>::is_empty")]
    pub reviews: &'a [Review],
}

impl<'a> HeadOf<'a> {
    pub(crate) fn of(doc: &'a Document) -> HeadOf<'a> {
        HeadOf {
            format: crate::format::CURRENT,
            coalition: &doc.coalition,
            partners: &doc.partners,
            measures: &doc.measures,
            activities: &doc.activities,
            updates: &doc.updates,
            stories: &doc.stories,
            reviews: &doc.reviews,
        }
    }

    pub(crate) fn of_head(head: &'a Head) -> HeadOf<'a> {
        HeadOf {
            format: head.format,
            coalition: &head.coalition,
            partners: &head.partners,
            measures: &head.measures,
            activities: &head.activities,
            updates: &head.updates,
            stories: &head.stories,
            reviews: &head.reviews,
        }
    }
}

impl Head {
    /// A copy of `doc`'s head.
    pub fn of(doc: &Document) -> Head {
        Head {
            format: crate::format::CURRENT,
            coalition: doc.coalition.clone(),
            partners: doc.partners.clone(),
            measures: doc.measures.clone(),
            activities: doc.activities.clone(),
            updates: doc.updates.clone(),
            stories: doc.stories.clone(),
            reviews: doc.reviews.clone(),
        }
    }

    /// Whether `doc` has this head, whatever its observations.
    pub fn matches(&self, doc: &Document) -> bool {
        self.coalition == doc.coalition
            && self.partners == doc.partners
            && self.measures == doc.measures
            && self.activities == doc.activities
            && self.updates == doc.updates
            && self.stories == doc.stories
            && self.reviews == doc.reviews
    }
}

/// The stored text of `doc`'s head, in the current format.
pub fn head_text(doc: &Document) -> String {
    serde_json::to_string(&HeadOf::of(doc)).expect("a head always serializes")
}

/// The key an observation's record is stored under: its sync path, such as
/// `observations/M1/2026-03/LIB`, so keys sort by measure, then period, then partner.
pub fn observation_key(key: &CellKey) -> String {
    Record::Observation(key.clone()).to_string()
}

/// The stored text of one observation.
pub fn observation_text(observation: &Observation) -> String {
    serde_json::to_string(observation).expect("an observation always serializes")
}

/// The stored text of one history entry.
pub fn entry_text(entry: &crate::history::Entry) -> String {
    serde_json::to_string(entry).expect("a history entry always serializes")
}

/// `doc` with the history its stored entries tell: refuses an entry that does not read as one,
/// or two that share an id.
pub fn with_history<S: AsRef<str>>(
    mut doc: Document,
    entries: impl IntoIterator<Item = S>,
) -> Result<Document, LoadError> {
    let entries = entries
        .into_iter()
        .map(|text| {
            // Through a JSON value, as the head and the observations are read.
            serde_json::from_str::<serde_json::Value>(text.as_ref())
                .map_err(|e| LoadError::Malformed(format!("a stored history entry: {e}")))
                .and_then(|v| {
                    serde_json::from_value::<crate::history::Entry>(v)
                        .map_err(|e| LoadError::WrongShape(format!("a stored history entry: {e}")))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    doc.history = crate::history::History::from_entries(entries)?;
    Ok(doc)
}

/// Only the format of a stored head, read without reading the rest.
#[derive(Deserialize)]
struct FormatOf {
    format: Option<u64>,
}

/// Whether a stored head is in the current format, which [`load_current`] reads; any other
/// goes through [`load`]. Text that is not even JSON counts as current, so that
/// [`load_current`] says what is wrong with it.
pub fn is_current(head: &str) -> bool {
    serde_json::from_str::<FormatOf>(head).map_or(true, |f| {
        f.format == Some(u64::from(crate::format::CURRENT))
    })
}

/// Reads a stored head and the stored observations back into a document.
///
/// Returns the document if and only if the head is of a known format and, once migrated,
/// it and every observation read as their records and the whole passes
/// [`Document::validate`], exactly as [`crate::format::load`] reads a document kept whole.
pub fn load<S: AsRef<str>>(
    head: &str,
    observations: impl IntoIterator<Item = S>,
) -> Result<Document, LoadError> {
    if is_current(head) {
        return load_current(head, observations);
    }
    // An older (or newer, or missing) format takes the whole-document path, which migrates
    // or refuses it with the reason.
    let json = serde_json::from_str(head).map_err(|e| LoadError::Malformed(e.to_string()))?;
    load_whole(json, observations)
}

/// [`load`] for a head in the current format ([`is_current`]); refuses any other. Kept apart
/// so that a caller that only ever meets the current format (the app at start-up) does not
/// carry every migration with it.
pub fn load_current<S: AsRef<str>>(
    head: &str,
    observations: impl IntoIterator<Item = S>,
) -> Result<Document, LoadError> {
    // Through a JSON value: the app already carries every record's reader for JSON values (sync
    // applies records as values), and a second reader of the whole head straight from text
    // would add about 25 KiB to the code every member downloads before the first screen.
    let head: serde_json::Value =
        serde_json::from_str(head).map_err(|e| LoadError::Malformed(e.to_string()))?;
    let head: Head =
        serde_json::from_value(head).map_err(|e| LoadError::WrongShape(e.to_string()))?;
    if head.format != crate::format::CURRENT {
        return Err(LoadError::WrongShape(format!(
            "format {} is not the current format",
            head.format
        )));
    }
    let observations = observations
        .into_iter()
        .map(|text| {
            // Through a JSON value too, for the same reason as the head.
            serde_json::from_str::<serde_json::Value>(text.as_ref())
                .map_err(|e| LoadError::Malformed(format!("a stored value: {e}")))
                .and_then(|v| {
                    serde_json::from_value::<Observation>(v)
                        .map_err(|e| LoadError::WrongShape(format!("a stored value: {e}")))
                })
        })
        .collect::<Result<_, _>>()?;
    let document = Document {
        format: head.format,
        coalition: head.coalition,
        partners: head.partners,
        measures: head.measures,
        observations,
        activities: head.activities,
        updates: head.updates,
        stories: head.stories,
        reviews: head.reviews,
        history: Default::default(),
    };
    document.validate()?;
    Ok(document)
}

fn load_whole<S: AsRef<str>>(
    mut head: serde_json::Value,
    observations: impl IntoIterator<Item = S>,
) -> Result<Document, LoadError> {
    let values = observations
        .into_iter()
        .map(|text| serde_json::from_str(text.as_ref()))
        .collect::<Result<Vec<serde_json::Value>, _>>()
        .map_err(|e| LoadError::Malformed(format!("a stored value: {e}")))?;
    let Some(object) = head.as_object_mut() else {
        return Err(LoadError::WrongShape(
            "the stored head is not an object".into(),
        ));
    };
    object.insert("observations".into(), serde_json::Value::Array(values));
    crate::format::load(&head.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn a_document_stored_record_by_record_reads_back_as_itself() {
        let doc = sample::coalition();
        let texts: Vec<String> = doc.observations.iter().map(observation_text).collect();
        let again = load(&head_text(&doc), &texts).unwrap();
        assert_eq!(again, doc);
        assert!(is_current(&head_text(&doc)));
        assert_eq!(load_current(&head_text(&doc), &texts).unwrap(), doc);
        assert!(Head::of(&doc).matches(&again));
    }

    #[test]
    fn a_stored_head_of_an_older_format_is_migrated() {
        let doc = sample::coalition();
        let mut head: serde_json::Value = serde_json::from_str(&head_text(&doc)).unwrap();
        head["format"] = 3.into();
        // Format 4 added `rate_per`, which migrating fills in.
        for measure in head["measures"].as_array_mut().unwrap() {
            measure.as_object_mut().unwrap().remove("rate_per");
        }
        let texts: Vec<String> = doc.observations.iter().map(observation_text).collect();
        assert!(!is_current(&head.to_string()));
        let again = load(&head.to_string(), &texts).unwrap();
        assert_eq!(again.observations, doc.observations);
        assert_eq!(again.measures.len(), doc.measures.len());
    }

    #[test]
    fn a_stored_value_that_is_not_an_observation_is_refused_with_the_reason() {
        let doc = sample::coalition();
        let error = load(&head_text(&doc), ["{\"measure\": 3}"]).unwrap_err();
        assert!(error.to_string().contains("a stored value"), "{error}");
    }

    #[test]
    fn a_head_of_a_newer_format_is_refused() {
        let doc = sample::coalition();
        let mut head: serde_json::Value = serde_json::from_str(&head_text(&doc)).unwrap();
        head["format"] = 99.into();
        let none: [&str; 0] = [];
        assert!(matches!(
            load(&head.to_string(), none),
            Err(LoadError::NewerFormat { found: 99, .. })
        ));
    }
}

//! Paths: the name of one record, or of one field of a record, that sync moves as a unit.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{CellKey, Code, Error, Group, Period};

/// One record of a document, named by its stable identity.
///
/// An observation is named by its cell (measure, period, partner), so two members entering the
/// same cell name the same record and meet as a conflict, never as two rows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Record {
    /// The coalition's settings: always present, changed field by field.
    Coalition,
    Partner(Code),
    Measure(Code),
    Activity(Code),
    Observation(CellKey),
    /// An update of the feed, named by [`crate::sync::update_key`] of its content.
    Update(String),
    Story {
        measure: Code,
        period: Period,
    },
    /// The review of a partner's values for a period ([`crate::review`]).
    Review {
        partner: Code,
        period: Period,
    },
    /// An entry of the history ([`crate::history`]), named by its id.
    History(String),
}

impl Record {
    /// Whether the record syncs field by field (two members changing different fields of it
    /// never conflict) rather than as one whole value.
    pub fn has_fields(&self) -> bool {
        matches!(
            self,
            Record::Coalition | Record::Partner(_) | Record::Measure(_) | Record::Activity(_)
        )
    }

    /// A short description for messages, such as "the measure M1".
    pub fn describe(&self) -> String {
        match self {
            Record::Coalition => "the coalition's settings".into(),
            Record::Partner(c) => format!("the partner {c}"),
            Record::Measure(c) => format!("the measure {c}"),
            Record::Activity(c) => format!("the activity {c}"),
            Record::Observation(k) => format!("the value of {k}"),
            Record::Update(_) => "an update".into(),
            Record::Story { measure, period } => format!("the story of {measure} in {period}"),
            Record::Review { partner, period } => {
                format!("the review of {partner}'s values for {period}")
            }
            Record::History(id) => format!("the history entry {id}"),
        }
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Record::Coalition => write!(f, "coalition"),
            Record::Partner(c) => write!(f, "partners/{c}"),
            Record::Measure(c) => write!(f, "measures/{c}"),
            Record::Activity(c) => write!(f, "activities/{c}"),
            Record::Observation(k) => {
                write!(f, "observations/{}/{}/{}", k.measure, k.period, k.partner)?;
                for part in k.group.path_parts() {
                    write!(f, "/{part}")?;
                }
                Ok(())
            }
            Record::Update(key) => write!(f, "updates/{key}"),
            Record::Story { measure, period } => write!(f, "stories/{measure}/{period}"),
            Record::Review { partner, period } => write!(f, "reviews/{partner}/{period}"),
            Record::History(id) => write!(f, "history/{id}"),
        }
    }
}

/// A record, or one field of a record that syncs field by field.
///
/// Written as text: `coalition/goal`, `partners/LIB`, `partners/LIB/name`,
/// `observations/M1/2026-03/LIB`, `observations/M1/2026-03/LIB/AGE=13-15/AREA=NORTH` (a value
/// of a group: [`Group::path_parts`]), `updates/<key>`, `stories/M1/FY2026-Q1`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    pub record: Record,
    /// The field, for records that sync field by field; `None` names the whole record.
    pub field: Option<String>,
}

/// The longest path text accepted, far above any real one.
pub const MAX_PATH_LEN: usize = 200;

impl Path {
    pub fn record(record: Record) -> Path {
        Path {
            record,
            field: None,
        }
    }

    pub fn field(record: Record, field: &str) -> Path {
        Path {
            record,
            field: Some(field.to_string()),
        }
    }

    /// Returns the path `text` names if and only if it has one of the shapes above, with valid
    /// codes and periods and a field name of lower-case letters and `_`. The coalition is only
    /// ever named with a field; observations, updates and stories never are.
    pub fn parse(text: &str) -> Result<Path, Error> {
        let invalid = |reason: &'static str| Error::InvalidPath {
            path: text.chars().take(MAX_PATH_LEN).collect(),
            reason,
        };
        if text.len() > MAX_PATH_LEN {
            return Err(invalid("it is too long"));
        }
        let parts: Vec<&str> = text.split('/').collect();
        let code = |s: &str| Code::parse(s).map_err(|_| invalid("a code in it is not valid"));
        let period = |s: &str| Period::parse(s).map_err(|_| invalid("a period in it is not valid"));
        let field = |s: &str| -> Result<Option<String>, Error> {
            if s.is_empty()
                || s.len() > 40
                || !s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            {
                return Err(invalid("its field name is not valid"));
            }
            if s == "code" {
                return Err(invalid("a record's code never changes: delete the record and add it again under the new code"));
            }
            Ok(Some(s.to_string()))
        };
        let coded = |make: fn(Code) -> Record| -> Result<Path, Error> {
            match parts.len() {
                2 => Ok(Path::record(make(code(parts[1])?))),
                3 => Ok(Path {
                    record: make(code(parts[1])?),
                    field: field(parts[2])?,
                }),
                _ => Err(invalid("it has the wrong number of parts")),
            }
        };
        match parts[0] {
            "coalition" if parts.len() == 2 => Ok(Path {
                record: Record::Coalition,
                field: field(parts[1])?,
            }),
            "partners" => coded(Record::Partner),
            "measures" => coded(Record::Measure),
            "activities" => coded(Record::Activity),
            "observations" if (4..=4 + Group::MAX_BREAKDOWNS).contains(&parts.len()) => {
                Ok(Path::record(Record::Observation(CellKey {
                    measure: code(parts[1])?,
                    period: period(parts[2])?,
                    partner: code(parts[3])?,
                    group: Group::parse_path_parts(&parts[4..])
                        .map_err(|_| invalid("a group in it is not BREAKDOWN=CATEGORY, in order"))?,
                })))
            }
            "updates" if parts.len() == 2 => {
                let key = parts[1];
                if key.len() != 16 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(invalid("an update's key is 16 hexadecimal digits"));
                }
                Ok(Path::record(Record::Update(key.to_ascii_lowercase())))
            }
            "stories" if parts.len() == 3 => Ok(Path::record(Record::Story {
                measure: code(parts[1])?,
                period: period(parts[2])?,
            })),
            "reviews" if parts.len() == 3 => Ok(Path::record(Record::Review {
                partner: code(parts[1])?,
                period: period(parts[2])?,
            })),
            "history" if parts.len() == 2 => {
                let id = parts[1];
                if !crate::history::is_valid_id(id) {
                    return Err(invalid("a history id is letters, digits, '-', '.' and '_'"));
                }
                Ok(Path::record(Record::History(id.to_string())))
            }
            "coalition" | "observations" | "updates" | "stories" | "reviews" | "history" => {
                Err(invalid("it has the wrong number of parts"))
            }
            _ => Err(invalid("it does not start with coalition, partners, measures, activities, observations, updates, stories, reviews or history")),
        }
    }

    /// Whether `self` is `record` itself or one of its fields.
    pub fn is_in(&self, record: &Record) -> bool {
        &self.record == record
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.record, &self.field) {
            (Record::Coalition, Some(field)) => write!(f, "coalition/{field}"),
            (record, Some(field)) => write!(f, "{record}/{field}"),
            (record, None) => write!(f, "{record}"),
        }
    }
}

/// A path as the API reads and writes it: a string of one of the shapes [`Path::parse`] reads.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Path {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_PATH_LEN))
            .description(Some(
                "coalition/FIELD, partners/CODE[/FIELD], measures/CODE[/FIELD], \
                 activities/CODE[/FIELD], observations/MEASURE/PERIOD/PARTNER, updates/KEY, \
                 stories/MEASURE/PERIOD, reviews/PARTNER/PERIOD or history/ID",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Path {}

impl Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Path {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Path, D::Error> {
        let text = String::deserialize(d)?;
        Path::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_of_path_reads_back_as_written() {
        for text in [
            "coalition/goal",
            "partners/LIB",
            "partners/LIB/name",
            "measures/M1/targets",
            "activities/A1",
            "observations/M1/2026-03/LIB",
            "observations/M2/FY2026-Q1/SCH-2",
            "observations/M2/FY2026-Q1/SCH-2/AGE=13-15",
            "observations/M2/FY2026-Q1/SCH-2/AGE=13-15/AREA=NORTH",
            "updates/00ff00ff00ff00ff",
            "stories/M1/FY2026",
            "reviews/LIB/FY2026-Q1",
            "history/20261204T010203Z-c1-7.2",
        ] {
            assert_eq!(Path::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn malformed_paths_are_refused_with_the_reason() {
        for (text, reason) in [
            ("coalition", "wrong number of parts"),
            ("partners/LIB/code", "code never changes"),
            ("partners/LIB/Name", "field name"),
            ("observations/M1/2026-13/LIB", "period"),
            ("observations/M1/2026-03", "wrong number"),
            ("observations/M1/2026-03/LIB/AREA=N/AGE=1", "group"),
            ("observations/M1/2026-03/LIB/AGE", "group"),
            ("people/x", "does not start with"),
            ("updates/xyz", "16 hexadecimal"),
            ("history/a b", "history id"),
            ("measures/M 1", "code"),
        ] {
            let err = Path::parse(text).unwrap_err().to_string();
            assert!(err.contains(reason), "{text}: {err}");
        }
        assert!(Path::parse(&"a".repeat(300)).is_err());
    }
}

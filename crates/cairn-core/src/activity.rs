//! Mutually reinforcing activities: who does what, toward which measures, when.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, optional_text, required_text};
use crate::{Code, Date, Error};

/// Where an activity stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Planned,
    Active,
    AtRisk,
    Completed,
    Dropped,
}

impl ActivityStatus {
    pub const ALL: [ActivityStatus; 5] = [
        ActivityStatus::Planned,
        ActivityStatus::Active,
        ActivityStatus::AtRisk,
        ActivityStatus::Completed,
        ActivityStatus::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ActivityStatus::Planned => "Planned",
            ActivityStatus::Active => "Active",
            ActivityStatus::AtRisk => "At risk",
            ActivityStatus::Completed => "Completed",
            ActivityStatus::Dropped => "Dropped",
        }
    }
}

/// Which way an activity means to move a measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// A measure an activity aims to move, and which way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aim {
    pub measure: Code,
    pub direction: Direction,
}

/// A dated entry in an activity's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusUpdate {
    pub date: Date,
    pub status: ActivityStatus,
    pub note: String,
    pub author: String,
}

/// An activity a partner leads, with the partners supporting it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub code: Code,
    pub title: String,
    pub description: String,
    pub lead: Code,
    pub supporters: Vec<Code>,
    pub strategy: Option<Code>,
    pub aims: Vec<Aim>,
    /// Who it serves, in words, such as "teens 13-18".
    pub audience: String,
    pub status: ActivityStatus,
    pub start: Date,
    /// The last day; `None` while it is ongoing.
    pub end: Option<Date>,
    pub log: Vec<StatusUpdate>,
}

impl Activity {
    /// Returns `Ok` if and only if the activity is consistent in itself: a title, texts that
    /// fit, an end not before the start, a lead not also listed as supporting, no partner or
    /// measure listed twice. References are checked by the document.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The activity's title", &self.title, 160)?;
        optional_text("The description", &self.description, 2000)?;
        optional_text("The audience", &self.audience, 120)?;
        at_most("Supporting partners", &self.supporters, 1000)?;
        at_most("An activity's measures", &self.aims, 200)?;
        at_most("Updates in an activity's log", &self.log, 200)?;
        if let Some(end) = self.end {
            if end < self.start {
                return Err(Error::EndBeforeStart {
                    start: self.start.to_string(),
                    end: end.to_string(),
                });
            }
        }
        if self.supporters.contains(&self.lead) {
            return Err(Error::LeadAlsoSupporting(self.lead.to_string()));
        }
        for (i, s) in self.supporters.iter().enumerate() {
            if self.supporters[..i].contains(s) {
                return Err(Error::DuplicateCode {
                    kind: "supporting partner",
                    code: s.to_string(),
                });
            }
        }
        for (i, aim) in self.aims.iter().enumerate() {
            if self.aims[..i].iter().any(|a| a.measure == aim.measure) {
                return Err(Error::DuplicateCode {
                    kind: "measure of this activity",
                    code: aim.measure.to_string(),
                });
            }
        }
        for update in &self.log {
            optional_text("An update's note", &update.note, 1000)?;
            optional_text("An update's author", &update.author, 120)?;
        }
        Ok(())
    }

    /// The status in force at the end of `day`: the latest update in the log dated on or
    /// before it; with none, "Planned" if the activity starts after `day`, else the status it
    /// has now (the log was not kept).
    pub fn status_on(&self, day: Date) -> ActivityStatus {
        self.log
            .iter()
            .filter(|u| u.date <= day)
            .max_by_key(|u| u.date)
            .map(|u| u.status)
            .unwrap_or(if self.start > day {
                ActivityStatus::Planned
            } else {
                self.status
            })
    }

    /// Whether the activity is under way (active or at risk).
    pub fn is_running(&self) -> bool {
        matches!(self.status, ActivityStatus::Active | ActivityStatus::AtRisk)
    }

    /// Whether `partner` leads or supports the activity.
    pub fn involves(&self, partner: &Code) -> bool {
        &self.lead == partner || self.supporters.contains(partner)
    }

    pub fn aims_at(&self, measure: &Code) -> bool {
        self.aims.iter().any(|a| &a.measure == measure)
    }

    /// Whether the two activities' dates overlap (an ongoing activity has no end).
    pub fn overlaps(&self, other: &Activity) -> bool {
        let ends_after = |a: &Activity, start: Date| a.end.is_none_or(|end| end >= start);
        ends_after(self, other.start) && ends_after(other, self.start)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn activity(code: &str, lead: &str) -> Activity {
        Activity {
            code: Code::parse(code).unwrap(),
            title: "Museum teen docents".into(),
            description: String::new(),
            lead: Code::parse(lead).unwrap(),
            supporters: vec![],
            strategy: None,
            aims: vec![],
            audience: "teens 13-18".into(),
            status: ActivityStatus::Active,
            start: Date::parse("2025-09-01").unwrap(),
            end: None,
            log: vec![],
        }
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let a = Activity {
            end: Some(Date::parse("2025-08-31").unwrap()),
            ..activity("A1", "SCI")
        };
        assert_eq!(
            a.validate().unwrap_err().to_string(),
            "The activity ends on 2025-08-31, before it starts on 2025-09-01: check the dates."
        );
    }

    #[test]
    fn a_lead_cannot_also_be_supporting() {
        let a = Activity {
            supporters: vec![Code::parse("SCI").unwrap()],
            ..activity("A1", "SCI")
        };
        assert_eq!(a.validate(), Err(Error::LeadAlsoSupporting("SCI".into())));
    }

    #[test]
    fn an_ongoing_activity_overlaps_everything_after_its_start() {
        let a = activity("A1", "SCI");
        let later = Activity {
            start: Date::parse("2030-01-01").unwrap(),
            end: Some(Date::parse("2030-02-01").unwrap()),
            ..activity("A2", "ART")
        };
        let earlier = Activity {
            start: Date::parse("2020-01-01").unwrap(),
            end: Some(Date::parse("2025-08-31").unwrap()),
            ..activity("A3", "ART")
        };
        assert!(a.overlaps(&later) && later.overlaps(&a));
        assert!(!a.overlaps(&earlier) && !earlier.overlaps(&a));
    }
}

//! Partner organisations, their sector and how deep each partnership runs.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, optional_text, required_text};
use crate::{Code, Date, Error};

/// The kind of organisation a partner is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    Library,
    School,
    Museum,
    Nonprofit,
    Government,
    Funder,
    Business,
    HigherEducation,
    CommunityGroup,
}

impl Sector {
    pub const ALL: [Sector; 9] = [
        Sector::Library,
        Sector::School,
        Sector::Museum,
        Sector::Nonprofit,
        Sector::Government,
        Sector::Funder,
        Sector::Business,
        Sector::HigherEducation,
        Sector::CommunityGroup,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Sector::Library => "Library",
            Sector::School => "School",
            Sector::Museum => "Museum",
            Sector::Nonprofit => "Nonprofit",
            Sector::Government => "Government",
            Sector::Funder => "Funder",
            Sector::Business => "Business",
            Sector::HigherEducation => "Higher education",
            Sector::CommunityGroup => "Community group",
        }
    }
}

/// The ladder of partnership levels, from light to deep, as the seed page describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipLevel {
    Networking,
    Cooperating,
    InformingTeens,
    CollaboratingOnProgramming,
    FormingCoalitions,
    Embedded,
    CollectiveImpact,
}

impl PartnershipLevel {
    pub const ALL: [PartnershipLevel; 7] = [
        PartnershipLevel::Networking,
        PartnershipLevel::Cooperating,
        PartnershipLevel::InformingTeens,
        PartnershipLevel::CollaboratingOnProgramming,
        PartnershipLevel::FormingCoalitions,
        PartnershipLevel::Embedded,
        PartnershipLevel::CollectiveImpact,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PartnershipLevel::Networking => "Networking and sharing ideas",
            PartnershipLevel::Cooperating => "Cooperating and coordinating",
            PartnershipLevel::InformingTeens => "Informing teens about partners",
            PartnershipLevel::CollaboratingOnProgramming => "Collaborating on programming",
            PartnershipLevel::FormingCoalitions => "Forming community coalitions",
            PartnershipLevel::Embedded => "Embedded partner",
            PartnershipLevel::CollectiveImpact => "Collective impact",
        }
    }

    /// One sentence from the seed that tells the levels apart.
    pub fn explanation(self) -> &'static str {
        match self {
            PartnershipLevel::Networking => {
                "Informal meetings, conversations, attending each other's events."
            }
            PartnershipLevel::Cooperating => {
                "Knowing each other's work to build on it or avoid duplication."
            }
            PartnershipLevel::InformingTeens => {
                "Connecting teens with the partner's services and resources."
            }
            PartnershipLevel::CollaboratingOnProgramming => {
                "Running a series or an event together."
            }
            PartnershipLevel::FormingCoalitions => {
                "Working in a coalition to serve youth better together."
            }
            PartnershipLevel::Embedded => {
                "A deep, long-term relationship built into regular services."
            }
            PartnershipLevel::CollectiveImpact => {
                "A common goal, shared measurement and mutually reinforcing activities."
            }
        }
    }
}

/// A position on a 1 (light) to 5 (intense) spectrum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Scale(u8);

impl Scale {
    pub const MIDDLE: Scale = Scale(3);

    /// Returns the scale value if and only if `value` is from 1 to 5.
    pub fn new(field: &'static str, value: u8) -> Result<Scale, Error> {
        if (1..=5).contains(&value) {
            Ok(Scale(value))
        } else {
            Err(Error::ScaleOutOfRange { field, value })
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Scale {
    type Error = Error;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Scale::new("A partnership characteristic", value)
    }
}

impl From<Scale> for u8 {
    fn from(value: Scale) -> u8 {
        value.0
    }
}

/// The four characteristics along which any partnership sits, each from light to intense.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Characteristics {
    /// Informal and undefined (1) to highly structured with well-defined roles (5).
    pub structure: Scale,
    /// Once in a while (1) to frequent (5).
    pub communication: Scale,
    /// One-sided (1) to completely equal (5).
    pub decision_making: Scale,
    /// Low (1) to high (5).
    pub commitment: Scale,
}

impl Default for Characteristics {
    fn default() -> Self {
        Characteristics {
            structure: Scale::MIDDLE,
            communication: Scale::MIDDLE,
            decision_making: Scale::MIDDLE,
            commitment: Scale::MIDDLE,
        }
    }
}

/// A dated change of how deep a partnership runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnershipChange {
    pub date: Date,
    pub level_before: PartnershipLevel,
    pub level_after: PartnershipLevel,
    pub characteristics_before: Characteristics,
    pub characteristics_after: Characteristics,
    pub note: String,
}

/// The seed's questions to ask before taking a partnership to the next level.
pub const READINESS_QUESTIONS: [&str; 5] = [
    "How many projects have you worked on with the partner? Did they go well? Do you have a good working relationship with everyone who was involved?",
    "Have any of these projects involved a monetary commitment? Did it cause any issues?",
    "How many people in your organisation and at the partner are interested in being involved?",
    "Has management from both sides supported past projects? Do they support another collaboration?",
    "Do you both know how much time you have to invest in the new project?",
];

/// The backbone's answers to the readiness questions, in their order, as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub date: Date,
    pub answers: Vec<String>,
}

/// A partner organisation of the coalition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub code: Code,
    pub name: String,
    pub sector: Sector,
    pub level: PartnershipLevel,
    pub characteristics: Characteristics,
    /// Every change of level or characteristics, oldest first.
    pub history: Vec<PartnershipChange>,
    pub readiness: Option<Readiness>,
}

impl Partner {
    /// A new partner with no history.
    pub fn new(
        code: Code,
        name: &str,
        sector: Sector,
        level: PartnershipLevel,
        characteristics: Characteristics,
    ) -> Partner {
        Partner {
            code,
            name: name.to_string(),
            sector,
            level,
            characteristics,
            history: Vec::new(),
            readiness: None,
        }
    }

    /// Returns `Ok` if and only if the partner has a name of at most 120 characters, its
    /// history is in date order and ends at its current level, and its readiness answers fit.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The partner's name", &self.name, 120)?;
        at_most("Changes in a partnership's history", &self.history, 200)?;
        for (i, change) in self.history.iter().enumerate() {
            optional_text("A change's note", &change.note, 1000)?;
            if i > 0 && change.date < self.history[i - 1].date {
                return Err(Error::HistoryOutOfOrder(self.code.to_string()));
            }
        }
        if let Some(r) = &self.readiness {
            at_most("Readiness answers", &r.answers, READINESS_QUESTIONS.len())?;
            for answer in &r.answers {
                optional_text("A readiness answer", answer, 2000)?;
            }
        }
        Ok(())
    }

    /// The level the partnership stood at on `date`, by its history; the earliest known level
    /// before the first change.
    pub fn level_on(&self, date: Date) -> PartnershipLevel {
        match self.history.iter().rev().find(|c| c.date <= date) {
            Some(change) => change.level_after,
            None => self.history.first().map_or(self.level, |c| c.level_before),
        }
    }

    /// Moves the partnership to `level` and `characteristics` on `date`, recording the change
    /// with `note`. Refused if `date` is before the last recorded change.
    pub fn change(
        &mut self,
        date: Date,
        level: PartnershipLevel,
        characteristics: Characteristics,
        note: &str,
    ) -> Result<(), Error> {
        if self.history.last().is_some_and(|c| date < c.date) {
            return Err(Error::HistoryOutOfOrder(self.code.to_string()));
        }
        optional_text("The note", note, 1000)?;
        self.history.push(PartnershipChange {
            date,
            level_before: self.level,
            level_after: level,
            characteristics_before: self.characteristics,
            characteristics_after: characteristics,
            note: note.trim().to_string(),
        });
        self.level = level;
        self.characteristics = characteristics;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_runs_from_1_to_5() {
        assert!(Scale::new("Structure", 0).is_err());
        assert!(Scale::new("Structure", 1).is_ok());
        assert!(Scale::new("Structure", 5).is_ok());
        assert_eq!(
            Scale::new("Structure", 6).unwrap_err().to_string(),
            "Structure must be on the scale from 1 to 5, not 6."
        );
        assert!(serde_json::from_str::<Scale>("9").is_err());
    }

    #[test]
    fn a_partner_needs_a_name() {
        let partner = Partner::new(
            Code::parse("LIB").unwrap(),
            "",
            Sector::Library,
            PartnershipLevel::Networking,
            Characteristics::default(),
        );
        assert!(matches!(partner.validate(), Err(Error::Required { .. })));
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_change_is_recorded_with_the_old_and_new_values_and_the_level_follows_it() {
        let mut p = Partner::new(
            Code::parse("ART").unwrap(),
            "Art museum",
            Sector::Museum,
            PartnershipLevel::Networking,
            Characteristics::default(),
        );
        let deeper = Characteristics {
            commitment: Scale::new("Commitment", 5).unwrap(),
            ..Characteristics::default()
        };
        p.change(
            date("2025-01-15"),
            PartnershipLevel::Cooperating,
            Characteristics::default(),
            "First joint event",
        )
        .unwrap();
        p.change(
            date("2026-02-01"),
            PartnershipLevel::CollaboratingOnProgramming,
            deeper,
            "Co-ran the summer series",
        )
        .unwrap();
        assert_eq!(p.level, PartnershipLevel::CollaboratingOnProgramming);
        assert_eq!(p.history[1].level_before, PartnershipLevel::Cooperating);
        assert_eq!(p.history[1].characteristics_after, deeper);
        assert_eq!(p.level_on(date("2024-12-31")), PartnershipLevel::Networking);
        assert_eq!(
            p.level_on(date("2025-06-01")),
            PartnershipLevel::Cooperating
        );
        assert_eq!(
            p.level_on(date("2026-02-01")),
            PartnershipLevel::CollaboratingOnProgramming
        );
        assert!(matches!(
            p.change(date("2025-12-31"), PartnershipLevel::Embedded, deeper, ""),
            Err(Error::HistoryOutOfOrder(_))
        ));
        p.validate().unwrap();
    }

    #[test]
    fn the_ladder_runs_from_networking_to_collective_impact() {
        assert!(PartnershipLevel::Networking < PartnershipLevel::CollectiveImpact);
        assert_eq!(PartnershipLevel::ALL.len(), 7);
    }
}

//! Partner organisations, their sector and how deep each partnership runs.

use serde::{Deserialize, Serialize};

use crate::code::required_text;
use crate::{Code, Error};

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

/// A partner organisation of the coalition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub code: Code,
    pub name: String,
    pub sector: Sector,
    pub level: PartnershipLevel,
    pub characteristics: Characteristics,
}

impl Partner {
    /// Returns `Ok` if and only if the partner has a name of at most 120 characters.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The partner's name", &self.name, 120)
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
        let partner = Partner {
            code: Code::parse("LIB").unwrap(),
            name: "".into(),
            sector: Sector::Library,
            level: PartnershipLevel::Networking,
            characteristics: Characteristics::default(),
        };
        assert!(matches!(partner.validate(), Err(Error::Required { .. })));
    }

    #[test]
    fn the_ladder_runs_from_networking_to_collective_impact() {
        assert!(PartnershipLevel::Networking < PartnershipLevel::CollectiveImpact);
        assert_eq!(PartnershipLevel::ALL.len(), 7);
    }
}

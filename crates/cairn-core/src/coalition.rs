//! The coalition: its common goal and the strategies (focus areas) the goal is broken into.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, optional_text, required_text};
use crate::{Code, Error, FiscalYearStart};

/// A focus area of the common agenda, such as "Access to places and programs".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    pub code: Code,
    pub name: String,
}

/// The coalition and its common agenda.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coalition {
    pub name: String,
    /// The common goal, as one sentence every partner signs up to.
    pub goal: String,
    pub strategies: Vec<Strategy>,
    pub fiscal_year_start: FiscalYearStart,
    /// How far (in percent of the path from baseline to target) a value may fall short of the
    /// straight path and still count as on track.
    pub tolerance_percent: u8,
}

impl Coalition {
    pub const DEFAULT_TOLERANCE: u8 = 15;

    /// An unnamed coalition with a calendar fiscal year, as a new user starts it.
    pub fn empty() -> Coalition {
        Coalition {
            name: "Our coalition".to_string(),
            goal: String::new(),
            strategies: Vec::new(),
            fiscal_year_start: FiscalYearStart::JANUARY,
            tolerance_percent: Self::DEFAULT_TOLERANCE,
        }
    }

    /// Returns `Ok` if and only if the name is given, texts fit, the tolerance is 1 to 50 and
    /// every strategy has a name and a code no other strategy uses.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The coalition's name", &self.name, 120)?;
        optional_text("The common goal", &self.goal, 500)?;
        if !(1..=50).contains(&self.tolerance_percent) {
            return Err(Error::ToleranceOutOfRange(self.tolerance_percent));
        }
        at_most("Strategies", &self.strategies, 100)?;
        for (i, strategy) in self.strategies.iter().enumerate() {
            required_text("A strategy's name", &strategy.name, 120)?;
            if self.strategies[..i].iter().any(|s| s.code == strategy.code) {
                return Err(Error::DuplicateCode {
                    kind: "strategy",
                    code: strategy.code.to_string(),
                });
            }
        }
        Ok(())
    }

    pub fn strategy(&self, code: &Code) -> Option<&Strategy> {
        self.strategies.iter().find(|s| &s.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strategy(code: &str, name: &str) -> Strategy {
        Strategy {
            code: Code::parse(code).unwrap(),
            name: name.to_string(),
        }
    }

    #[test]
    fn a_coalition_needs_a_name() {
        let coalition = Coalition {
            name: " ".into(),
            ..Coalition::empty()
        };
        assert_eq!(
            coalition.validate(),
            Err(Error::Required {
                field: "The coalition's name"
            })
        );
    }

    #[test]
    fn two_strategies_cannot_share_a_code() {
        let coalition = Coalition {
            strategies: vec![strategy("ACCESS", "Access"), strategy("access", "Again")],
            ..Coalition::empty()
        };
        assert!(matches!(
            coalition.validate(),
            Err(Error::DuplicateCode {
                kind: "strategy",
                ..
            })
        ));
    }

    #[test]
    fn a_strategy_needs_a_name() {
        let coalition = Coalition {
            strategies: vec![strategy("ACCESS", "")],
            ..Coalition::empty()
        };
        assert!(matches!(coalition.validate(), Err(Error::Required { .. })));
    }

    #[test]
    fn the_tolerance_band_is_between_1_and_50_percent() {
        for (tolerance, ok) in [(0, false), (1, true), (50, true), (51, false)] {
            let coalition = Coalition {
                tolerance_percent: tolerance,
                ..Coalition::empty()
            };
            assert_eq!(coalition.validate().is_ok(), ok, "{tolerance}");
        }
    }

    #[test]
    fn a_goal_longer_than_500_characters_is_refused() {
        let coalition = Coalition {
            goal: "g".repeat(501),
            ..Coalition::empty()
        };
        assert!(matches!(coalition.validate(), Err(Error::TooLong { .. })));
    }
}

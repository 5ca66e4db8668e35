//! The coalition: its common goal and the strategies (focus areas) the goal is broken into.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, optional_text, required_text};
use crate::lock::Locks;
use crate::report::ReportTemplate;
use crate::{Breakdown, Code, Error, FiscalYearStart, Period};

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
    /// The reports saved to be run again ("Community Foundation, annual"), names unique
    /// ignoring case. Absent in documents from before reports, hence the default; always
    /// written, because a sync change names the field.
    #[serde(default)]
    pub reports: Vec<ReportTemplate>,
    /// The periods whose values no one may change ([`crate::lock`]). Absent in documents from
    /// before locks, hence the default (as for `lock_after_months`).
    #[serde(default)]
    pub locked_periods: Vec<Period>,
    /// Lock every period once this many months have passed since it ended; `None`: no rule.
    #[serde(default)]
    pub lock_after_months: Option<u8>,
    /// Whether partners' values go through review before they count ([`crate::review`]).
    /// Off by default, so a small coalition is not slowed; absent before review, hence the
    /// default (as for `count_unapproved`).
    #[serde(default)]
    pub review: bool,
    /// With review on, count every value in the figures, not only approved ones (the screens
    /// then say the figures include unapproved values).
    #[serde(default)]
    pub count_unapproved: bool,
    /// The breakdowns measures are reported by ([`crate::breakdown`]), codes unique. Absent
    /// before breakdowns, hence the default.
    #[serde(default)]
    pub breakdowns: Vec<Breakdown>,
    /// Counts and denominators from 1 to this are hidden wherever figures leave the coalition
    /// ([`crate::suppression`]); 0 turns hiding off. Absent before suppression, hence the
    /// default of 10.
    #[serde(default = "default_small_cells")]
    pub small_cells: u32,
    /// Whether viewers see figures with small cells hidden, as outside readers do.
    #[serde(default)]
    pub hide_small_cells_from_viewers: bool,
}

fn default_small_cells() -> u32 {
    Coalition::DEFAULT_SMALL_CELLS
}

impl Coalition {
    pub const DEFAULT_TOLERANCE: u8 = 15;
    /// The usual rule of statistical offices and school systems: 1 to 10 is hidden.
    pub const DEFAULT_SMALL_CELLS: u32 = 10;

    /// What is locked ([`crate::lock`]).
    pub fn locks(&self) -> Locks<'_> {
        Locks {
            periods: &self.locked_periods,
            after_months: self.lock_after_months,
        }
    }

    /// Whether the figures count approved values only: review is on and unapproved values are
    /// not counted.
    pub fn counts_approved_only(&self) -> bool {
        self.review && !self.count_unapproved
    }

    /// An unnamed coalition with a calendar fiscal year, as a new user starts it.
    pub fn empty() -> Coalition {
        Coalition {
            name: "Our coalition".to_string(),
            goal: String::new(),
            strategies: Vec::new(),
            fiscal_year_start: FiscalYearStart::JANUARY,
            tolerance_percent: Self::DEFAULT_TOLERANCE,
            reports: Vec::new(),
            locked_periods: Vec::new(),
            lock_after_months: None,
            review: false,
            count_unapproved: false,
            breakdowns: Vec::new(),
            small_cells: Self::DEFAULT_SMALL_CELLS,
            hide_small_cells_from_viewers: false,
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
        crate::breakdown::validate_all(&self.breakdowns)?;
        if self.small_cells > 100 {
            return Err(Error::SmallCellsOutOfRange(self.small_cells));
        }
        at_most("Locked periods", &self.locked_periods, 1000)?;
        self.locks().validate()?;
        at_most("Saved reports", &self.reports, 100)?;
        for (i, report) in self.reports.iter().enumerate() {
            report.validate()?;
            if self.reports[..i]
                .iter()
                .any(|r| same_name(&r.name, &report.name))
            {
                return Err(Error::DuplicateReportName(report.name.clone()));
            }
        }
        Ok(())
    }

    /// The saved report named `name` (ignoring case).
    pub fn report(&self, name: &str) -> Option<&ReportTemplate> {
        self.reports.iter().find(|r| same_name(&r.name, name))
    }

    /// The coalition with `report` saved: it replaces the saved report of the same name (ignoring
    /// case), or is added last. Returns an error if the report is not valid.
    pub fn with_report(&self, report: ReportTemplate) -> Result<Coalition, Error> {
        report.validate()?;
        let mut next = self.clone();
        match next
            .reports
            .iter_mut()
            .find(|r| same_name(&r.name, &report.name))
        {
            Some(saved) => *saved = report,
            None => next.reports.push(report),
        }
        Ok(next)
    }

    /// The coalition without the saved report named `name` (ignoring case).
    pub fn without_report(&self, name: &str) -> Coalition {
        let mut next = self.clone();
        next.reports.retain(|r| !same_name(&r.name, name));
        next
    }

    pub fn breakdown(&self, code: &Code) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| &b.code == code)
    }

    pub fn strategy(&self, code: &Code) -> Option<&Strategy> {
        self.strategies.iter().find(|s| &s.code == code)
    }
}

/// Whether two report names are the same to a reader: equal ignoring ASCII case and the spaces
/// around them. (Full Unicode case folding would add its tables to the first download.)
fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
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
    fn saving_a_report_under_a_saved_name_replaces_it_whatever_the_case() {
        let first = ReportTemplate::new("Community Foundation", 2025);
        let coalition = Coalition::empty().with_report(first).unwrap();
        let again = ReportTemplate::new("community foundation ", 2026);
        let coalition = coalition.with_report(again).unwrap();
        assert_eq!(coalition.reports.len(), 1);
        assert_eq!(coalition.report("COMMUNITY FOUNDATION").unwrap().to, 2026);
        assert!(coalition
            .without_report("Community Foundation")
            .reports
            .is_empty());
    }

    #[test]
    fn two_saved_reports_cannot_share_a_name() {
        let coalition = Coalition {
            reports: vec![
                ReportTemplate::new("Board", 2025),
                ReportTemplate::new("BOARD", 2026),
            ],
            ..Coalition::empty()
        };
        assert_eq!(
            coalition.validate(),
            Err(Error::DuplicateReportName("BOARD".into()))
        );
    }

    #[test]
    fn a_coalition_saved_before_reports_reads_with_none() {
        let mut json = serde_json::to_value(Coalition::empty()).unwrap();
        json.as_object_mut().unwrap().remove("reports");
        let coalition: Coalition = serde_json::from_value(json).unwrap();
        assert!(coalition.reports.is_empty());
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

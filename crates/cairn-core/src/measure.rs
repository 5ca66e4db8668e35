//! Shared measures: what every partner reports the same way, and how it adds up.

use serde::{Deserialize, Serialize};

use crate::code::{optional_text, required_text};
use crate::{Code, Error, Frequency, Period};

/// What kind of number a measure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// A whole number of people, sessions, visits.
    Count,
    /// A share, kept as numerator and denominator so that partners add up correctly.
    Percent,
    /// An amount such as dollars or hours.
    Amount,
    /// An average such as a mean score.
    Average,
}

impl ValueType {
    pub const ALL: [ValueType; 4] = [
        ValueType::Count,
        ValueType::Percent,
        ValueType::Amount,
        ValueType::Average,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ValueType::Count => "Count",
            ValueType::Percent => "Percent",
            ValueType::Amount => "Amount",
            ValueType::Average => "Average",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            ValueType::Count => "A whole number: teens, sessions, visits.",
            ValueType::Percent => {
                "Partners enter numerator/denominator (412/1000) so the coalition's percent is exact."
            }
            ValueType::Amount => "A quantity such as dollars or hours.",
            ValueType::Average => "An average such as a mean score.",
        }
    }
}

/// Which direction is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

impl Polarity {
    pub const ALL: [Polarity; 2] = [Polarity::HigherIsBetter, Polarity::LowerIsBetter];

    pub fn label(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::LowerIsBetter => "Lower is better",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Progress means the number goes up (library cards held).",
            Polarity::LowerIsBetter => {
                "Progress means the number goes down (chronic absenteeism); meeting the target is good news."
            }
        }
    }
}

/// How values of successive periods relate to each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accumulation {
    /// Each period's value counts what happened in that period only (a flow).
    PerPeriod,
    /// Partners enter what happened in each period; the measure shows the total so far.
    RunningTotal,
    /// Each value is the level at the end of the period (a stock).
    Snapshot,
}

impl Accumulation {
    pub const ALL: [Accumulation; 3] = [
        Accumulation::PerPeriod,
        Accumulation::RunningTotal,
        Accumulation::Snapshot,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Accumulation::PerPeriod => "Per period",
            Accumulation::RunningTotal => "Running total",
            Accumulation::Snapshot => "Snapshot",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Accumulation::PerPeriod => {
                "Enter what happened in each period; a year is the sum of its periods."
            }
            Accumulation::RunningTotal => {
                "Enter what happened in each period; Cairn shows the total to date, never double-counting."
            }
            Accumulation::Snapshot => {
                "Enter the level at the end of each period; a year is its last value."
            }
        }
    }
}

/// How partners' values combine into the coalition's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rollup {
    Sum,
    RatioOfSums,
    Mean,
    /// Population data: one steward reports the value for the whole community.
    None,
}

impl Rollup {
    pub const ALL: [Rollup; 4] = [Rollup::Sum, Rollup::RatioOfSums, Rollup::Mean, Rollup::None];

    pub fn label(self) -> &'static str {
        match self {
            Rollup::Sum => "Sum",
            Rollup::RatioOfSums => "Ratio of sums",
            Rollup::Mean => "Mean",
            Rollup::None => "None (one value for the community)",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Rollup::Sum => "The coalition's value is the partners' values added up.",
            Rollup::RatioOfSums => {
                "All numerators over all denominators: never an average of percents."
            }
            Rollup::Mean => "The average of the partners' values.",
            Rollup::None => "Population data: the steward's value is the coalition's value.",
        }
    }
}

/// The value a measure started from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub period: Period,
    pub value: f64,
}

/// A value the coalition aims to reach by a period. The latest target is the end target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub period: Period,
    pub value: f64,
}

/// A shared measure (indicator).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    pub code: Code,
    pub title: String,
    pub definition: String,
    /// What one unit is, such as "sessions", "teens" or "% of teens".
    pub unit: String,
    pub value_type: ValueType,
    pub polarity: Polarity,
    pub accumulation: Accumulation,
    pub rollup: Rollup,
    pub frequency: Frequency,
    /// The strategies this measure tracks, by code.
    pub strategies: Vec<Code>,
    /// The partner who looks after the measure's definition and data.
    pub steward: Option<Code>,
    /// The partners expected to report it.
    pub reporters: Vec<Code>,
    /// Whether the measure is one of the few the dashboard leads with.
    pub key: bool,
    /// How many decimals values are printed (and judged) with.
    pub decimals: u8,
    pub baseline: Option<Baseline>,
    /// Interim targets and the end target, in period order.
    pub targets: Vec<Target>,
}

impl Measure {
    /// Returns `Ok` if and only if the measure is consistent in itself: texts fit, its rules
    /// make sense together, and its baseline and targets are of its frequency, with valid
    /// values, each target after the baseline and no two targets for one period. References to
    /// partners and strategies are checked by the document.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The measure's title", &self.title, 160)?;
        optional_text("The definition", &self.definition, 2000)?;
        optional_text("The unit", &self.unit, 40)?;
        if self.decimals > 4 {
            return Err(Error::DecimalsOutOfRange(self.decimals));
        }
        self.validate_rules()?;
        if let Some(baseline) = &self.baseline {
            baseline.period.expect_frequency(self.frequency)?;
            self.validate_level("The baseline", baseline.value)?;
        }
        for (i, target) in self.targets.iter().enumerate() {
            target.period.expect_frequency(self.frequency)?;
            self.validate_level("A target", target.value)?;
            if let Some(baseline) = &self.baseline {
                if target.period <= baseline.period {
                    return Err(Error::TargetBeforeBaseline {
                        target: target.period.code(),
                        baseline: baseline.period.code(),
                    });
                }
            }
            if self.targets[..i].iter().any(|t| t.period == target.period) {
                return Err(Error::DuplicateTarget(target.period.code()));
            }
        }
        Ok(())
    }

    fn validate_rules(&self) -> Result<(), Error> {
        use Accumulation::*;
        use Rollup::*;
        use ValueType::*;
        let problem = match (self.value_type, self.accumulation, self.rollup) {
            (Percent, _, Sum | Mean) => {
                "A percent rolls up as a ratio of sums (or not at all): adding or averaging percents gives wrong totals."
            }
            (Percent, RunningTotal, _) => {
                "A percent cannot be a running total: choose snapshot or per period."
            }
            (Average, RunningTotal, _) | (Average, _, Sum) => {
                "Averages cannot be added up: choose the mean roll-up and no running total."
            }
            (Count | Amount | Average, _, RatioOfSums) => {
                "A ratio of sums needs a numerator and a denominator: make the measure a percent."
            }
            _ => return Ok(()),
        };
        Err(Error::IncompatibleRules(problem))
    }

    /// Checks a baseline or target value, given in the measure's display units (percent for
    /// percents).
    fn validate_level(&self, field: &'static str, value: f64) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(Error::NotANumber {
                text: value.to_string(),
            });
        }
        match self.value_type {
            ValueType::Percent if !(0.0..=100.0).contains(&value) => {
                Err(Error::PercentOutOfRange { field })
            }
            ValueType::Count | ValueType::Amount if value < 0.0 => Err(Error::Negative { field }),
            _ => Ok(()),
        }
    }

    /// The last target, which the coalition aims to reach by the end of its plan.
    pub fn end_target(&self) -> Option<&Target> {
        self.targets.iter().max_by_key(|t| t.period)
    }

    /// The target set for exactly `period`, if any.
    pub fn target_for(&self, period: Period) -> Option<&Target> {
        self.targets.iter().find(|t| t.period == period)
    }

    /// Returns whether `partner` is expected to report this measure.
    pub fn is_reported_by(&self, partner: &Code) -> bool {
        self.reporters.contains(partner)
    }

    /// Formats `value` (in display units) with the measure's decimals and unit.
    pub fn format_value(&self, value: f64) -> String {
        let number = format_number(value, self.decimals);
        match self.value_type {
            ValueType::Percent => format!("{number}%"),
            _ => number,
        }
    }
}

/// Formats a number with `decimals` decimals and thousands separators, as printed everywhere.
pub fn format_number(value: f64, decimals: u8) -> String {
    let text = format!("{:.*}", usize::from(decimals), value);
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if grouped.chars().all(|c| c == '0' || c == ',')
        && fraction.is_none_or(|f| f.chars().all(|c| c == '0'))
    {
        ""
    } else {
        sign
    };
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn measure(value_type: ValueType, rollup: Rollup) -> Measure {
        Measure {
            code: Code::parse("M1").unwrap(),
            title: "A measure".into(),
            definition: String::new(),
            unit: String::new(),
            value_type,
            polarity: Polarity::HigherIsBetter,
            accumulation: Accumulation::PerPeriod,
            rollup,
            frequency: Frequency::Quarterly,
            strategies: vec![],
            steward: None,
            reporters: vec![],
            key: false,
            decimals: 0,
            baseline: None,
            targets: vec![],
        }
    }

    fn p(code: &str) -> Period {
        Period::parse(code).unwrap()
    }

    #[test]
    fn a_measure_needs_a_title() {
        let m = Measure {
            title: "".into(),
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert!(matches!(m.validate(), Err(Error::Required { .. })));
    }

    #[test]
    fn a_percent_cannot_be_summed_or_averaged() {
        for rollup in [Rollup::Sum, Rollup::Mean] {
            let err = measure(ValueType::Percent, rollup).validate().unwrap_err();
            assert!(err.to_string().contains("ratio of sums"), "{err}");
        }
        assert!(measure(ValueType::Percent, Rollup::RatioOfSums)
            .validate()
            .is_ok());
        assert!(measure(ValueType::Percent, Rollup::None).validate().is_ok());
    }

    #[test]
    fn a_ratio_of_sums_needs_a_percent() {
        assert!(matches!(
            measure(ValueType::Count, Rollup::RatioOfSums).validate(),
            Err(Error::IncompatibleRules(_))
        ));
    }

    #[test]
    fn a_percent_or_average_cannot_be_a_running_total() {
        for vt in [ValueType::Percent, ValueType::Average] {
            let m = Measure {
                accumulation: Accumulation::RunningTotal,
                ..measure(vt, Rollup::None)
            };
            assert!(matches!(m.validate(), Err(Error::IncompatibleRules(_))));
        }
    }

    #[test]
    fn a_target_before_the_baseline_is_refused() {
        let m = Measure {
            baseline: Some(Baseline {
                period: p("FY2026-Q1"),
                value: 10.0,
            }),
            targets: vec![Target {
                period: p("FY2025-Q4"),
                value: 20.0,
            }],
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert_eq!(
            m.validate().unwrap_err().to_string(),
            "The target for FY2025-Q4 is not after the baseline period FY2026-Q1: choose a later target period."
        );
    }

    #[test]
    fn a_target_at_the_baseline_period_is_refused() {
        let m = Measure {
            baseline: Some(Baseline {
                period: p("FY2026-Q1"),
                value: 10.0,
            }),
            targets: vec![Target {
                period: p("FY2026-Q1"),
                value: 20.0,
            }],
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert!(matches!(
            m.validate(),
            Err(Error::TargetBeforeBaseline { .. })
        ));
    }

    #[test]
    fn two_targets_for_one_period_are_refused() {
        let t = Target {
            period: p("FY2027-Q1"),
            value: 20.0,
        };
        let m = Measure {
            targets: vec![t, t],
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert!(matches!(m.validate(), Err(Error::DuplicateTarget(_))));
    }

    #[test]
    fn a_baseline_of_another_frequency_is_refused() {
        let m = Measure {
            baseline: Some(Baseline {
                period: p("2026-01"),
                value: 1.0,
            }),
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert!(matches!(
            m.validate(),
            Err(Error::PeriodFrequencyMismatch { .. })
        ));
    }

    #[test]
    fn percent_targets_are_between_0_and_100_and_counts_not_negative() {
        let pct = Measure {
            targets: vec![Target {
                period: p("FY2027-Q1"),
                value: 120.0,
            }],
            ..measure(ValueType::Percent, Rollup::RatioOfSums)
        };
        assert!(matches!(
            pct.validate(),
            Err(Error::PercentOutOfRange { .. })
        ));
        let count = Measure {
            baseline: Some(Baseline {
                period: p("FY2026-Q1"),
                value: -1.0,
            }),
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert!(matches!(count.validate(), Err(Error::Negative { .. })));
    }

    #[test]
    fn decimals_above_4_are_refused() {
        let m = Measure {
            decimals: 5,
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert_eq!(m.validate(), Err(Error::DecimalsOutOfRange(5)));
    }

    #[test]
    fn the_end_target_is_the_latest_one() {
        let m = Measure {
            targets: vec![
                Target {
                    period: p("FY2028-Q4"),
                    value: 60.0,
                },
                Target {
                    period: p("FY2027-Q4"),
                    value: 50.0,
                },
            ],
            ..measure(ValueType::Count, Rollup::Sum)
        };
        assert_eq!(m.end_target().unwrap().value, 60.0);
    }

    #[test]
    fn numbers_print_with_thousands_separators_and_fixed_decimals() {
        assert_eq!(format_number(1234567.0, 0), "1,234,567");
        assert_eq!(format_number(41.26, 1), "41.3");
        assert_eq!(format_number(-1234.5, 2), "-1,234.50");
        assert_eq!(format_number(-0.01, 1), "0.0");
        assert_eq!(format_number(999.0, 0), "999");
    }
}

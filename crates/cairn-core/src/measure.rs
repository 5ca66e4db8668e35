//! Shared measures: what every partner reports the same way, and how it adds up.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, optional_text, required_text};
use crate::{Code, Date, Error, Frequency, Group, Period, Value};

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
    /// A rate per N people (incidents per 1,000 teens), kept as a count and a population so
    /// that partners add up correctly. N is the measure's [`Measure::rate_per`].
    Rate,
}

impl ValueType {
    pub const ALL: [ValueType; 5] = [
        ValueType::Count,
        ValueType::Percent,
        ValueType::Rate,
        ValueType::Amount,
        ValueType::Average,
    ];

    /// Whether values of this type are entered as a numerator and a denominator.
    pub fn is_ratio(self) -> bool {
        matches!(self, ValueType::Percent | ValueType::Rate)
    }

    pub fn label(self) -> &'static str {
        match self {
            ValueType::Count => "Count",
            ValueType::Percent => "Percent",
            ValueType::Amount => "Amount",
            ValueType::Average => "Average",
            ValueType::Rate => "Rate per N",
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
            ValueType::Rate => {
                "Partners enter count/population (3/1200); Cairn shows the rate per N (2.5 per 1,000)."
            }
        }
    }
}

/// Which direction is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Good when the value stays within the measure's [`Measure::range`].
    WithinRange,
}

impl Polarity {
    pub const ALL: [Polarity; 3] = [
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::WithinRange,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::LowerIsBetter => "Lower is better",
            Polarity::WithinRange => "Within a range",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Progress means the number goes up (library cards held).",
            Polarity::LowerIsBetter => {
                "Progress means the number goes down (chronic absenteeism); meeting the target is good news."
            }
            Polarity::WithinRange => {
                "Good when the number stays between a low and a high value (a ratio between 0.9 and 1.1); the range is the target."
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
    /// Each partner's mean counts by its weight (how many people it covers), entered with it.
    WeightedMean,
    /// Population data: one steward reports the value for the whole community.
    None,
}

impl Rollup {
    pub const ALL: [Rollup; 5] = [
        Rollup::Sum,
        Rollup::RatioOfSums,
        Rollup::Mean,
        Rollup::WeightedMean,
        Rollup::None,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Rollup::Sum => "Sum",
            Rollup::RatioOfSums => "Ratio of sums",
            Rollup::Mean => "Mean",
            Rollup::WeightedMean => "Weighted mean",
            Rollup::None => "None (one value for the community)",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Rollup::Sum => "The coalition's value is the partners' values added up.",
            Rollup::RatioOfSums => {
                "All numerators over all denominators: never an average of percents."
            }
            Rollup::Mean => "The average of the partners' values, each counting the same.",
            Rollup::WeightedMean => {
                "Partners enter mean@weight (14.2@30: 30 holds waited 14.2 days on average); larger partners count more."
            }
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

/// The band a within-range measure should stay in, in display units, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Range {
    /// How far `value` lies outside the band: 0 inside it, otherwise the distance to the
    /// nearer end.
    pub fn distance(self, value: f64) -> f64 {
        if value < self.low {
            self.low - value
        } else if value > self.high {
            value - self.high
        } else {
            0.0
        }
    }
}

/// The words for an earlier end target, wherever one is shown (chart legends, the measure
/// editor): its value and period, and until when it was in force and why it changed, such as
/// "Earlier target: 500 by FY2027-Q4 (until 2026-12-02: the county funded two more sites)".
///
/// "Until" rather than "as set in": Cairn knows the day a target was replaced, but not the day
/// a target entered before versions were kept was set.
pub fn earlier_target_text(version: &Measure, target: &Target) -> String {
    let until = version.replaced.map_or(String::new(), |d| d.to_string());
    format!(
        "Earlier target: {} by {} (until {until}: {})",
        version.format_value(target.value),
        target.period,
        version.change_reason
    )
}

/// When the targets in force were set and why, for every place a target is printed beside
/// figures (the report's indicator table): "in force since 2026-12-02: the county funded two
/// more sites". `None` for targets never changed.
pub fn targets_in_force_note(measure: &Measure) -> Option<String> {
    let last = measure
        .earlier
        .iter()
        .rev()
        .find(|v| !v.same_aims(measure))?;
    let since = last.replaced.map_or(String::new(), |d| d.to_string());
    Some(format!("in force since {since}: {}", last.change_reason))
}

fn default_rate_per() -> u32 {
    1000
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
    /// For rates: per how many people the rate is given (1,000 in "per 1,000 teens").
    #[serde(default = "default_rate_per")]
    pub rate_per: u32,
    /// For within-range measures: the band to stay in.
    #[serde(default)]
    pub range: Option<Range>,
    /// The measure's earlier versions, oldest first: the measure as it stood before each
    /// change of its baseline, targets, unit or definition, with [`Measure::replaced`] and
    /// [`Measure::change_reason`] set. The list only ever grows
    /// ([`crate::Document::put_measure`] refuses to shorten or rewrite it), so a target or a
    /// meaning never changes without a trace.
    ///
    /// Whole measures rather than a type of their own: every member downloads the code that
    /// reads a measure before the first screen, and this reuses the measure's own reader where
    /// a second type's cost 0.2 KiB more of it (measured with `node scripts/size.mjs`).
    /// Always serialized, even empty, because sync sets it as a field of the measure.
    #[serde(default)]
    pub earlier: Vec<Measure>,
    /// For an earlier version: the day it was replaced. `None` for the measure in force.
    #[serde(default)]
    pub replaced: Option<Date>,
    /// For an earlier version: why it was replaced, in the words of whoever replaced it.
    #[serde(default)]
    pub change_reason: String,
    /// The day the measure was closed because what it measures changed (its value type or
    /// frequency, under recorded values): its values stay as they were, labelled, and new
    /// values go to [`Measure::continued_as`]. `None` while it is open. Plain fields rather
    /// than a type of their own, for the reason [`Measure::earlier`] gives; always serialized,
    /// because sync sets them as fields.
    #[serde(default)]
    pub closed: Option<Date>,
    /// The measure that continues a closed one.
    #[serde(default)]
    pub continued_as: Option<Code>,
    /// Why it was closed, in the words of whoever closed it.
    #[serde(default)]
    pub closing_reason: String,
    /// The breakdowns of the coalition ([`crate::breakdown`]) its values are entered by: none,
    /// one, or two crossed. Absent before breakdowns, hence the default.
    #[serde(default)]
    pub breakdowns: Vec<Code>,
    /// Optional targets of single categories of its breakdowns (the South's absenteeism down to
    /// 20% by FY2028-Q4), at most one per category, beside the total's [`Measure::targets`]. Always serialized, because
    /// sync sets it as a field.
    #[serde(default)]
    pub group_targets: Vec<GroupTarget>,
}

/// A value one group aims to reach by a period: the group is one category of one of the
/// measure's breakdowns. Judged as `docs/numbers.md` §17 says ("Targets by group").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupTarget {
    pub group: Group,
    pub period: Period,
    pub value: f64,
}

impl Measure {
    /// Returns `Ok` if and only if the measure is consistent in itself: texts fit, its rules
    /// make sense together, and its baseline and targets are of its frequency, with valid
    /// values, each target after the baseline and no two targets for one period. References to
    /// partners and strategies are checked by the document.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("The measure's title", &self.title, 160)?;
        match (self.closed, &self.continued_as) {
            (None, None) => {}
            (Some(_), Some(next)) if next != &self.code => {
                required_text("Why the measure was closed", &self.closing_reason, 500)?;
            }
            _ => return Err(Error::ClosedWithoutSuccessor(self.code.to_string())),
        }
        optional_text("The definition", &self.definition, 2000)?;
        optional_text("The unit", &self.unit, 40)?;
        at_most("A measure's strategies", &self.strategies, 100)?;
        at_most("A measure's reporting partners", &self.reporters, 1000)?;
        at_most("A measure's targets", &self.targets, 200)?;
        if self.breakdowns.len() > crate::Group::MAX_BREAKDOWNS
            || (self.breakdowns.len() == 2 && self.breakdowns[0] == self.breakdowns[1])
        {
            return Err(Error::TooManyBreakdowns);
        }
        if self.decimals > 4 {
            return Err(Error::DecimalsOutOfRange(self.decimals));
        }
        self.validate_rules()?;
        self.validate_range()?;
        if self.value_type == ValueType::Rate && !(1..=1_000_000).contains(&self.rate_per) {
            return Err(Error::RatePerOutOfRange(self.rate_per));
        }
        at_most("A measure's earlier versions", &self.earlier, 200)?;
        for version in &self.earlier {
            // One level deep: an earlier version keeps no versions of its own.
            if !version.earlier.is_empty() || version.code != self.code {
                return Err(Error::EarlierTargetsRewritten(self.code.to_string()));
            }
            required_text("The reason for the change", &version.change_reason, 500)?;
            version.validate()?;
        }
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
        at_most("A measure's targets by group", &self.group_targets, 400)?;
        for (i, target) in self.group_targets.iter().enumerate() {
            if target.group.choices().len() != 1 {
                return Err(Error::InvalidGroup {
                    group: target.group.to_string(),
                    reason: "a target by group is set for one category of one breakdown",
                });
            }
            target.period.expect_frequency(self.frequency)?;
            self.validate_level("A target", target.value)?;
            if self.group_targets[..i]
                .iter()
                .any(|t| t.group == target.group)
            {
                return Err(Error::DuplicateTarget(format!(
                    "{} (one target per group)",
                    target.group
                )));
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
            (Rate, _, Sum | Mean | WeightedMean) => {
                "A rate rolls up as a ratio of sums (or not at all): adding or averaging rates gives wrong totals."
            }
            (Rate, RunningTotal, _) => {
                "A rate cannot be a running total: choose snapshot or per period."
            }
            (Count | Amount | Average, _, RatioOfSums) => {
                "A ratio of sums needs a numerator and a denominator: make the measure a percent or a rate."
            }
            (Percent | Count | Amount, _, WeightedMean) => {
                "A weighted mean is for averages: make the measure an average, or choose another roll-up."
            }
            _ => return Ok(()),
        };
        Err(Error::IncompatibleRules(problem))
    }

    /// A within-range measure needs a range, low below high, and takes no targets (the range
    /// is its target); other measures take no range.
    fn validate_range(&self) -> Result<(), Error> {
        match (self.polarity, self.range) {
            (Polarity::WithinRange, None) => Err(Error::RangeRequired),
            (Polarity::WithinRange, Some(range)) => {
                self.validate_level("The low end of the range", range.low)?;
                self.validate_level("The high end of the range", range.high)?;
                if range.low >= range.high {
                    return Err(Error::RangeEmpty {
                        low: range.low,
                        high: range.high,
                    });
                }
                if !self.targets.is_empty() {
                    return Err(Error::RangeWithTargets);
                }
                Ok(())
            }
            (_, Some(_)) => Err(Error::RangeWithoutPolarity),
            (_, None) => Ok(()),
        }
    }

    /// Checks a baseline or target value, given in the measure's display units (percent for
    /// percents).
    fn validate_level(&self, field: &'static str, value: f64) -> Result<(), Error> {
        crate::observation::bounded(field, value)?;
        match self.value_type {
            ValueType::Percent if !(0.0..=100.0).contains(&value) => {
                Err(Error::PercentOutOfRange { field })
            }
            ValueType::Count | ValueType::Amount | ValueType::Rate if value < 0.0 => {
                Err(Error::Negative { field })
            }
            _ => Ok(()),
        }
    }

    /// Whether `other` has this measure's baseline and targets.
    pub fn same_aims(&self, other: &Measure) -> bool {
        self.baseline == other.baseline && self.targets == other.targets
    }

    /// This measure as a new one under `code`, as a measure that continues it starts: the same
    /// definition and rules, open, with no earlier versions.
    pub fn as_new(&self, code: Code) -> Measure {
        Measure {
            code,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            ..self.clone()
        }
    }

    /// Whether the measure still takes values (it has not been closed and continued).
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// Whether `other` means what this measure means: the same unit and definition.
    pub fn same_meaning(&self, other: &Measure) -> bool {
        self.unit == other.unit && self.definition == other.definition
    }

    /// Whether this measure (the same measure, edited) changes `before`'s baseline, targets,
    /// unit or definition in a way that asks for a reason: setting them where there were none
    /// does not.
    pub fn needs_change_reason(&self, before: &Measure) -> bool {
        let aims_set = before.baseline.is_some() || !before.targets.is_empty();
        let meaning_set = !before.unit.is_empty() || !before.definition.is_empty();
        (aims_set && !self.same_aims(before)) || (meaning_set && !self.same_meaning(before))
    }

    /// Keeps `before` as an earlier version when this measure (the same measure, edited)
    /// changes what [`Measure::needs_change_reason`] names, with `reason` and the day `on`.
    /// Returns an error, and changes nothing, if they change without a reason.
    pub fn keep_earlier_version(
        &mut self,
        before: &Measure,
        reason: &str,
        on: Date,
    ) -> Result<(), Error> {
        let needed = self.needs_change_reason(before);
        let reason = reason.trim();
        if needed && reason.is_empty() {
            return Err(Error::TargetReasonRequired);
        }
        self.earlier = before.earlier.clone();
        // Nor does the form reopen a closed measure: closing is `Document::continue_measure`'s.
        self.closed = before.closed;
        self.continued_as = before.continued_as.clone();
        self.closing_reason = before.closing_reason.clone();
        if !needed {
            return Ok(());
        }
        self.earlier.push(Measure {
            earlier: Vec::new(),
            replaced: Some(on),
            change_reason: reason.to_string(),
            ..before.clone()
        });
        Ok(())
    }

    /// The earlier end target to show beside the current one: that of the latest earlier
    /// version whose end target differs from today's, with the version.
    pub fn earlier_end_target(&self) -> Option<(&Measure, &Target)> {
        let now = self.end_target().copied();
        self.earlier
            .iter()
            .rev()
            .find_map(|v| v.end_target().filter(|t| Some(**t) != now).map(|t| (v, t)))
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

    /// What a ratio's numerator over denominator is multiplied by to give the value shown:
    /// 100 for percents, N for rates per N, 1 otherwise.
    pub fn scale(&self) -> f64 {
        match self.value_type {
            ValueType::Percent => 100.0,
            ValueType::Rate => f64::from(self.rate_per),
            _ => 1.0,
        }
    }

    /// The value in display units: the percent or the rate per N for ratios, the mean for a
    /// weighted value, the number itself otherwise.
    pub fn display(&self, value: Value) -> f64 {
        match value {
            Value::Number(n) => n,
            Value::Ratio {
                numerator,
                denominator,
            } => self.scale() * numerator / denominator,
            Value::Weighted { mean, .. } => mean,
        }
    }

    /// Formats `value` (in display units) with the measure's decimals and unit.
    pub fn format_value(&self, value: f64) -> String {
        let number = format_number(value, self.decimals);
        match self.value_type {
            ValueType::Percent => format!("{number}%"),
            ValueType::Rate => format!("{number} per {}", format_number(self.scale(), 0)),
            _ => number,
        }
    }

    /// The word for a change in display units: "points" for percents, "per N" for rates.
    pub fn change_unit(&self) -> String {
        match self.value_type {
            ValueType::Percent => " points".to_string(),
            ValueType::Rate => format!(" per {}", format_number(self.scale(), 0)),
            _ => String::new(),
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
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: None,
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

    fn targeted(value: f64) -> Measure {
        Measure {
            targets: vec![Target {
                period: p("FY2027-Q4"),
                value,
            }],
            ..measure(ValueType::Count, Rollup::Sum)
        }
    }

    #[test]
    fn changing_a_target_keeps_the_old_one_with_the_reason_and_the_day() {
        let before = targeted(500.0);
        let mut after = targeted(650.0);
        let day = Date::parse("2026-12-02").unwrap();
        after
            .keep_earlier_version(&before, "  The county funded two more sites. ", day)
            .unwrap();
        assert_eq!(after.earlier.len(), 1);
        let kept = &after.earlier[0];
        assert_eq!(kept.targets, before.targets);
        assert_eq!(kept.change_reason, "The county funded two more sites.");
        assert_eq!(kept.replaced, Some(day));
        let (version, end) = after.earlier_end_target().unwrap();
        assert_eq!(
            (version.change_reason.as_str(), end.value),
            (kept.change_reason.as_str(), 500.0)
        );
        assert_eq!(after.validate(), Ok(()));
    }

    #[test]
    fn changing_a_target_without_a_reason_is_refused_and_setting_the_first_needs_none() {
        let day = Date::parse("2026-12-02").unwrap();
        let mut after = targeted(650.0);
        assert_eq!(
            after.keep_earlier_version(&targeted(500.0), " ", day),
            Err(Error::TargetReasonRequired)
        );
        let mut first = targeted(650.0);
        first
            .keep_earlier_version(&measure(ValueType::Count, Rollup::Sum), "", day)
            .unwrap();
        assert!(first.earlier.is_empty());
        let mut same = targeted(500.0);
        same.keep_earlier_version(&targeted(500.0), "", day)
            .unwrap();
        assert!(same.earlier.is_empty());
    }

    #[test]
    fn changing_what_a_measure_means_keeps_the_old_definition_with_the_reason() {
        let day = Date::parse("2026-12-02").unwrap();
        let before = Measure {
            unit: "teens".into(),
            ..measure(ValueType::Count, Rollup::Sum)
        };
        let mut after = Measure {
            unit: "teens aged 13-18".into(),
            ..before.clone()
        };
        assert!(after.needs_change_reason(&before));
        after
            .keep_earlier_version(&before, "The age band is now written out", day)
            .unwrap();
        assert_eq!(after.earlier[0].unit, "teens");
        assert_eq!(after.validate(), Ok(()));
        let mut retitled = Measure {
            title: "Another title".into(),
            ..before.clone()
        };
        assert!(!retitled.needs_change_reason(&before));
        retitled.keep_earlier_version(&before, "", day).unwrap();
        assert!(retitled.earlier.is_empty());
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

//! The one error enum of the core layer. Every message says what is wrong and how to fix it, in
//! words a coalition member can act on.

use thiserror::Error;

/// A reason why a value, a record or a whole document was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    #[error("{field} is required.")]
    Required { field: &'static str },
    #[error("{field} is too long: keep it to {max} characters.")]
    TooLong { field: &'static str, max: usize },
    #[error("{what}: at most {max} fit in one record, and this change would make more.")]
    TooMany { what: &'static str, max: usize },
    #[error("“{code}” is not a usable code: {reason}")]
    InvalidCode { code: String, reason: &'static str },
    #[error("The code “{code}” is already used by another {kind}: choose another code.")]
    DuplicateCode { kind: &'static str, code: String },
    #[error("There is no partner with the code “{0}”.")]
    UnknownPartner(String),
    #[error("There is no measure with the code “{0}”.")]
    UnknownMeasure(String),
    #[error("There is no strategy with the code “{0}”.")]
    UnknownStrategy(String),
    #[error("“{text}” is not a period: write a month as 2026-03, a quarter as FY2026-Q1 or a fiscal year as FY2026.")]
    InvalidPeriod { text: String },
    #[error(
        "“{period}” does not name one {expected} period: this measure is reported {expected}."
    )]
    PeriodFrequencyMismatch {
        period: String,
        expected: &'static str,
    },
    #[error("“{text}” is a calendar quarter, which does not line up with the coalition's fiscal quarters: write the fiscal quarter, such as FY2026-Q1.")]
    QuarterNotFiscal { text: String },
    #[error("The fiscal year must start in a month from 1 (January) to 12 (December), not {0}.")]
    InvalidFiscalYearStart(u8),
    #[error("{field} must be on the scale from 1 to 5, not {value}.")]
    ScaleOutOfRange { field: &'static str, value: u8 },
    #[error("“{text}” is not a number.")]
    NotANumber { text: String },
    #[error("A count is a whole number: “{text}” is not.")]
    NotWholeNumber { text: String },
    #[error("{field} cannot be negative.")]
    Negative { field: &'static str },
    #[error("Enter this percent as numerator/denominator, for example 412/1000, so that partners' figures add up correctly.")]
    PercentNeedsRatio,
    #[error(
        "Only percent and rate measures take a numerator and denominator: enter a single number."
    )]
    RatioNotAllowed,
    #[error("The denominator is 0: a percent or a rate needs at least one in the group counted.")]
    ZeroDenominator,
    #[error("Enter this rate as count/population, for example 3/1200, so that partners' figures add up correctly.")]
    RateNeedsRatio,
    #[error("This measure rolls up as a weighted mean: enter the mean and its weight as mean@weight, for example 14.2@30.")]
    WeightNeeded,
    #[error("Only measures rolled up as a weighted mean take a weight: enter a single number.")]
    WeightNotAllowed,
    #[error("The weight must be more than 0: it is how many people or cases the mean covers.")]
    WeightNotPositive,
    #[error("{field} is too large: Cairn takes numbers up to 1,000,000,000,000 (a trillion).")]
    TooLarge { field: &'static str },
    #[error(
        "{field} is too small: Cairn takes at least 0.000001 there, so the result stays a number."
    )]
    TooSmall { field: &'static str },
    #[error("A rate is given per 1 to 1,000,000 people, not per {0}.")]
    RatePerOutOfRange(u32),
    #[error("A within-range measure needs its range: enter the low and the high end.")]
    RangeRequired,
    #[error("The low end of the range ({low}) must be below the high end ({high}).")]
    RangeEmpty { low: f64, high: f64 },
    #[error("A within-range measure's range is its target: remove the other targets.")]
    RangeWithTargets,
    #[error(
        "Only a within-range measure takes a range: choose that direction, or remove the range."
    )]
    RangeWithoutPolarity,
    #[error("The numerator ({numerator}) is larger than the denominator ({denominator}): a percent cannot pass 100%.")]
    NumeratorAboveDenominator { numerator: f64, denominator: f64 },
    #[error("{field} is a percent and must be between 0 and 100.")]
    PercentOutOfRange { field: &'static str },
    #[error("The target for {target} is not after the baseline period {baseline}: choose a later target period.")]
    TargetBeforeBaseline { target: String, baseline: String },
    #[error("There are two targets for {0}: keep one.")]
    DuplicateTarget(String),
    #[error("Say why the targets or the meaning of this measure change: the earlier version is kept with your reason.")]
    TargetReasonRequired,
    #[error(
        "The earlier versions of {0} cannot be removed or rewritten. If someone changed its targets meanwhile, open the measure again and make your change on top of theirs."
    )]
    EarlierTargetsRewritten(String),
    #[error("{0}")]
    IncompatibleRules(&'static str),
    #[error("Decimals must be between 0 and 4, not {0}.")]
    DecimalsOutOfRange(u8),
    #[error("The tolerance band must be between 1% and 50% of the path, not {0}%.")]
    ToleranceOutOfRange(u8),
    #[error("{partner} does not report {measure}: add the partner to the measure's reporting partners first.")]
    NotAReporter { partner: String, measure: String },
    #[error("{what} is still used by {user}: remove that link first.")]
    StillInUse { what: String, user: String },
    #[error("The import has {count} problem(s), the first on line {line}: fix them and try again. Nothing was changed.")]
    ImportHasErrors { count: usize, line: usize },
    #[error("“{text}” is not a date: write it as 2026-03-15.")]
    InvalidDate { text: String },
    #[error("The activity ends on {end}, before it starts on {start}: check the dates.")]
    EndBeforeStart { start: String, end: String },
    #[error("{0} leads the activity, so it cannot also be listed as supporting it.")]
    LeadAlsoSupporting(String),
    #[error("A change to the partnership with {0} is dated before the last recorded change: changes are recorded in date order.")]
    HistoryOutOfOrder(String),
    #[error("A change of {0}'s level or characteristics needs a date and a note, so the partnership's history stays complete.")]
    ChangeNeedsDate(String),
    #[error("There is no activity with the code “{0}”.")]
    UnknownActivity(String),
    #[error("There are two observations for {0}: a cell holds one value.")]
    DuplicateCell(String),
    #[error("“{path}” does not name anything Cairn stores: {reason}.")]
    InvalidPath { path: String, reason: &'static str },
    #[error("The value sent for “{0}” is filed under another code, period or partner than it names: send it under its own path.")]
    PathMismatch(String),
    #[error("“{0}” is not a field Cairn knows: check the field name.")]
    UnknownField(String),
    #[error("The value sent for “{path}” does not have the right shape ({reason}).")]
    MalformedValue { path: String, reason: String },
    #[error("The client id must be 1 to 64 letters, digits and -.")]
    InvalidClient,
    #[error("A push carries at most {max} changes, this one has {count}: send the rest in another push.")]
    TooManyMutations { count: usize, max: usize },
    #[error("The changes in a push must have increasing ids, starting at 1.")]
    MutationOrder,
    /// The member's role does not allow the change; the text says what the role allows.
    #[error("{0}")]
    NotAllowed(String),
    #[error("A report covers 1 to 20 fiscal years from FY1901 to FY2998, the first not after the last (FY{from} to FY{to} was asked for).")]
    ReportYears { from: i32, to: i32 },
    #[error("A quarterly report runs through quarter 1, 2, 3 or 4 of its last year.")]
    ReportQuarter,
    #[error("A page limit is 1 to 99 pages; leave it empty for no limit.")]
    PageLimit,
    #[error(
        "A report named “{0}” is already saved: choose another name, or open that one and save it."
    )]
    DuplicateReportName(String),
    /// A value in a locked period was to change; the text names the period and why.
    #[error("{0}. Ask a backbone administrator to unlock it if a value must change.")]
    PeriodLocked(String),
    #[error("A lock rule waits 1 to 120 months after a period ends; leave it empty for no rule.")]
    LockRule,
    /// A value of a submitted or approved round was to change; the text says which and why.
    #[error("{0}.")]
    UnderReview(String),
    /// A review step that may not follow where the round stands, or a review rewritten.
    #[error("{0}")]
    ReviewMove(String),
    #[error("A review keeps 1 to 500 steps.")]
    ReviewSteps,
    #[error(
        "Say what to fix when returning values: the partner reads it before submitting again."
    )]
    ReturnNeedsComment,
    #[error(
        "The measure {0} is closed only when it is continued by another measure, with a reason."
    )]
    ClosedWithoutSuccessor(String),
    /// Values of a closed measure stay as they were.
    #[error("“{title}” was closed on {on} and continues as “{next}”: enter this value there. Its own values stay as they were.")]
    MeasureClosed {
        title: String,
        on: String,
        next: String,
    },
    /// A measure's frequency or value type changed under recorded values.
    #[error("{values} values were recorded as this measure is now, so its frequency and value type cannot change under them. Put them back, or close this measure and continue it as a new one: its values stay with it, labelled, and new values go to the new one.")]
    MeaningChangedUnderValues { values: usize },
    /// The fiscal year's first month changed under values recorded by fiscal quarter or year.
    #[error("{values} values, baselines and targets are recorded by fiscal quarter or year, which would then name other months: the fiscal year's first month cannot change under them. Keep it, or start a new coalition for the new calendar and keep this one's data as it is.")]
    FiscalYearUnderValues { values: usize },
    #[error(
        "The history keeps every change for good: the entry {0} cannot be changed or deleted."
    )]
    HistoryRewritten(String),
    #[error("This history entry is not well formed: {0}.")]
    InvalidHistory(String),
    #[error("The breakdown “{breakdown}” needs at least two categories.")]
    TooFewCategories { breakdown: String },
    #[error("“{group}” is not a group a value can count: {reason}.")]
    InvalidGroup { group: String, reason: &'static str },
    #[error("The measure “{measure}” is not broken down by {breakdown}: {hint}")]
    NotBrokenDownBy {
        measure: String,
        breakdown: String,
        hint: &'static str,
    },
    #[error("“{category}” is not a category of {breakdown}: use one of {known}.")]
    UnknownCategory {
        breakdown: String,
        category: String,
        known: String,
    },
    #[error("A measure is broken down by at most two breakdowns, each once.")]
    TooManyBreakdowns,
    #[error("{values} recorded values count groups of {breakdown}: choose where they go (into the totals, or onto the breakdown that takes its place) before the measure stops using it.")]
    BreakdownUnderValues { breakdown: String, values: usize },
    #[error("The {values} values by {breakdown} cannot be moved: {example} Enter what is missing or clear those values, or choose another way. Nothing was changed.")]
    CannotRegroup {
        breakdown: String,
        values: usize,
        example: String,
    },
    #[error("Hide counts from 1 to at most 100 ({0} was asked), or 0 to hide none.")]
    SmallCellsOutOfRange(u32),
    #[error("{period} cannot go to DHIS2: {why}.")]
    NoDhis2Period { period: String, why: &'static str },
    #[error("This is not a DHIS2 data value set ({0}): export one from DHIS2 as JSON or CSV.")]
    NotADataValueSet(String),
    #[error("The data value set names a {what} Cairn does not know, “{text}”: check the codes match this coalition's, and nothing was imported.")]
    UnknownInDataValueSet { what: &'static str, text: String },
    #[error("This publication would let a reader work out {cells} hidden figure(s) from the figures it shows, so it is not published. This is a fault in Cairn's hiding: please report it.")]
    RecoverableCell { cells: usize },
    #[error(
        "The breakdown {0} is not defined on the coalition: add it on the coalition screen first."
    )]
    UnknownBreakdown(String),
}

impl Error {
    /// A stable, machine-readable name for the kind of error, for API clients to act on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Required { .. } => "required",
            Error::TooLong { .. } => "too_long",
            Error::TooMany { .. } => "too_many",
            Error::InvalidCode { .. } => "invalid_code",
            Error::DuplicateCode { .. } => "duplicate_code",
            Error::UnknownPartner(_) => "unknown_partner",
            Error::UnknownMeasure(_) => "unknown_measure",
            Error::UnknownStrategy(_) => "unknown_strategy",
            Error::InvalidPeriod { .. } => "invalid_period",
            Error::PeriodFrequencyMismatch { .. } => "period_frequency_mismatch",
            Error::QuarterNotFiscal { .. } => "quarter_not_fiscal",
            Error::InvalidFiscalYearStart(_) => "invalid_fiscal_year_start",
            Error::ScaleOutOfRange { .. } => "scale_out_of_range",
            Error::NotANumber { .. } => "not_a_number",
            Error::NotWholeNumber { .. } => "not_whole_number",
            Error::Negative { .. } => "negative",
            Error::PercentNeedsRatio => "percent_needs_ratio",
            Error::RatioNotAllowed => "ratio_not_allowed",
            Error::ZeroDenominator => "zero_denominator",
            Error::RateNeedsRatio => "rate_needs_ratio",
            Error::WeightNeeded => "weight_needed",
            Error::WeightNotAllowed => "weight_not_allowed",
            Error::WeightNotPositive => "weight_not_positive",
            Error::RatePerOutOfRange(_) => "rate_per_out_of_range",
            Error::TooLarge { .. } => "too_large",
            Error::TooSmall { .. } => "too_small",
            Error::RangeRequired => "range_required",
            Error::RangeEmpty { .. } => "range_empty",
            Error::RangeWithTargets => "range_with_targets",
            Error::RangeWithoutPolarity => "range_without_polarity",
            Error::NumeratorAboveDenominator { .. } => "numerator_above_denominator",
            Error::PercentOutOfRange { .. } => "percent_out_of_range",
            Error::TargetBeforeBaseline { .. } => "target_before_baseline",
            Error::DuplicateTarget(_) => "duplicate_target",
            Error::TargetReasonRequired => "target_reason_required",
            Error::EarlierTargetsRewritten(_) => "earlier_targets_rewritten",
            Error::IncompatibleRules(_) => "incompatible_rules",
            Error::DecimalsOutOfRange(_) => "decimals_out_of_range",
            Error::ToleranceOutOfRange(_) => "tolerance_out_of_range",
            Error::NotAReporter { .. } => "not_a_reporter",
            Error::StillInUse { .. } => "still_in_use",
            Error::ImportHasErrors { .. } => "import_has_errors",
            Error::InvalidDate { .. } => "invalid_date",
            Error::EndBeforeStart { .. } => "end_before_start",
            Error::LeadAlsoSupporting(_) => "lead_also_supporting",
            Error::HistoryOutOfOrder(_) => "history_out_of_order",
            Error::ChangeNeedsDate(_) => "change_needs_date",
            Error::UnknownActivity(_) => "unknown_activity",
            Error::DuplicateCell(_) => "duplicate_cell",
            Error::InvalidPath { .. } => "invalid_path",
            Error::PathMismatch(_) => "path_mismatch",
            Error::UnknownField(_) => "unknown_field",
            Error::MalformedValue { .. } => "malformed_value",
            Error::InvalidClient => "invalid_client",
            Error::TooManyMutations { .. } => "too_many_mutations",
            Error::MutationOrder => "mutation_order",
            Error::NotAllowed(_) => "not_allowed",
            Error::ReportYears { .. } => "report_years",
            Error::ReportQuarter => "report_quarter",
            Error::PageLimit => "page_limit",
            Error::DuplicateReportName(_) => "duplicate_report_name",
            Error::PeriodLocked(_) => "period_locked",
            Error::LockRule => "lock_rule",
            Error::UnderReview(_) => "under_review",
            Error::ReviewMove(_) => "review_move",
            Error::ReviewSteps => "review_steps",
            Error::ReturnNeedsComment => "return_needs_comment",
            Error::HistoryRewritten(_) => "history_rewritten",
            Error::ClosedWithoutSuccessor(_) => "closed_without_successor",
            Error::MeasureClosed { .. } => "measure_closed",
            Error::MeaningChangedUnderValues { .. } => "meaning_changed_under_values",
            Error::TooFewCategories { .. } => "too_few_categories",
            Error::InvalidGroup { .. } => "invalid_group",
            Error::NotBrokenDownBy { .. } => "not_broken_down_by",
            Error::UnknownCategory { .. } => "unknown_category",
            Error::TooManyBreakdowns => "too_many_breakdowns",
            Error::BreakdownUnderValues { .. } => "breakdown_under_values",
            Error::CannotRegroup { .. } => "cannot_regroup",
            Error::SmallCellsOutOfRange(_) => "small_cells_out_of_range",
            Error::RecoverableCell { .. } => "recoverable_cell",
            Error::NoDhis2Period { .. } => "no_dhis2_period",
            Error::NotADataValueSet(_) => "not_a_data_value_set",
            Error::UnknownInDataValueSet { .. } => "unknown_in_data_value_set",
            Error::UnknownBreakdown(_) => "unknown_breakdown",
            Error::FiscalYearUnderValues { .. } => "fiscal_year_under_values",
            Error::InvalidHistory(_) => "invalid_history",
        }
    }
}

/// A reason why stored text could not be read back as a document.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LoadError {
    #[error("The saved data is not readable JSON ({0}).")]
    Malformed(String),
    #[error("The saved data says it is format {found}, but this version of Cairn reads formats up to {supported}: open it with a newer Cairn.")]
    NewerFormat { found: u64, supported: u32 },
    #[error("The saved data is not a Cairn document ({0}).")]
    WrongShape(String),
    #[error("The saved data breaks a rule: {0}")]
    Invalid(#[from] Error),
}

//! Everything the dashboard says about one measure, computed once from its series.

use crate::measure::format_number;
use crate::series::Series;
use crate::status::{self, Status};
use crate::{Document, Measure, Period};

/// Where one measure stands, as every screen, chart and export shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureSummary {
    /// The period the measure is judged by (see [`Series::judged`]).
    pub period: Option<Period>,
    /// The coalition's value then, rounded as printed.
    pub value: Option<f64>,
    pub status: Status,
    /// Progress from the baseline to the end target (0 to 1 on the way, above 1 past it).
    pub progress: Option<f64>,
    /// How many periods in a row the measure moved the good way.
    pub streak: usize,
    /// The change since the baseline, as printed.
    pub change: Option<f64>,
    pub better_than_baseline: Option<bool>,
    /// How many expected partners reported in that period, of how many.
    pub reporting: usize,
    pub expected: usize,
    /// A later period still waiting for partners: the period, and how many reported so far.
    pub pending: Option<(Period, usize)>,
    /// One sentence written from the numbers, for charts and screen readers.
    pub sentence: String,
}

/// Summarises `measure` from `series` (its coalition values over time).
pub fn summarize(document: &Document, measure: &Measure, series: &Series) -> MeasureSummary {
    let start = document.coalition.fiscal_year_start;
    let latest = series.judged(measure);
    let period = latest.map(|(p, _)| p);
    let value = latest.map(|(_, v)| status::printed(v.value, measure.decimals));
    let target = measure.end_target();
    let status = match (period, value) {
        (Some(p), Some(v)) => status::status(
            measure,
            p,
            Some(v),
            start,
            document.coalition.tolerance_percent,
        ),
        _ => Status::NoData,
    };
    let progress = value.and_then(|v| status::progress(measure, v, target?.value));
    let values: Vec<Option<f64>> = series
        .coalition
        .iter()
        .map(|v| v.as_ref().map(|v| v.value))
        .collect();
    let last_with_value = values
        .iter()
        .rposition(Option::is_some)
        .map_or(0, |i| i + 1);
    let streak = status::streak(measure, &values[..last_with_value]);
    let change = value.and_then(|v| {
        let baseline = status::printed(measure.baseline?.value, measure.decimals);
        Some(status::printed(v - baseline, measure.decimals))
    });
    let better_than_baseline = value.and_then(|v| status::better_than_baseline(measure, v));
    let (reporting, expected) = latest.map_or((0, measure.reporters.len()), |(_, v)| {
        (v.reporting, v.reporting + v.missing)
    });
    let pending = series
        .latest()
        .filter(|(p, _)| Some(*p) != period)
        .map(|(p, v)| (p, v.reporting));
    let sentence = sentence(measure, status, period, value, progress);
    MeasureSummary {
        period,
        value,
        status,
        progress,
        streak,
        change,
        better_than_baseline,
        reporting,
        expected,
        pending,
        sentence,
    }
}

fn sentence(
    measure: &Measure,
    status: Status,
    period: Option<Period>,
    value: Option<f64>,
    progress: Option<f64>,
) -> String {
    let (Some(period), Some(value)) = (period, value) else {
        return "No data has been reported for this measure yet.".to_string();
    };
    let now = format!("{} in {}", measure.format_value(value), period);
    match (measure.baseline, measure.end_target(), progress) {
        (Some(baseline), Some(target), Some(progress)) => format!(
            "{}: {}% of the way from the {} baseline to the {} target for {} ({}).",
            status.label(),
            format_number(progress * 100.0, 0),
            measure.format_value(baseline.value),
            measure.format_value(target.value),
            target.period,
            now
        ),
        _ => format!("{now}; set a baseline and an end target to judge progress."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::series;
    use crate::{sample, Code};

    fn summary(code: &str) -> MeasureSummary {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse(code).unwrap()).unwrap();
        summarize(&doc, m, &series(&doc, m, m.frequency))
    }

    #[test]
    fn the_library_card_rate_is_summarised_in_one_sentence() {
        let s = summary("LIB-CARD");
        assert_eq!(s.value, Some(48.1));
        assert_eq!(s.status, Status::OnTrack);
        assert_eq!(
            s.sentence,
            "On track: 37% of the way from the 41.0% baseline to the 60.0% target for FY2028 (48.1% in FY2026)."
        );
        assert_eq!(s.streak, 2);
        assert_eq!(s.change, Some(7.1));
        assert_eq!((s.reporting, s.expected), (1, 1));
    }

    #[test]
    fn a_summed_measure_is_judged_by_its_latest_complete_period() {
        let s = summary("CO-DELIVERED");
        assert_eq!(s.period, Some(Period::parse("FY2026-Q4").unwrap()));
        assert_eq!((s.reporting, s.expected), (5, 5));
        assert_eq!(s.pending, Some((Period::parse("FY2027-Q1").unwrap(), 3)));
    }

    #[test]
    fn a_percent_is_judged_by_its_latest_period_even_when_partners_are_missing() {
        let s = summary("NEW-SKILL");
        assert_eq!(s.period, Some(Period::parse("FY2027-Q1").unwrap()));
        assert_eq!((s.reporting, s.expected), (3, 4));
        assert_eq!(s.pending, None);
    }

    #[test]
    fn the_sample_key_measures_have_these_statuses() {
        // The browser tests expect the same statuses on the dashboard.
        let statuses: Vec<_> = ["LIB-CARD", "CO-DELIVERED", "NEW-SKILL", "ABSENT"]
            .map(|c| summary(c).status)
            .to_vec();
        assert_eq!(
            statuses,
            vec![
                Status::OnTrack,
                Status::OnTrack,
                Status::AtRisk,
                Status::OnTrack
            ]
        );
    }

    #[test]
    fn a_measure_without_a_baseline_says_what_is_missing() {
        let s = summary("MENTOR-HOURS");
        assert_eq!(s.status, Status::NoData);
        assert!(s
            .sentence
            .ends_with("set a baseline and an end target to judge progress."));
    }
}

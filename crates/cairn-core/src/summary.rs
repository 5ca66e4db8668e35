//! Everything the dashboard says about one measure, computed once from its series: every
//! number and every sentence a card, a measure page, a chart or a report shows of a measure's
//! standing. The rules are in `docs/numbers.md` ("What is judged").

use crate::measure::format_number;
use crate::rollup::standing_partner;
use crate::series::Series;
use crate::status::{self, Comparison, Status};
use crate::{Document, Frequency, Measure, Period, Polarity, Rollup};

/// Why a measure with values is not judged against its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No period is complete enough to judge yet (see `rollup::judgeable`).
    NoCompletePeriod,
    /// The measure has no baseline to judge progress from.
    NoBaseline,
    /// The measure has no end target to judge progress toward.
    NoTarget,
    /// The series adds several of the measure's periods into each of its own (see
    /// [`Series::sums_periods`]); per-period targets do not describe such totals.
    TotalsOverPeriods,
    /// Population data with no partner standing for the coalition (see
    /// `rollup::standing_partner`).
    NoStandingPartner,
}

/// A later period than the judged one, with values but not yet judgeable.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub period: Period,
    /// The coalition's value so far, rounded as printed.
    pub value: f64,
    pub reporting: usize,
    pub partial: usize,
    pub expected: usize,
}

/// Where one measure stands, as every screen, chart and export shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureSummary {
    /// The period the measure is judged by (see [`Series::judged_index`]).
    pub period: Option<Period>,
    /// The coalition's value then, rounded as printed.
    pub value: Option<f64>,
    pub status: Status,
    /// Why the measure is not judged, when its status is waiting or not judged.
    pub reason: Option<Reason>,
    /// Progress from the baseline to the end target (0 to 1 on the way, above 1 past it);
    /// only when the measure is judged.
    pub progress: Option<f64>,
    /// How many periods in a row, up to the judged period, the measure moved the good way.
    pub streak: usize,
    /// The judged period against the judgeable period just before it.
    pub previous: Option<Comparison>,
    /// The change since the baseline, as printed; not for totals over several periods.
    pub change: Option<f64>,
    pub better_than_baseline: Option<bool>,
    /// How many expected partners' values cover the judged period, of how many.
    pub reporting: usize,
    pub expected: usize,
    /// A later period still waiting for partners.
    pub pending: Option<Pending>,
    /// The names of the expected partners the latest period with values still waits for.
    pub waiting: Vec<String>,
    /// One sentence written from the numbers, for charts and screen readers.
    pub sentence: String,
}

/// Summarises `measure` from `series` (its coalition values over time).
pub fn summarize(document: &Document, measure: &Measure, series: &Series) -> MeasureSummary {
    let judged = series.judged_index(measure);
    let period = judged.map(|i| series.periods[i]);
    let judged_value = judged.and_then(|i| series.coalition[i].as_ref());
    let value = judged_value.map(|v| status::printed(v.value, measure.decimals));
    let totals = series.sums_periods(measure);
    let (status, reason) = match (period, value) {
        (Some(p), Some(v)) if !totals => judge(document, measure, p, v),
        (judged, _) => not_judged(series, judged.is_some()),
    };
    let judged_status = matches!(status, Status::OnTrack | Status::AtRisk | Status::OffTrack);
    let target = measure.end_target().map_or(0.0, |t| t.value);
    let progress = value
        .filter(|_| judged_status)
        .and_then(|v| status::progress(measure, v, target));
    let (streak, previous) = trend(measure, series, judged);
    let change = value.filter(|_| !totals).and_then(|v| {
        let baseline = status::printed(measure.baseline?.value, measure.decimals);
        Some(status::printed(v - baseline, measure.decimals))
    });
    let better_than_baseline = value
        .filter(|_| !totals)
        .and_then(|v| status::better_than_baseline(measure, v));
    let expected_partners = match measure.rollup {
        Rollup::None => usize::from(standing_partner(measure).is_some()),
        _ => measure.reporters.len(),
    };
    let (reporting, expected) =
        judged_value.map_or((0, expected_partners), |v| (v.reporting, v.expected()));
    let pending = series
        .latest()
        .filter(|(p, _)| Some(*p) != period)
        .map(|(p, v)| Pending {
            period: p,
            value: status::printed(v.value, measure.decimals),
            reporting: v.reporting,
            partial: v.partial,
            expected: v.expected(),
        });
    let waiting = waiting_for(document, measure, series);
    let mut summary = MeasureSummary {
        period,
        value,
        status,
        reason,
        progress,
        streak,
        previous,
        change,
        better_than_baseline,
        reporting,
        expected,
        pending,
        waiting,
        sentence: String::new(),
    };
    summary.sentence = sentence(measure, &summary, series.frequency);
    summary
}

/// Why a series is not judged: nothing at all reported; values from partners none of whom
/// stands for the coalition; no period complete enough yet; or (with a period that could be
/// judged, `judgeable`) totals over several periods.
fn not_judged(series: &Series, judgeable: bool) -> (Status, Option<Reason>) {
    let has_partner_values = series
        .partners
        .iter()
        .any(|p| p.values.iter().any(Option::is_some));
    match series.latest() {
        None if has_partner_values => (Status::NotJudged, Some(Reason::NoStandingPartner)),
        None => (Status::NoData, None),
        Some(_) if judgeable => (Status::NotJudged, Some(Reason::TotalsOverPeriods)),
        Some(_) => (Status::Waiting, Some(Reason::NoCompletePeriod)),
    }
}

/// The streak up to the period at `judged`, and how that period compares with the one before.
/// Only judgeable periods are compared: the trend ends where the judgement ends.
fn trend(measure: &Measure, series: &Series, judged: Option<usize>) -> (usize, Option<Comparison>) {
    let comparable: Vec<Option<f64>> = (0..judged.map_or(0, |i| i + 1))
        .map(|i| {
            series.coalition[i]
                .as_ref()
                .filter(|_| series.is_judgeable(measure, i))
                .map(|v| v.value)
        })
        .collect();
    let previous = match comparable.as_slice() {
        [.., Some(a), Some(b)] => Some(status::compare(measure, *a, *b)),
        _ => None,
    };
    (status::streak(measure, &comparable), previous)
}

/// Judges a judged period's printed value `v`: against the range for within-range measures,
/// otherwise against the straight path, when there is a baseline and an end target.
fn judge(
    document: &Document,
    measure: &Measure,
    period: Period,
    v: f64,
) -> (Status, Option<Reason>) {
    let tolerance = document.coalition.tolerance_percent;
    if measure.polarity == Polarity::WithinRange {
        return (status::range_status(measure, v, tolerance), None);
    }
    if measure.baseline.is_none() {
        return (Status::NotJudged, Some(Reason::NoBaseline));
    }
    if measure.end_target().is_none() {
        return (Status::NotJudged, Some(Reason::NoTarget));
    }
    let start = document.coalition.fiscal_year_start;
    (
        status::status(measure, period, Some(v), start, tolerance),
        None,
    )
}

/// The names of the expected partners whose values do not yet cover the latest period with
/// values (empty when it is complete).
fn waiting_for(document: &Document, measure: &Measure, series: &Series) -> Vec<String> {
    let Some(latest) = series.coalition.iter().rposition(Option::is_some) else {
        return Vec::new();
    };
    let standing = standing_partner(measure);
    series
        .partners
        .iter()
        .filter(|p| measure.rollup != Rollup::None || Some(&p.partner) == standing)
        .filter(|p| !p.values[latest].is_some_and(|v| v.complete))
        .map(|p| {
            document
                .partner(&p.partner)
                .map_or(p.partner.to_string(), |x| x.name.clone())
        })
        .collect()
}

fn noun(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "month",
        Frequency::Quarterly => "quarter",
        Frequency::Annual => "year",
    }
}

fn sentence(measure: &Measure, summary: &MeasureSummary, frequency: Frequency) -> String {
    let now = match (summary.period, summary.value) {
        (Some(period), Some(value)) => format!("{} in {}", measure.format_value(value), period),
        _ => String::new(),
    };
    match summary.reason {
        Some(Reason::NoStandingPartner) => {
            return "Population data needs one partner whose value stands for the coalition: name a steward among the reporting partners.".to_string();
        }
        Some(Reason::NoCompletePeriod) => {
            let so_far = summary.pending.as_ref().map_or(String::new(), |p| {
                format!("{} so far in {}; ", measure.format_value(p.value), p.period)
            });
            return format!(
                "{so_far}waiting {} before it can be judged.",
                summary.waiting_phrase()
            );
        }
        Some(Reason::NoBaseline) => {
            let target = measure.end_target().map_or(String::new(), |t| {
                format!(
                    " (target {} for {})",
                    measure.format_value(t.value),
                    t.period
                )
            });
            return format!("{now}; no baseline to judge against{target}.");
        }
        Some(Reason::NoTarget) => return format!("{now}; no end target to judge against."),
        Some(Reason::TotalsOverPeriods) => {
            return format!(
                "{} in total; the targets are per {}, so totals by {} are not judged: view by {} to judge progress.",
                now,
                noun(measure.frequency),
                noun(frequency),
                noun(measure.frequency)
            );
        }
        None => {}
    }
    if summary.status == Status::NoData {
        return "No data has been reported for this measure yet.".to_string();
    }
    if let (Polarity::WithinRange, Some(range)) = (measure.polarity, measure.range) {
        let value = summary.value.unwrap_or(0.0);
        let place = if value < range.low {
            format!(
                "{} below the range",
                format_number(range.distance(value), measure.decimals)
            )
        } else if value > range.high {
            format!(
                "{} above the range",
                format_number(range.distance(value), measure.decimals)
            )
        } else {
            "within the range".to_string()
        };
        return format!(
            "{}: {now}, {place} {} to {}.",
            summary.status.label(),
            measure.format_value(range.low),
            measure.format_value(range.high)
        );
    }
    match (measure.baseline, measure.end_target(), summary.progress) {
        (Some(baseline), Some(target), Some(progress)) => format!(
            "{}: {}% of the way from the {} baseline to the {} target for {} ({}).",
            summary.status.label(),
            format_number(progress * 100.0, 0),
            measure.format_value(baseline.value),
            measure.format_value(target.value),
            target.period,
            now
        ),
        _ => format!("{}: {now}.", summary.status.label()),
    }
}

impl MeasureSummary {
    /// The judged value as printed, or what stands in for it.
    pub fn value_text(&self, measure: &Measure) -> String {
        match (self.value, self.status) {
            (Some(v), _) => measure.format_value(v),
            (None, Status::Waiting) => "Not complete yet".to_string(),
            (None, _) => "No data yet".to_string(),
        }
    }

    /// Progress in words: how far along the way, or why it is not measured.
    pub fn progress_text(&self, measure: &Measure) -> String {
        if let (Polarity::WithinRange, Some(range)) = (measure.polarity, measure.range) {
            let aim = format!(
                "Range {} to {}",
                measure.format_value(range.low),
                measure.format_value(range.high)
            );
            return match self.progress {
                Some(p) => format!(
                    "{}% of the way into the range ({aim})",
                    format_number(p * 100.0, 0)
                ),
                None => aim,
            };
        }
        let target = measure
            .end_target()
            .map(|t| format!("{} by {}", measure.format_value(t.value), t.period));
        match (self.progress, self.reason, target) {
            (Some(p), _, Some(t)) => format!("{}% of the way to {t}", format_number(p * 100.0, 0)),
            (_, Some(Reason::TotalsOverPeriods), _) => format!(
                "Totals are not judged against per-{} targets",
                noun(measure.frequency)
            ),
            (_, Some(Reason::NoBaseline), Some(t)) => {
                format!("No baseline to judge against; target {t}")
            }
            (_, Some(Reason::NoBaseline), None) => {
                "No baseline or end target to judge against".to_string()
            }
            (_, Some(Reason::NoTarget), _) => "No end target to judge against".to_string(),
            (_, Some(Reason::NoCompletePeriod), Some(t)) => format!("Target {t}"),
            _ => "No progress to measure yet".to_string(),
        }
    }

    /// The trend in words, up to the judged period.
    pub fn trend_text(&self, measure: &Measure) -> String {
        let range = measure.polarity == Polarity::WithinRange;
        match (self.value, self.streak, self.previous) {
            (None, _, _) => "No period to compare yet".to_string(),
            (Some(_), n, _) if range && n > 0 => format!(
                "Closer to or within the range {n} period{} in a row",
                if n == 1 { "" } else { "s" }
            ),
            (Some(_), 1, _) => "Better than the period before".to_string(),
            (Some(_), n, _) if n > 1 => format!("Better {n} periods in a row"),
            (Some(_), _, Some(Comparison::Same)) => "Same as the period before".to_string(),
            (Some(_), _, Some(_)) => "Worse than the period before".to_string(),
            (Some(_), _, None) => "No earlier complete period to compare".to_string(),
        }
    }

    /// The change since the baseline in words, with whether it is better.
    pub fn change_text(&self, measure: &Measure) -> String {
        let Some(change) = self.change else {
            return match self.reason {
                Some(Reason::TotalsOverPeriods) => "Not compared (totals)".to_string(),
                _ if self.value.is_none() => "Nothing to compare yet".to_string(),
                _ => "No baseline".to_string(),
            };
        };
        let sign = if change > 0.0 { "+" } else { "" };
        let amount = format_number(change, measure.decimals);
        let baseline = measure.baseline.map_or(0.0, |b| b.value);
        let judgement = match self.value.map(|v| status::compare(measure, baseline, v)) {
            Some(Comparison::Better) => " (better)",
            Some(Comparison::Worse) => " (worse)",
            _ => "",
        };
        format!("{sign}{amount}{}{judgement}", measure.change_unit())
    }

    /// How many partners the judged period covers, in words.
    pub fn coverage_text(&self) -> String {
        format!("{} of {} partners reported", self.reporting, self.expected)
    }

    /// Who the latest period with values still waits for.
    pub fn waiting_text(&self) -> String {
        format!("Waiting {}", self.waiting_phrase())
    }

    /// "for 2 of 3 partners (names)", or "for nobody".
    fn waiting_phrase(&self) -> String {
        match self.waiting.as_slice() {
            [] => "for nobody".to_string(),
            names => format!(
                "for {} of {} partners ({})",
                names.len(),
                self.pending.as_ref().map_or(self.expected, |p| p.expected),
                names.join(", ")
            ),
        }
    }

    /// The later period still coming in, in words, or `None` when there is none.
    pub fn pending_text(&self, measure: &Measure) -> Option<String> {
        let p = self.pending.as_ref()?;
        let partly = if p.partial > 0 {
            format!(", {} partly", p.partial)
        } else {
            String::new()
        };
        Some(format!(
            "{}: {} so far; {} of {} partners have reported{partly}. It is judged once complete.",
            p.period,
            measure.format_value(p.value),
            p.reporting,
            p.expected
        ))
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
        let pending = s.pending.unwrap();
        assert_eq!(pending.period, Period::parse("FY2027-Q1").unwrap());
        assert_eq!((pending.reporting, pending.expected), (3, 5));
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
    fn a_measure_with_a_value_but_no_baseline_is_not_judged_and_still_shows_value_and_target() {
        let s = summary("MENTOR-HOURS");
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("MENTOR-HOURS").unwrap()).unwrap();
        assert_eq!(s.status, Status::NotJudged);
        assert_eq!(s.reason, Some(Reason::NoBaseline));
        assert!(s.value.is_some());
        assert!(
            s.sentence
                .ends_with("; no baseline to judge against (target 9,000 for FY2028-Q4)."),
            "{}",
            s.sentence
        );
        assert_eq!(
            s.progress_text(m),
            "No baseline to judge against; target 9,000 by FY2028-Q4"
        );
    }
}

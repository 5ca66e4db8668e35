//! Progress to target and status against the straight path from baseline to end target.
//!
//! Everything here judges the value as it is printed, rounded to the measure's decimals, so a
//! value shown as "15.0%" against a "15.0%" target is met, whatever digits lie beyond.

use crate::{FiscalYearStart, Measure, Period, Polarity};

/// Where a measure stands against its path to target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    /// Values have come in, but no period is complete enough to judge yet.
    Waiting,
    /// There is a value, but nothing to judge it against: no baseline or end target, or a
    /// total over several periods that per-period targets do not describe.
    NotJudged,
    /// No value at all.
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::Waiting => "Waiting for data",
            Status::NotJudged => "Not judged",
            Status::NoData => "No data",
        }
    }

    /// A symbol that tells statuses apart without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::OnTrack => "✓",
            Status::AtRisk => "!",
            Status::OffTrack => "✕",
            Status::Waiting => "…",
            Status::NotJudged => "○",
            Status::NoData => "–",
        }
    }

    /// A stable name for styling and tests.
    pub fn key(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Waiting => "waiting",
            Status::NotJudged => "not-judged",
            Status::NoData => "no-data",
        }
    }
}

/// Returns `value` rounded to `decimals` exactly as it is printed.
pub fn printed(value: f64, decimals: u8) -> f64 {
    format!("{:.*}", usize::from(decimals), value)
        .parse()
        .unwrap_or(value)
}

/// +1 when higher is better, -1 when lower is better, 0 for a range (which has no direction).
fn direction(polarity: Polarity) -> f64 {
    match polarity {
        Polarity::HigherIsBetter => 1.0,
        Polarity::LowerIsBetter => -1.0,
        Polarity::WithinRange => 0.0,
    }
}

/// How a later value compares with an earlier one, the measure's way round.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Better,
    Same,
    Worse,
}

/// Compares `later` with `earlier` as printed: higher (or lower) is better by the measure's
/// polarity; for a within-range measure, closer to the range is better and two values both
/// inside it are the same.
pub fn compare(measure: &Measure, earlier: f64, later: f64) -> Comparison {
    let (a, b) = (
        printed(earlier, measure.decimals),
        printed(later, measure.decimals),
    );
    let gain = match (measure.polarity, measure.range) {
        (Polarity::WithinRange, Some(range)) => {
            printed(range.distance(a), measure.decimals)
                - printed(range.distance(b), measure.decimals)
        }
        (polarity, _) => direction(polarity) * (b - a),
    };
    if gain > 0.0 {
        Comparison::Better
    } else if gain < 0.0 {
        Comparison::Worse
    } else {
        Comparison::Same
    }
}

/// Returns how far `actual` has come from the baseline to `target`, as a fraction: 0 at the
/// baseline, 1 at the target, above 1 past it, below 0 when it moved the wrong way. It is
/// (A - B) / (T - B), which is also (B - A) / (B - T) for lower-is-better measures.
///
/// Returns `None` if and only if there is no baseline, or the target equals the baseline.
pub fn progress(measure: &Measure, actual: f64, target: f64) -> Option<f64> {
    if measure.polarity == Polarity::WithinRange {
        return range_progress(measure, actual);
    }
    let baseline = printed(measure.baseline?.value, measure.decimals);
    let actual = printed(actual, measure.decimals);
    let target = printed(target, measure.decimals);
    if target == baseline {
        return None;
    }
    Some((actual - baseline) / (target - baseline))
}

/// Returns how far a within-range measure has come from its baseline's distance outside the
/// range to the range: 0 at the baseline's distance, 1 inside the range, below 0 further out.
///
/// Returns `None` if and only if there is no baseline, no range, or the baseline was already
/// inside the range.
pub fn range_progress(measure: &Measure, actual: f64) -> Option<f64> {
    let range = measure.range?;
    let from = printed(
        range.distance(printed(measure.baseline?.value, measure.decimals)),
        measure.decimals,
    );
    let now = printed(
        range.distance(printed(actual, measure.decimals)),
        measure.decimals,
    );
    (from > 0.0).then(|| (from - now) / from)
}

/// Returns the status of a within-range measure's `actual` value: on track inside the range
/// (as printed), at risk outside it by at most `tolerance_percent` of the range's width, off
/// track further out. [`Status::NotJudged`] without a range.
pub fn range_status(measure: &Measure, actual: f64, tolerance_percent: u8) -> Status {
    let Some(range) = measure.range else {
        return Status::NotJudged;
    };
    let outside = printed(
        range.distance(printed(actual, measure.decimals)),
        measure.decimals,
    );
    let band = (range.high - range.low) * f64::from(tolerance_percent) / 100.0;
    if outside <= 0.0 {
        Status::OnTrack
    } else if outside <= band + 1e-9 {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Returns the value the straight path from baseline to end target reaches at the end of
/// `period`: the baseline before the baseline period, the end target after the target period.
///
/// Returns `None` if and only if the measure lacks a baseline or an end target.
pub fn path_value(measure: &Measure, period: Period, start: FiscalYearStart) -> Option<f64> {
    let baseline = measure.baseline?;
    let target = measure.end_target()?;
    let from = baseline.period.last_month(start).0 as f64;
    let to = target.period.last_month(start).0 as f64;
    let at = period.last_month(start).0 as f64;
    let fraction = if to > from {
        ((at - from) / (to - from)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    Some(baseline.value + (target.value - baseline.value) * fraction)
}

/// Returns the status of `actual` (the coalition's value in `period`) against the straight path
/// from baseline to end target, direction-aware:
/// on track if it is behind the path by at most `tolerance_percent` of the whole path (or ahead
/// of it); at risk if behind by at most twice that; off track if further behind. A within-range
/// measure is judged against its range instead (see [`range_status`]).
///
/// Returns [`Status::NoData`] if and only if `actual` is `None`, and [`Status::NotJudged`] when
/// a measure that is not within-range lacks a baseline or an end target.
pub fn status(
    measure: &Measure,
    period: Period,
    actual: Option<f64>,
    start: FiscalYearStart,
    tolerance_percent: u8,
) -> Status {
    let Some(actual) = actual else {
        return Status::NoData;
    };
    if measure.polarity == Polarity::WithinRange {
        return range_status(measure, actual, tolerance_percent);
    }
    let (Some(baseline), Some(target)) = (measure.baseline, measure.end_target()) else {
        return Status::NotJudged;
    };
    let Some(expected) = path_value(measure, period, start) else {
        return Status::NotJudged;
    };
    let actual = printed(actual, measure.decimals);
    let expected = printed(expected, measure.decimals);
    let length = match (target.value - baseline.value).abs() {
        0.0 => target.value.abs().max(1.0),
        length => length,
    };
    let behind = direction(measure.polarity) * (expected - actual) / length;
    let tolerance = f64::from(tolerance_percent) / 100.0;
    // A hair of slack so that a value exactly on the band's edge, as printed, stays inside it.
    let slack = 1e-9;
    if behind <= tolerance + slack {
        Status::OnTrack
    } else if behind <= 2.0 * tolerance + slack {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Returns whether `actual` is better than the baseline (as printed), or `None` without one.
pub fn better_than_baseline(measure: &Measure, actual: f64) -> Option<bool> {
    Some(compare(measure, measure.baseline?.value, actual) == Comparison::Better)
}

/// Returns whether a move from `a` to `b` counts toward a streak: better, or for a within-range
/// measure also staying inside the range.
fn good_move(measure: &Measure, a: f64, b: f64) -> bool {
    match compare(measure, a, b) {
        Comparison::Better => true,
        Comparison::Same => measure
            .range
            .filter(|_| measure.polarity == Polarity::WithinRange)
            .is_some_and(|r| {
                printed(r.distance(printed(b, measure.decimals)), measure.decimals) == 0.0
            }),
        Comparison::Worse => false,
    }
}

/// Returns how many periods in a row, ending with the last of `values`, the measure moved the
/// good way (as printed; for a within-range measure, closer to the range or staying in it). A
/// period with no value (or one that cannot be judged) ends the run.
pub fn streak(measure: &Measure, values: &[Option<f64>]) -> usize {
    values
        .windows(2)
        .rev()
        .take_while(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => good_move(measure, a, b),
            _ => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::tests::measure;
    use crate::{Baseline, Rollup, Target, ValueType};

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    const JULY: FiscalYearStart = FiscalYearStart::JULY;

    /// Chronic absenteeism from docs/domain.md: 24% at the baseline, 15% by FY2028-Q4.
    fn absenteeism() -> Measure {
        Measure {
            polarity: Polarity::LowerIsBetter,
            decimals: 1,
            baseline: Some(Baseline {
                period: p("FY2024-Q4"),
                value: 24.0,
            }),
            targets: vec![Target {
                period: p("FY2028-Q4"),
                value: 15.0,
            }],
            ..measure(ValueType::Percent, Rollup::RatioOfSums)
        }
    }

    /// Library cards: 41% at the baseline, 60% by FY2028.
    fn cards() -> Measure {
        Measure {
            frequency: crate::Frequency::Annual,
            decimals: 1,
            baseline: Some(Baseline {
                period: p("FY2024"),
                value: 41.0,
            }),
            targets: vec![Target {
                period: p("FY2028"),
                value: 60.0,
            }],
            ..measure(ValueType::Percent, Rollup::RatioOfSums)
        }
    }

    #[test]
    fn a_lower_is_better_measure_that_met_its_target_is_on_track() {
        let m = absenteeism();
        assert_eq!(
            status(&m, p("FY2028-Q4"), Some(15.0), JULY, 15),
            Status::OnTrack
        );
        assert_eq!(
            status(&m, p("FY2028-Q4"), Some(14.2), JULY, 15),
            Status::OnTrack
        );
        assert_eq!(
            status(&m, p("FY2026-Q4"), Some(14.0), JULY, 15),
            Status::OnTrack
        );
        assert_eq!(progress(&m, 15.0, 15.0), Some(1.0));
    }

    #[test]
    fn a_lower_is_better_measure_that_rose_is_off_track() {
        let m = absenteeism();
        assert_eq!(
            status(&m, p("FY2026-Q4"), Some(26.0), JULY, 15),
            Status::OffTrack
        );
        assert!(progress(&m, 26.0, 15.0).unwrap() < 0.0);
        assert_eq!(better_than_baseline(&m, 26.0), Some(false));
    }

    #[test]
    fn the_worked_example_reads_62_percent_of_the_way() {
        // 41% baseline, 60% target: 52.8% is 62% of the way.
        let progress = progress(&cards(), 52.8, 60.0).unwrap();
        assert_eq!((progress * 100.0).round(), 62.0);
    }

    #[test]
    fn status_follows_the_straight_path_with_a_tolerance_band() {
        let m = cards();
        // Halfway through FY2026 the path is at 50.5%; the band is 15% of 19 points, 2.85.
        assert_eq!(path_value(&m, p("FY2026"), JULY), Some(50.5));
        assert_eq!(
            status(&m, p("FY2026"), Some(50.5), JULY, 15),
            Status::OnTrack
        );
        assert_eq!(
            status(&m, p("FY2026"), Some(47.7), JULY, 15),
            Status::OnTrack
        );
        assert_eq!(
            status(&m, p("FY2026"), Some(47.6), JULY, 15),
            Status::AtRisk
        );
        assert_eq!(
            status(&m, p("FY2026"), Some(44.8), JULY, 15),
            Status::AtRisk
        );
        assert_eq!(
            status(&m, p("FY2026"), Some(44.7), JULY, 15),
            Status::OffTrack
        );
    }

    #[test]
    fn status_is_judged_on_the_printed_value() {
        let m = cards();
        // 47.649 prints as 47.6 and is at risk; 47.651 prints as 47.7 and is on track.
        assert_eq!(
            status(&m, p("FY2026"), Some(47.649), JULY, 15),
            Status::AtRisk
        );
        assert_eq!(
            status(&m, p("FY2026"), Some(47.651), JULY, 15),
            Status::OnTrack
        );
    }

    #[test]
    fn without_a_value_there_is_no_data_and_without_a_target_no_judgement() {
        let m = cards();
        assert_eq!(status(&m, p("FY2026"), None, JULY, 15), Status::NoData);
        let no_target = Measure {
            targets: vec![],
            ..cards()
        };
        assert_eq!(
            status(&no_target, p("FY2026"), Some(50.0), JULY, 15),
            Status::NotJudged
        );
        assert_eq!(progress(&no_target, 50.0, 50.0), Some(1.0));
    }

    #[test]
    fn a_streak_counts_good_moves_back_from_the_latest_period() {
        let m = absenteeism();
        let values = [Some(24.0), Some(25.0), Some(23.0), Some(22.5), Some(22.0)];
        assert_eq!(streak(&m, &values), 3);
        assert_eq!(streak(&cards(), &values), 0);
        assert_eq!(streak(&m, &[Some(24.0), None, Some(22.0)]), 0);
        // A change too small to print does not count as a move.
        assert_eq!(streak(&m, &[Some(22.01), Some(22.0)]), 0);
    }

    /// A ratio that should stay between 0.9 and 1.1, printed with 2 decimals.
    fn ratio_in_range() -> Measure {
        Measure {
            polarity: Polarity::WithinRange,
            decimals: 2,
            range: Some(crate::measure::Range {
                low: 0.9,
                high: 1.1,
            }),
            baseline: Some(Baseline {
                period: p("FY2024-Q4"),
                value: 1.3,
            }),
            ..measure(ValueType::Average, Rollup::Mean)
        }
    }

    #[test]
    fn a_within_range_measure_is_on_track_inside_its_range_and_at_risk_just_outside() {
        let m = ratio_in_range();
        let at = |v| status(&m, p("FY2026-Q1"), Some(v), JULY, 15);
        // The band is 15% of the range's width of 0.2: 0.03.
        assert_eq!(at(1.0), Status::OnTrack);
        assert_eq!(at(1.1), Status::OnTrack);
        assert_eq!(at(1.13), Status::AtRisk);
        assert_eq!(at(0.87), Status::AtRisk);
        assert_eq!(at(1.14), Status::OffTrack);
        // From 0.2 outside at the baseline to 0.1 outside is half the way; inside is all of it.
        assert_eq!(progress(&m, 1.2, 0.0), Some(0.5));
        assert_eq!(progress(&m, 1.0, 0.0), Some(1.0));
        assert_eq!(better_than_baseline(&m, 1.2), Some(true));
        assert_eq!(better_than_baseline(&m, 1.4), Some(false));
    }

    #[test]
    fn staying_inside_the_range_keeps_a_streak_going() {
        let m = ratio_in_range();
        let values = [Some(1.3), Some(1.2), Some(1.0), Some(1.05)];
        assert_eq!(streak(&m, &values), 3);
        assert_eq!(streak(&m, &[Some(1.0), Some(1.2)]), 0);
    }
}

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
    /// No value, or no baseline and end target to judge it against.
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::NoData => "No data",
        }
    }

    /// A symbol that tells statuses apart without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::OnTrack => "✓",
            Status::AtRisk => "!",
            Status::OffTrack => "✕",
            Status::NoData => "–",
        }
    }

    /// A stable name for styling and tests.
    pub fn key(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
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

/// +1 when higher is better, -1 when lower is better.
fn direction(polarity: Polarity) -> f64 {
    match polarity {
        Polarity::HigherIsBetter => 1.0,
        Polarity::LowerIsBetter => -1.0,
    }
}

/// Returns how far `actual` has come from the baseline to `target`, as a fraction: 0 at the
/// baseline, 1 at the target, above 1 past it, below 0 when it moved the wrong way. It is
/// (A - B) / (T - B), which is also (B - A) / (B - T) for lower-is-better measures.
///
/// Returns `None` if and only if there is no baseline, or the target equals the baseline.
pub fn progress(measure: &Measure, actual: f64, target: f64) -> Option<f64> {
    let baseline = printed(measure.baseline?.value, measure.decimals);
    let actual = printed(actual, measure.decimals);
    let target = printed(target, measure.decimals);
    if target == baseline {
        return None;
    }
    Some((actual - baseline) / (target - baseline))
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
/// of it); at risk if behind by at most twice that; off track if further behind.
///
/// Returns [`Status::NoData`] if and only if `actual` is `None` or the measure lacks a baseline
/// or an end target.
pub fn status(
    measure: &Measure,
    period: Period,
    actual: Option<f64>,
    start: FiscalYearStart,
    tolerance_percent: u8,
) -> Status {
    let (Some(actual), Some(baseline), Some(target)) =
        (actual, measure.baseline, measure.end_target())
    else {
        return Status::NoData;
    };
    let Some(expected) = path_value(measure, period, start) else {
        return Status::NoData;
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
    let baseline = printed(measure.baseline?.value, measure.decimals);
    let actual = printed(actual, measure.decimals);
    Some(direction(measure.polarity) * (actual - baseline) > 0.0)
}

/// Returns how many periods in a row, ending with the last of `values`, the measure moved the
/// good way (as printed). A period with no value ends the run.
pub fn streak(measure: &Measure, values: &[Option<f64>]) -> usize {
    let d = direction(measure.polarity);
    values
        .windows(2)
        .rev()
        .take_while(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => {
                d * (printed(b, measure.decimals) - printed(a, measure.decimals)) > 0.0
            }
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

    /// Chronic absenteeism from DOMAIN.md: 24% at the baseline, 15% by FY2028-Q4.
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
    fn without_a_value_baseline_or_target_there_is_no_status() {
        let m = cards();
        assert_eq!(status(&m, p("FY2026"), None, JULY, 15), Status::NoData);
        let no_target = Measure {
            targets: vec![],
            ..cards()
        };
        assert_eq!(
            status(&no_target, p("FY2026"), Some(50.0), JULY, 15),
            Status::NoData
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
}

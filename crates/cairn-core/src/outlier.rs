//! Outlier flags: a value far from the partner's own history is flagged when it is entered and
//! when it is reviewed, so a slip ("1200" for "120") is caught before it counts. A flag never
//! blocks saving: unusual values are sometimes true.
//!
//! A value is flagged when, against the partner's up to 8 latest earlier values of the same
//! measure (in display units, as the grid shows them):
//! - its **modified z-score** (Iglewicz and Hoaglin: 0.6745 × (x − median) / MAD, where MAD is
//!   the median of the absolute deviations from the median) is above 3.5 in size among the
//!   earlier values, *and* so is its change from the latest one among the history's own
//!   period-to-period changes (at least 4 of them), the same way, and it moves by at least
//!   [`LEAST_MOVE`] of the latest value. Both, so that neither a partner whose numbers grow
//!   steadily (far from the usual level, a usual jump) nor a noisy partner's swing (an unusual
//!   jump back to a usual level) is flagged; or
//! - it is more than [`FACTOR`] times the latest earlier value, or less than a [`FACTOR`]th of
//!   it (a change the z-score cannot judge with little history, or with a history whose
//!   changes never varied).

use crate::{CellKey, Document, Frequency};

/// The modified z-score above which a value is flagged.
pub const Z_LIMIT: f64 = 3.5;

/// The change from the latest earlier value beyond which a value is flagged.
pub const FACTOR: f64 = 3.0;

/// The least change, as a share of the latest earlier value, that the z-score flags: a tiny
/// move in a very steady series is not worth a warning.
pub const LEAST_MOVE: f64 = 0.1;

/// How many earlier values a value is compared with.
pub const HISTORY: usize = 8;

/// Which way a flagged value is unusual.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusual {
    Higher,
    Lower,
}

/// A flagged value and what it was compared with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flag {
    pub unusual: Unusual,
    /// How many earlier values it was compared with (1 to 8).
    pub compared_with: usize,
    pub frequency: Frequency,
}

impl Flag {
    /// What stands out, as the grid and the review screen say it: "Much higher than the last 8
    /// quarters" (each screen adds its advice).
    pub fn text(&self) -> String {
        let way = match self.unusual {
            Unusual::Higher => "higher",
            Unusual::Lower => "lower",
        };
        let unit = match self.frequency {
            Frequency::Monthly => "month",
            Frequency::Quarterly => "quarter",
            Frequency::Annual => "year",
        };
        let last = match self.compared_with {
            1 => format!("the {unit} before"),
            n => format!("the last {n} {unit}s"),
        };
        format!("Much {way} than {last}")
    }
}

/// `values` in increasing order. By insertion: there are at most 8, and the standard library's
/// sort would add its whole implementation for `f64` to the entry screen's download.
fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(HISTORY);
    for x in values {
        let at = out.partition_point(|y| *y <= x);
        out.insert(at, x);
    }
    out
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The modified z-score of `x` among `of`: 0.6745 × (x − median) / MAD, or, when the MAD is 0
/// (half the values equal), (x − median) / (1.253314 × mean absolute deviation), IBM's variant;
/// 0 when every value is the same.
fn z_score(x: f64, of: &[f64]) -> f64 {
    let m = median(&sorted(of.iter().copied()));
    let deviations = sorted(of.iter().map(|v| (v - m).abs()));
    let mad = median(&deviations);
    let mean_ad = deviations.iter().sum::<f64>() / deviations.len() as f64;
    if mad > 0.0 {
        0.6745 * (x - m) / mad
    } else if mean_ad > 0.0 {
        (x - m) / (1.253314 * mean_ad)
    } else {
        0.0
    }
}

/// Whether `value` (in display units) stands out against `history` (earlier values, oldest
/// first, in display units), by the rules of this module.
pub fn judge(value: f64, history: &[f64], frequency: Frequency) -> Option<Flag> {
    let history = &history[history.len().saturating_sub(HISTORY)..];
    let &latest = history.last()?;
    let flag = |unusual| {
        Some(Flag {
            unusual,
            compared_with: history.len(),
            frequency,
        })
    };
    let changes: Vec<f64> = history.windows(2).map(|w| w[1] - w[0]).collect();
    let change = value - latest;
    if changes.len() >= 4 && change.abs() >= LEAST_MOVE * latest.abs() {
        // Far from the usual level and an unusual jump, the same way: a steady trend moves the
        // level but not the jumps, and a noisy partner's swing jumps within the usual level.
        let (level, jump) = (z_score(value, history), z_score(change, &changes));
        if level > Z_LIMIT && jump > Z_LIMIT {
            return flag(Unusual::Higher);
        }
        if level < -Z_LIMIT && jump < -Z_LIMIT {
            return flag(Unusual::Lower);
        }
    }
    if latest > 0.0 && value > FACTOR * latest {
        flag(Unusual::Higher)
    } else if latest > 0.0 && value * FACTOR < latest {
        flag(Unusual::Lower)
    } else {
        None
    }
}

/// The flag of the value held in `cell`, compared with the same partner's earlier values of
/// the same measure; `None` when the cell is empty or nothing stands out.
pub fn flag(doc: &Document, cell: &CellKey) -> Option<Flag> {
    let measure = doc.measure(&cell.measure)?;
    let value = measure.display(doc.observations.get(cell)?.value);
    let history: Vec<f64> = doc
        .observations
        .of_measure(&cell.measure)
        .filter(|o| o.partner == cell.partner && o.group == cell.group && o.period < cell.period)
        .map(|o| measure.display(o.value))
        .collect();
    judge(value, &history, measure.frequency)
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: Frequency = Frequency::Quarterly;

    #[test]
    fn a_value_ten_times_a_steady_history_is_flagged_higher_and_says_against_what() {
        let history = [
            118.0, 121.0, 119.0, 125.0, 117.0, 122.0, 120.0, 124.0, 119.0,
        ];
        let flag = judge(1200.0, &history, Q).unwrap();
        assert_eq!(flag.unusual, Unusual::Higher);
        assert_eq!(flag.compared_with, 8, "the latest 8 only");
        assert_eq!(flag.text(), "Much higher than the last 8 quarters");
        assert_eq!(judge(12.0, &history, Q).unwrap().unusual, Unusual::Lower);
    }

    #[test]
    fn a_value_within_the_partners_usual_spread_is_not_flagged() {
        let history = [100.0, 140.0, 90.0, 160.0, 120.0];
        for value in [95.0, 130.0, 175.0, 60.0] {
            assert_eq!(judge(value, &history, Q), None, "{value}");
        }
    }

    #[test]
    fn the_modified_z_score_flags_what_the_factor_would_let_through() {
        // Twice the usual value: within the factor of 3, but far outside a tight spread.
        let history = [100.0, 101.0, 99.0, 100.0, 102.0, 98.0];
        let flag = judge(200.0, &history, Q).unwrap();
        assert_eq!(flag.unusual, Unusual::Higher);
    }

    #[test]
    fn a_steadily_growing_partner_is_not_flagged_for_growing_again() {
        let history = [50.0, 54.0, 57.0, 61.0, 66.0, 70.0, 73.0, 77.0];
        assert_eq!(judge(81.0, &history, Q), None);
        assert!(judge(120.0, &history, Q).is_some(), "a jump is");
    }

    #[test]
    fn few_values_of_the_plausible_sample_coalition_are_flagged() {
        let doc = crate::sample::coalition();
        let all = doc.observations.iter().count();
        let flagged: Vec<String> = doc
            .observations
            .iter()
            .filter(|o| flag(&doc, &o.key()).is_some())
            .map(|o| o.key().to_string())
            .collect();
        assert!(
            flagged.len() * 100 <= all,
            "{} of {all}: {flagged:?}",
            flagged.len()
        );
    }

    #[test]
    fn with_little_or_unvarying_history_only_the_factor_judges() {
        assert_eq!(judge(250.0, &[100.0], Q), None);
        assert_eq!(judge(301.0, &[100.0], Q).unwrap().compared_with, 1);
        assert_eq!(
            judge(301.0, &[100.0], Frequency::Monthly).unwrap().text(),
            "Much higher than the month before"
        );
        assert_eq!(judge(101.0, &[100.0; 6], Q), None, "MAD of 0: no z-score");
        assert_eq!(judge(5.0, &[], Q), None, "nothing to compare with");
        assert_eq!(judge(5.0, &[0.0, 0.0], Q), None, "a latest 0 has no factor");
    }

    #[test]
    fn a_cell_is_compared_with_the_same_partners_earlier_values_of_the_same_measure() {
        let mut doc = crate::sample::coalition();
        let last = doc
            .observations
            .iter()
            .filter(|o| matches!(o.value, crate::Value::Number(_)))
            .max_by_key(|o| o.period)
            .unwrap()
            .clone();
        assert_eq!(flag(&doc, &last.key()), None, "the sample is plausible");
        let mut slip = last.clone();
        slip.value = crate::Value::Number(
            doc.measure(&last.measure).unwrap().display(last.value) * 10.0 + 1000.0,
        );
        doc.record(slip).unwrap();
        assert_eq!(flag(&doc, &last.key()).unwrap().unusual, Unusual::Higher);
    }
}

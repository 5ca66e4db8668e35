//! The value of a measure for one partner, and for the whole coalition, in one period.

use crate::{Accumulation, CellKey, Code, Document, Measure, Period, Rollup, Value};

/// The coalition's value of a measure in one period, with how many expected partners it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct CoalitionValue {
    /// The value in display units (percent for percents).
    pub value: f64,
    /// How many expected partners' values went into it.
    pub reporting: usize,
    /// How many expected partners have not reported for the period. They are never counted as 0.
    pub missing: usize,
}

/// Returns the value `partner` reported for `measure` in `period`, by the measure's accumulation:
/// the value itself for per-period and snapshot measures, and for running totals the sum of
/// every increment up to and including `period`.
///
/// Returns `None` if and only if the partner has no observation for exactly `period`: a missing
/// period is missing, even for a running total whose earlier increments are known.
pub fn partner_value(
    document: &Document,
    measure: &Measure,
    partner: &Code,
    period: Period,
) -> Option<Value> {
    let key = CellKey {
        measure: measure.code.clone(),
        period,
        partner: partner.clone(),
    };
    let own = document.observations.get(&key)?.value;
    match measure.accumulation {
        Accumulation::PerPeriod | Accumulation::Snapshot => Some(own),
        Accumulation::RunningTotal => Some(Value::Number(
            document
                .observations
                .of_measure(&measure.code)
                .filter(|o| &o.partner == partner && o.period <= period)
                .map(|o| o.value.display())
                .sum(),
        )),
    }
}

/// Returns the coalition's value of `measure` in `period` (of the measure's frequency): each
/// expected partner's [`partner_value`], combined by [`combine`].
///
/// Returns `None` if and only if [`combine`] does.
pub fn coalition_value(
    document: &Document,
    measure: &Measure,
    period: Period,
) -> Option<CoalitionValue> {
    let reported: Vec<(&Code, Value)> = measure
        .reporters
        .iter()
        .filter_map(|p| Some((p, partner_value(document, measure, p, period)?)))
        .collect();
    combine(measure, &reported, measure.reporters.len() - reported.len())
}

/// Combines the values `reported` by partners into the coalition's value by the measure's
/// roll-up rule: the sum; the sum of numerators over the sum of denominators (never a mean of
/// percents); the mean; or, for population data, the steward's value (or the only reported
/// value when there is no steward). `missing` counts the expected partners with no value.
///
/// Returns `None` if and only if nothing was reported, a ratio's denominators add up to 0, or
/// the rule is "none" and no single value stands for the coalition.
pub fn combine(
    measure: &Measure,
    reported: &[(&Code, Value)],
    missing: usize,
) -> Option<CoalitionValue> {
    if reported.is_empty() {
        return None;
    }
    let value = match measure.rollup {
        Rollup::Sum => reported.iter().map(|(_, v)| v.display()).sum(),
        Rollup::Mean => {
            reported.iter().map(|(_, v)| v.display()).sum::<f64>() / reported.len() as f64
        }
        Rollup::RatioOfSums => {
            let (numerator, denominator) =
                reported.iter().fold((0.0, 0.0), |(n, d), (_, v)| match *v {
                    Value::Ratio {
                        numerator,
                        denominator,
                    } => (n + numerator, d + denominator),
                    Value::Number(_) => (n, d),
                });
            if denominator <= 0.0 {
                return None;
            }
            100.0 * numerator / denominator
        }
        Rollup::None => {
            let steward = measure
                .steward
                .as_ref()
                .and_then(|s| reported.iter().find(|(p, _)| *p == s));
            match (steward, reported) {
                (Some((_, v)), _) | (None, [(_, v)]) => v.display(),
                _ => return None,
            }
        }
    };
    Some(CoalitionValue {
        value,
        reporting: reported.len(),
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sample, Observation};

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    fn put(doc: &mut Document, measure: &str, period: &str, partner: &str, value: Value) {
        doc.record(Observation {
            measure: code(measure),
            period: p(period),
            partner: code(partner),
            value,
            note: String::new(),
            entered_by: String::new(),
            entered_at: String::new(),
        })
        .unwrap();
    }

    #[test]
    fn a_percent_rolls_up_as_a_ratio_of_sums_not_a_mean_of_percents() {
        let mut doc = sample::coalition();
        let ratio = |numerator, denominator| Value::Ratio {
            numerator,
            denominator,
        };
        put(
            &mut doc,
            "ABSENT",
            "FY2027-Q2",
            "HS-NORTH",
            ratio(10.0, 100.0),
        );
        put(
            &mut doc,
            "ABSENT",
            "FY2027-Q2",
            "HS-EAST",
            ratio(90.0, 300.0),
        );
        let m = doc.measure(&code("ABSENT")).unwrap().clone();
        let v = coalition_value(&doc, &m, p("FY2027-Q2")).unwrap();
        // 100 of 400 is 25%; the mean of 10% and 30% would be 20%.
        assert_eq!(v.value, 25.0);
    }

    #[test]
    fn a_partner_that_did_not_report_is_missing_not_zero() {
        let mut doc = sample::coalition();
        put(
            &mut doc,
            "CO-DELIVERED",
            "FY2027-Q2",
            "SCI",
            Value::Number(4.0),
        );
        let m = doc.measure(&code("CO-DELIVERED")).unwrap().clone();
        let v = coalition_value(&doc, &m, p("FY2027-Q2")).unwrap();
        assert_eq!(v.value, 4.0);
        assert_eq!(v.reporting, 1);
        assert_eq!(v.missing, m.reporters.len() - 1);
    }

    #[test]
    fn a_running_total_adds_every_increment_to_date() {
        let doc = sample::coalition();
        let m = doc.measure(&code("MENTOR-HOURS")).unwrap().clone();
        let increments: f64 = doc
            .observations
            .of_measure(&m.code)
            .filter(|o| o.partner == code("YOUTH") && o.period <= p("FY2025-Q2"))
            .map(|o| o.value.display())
            .sum();
        let total = partner_value(&doc, &m, &code("YOUTH"), p("FY2025-Q2")).unwrap();
        assert_eq!(total, Value::Number(increments));
        assert!(increments > 0.0);
    }

    #[test]
    fn the_latest_value_is_the_last_period_anyone_reported() {
        let doc = sample::coalition();
        let m = doc.measure(&code("LIB-CARD")).unwrap().clone();
        let series = crate::series::series(&doc, &m, m.frequency);
        let (period, value) = series.latest().unwrap();
        assert_eq!(period, p("FY2026"));
        assert!((value.value - 48.1).abs() < 0.1, "{}", value.value);
    }
}

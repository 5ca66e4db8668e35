//! The value of a measure for one partner, and for the whole coalition, in one period.
//!
//! The rules are written down, with a worked example each, in `docs/numbers.md`; the sections
//! named below are its sections.

use crate::series::PeriodValue;
use crate::Group;
use crate::{Accumulation, CellKey, Code, Document, Measure, Period, Rollup, Value};

/// The coalition's value of a measure in one period, with how many expected partners it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct CoalitionValue {
    /// The value in display units (percent for percents, per N for rates).
    pub value: f64,
    /// How many expected partners' values cover the whole period ("N of M reported").
    pub reporting: usize,
    /// How many expected partners sent some of the period's values but not all. What they sent
    /// is in the value; their missing periods are missing, never 0.
    pub partial: usize,
    /// How many expected partners have not reported for the period. They are never counted as 0.
    pub missing: usize,
    /// For a ratio of sums, the sums behind the value: every reported numerator, and every
    /// reported denominator (the value is their quotient times the measure's scale). Exports
    /// print them beside the rounded value, so a reader can check it.
    pub ratio: Option<(f64, f64)>,
}

impl CoalitionValue {
    /// How many partners the period expects values from.
    pub fn expected(&self) -> usize {
        self.reporting + self.partial + self.missing
    }

    /// Whether every expected partner sent every one of the period's values.
    pub fn is_complete(&self) -> bool {
        self.partial == 0 && self.missing == 0
    }
}

/// Returns the partner whose value stands for the coalition in population data (roll-up
/// "none"): the steward when the measure names one, otherwise the only reporting partner.
/// Returns `None` when the steward is not a reporting partner, or there is no steward and the
/// measure has several reporting partners (nobody stands for the coalition then).
///
/// See "Population data" in `docs/numbers.md`.
pub fn standing_partner(measure: &Measure) -> Option<&Code> {
    match (&measure.steward, measure.reporters.as_slice()) {
        (Some(steward), _) => measure.reporters.iter().find(|p| *p == steward),
        (None, [only]) => Some(only),
        (None, _) => None,
    }
}

/// Returns whether a period with coalition value `value` can be judged against the path: a
/// summed measure only when the period is complete; population data only when the standing
/// partner's value covers the whole period; other roll-ups (ratios and means are not biased by
/// a missing partner) when at least one expected partner's value covers the whole period.
///
/// See "What is judged" in `docs/numbers.md`.
pub fn judgeable(measure: &Measure, value: &CoalitionValue) -> bool {
    match measure.rollup {
        Rollup::Sum | Rollup::None => value.is_complete(),
        Rollup::RatioOfSums | Rollup::Mean | Rollup::WeightedMean => value.reporting > 0,
    }
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
        group: Group::total(),
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
                // In period order: nothing after the period counts.
                .take_while(|o| o.period <= period)
                .filter(|o| &o.partner == partner && o.group.is_total())
                .map(|o| measure.display(o.value))
                .sum(),
        )),
    }
}

/// Combines the expected partners' values in one period (`values`, each partner with its value
/// or `None`) into the coalition's value by the measure's roll-up rule: the sum; the sum of
/// numerators over the sum of denominators, times 100 or N (never a mean of percents); the
/// mean; the weighted mean, sum of mean × weight over the sum of weights; or, for population
/// data, the standing partner's value and nobody else's. Partial values count with what they
/// hold; partners without a value are missing, never 0.
///
/// Returns `None` if and only if no expected partner (for population data: not the standing
/// partner) has a value, or a ratio's denominators or the weights add up to 0.
///
/// See "Across partners" in `docs/numbers.md`.
pub fn combine(
    measure: &Measure,
    values: &[(&Code, Option<PeriodValue>)],
) -> Option<CoalitionValue> {
    let standing = standing_partner(measure);
    let expected = values
        .iter()
        .filter(|(p, _)| measure.rollup != Rollup::None || Some(*p) == standing);
    let (mut reporting, mut partial, mut missing) = (0, 0, 0);
    let mut reported = Vec::with_capacity(values.len());
    for (_, value) in expected {
        match value {
            Some(v) if v.complete => reporting += 1,
            Some(_) => partial += 1,
            None => missing += 1,
        }
        reported.extend(value.map(|v| v.value));
    }
    if reported.is_empty() {
        return None;
    }
    let mut ratio = None;
    let value = match measure.rollup {
        Rollup::Sum => reported.iter().map(|v| measure.display(*v)).sum(),
        Rollup::Mean => {
            reported.iter().map(|v| measure.display(*v)).sum::<f64>() / reported.len() as f64
        }
        Rollup::RatioOfSums => {
            let (numerator, denominator) = reported.iter().fold((0.0, 0.0), |(n, d), v| match *v {
                Value::Ratio {
                    numerator,
                    denominator,
                } => (n + numerator, d + denominator),
                _ => (n, d),
            });
            if denominator <= 0.0 {
                return None;
            }
            ratio = Some((numerator, denominator));
            measure.scale() * numerator / denominator
        }
        Rollup::WeightedMean => {
            let (total, weight) = reported.iter().fold((0.0, 0.0), |(t, w), v| match *v {
                Value::Weighted { mean, weight } => (t + mean * weight, w + weight),
                _ => (t, w),
            });
            if weight <= 0.0 {
                return None;
            }
            total / weight
        }
        Rollup::None => measure.display(reported[0]),
    };
    Some(CoalitionValue {
        value,
        reporting,
        partial,
        missing,
        ratio,
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
            group: Group::total(),
            measure: code(measure),
            period: p(period),
            partner: code(partner),
            value,
            note: Default::default(),
            entered_by: Default::default(),
            entered_at: Default::default(),
        })
        .unwrap();
    }

    fn at(doc: &Document, measure: &str, period: &str) -> Option<CoalitionValue> {
        let m = doc.measure(&code(measure)).unwrap();
        let s = crate::series::series(doc, m, m.frequency);
        let i = s.periods.iter().position(|x| *x == p(period))?;
        s.coalition[i].clone()
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
        // 100 of 400 is 25%; the mean of 10% and 30% would be 20%.
        let v = at(&doc, "ABSENT", "FY2027-Q2").unwrap();
        assert_eq!(v.value, 25.0);
        assert_eq!(v.ratio, Some((100.0, 400.0)));
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
        let v = at(&doc, "CO-DELIVERED", "FY2027-Q2").unwrap();
        assert_eq!(v.value, 4.0);
        assert_eq!(v.reporting, 1);
        assert_eq!(v.missing, m.reporters.len() - 1);
        assert!(!judgeable(&m, &v));
    }

    #[test]
    fn a_running_total_adds_every_increment_to_date() {
        let doc = sample::coalition();
        let m = doc.measure(&code("MENTOR-HOURS")).unwrap().clone();
        let increments: f64 = doc
            .observations
            .of_measure(&m.code)
            .filter(|o| o.partner == code("YOUTH") && o.period <= p("FY2025-Q2"))
            .map(|o| m.display(o.value))
            .sum();
        let total = partner_value(&doc, &m, &code("YOUTH"), p("FY2025-Q2")).unwrap();
        assert_eq!(total, Value::Number(increments));
        assert!(increments > 0.0);
    }

    #[test]
    fn population_data_shows_the_stewards_value_and_never_another_partners() {
        let mut m = sample::coalition().measures[0].clone();
        m.rollup = Rollup::None;
        m.reporters = vec![code("LIB"), code("SCI")];
        m.steward = Some(code("LIB"));
        let pv = |n| {
            Some(PeriodValue {
                value: Value::Number(n),
                reported: 1,
                expected: 1,
                complete: true,
            })
        };
        let (lib, sci) = (code("LIB"), code("SCI"));
        assert_eq!(combine(&m, &[(&lib, None), (&sci, pv(7.0))]), None);
        let v = combine(&m, &[(&lib, pv(5.0)), (&sci, pv(7.0))]).unwrap();
        assert_eq!((v.value, v.expected()), (5.0, 1));
        m.steward = None;
        assert_eq!(combine(&m, &[(&lib, pv(5.0)), (&sci, None)]), None);
        m.reporters = vec![code("SCI")];
        assert_eq!(combine(&m, &[(&sci, pv(7.0))]).unwrap().value, 7.0);
    }

    #[test]
    fn a_weighted_mean_counts_each_partner_by_its_weight() {
        let mut m = sample::coalition().measures[0].clone();
        m.value_type = crate::ValueType::Average;
        m.rollup = Rollup::WeightedMean;
        let pv = |mean, weight| {
            Some(PeriodValue {
                value: Value::Weighted { mean, weight },
                reported: 1,
                expected: 1,
                complete: true,
            })
        };
        let (a, b) = (code("A"), code("B"));
        // 10 days for 30 holds and 20 days for 10 holds: 250 / 40 = 12.5, not the mean 15.
        let v = combine(&m, &[(&a, pv(10.0, 30.0)), (&b, pv(20.0, 10.0))]).unwrap();
        assert_eq!(v.value, 12.5);
    }
}

//! A measure's values over time: each reporting partner's and the coalition's, period by period,
//! at the measure's own frequency or aggregated to a coarser one on the fiscal year.

use std::collections::BTreeMap;

use crate::rollup::{combine, CoalitionValue};
use crate::{Accumulation, Code, Document, FiscalYearStart, Frequency, Measure, Period, Value};

/// One partner's value in one period, with how many of the measure's own periods inside it were
/// reported (a quarter of a monthly measure expects three).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeriodValue {
    pub value: Value,
    pub reported: u32,
    pub expected: u32,
}

/// One partner's values, one slot per period of the series.
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerSeries {
    pub partner: Code,
    pub values: Vec<Option<PeriodValue>>,
}

/// A measure's values over a run of consecutive periods.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub frequency: Frequency,
    /// Consecutive periods, oldest first, from the first reported period to the last.
    pub periods: Vec<Period>,
    /// The coalition's value in each period; `None` where no expected partner reported.
    pub coalition: Vec<Option<CoalitionValue>>,
    /// Each expected partner's values, in the measure's order of reporters.
    pub partners: Vec<PartnerSeries>,
}

impl Series {
    /// The latest period with a coalition value, and that value.
    pub fn latest(&self) -> Option<(Period, &CoalitionValue)> {
        self.periods
            .iter()
            .zip(&self.coalition)
            .rev()
            .find_map(|(p, v)| v.as_ref().map(|v| (*p, v)))
    }

    /// The period the measure is judged by, and the coalition's value then: the latest period
    /// with a value, except that for summed measures a later period that not every expected
    /// partner has reported yet is passed over for the latest complete one (a partial sum would
    /// read as a fall). Without any complete period, the latest period with a value.
    pub fn judged(&self, measure: &Measure) -> Option<(Period, &CoalitionValue)> {
        if measure.rollup == crate::Rollup::Sum {
            let complete = self
                .periods
                .iter()
                .zip(&self.coalition)
                .rev()
                .find_map(|(p, v)| v.as_ref().filter(|v| v.missing == 0).map(|v| (*p, v)));
            if complete.is_some() {
                return complete;
            }
        }
        self.latest()
    }

    /// Keeps only the periods that fall in fiscal years `from..=to` (either bound optional).
    pub fn restrict(&mut self, from: Option<i32>, to: Option<i32>, start: FiscalYearStart) {
        let keep: Vec<bool> = self
            .periods
            .iter()
            .map(|p| {
                let fy = start.fiscal_year_of(p.last_month(start));
                from.is_none_or(|f| fy >= f) && to.is_none_or(|t| fy <= t)
            })
            .collect();
        keep_where(&mut self.periods, &keep);
        keep_where(&mut self.coalition, &keep);
        for partner in &mut self.partners {
            keep_where(&mut partner.values, &keep);
        }
    }
}

/// Returns the series of `measure` at `frequency`, which must be the measure's frequency or a
/// coarser one (a finer one gives the measure's own frequency).
///
/// A partner's value in a period follows the measure's accumulation: per-period values are
/// added up over the measure's periods inside it (numerators and denominators separately for
/// percents); a snapshot is the latest value inside it; a running total is the sum of every
/// increment up to the latest reported period inside it. Partners' values combine by the
/// measure's roll-up rule (see [`combine`]). The result does not depend on the order in which
/// observations were recorded.
pub fn series(document: &Document, measure: &Measure, frequency: Frequency) -> Series {
    let frequency = frequency.max(measure.frequency);
    let start = document.coalition.fiscal_year_start;
    let per_slot = (frequency.months() / measure.frequency.months()) as u32;
    let index: BTreeMap<&Code, usize> = measure
        .reporters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, i))
        .collect();
    // Observations of a measure come ordered by period, so slots come in order and running
    // totals and snapshots are computed in one pass.
    let mut totals = vec![0.0; measure.reporters.len()];
    let mut cells: Vec<(usize, Period, Value)> = Vec::new();
    for observation in document.observations.of_measure(&measure.code) {
        let Some(&partner) = index.get(&observation.partner) else {
            continue;
        };
        let slot = if frequency == measure.frequency {
            observation.period
        } else {
            Period::containing(observation.period.first_month(start), frequency, start)
        };
        totals[partner] += observation.value.display();
        let value = match measure.accumulation {
            Accumulation::RunningTotal => Value::Number(totals[partner]),
            _ => observation.value,
        };
        cells.push((partner, slot, value));
    }
    let (Some(first), Some(last)) = (cells.first().map(|c| c.1), cells.last().map(|c| c.1)) else {
        return Series {
            frequency,
            periods: Vec::new(),
            coalition: Vec::new(),
            partners: measure
                .reporters
                .iter()
                .map(|p| PartnerSeries {
                    partner: p.clone(),
                    values: Vec::new(),
                })
                .collect(),
        };
    };
    let origin = first.first_month(start).0;
    let step = frequency.months();
    let position = |p: Period| ((p.first_month(start).0 - origin) / step) as usize;
    let periods: Vec<Period> = (0..=position(last))
        .map(|i| first.offset(i as i32, start))
        .collect();
    let mut values: Vec<Vec<Option<PeriodValue>>> =
        vec![vec![None; periods.len()]; measure.reporters.len()];
    for (partner, slot, value) in cells {
        let entry = &mut values[partner][position(slot)];
        *entry = Some(match (*entry, measure.accumulation) {
            (Some(sum), Accumulation::PerPeriod) => PeriodValue {
                value: add(sum.value, value),
                reported: sum.reported + 1,
                expected: per_slot,
            },
            (previous, _) => PeriodValue {
                value,
                reported: previous.map_or(0, |p| p.reported) + 1,
                expected: per_slot,
            },
        });
    }
    let mut reported = Vec::with_capacity(measure.reporters.len());
    let coalition = (0..periods.len())
        .map(|i| {
            reported.clear();
            reported.extend(
                measure
                    .reporters
                    .iter()
                    .zip(&values)
                    .filter_map(|(code, v)| v[i].map(|v| (code, v.value))),
            );
            let missing = measure.reporters.len() - reported.len();
            combine(measure, &reported, missing)
        })
        .collect();
    let partners = measure
        .reporters
        .iter()
        .zip(values)
        .map(|(partner, values)| PartnerSeries {
            partner: partner.clone(),
            values,
        })
        .collect();
    Series {
        frequency,
        periods,
        coalition,
        partners,
    }
}

fn keep_where<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    items.retain(|_| *flags.next().unwrap_or(&false));
}

fn add(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => Value::Number(a + b),
        (
            Value::Ratio {
                numerator: n1,
                denominator: d1,
            },
            Value::Ratio {
                numerator: n2,
                denominator: d2,
            },
        ) => Value::Ratio {
            numerator: n1 + n2,
            denominator: d1 + d2,
        },
        // A measure's values all have one shape (validated), so this never mixes shapes.
        (_, b) => b,
    }
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

    fn value_at(series: &Series, period: &str) -> Option<f64> {
        let i = series.periods.iter().position(|x| *x == p(period))?;
        series.coalition[i].as_ref().map(|v| v.value)
    }

    #[test]
    fn a_flow_measures_year_is_the_sum_of_its_months() {
        let doc = sample::coalition();
        let m = doc.measure(&code("TEEN-VISITS")).unwrap();
        let months = series(&doc, m, Frequency::Monthly);
        let year = series(&doc, m, Frequency::Annual);
        let start = doc.coalition.fiscal_year_start;
        let sum: f64 = months
            .periods
            .iter()
            .zip(&months.coalition)
            .filter(|(p, _)| start.fiscal_year_of(p.first_month(start)) == 2025)
            .map(|(_, v)| v.as_ref().unwrap().value)
            .sum();
        assert_eq!(value_at(&year, "FY2025"), Some(sum));
    }

    #[test]
    fn a_snapshots_year_is_its_last_value() {
        let doc = sample::coalition();
        let m = doc.measure(&code("ABSENT")).unwrap();
        let quarters = series(&doc, m, Frequency::Quarterly);
        let year = series(&doc, m, Frequency::Annual);
        assert_eq!(value_at(&year, "FY2025"), value_at(&quarters, "FY2025-Q4"));
    }

    #[test]
    fn a_running_totals_year_is_its_value_at_year_end() {
        let doc = sample::coalition();
        let m = doc.measure(&code("MENTOR-HOURS")).unwrap();
        let quarters = series(&doc, m, Frequency::Quarterly);
        let year = series(&doc, m, Frequency::Annual);
        assert_eq!(value_at(&year, "FY2025"), value_at(&quarters, "FY2025-Q4"));
        assert!(value_at(&year, "FY2026") > value_at(&year, "FY2025"));
    }

    #[test]
    fn a_series_agrees_with_the_value_of_each_cell() {
        let doc = sample::coalition();
        for m in &doc.measures {
            let s = series(&doc, m, m.frequency);
            for (i, &period) in s.periods.iter().enumerate() {
                assert_eq!(
                    s.coalition[i],
                    crate::rollup::coalition_value(&doc, m, period),
                    "{} {period}",
                    m.code
                );
            }
        }
    }

    #[test]
    fn a_gap_in_reporting_leaves_an_empty_period_in_the_series() {
        let mut doc = sample::coalition();
        let m = doc.measure(&code("CO-DELIVERED")).unwrap().clone();
        doc.record(Observation {
            measure: m.code.clone(),
            period: p("FY2027-Q4"),
            partner: code("SCI"),
            value: Value::Number(5.0),
            note: String::new(),
            entered_by: String::new(),
            entered_at: String::new(),
        })
        .unwrap();
        let s = series(&doc, &m, Frequency::Quarterly);
        assert_eq!(s.periods.last(), Some(&p("FY2027-Q4")));
        assert_eq!(value_at(&s, "FY2027-Q3"), None);
        assert_eq!(s.latest().unwrap().0, p("FY2027-Q4"));
    }

    #[test]
    fn restricting_keeps_only_the_chosen_fiscal_years() {
        let doc = sample::coalition();
        let m = doc.measure(&code("CO-DELIVERED")).unwrap();
        let mut s = series(&doc, m, Frequency::Quarterly);
        s.restrict(Some(2025), Some(2025), doc.coalition.fiscal_year_start);
        assert_eq!(s.periods.len(), 4);
        assert_eq!(s.coalition.len(), 4);
        assert!(s.partners.iter().all(|p| p.values.len() == 4));
        assert_eq!(s.periods[0], p("FY2025-Q1"));
    }
}

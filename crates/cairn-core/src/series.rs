//! A measure's values over time: each reporting partner's and the coalition's, period by period,
//! at the measure's own frequency or aggregated to a coarser one on the fiscal year.
//!
//! The rules are in `docs/numbers.md` ("Over time", "Complete periods"); this module is the one
//! place they are computed.

use std::collections::BTreeMap;

use crate::rollup::{combine, judgeable, CoalitionValue};
use crate::{
    Accumulation, Code, Document, FiscalYearStart, Frequency, Group, Measure, Period, Value,
    ValueType,
};

/// One partner's value in one period, with how many of the measure's own periods inside it were
/// reported (a quarter of a monthly measure expects three).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PeriodValue {
    pub value: Value,
    pub reported: u32,
    pub expected: u32,
    /// Whether the value covers the whole period: every one of its periods reported, or for a
    /// snapshot the last of them.
    pub complete: bool,
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

    /// Whether the period at `index` can be judged (see [`judgeable`]).
    pub fn is_judgeable(&self, measure: &Measure, index: usize) -> bool {
        self.coalition[index]
            .as_ref()
            .is_some_and(|v| judgeable(measure, v))
    }

    /// The index of the period the measure is judged by: the latest period that can be judged
    /// (see [`judgeable`]). A later period still waiting for partners is passed over, so a
    /// partial sum never reads as a fall. `None` when no period can be judged yet.
    pub fn judged_index(&self, measure: &Measure) -> Option<usize> {
        (0..self.periods.len())
            .rev()
            .find(|&i| self.is_judgeable(measure, i))
    }

    /// Whether this series adds up several of the measure's periods into each of its own (a
    /// monthly count shown by year). Its values are totals, which per-period targets and the
    /// straight path do not describe, so they are not judged against them.
    pub fn sums_periods(&self, measure: &Measure) -> bool {
        self.frequency > measure.frequency
            && measure.accumulation == Accumulation::PerPeriod
            && matches!(measure.value_type, ValueType::Count | ValueType::Amount)
    }

    /// Keeps only the periods that end by the end of `last` (a month): the year to date.
    pub fn end_by(&mut self, last: crate::MonthIndex, start: FiscalYearStart) {
        self.retain_periods(|p| p.last_month(start) <= last);
    }

    /// Keeps only the periods that fall in fiscal years `from..=to` (either bound optional).
    pub fn restrict(&mut self, from: Option<i32>, to: Option<i32>, start: FiscalYearStart) {
        self.retain_periods(|p| {
            let fy = start.fiscal_year_of(p.last_month(start));
            from.is_none_or(|f| fy >= f) && to.is_none_or(|t| fy <= t)
        });
    }

    /// Keeps the periods `keep` accepts, with the coalition's and every partner's values.
    fn retain_periods(&mut self, keep: impl Fn(&Period) -> bool) {
        let keep: Vec<bool> = self.periods.iter().map(keep).collect();
        keep_where(&mut self.periods, &keep);
        keep_where(&mut self.coalition, &keep);
        for partner in &mut self.partners {
            keep_where(&mut partner.values, &keep);
        }
    }
}

/// What one partner sent inside one period of the series, gathered in period order.
#[derive(Clone, Copy, Debug, Default)]
struct Gathered {
    reported: u32,
    last: Option<(Period, Value)>,
    sum: f64,
    numerator: f64,
    denominator: f64,
    weighted: f64,
    weight: f64,
}

impl Gathered {
    fn add(&mut self, period: Period, value: Value) {
        self.reported += 1;
        self.last = Some((period, value));
        match value {
            Value::Number(n) => self.sum += n,
            Value::Ratio {
                numerator,
                denominator,
            } => {
                self.numerator += numerator;
                self.denominator += denominator;
            }
            Value::Weighted { mean, weight } => {
                self.weighted += mean * weight;
                self.weight += weight;
            }
        }
    }

    /// The partner's value for the period, by the measure's accumulation: per-period counts
    /// and amounts add up, percents and rates add numerators and denominators, averages take
    /// the mean of their periods (weighted by their weights when entered with them); a snapshot
    /// and a running total take the latest value.
    fn value(&self, measure: &Measure, last: Period, per_slot: u32) -> Option<PeriodValue> {
        let (period, latest) = self.last?;
        let value = match (measure.accumulation, latest) {
            (Accumulation::Snapshot | Accumulation::RunningTotal, v) => v,
            (Accumulation::PerPeriod, Value::Number(_))
                if measure.value_type == ValueType::Average =>
            {
                Value::Number(self.sum / f64::from(self.reported))
            }
            (Accumulation::PerPeriod, Value::Number(_)) => Value::Number(self.sum),
            (Accumulation::PerPeriod, Value::Ratio { .. }) => Value::Ratio {
                numerator: self.numerator,
                denominator: self.denominator,
            },
            (Accumulation::PerPeriod, Value::Weighted { .. }) => Value::Weighted {
                mean: self.weighted / self.weight,
                weight: self.weight,
            },
        };
        let complete = match measure.accumulation {
            Accumulation::Snapshot => period == last,
            _ => self.reported == per_slot,
        };
        Some(PeriodValue {
            value,
            reported: self.reported,
            expected: per_slot,
            complete,
        })
    }
}

/// Returns the series of `measure` at `frequency`, which must be the measure's frequency or a
/// coarser one (a finer one gives the measure's own frequency).
///
/// A partner's value in a period follows the measure's accumulation (see [`Gathered`]), and
/// partners' values combine by the measure's roll-up rule (see [`combine`]). The result does
/// not depend on the order in which observations were recorded.
///
/// It is the series of the measure's totals: for a measure with breakdowns, a partner's total
/// is the one it entered or the one its categories give ([`crate::by_group::cells_of`]).
pub fn series(document: &Document, measure: &Measure, frequency: Frequency) -> Series {
    series_of_group(document, measure, frequency, &Group::total())
}

/// The series of one group of `measure` (see [`series`] for the rules, which are the same for
/// every group; a group's values are found by [`crate::by_group::cells_of`]).
pub fn series_of_group(
    document: &Document,
    measure: &Measure,
    frequency: Frequency,
    group: &Group,
) -> Series {
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
    let mut cells: Vec<(usize, Period, Period, Value)> = Vec::new();
    for observation in crate::by_group::cells_of(document, measure, group) {
        let Some(&partner) = index.get(observation.partner) else {
            continue;
        };
        let slot = if frequency == measure.frequency {
            observation.period
        } else {
            Period::containing(observation.period.first_month(start), frequency, start)
        };
        let value = match measure.accumulation {
            Accumulation::RunningTotal => {
                totals[partner] += measure.display(observation.value);
                Value::Number(totals[partner])
            }
            _ => observation.value,
        };
        cells.push((partner, slot, observation.period, value));
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
    let mut gathered = vec![vec![Gathered::default(); periods.len()]; measure.reporters.len()];
    for (partner, slot, period, value) in cells {
        gathered[partner][position(slot)].add(period, value);
    }
    // The last of the measure's own periods inside each period of the series.
    let ends: Vec<Period> = periods
        .iter()
        .map(|p| Period::containing(p.last_month(start), measure.frequency, start))
        .collect();
    let values: Vec<Vec<Option<PeriodValue>>> = gathered
        .iter()
        .map(|slots| {
            slots
                .iter()
                .zip(&ends)
                .map(|(g, &end)| g.value(measure, end, per_slot))
                .collect()
        })
        .collect();
    let mut row = Vec::with_capacity(measure.reporters.len());
    let coalition = (0..periods.len())
        .map(|i| {
            row.clear();
            row.extend(
                measure
                    .reporters
                    .iter()
                    .zip(&values)
                    .map(|(p, v)| (p, v[i])),
            );
            combine(measure, &row)
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
    fn a_monthly_average_by_quarter_is_the_mean_of_its_months_never_their_sum() {
        let mut doc = sample::coalition();
        let mut m = doc.measures[0].clone();
        m.code = code("WAIT");
        m.value_type = ValueType::Average;
        m.rollup = crate::Rollup::Mean;
        m.accumulation = Accumulation::PerPeriod;
        m.frequency = Frequency::Monthly;
        m.reporters = vec![code("LIB")];
        m.steward = None;
        m.baseline = None;
        m.targets = vec![];
        m.decimals = 1;
        doc.add_measure(m.clone()).unwrap();
        for month in ["2026-07", "2026-08", "2026-09"] {
            doc.record(Observation {
                group: Group::total(),
                measure: m.code.clone(),
                period: p(month),
                partner: code("LIB"),
                value: Value::Number(14.4),
                note: Default::default(),
                entered_by: Default::default(),
                entered_at: Default::default(),
            })
            .unwrap();
        }
        let q = series(&doc, &m, Frequency::Quarterly);
        let v = value_at(&q, "FY2027-Q1").unwrap();
        assert!((v - 14.4).abs() < 1e-9, "{v}");
    }

    #[test]
    fn a_quarter_with_two_of_three_months_is_partial_and_not_counted_as_reported() {
        let doc = sample::coalition();
        let m = doc.measure(&code("TEEN-VISITS")).unwrap();
        let mut trimmed = doc.clone();
        let last = doc.observations.of_measure(&m.code).last().unwrap().clone();
        trimmed.clear(&last.key()).unwrap();
        let q = series(&trimmed, m, Frequency::Quarterly);
        let at = q
            .periods
            .iter()
            .position(|x| {
                *x == Period::containing(
                    last.period.first_month(doc.coalition.fiscal_year_start),
                    Frequency::Quarterly,
                    doc.coalition.fiscal_year_start,
                )
            })
            .unwrap();
        let v = q.coalition[at].as_ref().unwrap();
        assert!(!v.is_complete());
        assert_eq!(v.partial, 1);
        assert!(q.judged_index(m).unwrap() < at);
    }

    #[test]
    fn a_gap_in_reporting_leaves_an_empty_period_in_the_series() {
        let mut doc = sample::coalition();
        let m = doc.measure(&code("CO-DELIVERED")).unwrap().clone();
        doc.record(Observation {
            group: Group::total(),
            measure: m.code.clone(),
            period: p("FY2027-Q4"),
            partner: code("SCI"),
            value: Value::Number(5.0),
            note: Default::default(),
            entered_by: Default::default(),
            entered_at: Default::default(),
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

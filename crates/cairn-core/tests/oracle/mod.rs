//! A second implementation of `docs/numbers.md`, deliberately simple and slow: for every period
//! it looks every cell up again, month by month, and it uses none of the crate's calculation
//! modules (series, rollup, status, summary). The property tests in `figures.rs` check that what
//! users see equals what this computes. Section numbers refer to `docs/numbers.md`.

#![allow(dead_code)]

use cairn_core::review::Stage;
use cairn_core::status::Status;
use cairn_core::{
    Accumulation, CellKey, Code, Document, FiscalYearStart, Frequency, Group, Measure, Observation,
    Period, Polarity, Rollup, Value, ValueType,
};

/// One partner's value in one period (§2, §3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PartnerFigure {
    /// In display units.
    pub shown: f64,
    pub numerator: f64,
    pub denominator: f64,
    pub weight: f64,
    pub complete: bool,
}

/// The coalition's value in one period (§4).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub reporting: usize,
    pub partial: usize,
    pub missing: usize,
    pub judgeable: bool,
    /// For a ratio of sums: the sum of numerators and the sum of denominators.
    pub ratio: Option<(f64, f64)>,
}

/// A measure's figures over time at one frequency.
#[derive(Clone, Debug)]
pub struct Figures {
    pub frequency: Frequency,
    pub periods: Vec<Period>,
    pub coalition: Vec<Option<Figure>>,
    /// Per reporting partner (in the measure's order), per period.
    pub partners: Vec<Vec<Option<PartnerFigure>>>,
}

/// What the measure's card says in numbers (§5, §7 to §11).
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    pub period: Option<Period>,
    pub value: Option<f64>,
    pub status: Status,
    pub progress: Option<f64>,
    pub streak: usize,
    pub change: Option<f64>,
    pub better: Option<bool>,
    pub reporting: usize,
    pub expected: usize,
}

pub fn printed(value: f64, decimals: u8) -> f64 {
    format!("{:.*}", usize::from(decimals), value)
        .parse()
        .unwrap()
}

fn scale(m: &Measure) -> f64 {
    match m.value_type {
        ValueType::Percent => 100.0,
        ValueType::Rate => f64::from(m.rate_per),
        _ => 1.0,
    }
}

/// What the value shows as (§1).
pub fn shown(m: &Measure, value: Value) -> f64 {
    match value {
        Value::Number(n) => n,
        Value::Ratio {
            numerator,
            denominator,
        } => scale(m) * numerator / denominator,
        Value::Weighted { mean, .. } => mean,
    }
}

/// The measure's own periods inside `period`, oldest first.
fn own_periods(m: &Measure, period: Period, start: FiscalYearStart) -> Vec<Period> {
    let mut out: Vec<Period> = Vec::new();
    let mut month = period.first_month(start);
    while month <= period.last_month(start) {
        let own = Period::containing(month, m.frequency, start);
        if out.last() != Some(&own) {
            out.push(own);
        }
        month = month.plus(1);
    }
    out
}

/// §15: whether a value counts. With review on and approved-only counting, only a value whose
/// round's latest step is an approval; found by looking through every review.
pub fn counted(doc: &Document, o: &Observation) -> bool {
    if !doc.coalition.review || doc.coalition.count_unapproved {
        return true;
    }
    doc.reviews.iter().any(|r| {
        r.partner == o.partner
            && r.period == o.period
            && r.steps.last().map(|s| s.stage) == Some(Stage::Approved)
    })
}

/// The observations that count, in cell order.
fn values(doc: &Document) -> impl Iterator<Item = &Observation> {
    doc.observations.iter().filter(|o| counted(doc, o))
}

/// §17: a partner's value of `group` in `period`: the value entered for it; otherwise, where
/// the measure's categories add up, the parts of the first exhaustive breakdown the group does
/// not choose, each found the same way, added up if every one is there.
fn cell(
    doc: &Document,
    m: &Measure,
    partner: &Code,
    period: Period,
    group: &Group,
) -> Option<Value> {
    let key = CellKey {
        group: group.clone(),
        measure: m.code.clone(),
        period,
        partner: partner.clone(),
    };
    if let Some(o) = doc.observations.get(&key) {
        return counted(doc, o).then_some(o.value);
    }
    let adds_up = matches!(
        m.value_type,
        ValueType::Count | ValueType::Amount | ValueType::Percent | ValueType::Rate
    ) || m.rollup == Rollup::WeightedMean;
    if !adds_up {
        return None;
    }
    for b in &m.breakdowns {
        let Some(breakdown) = doc.coalition.breakdown(b) else {
            continue;
        };
        if group.category_of(b).is_some() || !breakdown.exhaustive {
            continue;
        }
        let mut parts = Vec::new();
        for c in &breakdown.categories {
            match cell(doc, m, partner, period, &group.with(b, &c.code).unwrap()) {
                Some(v) => parts.push(v),
                None => break,
            }
        }
        if parts.len() < breakdown.categories.len() {
            continue;
        }
        let (mut n, mut d, mut weighted) = (0.0, 0.0, 0.0);
        for v in &parts {
            match *v {
                Value::Number(x) => n += x,
                Value::Ratio {
                    numerator,
                    denominator,
                } => {
                    n += numerator;
                    d += denominator;
                }
                Value::Weighted { mean, weight } => {
                    weighted += mean * weight;
                    d += weight;
                }
            }
        }
        return Some(match parts[0] {
            Value::Number(_) => Value::Number(n),
            Value::Ratio { .. } => Value::Ratio {
                numerator: n,
                denominator: d,
            },
            Value::Weighted { .. } => Value::Weighted {
                mean: weighted / d,
                weight: d,
            },
        });
    }
    None
}

/// §2 and §3: one partner's value in `period`.
pub fn partner_figure(
    doc: &Document,
    m: &Measure,
    partner: &Code,
    period: Period,
    group: &Group,
) -> Option<PartnerFigure> {
    let start = doc.coalition.fiscal_year_start;
    let own = own_periods(m, period, start);
    let sent: Vec<(Period, Value)> = own
        .iter()
        .filter_map(|&p| Some((p, cell(doc, m, partner, p, group)?)))
        .collect();
    let &(latest_period, latest) = sent.last()?;
    let every = sent.len() == own.len();
    let parts = |v: Value| match v {
        Value::Ratio {
            numerator,
            denominator,
        } => (numerator, denominator, 0.0),
        Value::Weighted { weight, .. } => (0.0, 0.0, weight),
        Value::Number(_) => (0.0, 0.0, 0.0),
    };
    match m.accumulation {
        Accumulation::Snapshot => {
            let (numerator, denominator, weight) = parts(latest);
            Some(PartnerFigure {
                shown: shown(m, latest),
                numerator,
                denominator,
                weight,
                complete: latest_period == *own.last().unwrap(),
            })
        }
        Accumulation::RunningTotal => {
            // Every increment up to the period: each period of the group's own cells, looked
            // up again one by one.
            let mut periods: Vec<Period> = values(doc)
                .filter(|o| o.measure == m.code && &o.partner == partner)
                .map(|o| o.period)
                .filter(|p| *p <= latest_period)
                .collect();
            periods.dedup();
            let mut total = 0.0;
            for p in periods {
                if let Some(v) = cell(doc, m, partner, p, group) {
                    total += shown(m, v);
                }
            }
            Some(PartnerFigure {
                shown: total,
                numerator: 0.0,
                denominator: 0.0,
                weight: 0.0,
                complete: every,
            })
        }
        Accumulation::PerPeriod => {
            let (mut sum, mut n, mut d, mut mw, mut w) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for &(_, v) in &sent {
                match v {
                    Value::Number(x) => sum += x,
                    Value::Ratio {
                        numerator,
                        denominator,
                    } => {
                        n += numerator;
                        d += denominator;
                    }
                    Value::Weighted { mean, weight } => {
                        mw += mean * weight;
                        w += weight;
                    }
                }
            }
            let value = match m.value_type {
                ValueType::Count | ValueType::Amount => sum,
                ValueType::Percent | ValueType::Rate => scale(m) * n / d,
                ValueType::Average if m.rollup == Rollup::WeightedMean => mw / w,
                ValueType::Average => sum / sent.len() as f64,
            };
            Some(PartnerFigure {
                shown: value,
                numerator: n,
                denominator: d,
                weight: w,
                complete: every,
            })
        }
    }
}

/// §6: who stands for the coalition in population data.
pub fn standing(m: &Measure) -> Option<Code> {
    if let Some(steward) = &m.steward {
        return m.reporters.contains(steward).then(|| steward.clone());
    }
    if m.reporters.len() == 1 {
        return Some(m.reporters[0].clone());
    }
    None
}

/// §4 and §5: the coalition's value in `period`.
pub fn figure(doc: &Document, m: &Measure, period: Period, group: &Group) -> Option<Figure> {
    let expected: Vec<Code> = match m.rollup {
        Rollup::None => standing(m).into_iter().collect(),
        _ => m.reporters.clone(),
    };
    let values: Vec<Option<PartnerFigure>> = expected
        .iter()
        .map(|p| partner_figure(doc, m, p, period, group))
        .collect();
    let sent: Vec<PartnerFigure> = values.iter().flatten().copied().collect();
    if sent.is_empty() {
        return None;
    }
    let reporting = sent.iter().filter(|v| v.complete).count();
    let partial = sent.len() - reporting;
    let missing = values.len() - sent.len();
    let mut ratio = None;
    let value = match m.rollup {
        Rollup::Sum => sent.iter().map(|v| v.shown).sum(),
        Rollup::Mean => sent.iter().map(|v| v.shown).sum::<f64>() / sent.len() as f64,
        Rollup::RatioOfSums => {
            let n: f64 = sent.iter().map(|v| v.numerator).sum();
            let d: f64 = sent.iter().map(|v| v.denominator).sum();
            if d <= 0.0 {
                return None;
            }
            ratio = Some((n, d));
            scale(m) * n / d
        }
        Rollup::WeightedMean => {
            let total: f64 = sent.iter().map(|v| v.shown * v.weight).sum();
            let weight: f64 = sent.iter().map(|v| v.weight).sum();
            if weight <= 0.0 {
                return None;
            }
            total / weight
        }
        Rollup::None => sent[0].shown,
    };
    let judgeable = match m.rollup {
        Rollup::Sum | Rollup::None => partial == 0 && missing == 0,
        _ => reporting > 0,
    };
    Some(Figure {
        value,
        reporting,
        partial,
        missing,
        judgeable,
        ratio,
    })
}

/// The measure's figures at `frequency`, from its first period with a value to its last, kept
/// to the fiscal years `from..=to`.
pub fn figures(
    doc: &Document,
    m: &Measure,
    frequency: Frequency,
    from: Option<i32>,
    to: Option<i32>,
) -> Figures {
    figures_until(doc, m, frequency, from, to, None)
}

/// As [`figures`], for one group of the measure (§17), over all its years.
pub fn figures_of_group(
    doc: &Document,
    m: &Measure,
    frequency: Frequency,
    group: &Group,
) -> Figures {
    figures_in(doc, m, frequency, (None, None, None), group)
}

/// As [`figures`], and with `last`, only the periods whose last month is `last` or earlier
/// (a quarterly report's year to date).
pub fn figures_until(
    doc: &Document,
    m: &Measure,
    frequency: Frequency,
    from: Option<i32>,
    to: Option<i32>,
    last: Option<cairn_core::MonthIndex>,
) -> Figures {
    figures_in(doc, m, frequency, (from, to, last), &Group::total())
}

fn figures_in(
    doc: &Document,
    m: &Measure,
    frequency: Frequency,
    (from, to, last): (Option<i32>, Option<i32>, Option<cairn_core::MonthIndex>),
    group: &Group,
) -> Figures {
    let frequency = frequency.max(m.frequency);
    let start = doc.coalition.fiscal_year_start;
    let slots: Vec<Period> = values(doc)
        .filter(|o| o.measure == m.code && m.reporters.contains(&o.partner))
        .filter(|o| cell(doc, m, &o.partner, o.period, group).is_some())
        .map(|o| Period::containing(o.period.first_month(start), frequency, start))
        .collect();
    let mut periods = Vec::new();
    if let (Some(&first), Some(&last)) = (slots.iter().min(), slots.iter().max()) {
        let mut p = first;
        while p <= last {
            periods.push(p);
            p = p.offset(1, start);
        }
    }
    periods.retain(|p| {
        let fy = start.fiscal_year_of(p.last_month(start));
        from.is_none_or(|f| fy >= f)
            && to.is_none_or(|t| fy <= t)
            && last.is_none_or(|l| p.last_month(start) <= l)
    });
    Figures {
        frequency,
        coalition: periods.iter().map(|&p| figure(doc, m, p, group)).collect(),
        partners: m
            .reporters
            .iter()
            .map(|r| {
                periods
                    .iter()
                    .map(|&p| partner_figure(doc, m, r, p, group))
                    .collect()
            })
            .collect(),
        periods,
    }
}

/// §11: totals over a longer period.
pub fn totals(m: &Measure, frequency: Frequency) -> bool {
    frequency > m.frequency
        && m.accumulation == Accumulation::PerPeriod
        && matches!(m.value_type, ValueType::Count | ValueType::Amount)
}

/// How much better `b` is than `a`, the measure's way round, as printed (§9).
fn gain(m: &Measure, a: f64, b: f64) -> f64 {
    let (a, b) = (printed(a, m.decimals), printed(b, m.decimals));
    match m.polarity {
        Polarity::HigherIsBetter => b - a,
        Polarity::LowerIsBetter => a - b,
        Polarity::WithinRange => {
            let r = m.range.unwrap();
            let d = |x: f64| printed((r.low - x).max(x - r.high).max(0.0), m.decimals);
            d(a) - d(b)
        }
    }
}

fn inside(m: &Measure, value: f64) -> bool {
    let r = m.range.unwrap();
    let v = printed(value, m.decimals);
    printed((r.low - v).max(v - r.high).max(0.0), m.decimals) == 0.0
}

/// §7: the status of the printed value `a` at `period`.
fn status(doc: &Document, m: &Measure, period: Period, a: f64) -> Status {
    let tolerance = f64::from(doc.coalition.tolerance_percent) / 100.0;
    let start = doc.coalition.fiscal_year_start;
    if m.polarity == Polarity::WithinRange {
        let r = m.range.unwrap();
        let outside = printed((r.low - a).max(a - r.high).max(0.0), m.decimals);
        return if outside <= 0.0 {
            Status::OnTrack
        } else if outside <= (r.high - r.low) * tolerance + 1e-9 {
            Status::AtRisk
        } else {
            Status::OffTrack
        };
    }
    let (Some(b), Some(t)) = (m.baseline, m.targets.iter().max_by_key(|t| t.period)) else {
        return Status::NotJudged;
    };
    let from = f64::from(b.period.last_month(start).0);
    let to = f64::from(t.period.last_month(start).0);
    let at = f64::from(period.last_month(start).0);
    let fraction = if to > from {
        ((at - from) / (to - from)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let path = printed(b.value + (t.value - b.value) * fraction, m.decimals);
    let length = if t.value == b.value {
        t.value.abs().max(1.0)
    } else {
        (t.value - b.value).abs()
    };
    let sign = if m.polarity == Polarity::HigherIsBetter {
        1.0
    } else {
        -1.0
    };
    let behind = sign * (path - a) / length;
    if behind <= tolerance + 1e-9 {
        Status::OnTrack
    } else if behind <= 2.0 * tolerance + 1e-9 {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// §5 and §7 to §11: the judgement of `figures`.
pub fn judge(doc: &Document, m: &Measure, figures: &Figures) -> Judgement {
    let expected = match m.rollup {
        Rollup::None => usize::from(standing(m).is_some()),
        _ => m.reporters.len(),
    };
    let judged = (0..figures.periods.len())
        .rev()
        .find(|&i| figures.coalition[i].is_some_and(|f| f.judgeable));
    let any_value = figures.coalition.iter().any(Option::is_some);
    let any_partner_value = figures.partners.iter().flatten().any(Option::is_some);
    let nothing = Judgement {
        period: None,
        value: None,
        status: Status::NoData,
        progress: None,
        streak: 0,
        change: None,
        better: None,
        reporting: 0,
        expected,
    };
    if !any_value {
        let status = if any_partner_value {
            Status::NotJudged
        } else {
            Status::NoData
        };
        return Judgement { status, ..nothing };
    }
    let Some(i) = judged else {
        return Judgement {
            status: Status::Waiting,
            ..nothing
        };
    };
    let f = figures.coalition[i].unwrap();
    let period = figures.periods[i];
    let a = printed(f.value, m.decimals);
    let totals = totals(m, figures.frequency);
    let end = m.targets.iter().max_by_key(|t| t.period);
    let nothing_to_judge_against =
        m.polarity != Polarity::WithinRange && (m.baseline.is_none() || end.is_none());
    let status = if totals || nothing_to_judge_against {
        Status::NotJudged
    } else {
        status(doc, m, period, a)
    };
    let judged_status = matches!(status, Status::OnTrack | Status::AtRisk | Status::OffTrack);
    let progress = if !judged_status {
        None
    } else if m.polarity == Polarity::WithinRange {
        m.baseline.and_then(|b| {
            let r = m.range.unwrap();
            let d = |x: f64| {
                let x = printed(x, m.decimals);
                printed((r.low - x).max(x - r.high).max(0.0), m.decimals)
            };
            (d(b.value) > 0.0).then(|| (d(b.value) - d(a)) / d(b.value))
        })
    } else {
        let b = printed(m.baseline.unwrap().value, m.decimals);
        let t = printed(end.unwrap().value, m.decimals);
        (t != b).then(|| (a - b) / (t - b))
    };
    let mut streak = 0;
    let mut k = i;
    while k > 0 {
        let (Some(before), Some(now)) = (figures.coalition[k - 1], figures.coalition[k]) else {
            break;
        };
        if !before.judgeable {
            break;
        }
        let good = gain(m, before.value, now.value) > 0.0
            || (m.polarity == Polarity::WithinRange
                && gain(m, before.value, now.value) == 0.0
                && inside(m, now.value));
        if !good {
            break;
        }
        streak += 1;
        k -= 1;
    }
    let baseline = m.baseline.filter(|_| !totals);
    Judgement {
        period: Some(period),
        value: Some(a),
        status,
        progress,
        streak,
        change: baseline.map(|b| printed(a - printed(b.value, m.decimals), m.decimals)),
        better: baseline.map(|b| gain(m, b.value, a) > 0.0),
        reporting: f.reporting,
        expected: f.reporting + f.partial + f.missing,
    }
}

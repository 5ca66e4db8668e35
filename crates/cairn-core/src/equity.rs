//! Who is better off: a measure's values by group over time, and the gap between the best-off
//! group and the one furthest behind.
//!
//! Every by-group figure (the measure page's chart and table, the dashboard's largest gap, the
//! report card's groups) comes from [`by_group`], which reads each group's series with the same
//! rules as the total ([`crate::series::series_of_group`]). The rules are in `docs/numbers.md`
//! ("Groups" and "Equity gaps").

use crate::measure::format_number;
use crate::rollup::{judgeable, CoalitionValue};
use crate::series::series_of_group;
use crate::status::printed;
use crate::{Breakdown, Document, Frequency, Group, Measure, Period, Polarity, ValueType};

/// One group's line: its coalition value in each period of [`ByGroup::periods`].
#[derive(Clone, Debug, PartialEq)]
pub struct GroupLine {
    pub group: Group,
    pub label: String,
    pub values: Vec<Option<CoalitionValue>>,
}

/// A measure's values by the categories of one breakdown, with the overall value, over the
/// same periods.
#[derive(Clone, Debug, PartialEq)]
pub struct ByGroup {
    pub breakdown: String,
    pub frequency: Frequency,
    /// Consecutive periods, oldest first, covering every group's values and the overall ones.
    pub periods: Vec<Period>,
    pub overall: Vec<Option<CoalitionValue>>,
    /// One line per category, in the breakdown's order.
    pub groups: Vec<GroupLine>,
}

/// The gap in one period: the best-off group, the group furthest behind, and how far apart they
/// are in display units (never negative).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    pub period: Period,
    /// Indexes into [`ByGroup::groups`].
    pub best: usize,
    pub worst: usize,
    pub size: f64,
}

/// How the gap moved between the first period it can be judged in and the latest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GapChange {
    pub first: Gap,
    pub latest: Gap,
}

impl GapChange {
    /// How much the gap closed (positive) or widened (negative), in display units.
    pub fn closed_by(&self) -> f64 {
        self.first.size - self.latest.size
    }
}

/// Whether groups of `measure` can be compared for a gap: percents, rates and averages, whose
/// values describe each group whatever its size, with a direction to be better in. Counts and
/// amounts grow with the size of a group, so a larger group is not better off for counting more;
/// a measure within a range has no best.
pub fn compares_groups(measure: &Measure) -> bool {
    matches!(
        measure.value_type,
        ValueType::Percent | ValueType::Rate | ValueType::Average
    ) && measure.polarity != Polarity::WithinRange
}

/// The values of `measure` by the categories of `breakdown` at `frequency`, with the overall
/// value. A category's value follows [`crate::by_group::cells_of`]: a margin of crossed
/// breakdowns (one age band over all areas) comes from its pairs when the other breakdown is
/// exhaustive.
pub fn by_group(
    document: &Document,
    measure: &Measure,
    breakdown: &Breakdown,
    frequency: Frequency,
) -> ByGroup {
    let start = document.coalition.fiscal_year_start;
    let overall = series_of_group(document, measure, frequency, &Group::total());
    let lines: Vec<(Group, String, crate::series::Series)> = breakdown
        .categories
        .iter()
        .map(|c| {
            let group = Group::one(breakdown.code.clone(), c.code.clone());
            let series = series_of_group(document, measure, frequency, &group);
            (group, c.label.clone(), series)
        })
        .collect();
    let frequency = overall.frequency;
    let all = std::iter::once(&overall).chain(lines.iter().map(|l| &l.2));
    let first = all.clone().filter_map(|s| s.periods.first()).min().copied();
    let last = all.filter_map(|s| s.periods.last()).max().copied();
    let periods: Vec<Period> = match (first, last) {
        (Some(first), Some(last)) => {
            let mut periods = vec![first];
            while let Some(&p) = periods.last().filter(|p| **p < last) {
                periods.push(p.offset(1, start));
            }
            periods
        }
        _ => Vec::new(),
    };
    let align = |series: &crate::series::Series| -> Vec<Option<CoalitionValue>> {
        periods
            .iter()
            .map(|p| {
                let i = series.periods.iter().position(|q| q == p)?;
                series.coalition[i].clone()
            })
            .collect()
    };
    ByGroup {
        breakdown: breakdown.name.clone(),
        frequency,
        overall: align(&overall),
        groups: lines
            .iter()
            .map(|(group, label, series)| GroupLine {
                group: group.clone(),
                label: label.clone(),
                values: align(series),
            })
            .collect(),
        periods,
    }
}

impl ByGroup {
    /// The gap at period `index`: among the groups whose value there can be judged
    /// ([`judgeable`]: a partial sum is never compared), the best-off and the furthest behind
    /// by the measure's direction. `None` for a measure whose groups are not compared
    /// ([`compares_groups`]) or when fewer than two groups can be judged.
    pub fn gap_at(&self, measure: &Measure, index: usize) -> Option<Gap> {
        if !compares_groups(measure) {
            return None;
        }
        let judged: Vec<(usize, f64)> = self
            .groups
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let v = line.values.get(index)?.as_ref()?;
                judgeable(measure, v).then_some((i, v.value))
            })
            .collect();
        if judged.len() < 2 {
            return None;
        }
        let better = |a: f64, b: f64| match measure.polarity {
            Polarity::LowerIsBetter => a < b,
            _ => a > b,
        };
        let (mut best, mut worst) = (judged[0], judged[0]);
        for &(i, v) in &judged[1..] {
            if better(v, best.1) {
                best = (i, v);
            }
            if better(worst.1, v) {
                worst = (i, v);
            }
        }
        Some(Gap {
            period: self.periods[index],
            best: best.0,
            worst: worst.0,
            size: (best.1 - worst.1).abs(),
        })
    }

    /// The gap in every period, aligned with [`ByGroup::periods`].
    pub fn gaps(&self, measure: &Measure) -> Vec<Option<Gap>> {
        (0..self.periods.len())
            .map(|i| self.gap_at(measure, i))
            .collect()
    }

    /// The gap in the first period it can be judged in (the baseline period when it can be
    /// judged there) and in the latest; `None` unless two different periods have one.
    pub fn gap_change(&self, measure: &Measure) -> Option<GapChange> {
        let gaps: Vec<Gap> = self.gaps(measure).into_iter().flatten().collect();
        let baseline = measure.baseline.as_ref().map(|b| b.period);
        let first = gaps
            .iter()
            .find(|g| Some(g.period) == baseline)
            .or(gaps.first())
            .copied()?;
        let latest = *gaps.last()?;
        (latest.period > first.period).then_some(GapChange { first, latest })
    }

    /// How far each group's value at `index` is from the overall value, in display units,
    /// positive when the group is better off; `None` where either cannot be judged.
    pub fn against_overall(&self, measure: &Measure, index: usize) -> Vec<Option<f64>> {
        let overall = self.overall.get(index).and_then(|v| v.as_ref());
        let overall = overall.filter(|v| judgeable(measure, v));
        self.groups
            .iter()
            .map(|line| {
                let v = line.values.get(index)?.as_ref()?;
                let o = overall?;
                let sign = if measure.polarity == Polarity::LowerIsBetter {
                    -1.0
                } else {
                    1.0
                };
                judgeable(measure, v).then_some(sign * (v.value - o.value))
            })
            .collect()
    }

    /// Each group set against the overall value in the latest period where the overall value
    /// and at least one group can be judged, in words, for the measure page: "Against all
    /// (19.2%) in FY2027-Q1: North 6.1 points better off, South 8.5 points behind." A group
    /// within rounding of the overall value is "as all"; a group that cannot be judged there is
    /// left out, and said so. `None` for a measure whose groups are not compared or when no
    /// period has a judged group beside a judged overall value.
    pub fn against_overall_text(&self, measure: &Measure) -> Option<String> {
        if !compares_groups(measure) {
            return None;
        }
        let (index, against) = (0..self.periods.len()).rev().find_map(|i| {
            let against = self.against_overall(measure, i);
            against.iter().any(Option::is_some).then_some((i, against))
        })?;
        let overall = self.overall[index].as_ref()?;
        let mut said = Vec::new();
        let mut left_out = Vec::new();
        for (line, against) in self.groups.iter().zip(against) {
            match against {
                None => left_out.push(line.label.as_str()),
                Some(d) if printed(d, measure.decimals) == 0.0 => {
                    said.push(format!("{} as all", line.label))
                }
                Some(d) if d > 0.0 => said.push(format!(
                    "{} {} better off",
                    line.label,
                    distance_text(measure, d)
                )),
                Some(d) => said.push(format!(
                    "{} {} behind",
                    line.label,
                    distance_text(measure, -d)
                )),
            }
        }
        let mut text = format!(
            "Against all ({}) in {}: {}.",
            measure.format_value(overall.value),
            self.periods[index].code(),
            said.join(", ")
        );
        if !left_out.is_empty() {
            text.push_str(&format!(
                " {} cannot be judged there (missing or partly reported).",
                left_out.join(", ")
            ));
        }
        Some(text)
    }

    /// Each group with a target ([`Measure::group_targets`]) against it, in words, for the
    /// measure page: "South: 27.8% in FY2027-Q1, 7.8 points from its target of 20.0% by
    /// FY2028-Q4." The group's value is its latest that can be judged. A target is met when
    /// the value, as shown, is at it or better by the measure's direction. `None` when no group of this breakdown
    /// has a target.
    pub fn targets_text(&self, measure: &Measure) -> Option<String> {
        if measure.polarity == Polarity::WithinRange {
            return None;
        }
        let said: Vec<String> = self
            .groups
            .iter()
            .filter_map(|line| {
                let target = measure
                    .group_targets
                    .iter()
                    .find(|t| t.group == line.group)?;
                let judged = (0..self.periods.len()).rev().find(|&i| {
                    line.values[i]
                        .as_ref()
                        .is_some_and(|v| judgeable(measure, v))
                });
                let Some(i) = judged else {
                    return Some(format!(
                        "{}: no value that can be judged yet, against its target of {} by {}.",
                        line.label,
                        measure.format_value(target.value),
                        target.period.code()
                    ));
                };
                let period = self.periods[i];
                let value = line.values[i].as_ref()?.value;
                let (v, t) = (
                    printed(value, measure.decimals),
                    printed(target.value, measure.decimals),
                );
                let met = match measure.polarity {
                    Polarity::LowerIsBetter => v <= t,
                    _ => v >= t,
                };
                let against = if met {
                    format!(
                        "its target of {} by {} met",
                        measure.format_value(target.value),
                        target.period.code()
                    )
                } else {
                    let distance = distance_text(measure, (v - t).abs());
                    format!(
                        "{distance} from its target of {} by {}",
                        measure.format_value(target.value),
                        target.period.code()
                    )
                };
                Some(format!(
                    "{}: {} in {}, {against}.",
                    line.label,
                    measure.format_value(value),
                    period.code()
                ))
            })
            .collect();
        (!said.is_empty()).then(|| said.join(" "))
    }

    /// The gap said in words, for the measure page and the dashboard card: "In FY2026 the gap
    /// between South and North was 12.0 points, 3.0 points narrower than in FY2024." `None`
    /// when there is no gap to tell of.
    pub fn gap_text(&self, measure: &Measure) -> Option<String> {
        let latest = self.gaps(measure).into_iter().flatten().next_back()?;
        let mut text = format!(
            "In {} the gap between {} and {} was {}",
            latest.period.code(),
            self.groups[latest.worst].label,
            self.groups[latest.best].label,
            distance_text(measure, latest.size),
        );
        if let Some(change) = self.gap_change(measure) {
            let by = change.closed_by();
            let moved = if printed(by, measure.decimals) == 0.0 {
                format!(", as in {}", change.first.period.code())
            } else if by > 0.0 {
                format!(
                    ", {} narrower than in {}",
                    distance_text(measure, by),
                    change.first.period.code()
                )
            } else {
                format!(
                    ", {} wider than in {}",
                    distance_text(measure, -by),
                    change.first.period.code()
                )
            };
            text.push_str(&moved);
        }
        text.push('.');
        Some(text)
    }
}

/// The largest gap of `measure` across its breakdowns in their latest period with one, said
/// for a dashboard card: "South 27.8% and North 13.2% by area of the county, FY2027-Q1: 14.6
/// points apart." `None` for a measure without breakdowns or whose groups are not compared.
pub fn largest_gap(document: &Document, measure: &Measure) -> Option<String> {
    if !compares_groups(measure) {
        return None;
    }
    let lines = breakdowns_of(document, measure)
        .into_iter()
        .map(|b| by_group(document, measure, b, measure.frequency));
    largest_gap_of(measure, lines)
}

/// The largest gap among `lines` (the measure's values by each of its breakdowns) in their
/// latest period with one, said as [`largest_gap`] says it. `None` if none has a gap.
pub fn largest_gap_of(
    measure: &Measure,
    lines: impl IntoIterator<Item = ByGroup>,
) -> Option<String> {
    let (by, gap) = lines
        .into_iter()
        .filter_map(|by| {
            let gap = by.gaps(measure).into_iter().flatten().next_back()?;
            Some((by, gap))
        })
        .max_by(|a, b| a.1.size.total_cmp(&b.1.size))?;
    let index = by.periods.iter().position(|p| *p == gap.period)?;
    let value = |i: usize| {
        by.groups[i].values[index]
            .as_ref()
            .map_or_else(String::new, |v| measure.format_value(v.value))
    };
    let apart = distance_text(measure, gap.size);
    Some(format!(
        "{} {} and {} {} by {}, {}: {apart} apart.",
        by.groups[gap.worst].label,
        value(gap.worst),
        by.groups[gap.best].label,
        value(gap.best),
        by.breakdown.to_lowercase(),
        gap.period.code(),
    ))
}

/// A distance between two values of `measure` in its display units: points for percents ("4.7
/// points", never "4.7%", which would read as a share), the value's own format otherwise.
pub fn distance_text(measure: &Measure, distance: f64) -> String {
    match measure.value_type {
        ValueType::Percent => format!("{} points", format_number(distance, measure.decimals)),
        _ => measure.format_value(distance),
    }
}

/// The breakdowns of `measure`, as the coalition defines them, in the measure's order.
pub fn breakdowns_of<'a>(document: &'a Document, measure: &Measure) -> Vec<&'a Breakdown> {
    measure
        .breakdowns
        .iter()
        .filter_map(|b| document.coalition.breakdown(b))
        .collect()
}

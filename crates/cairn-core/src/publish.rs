//! Figures by group as they leave the coalition: the funder report's and the public report
//! card's table of a measure by the categories of one breakdown, with small cells hidden and
//! the table audited before anyone may print it (`docs/numbers.md` §17, "Small cells").

use crate::equity::{compares_groups, ByGroup};
use crate::rollup::CoalitionValue;
use crate::suppression::{audit, one_way, suppress, Hidden, Sum};
use crate::{Error, Measure, Period, ValueType};

/// One published figure: the text printed in the cell, and why it is hidden if it is.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedCell {
    pub label: String,
    /// The value as printed ("13.2%", "no data", or the hiding mark "C" or "D").
    pub text: String,
    pub hidden: Option<Hidden>,
}

/// A measure's values by the categories of one breakdown in one period, as published.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTable {
    /// "Chronic absenteeism, grades 9–12 by area of the county, FY2027-Q1".
    pub caption: String,
    pub period: Period,
    /// One row per category, in the breakdown's order, then the overall value.
    pub rows: Vec<PublishedCell>,
    /// The gap between the published groups in this period, in words, if there is one.
    pub gap: Option<String>,
    /// One footnote for each kind of mark the table uses.
    pub footnotes: Vec<String>,
}

/// The counts behind a figure that small-cell hiding looks at: a count's value; a percent's
/// numerator, denominator and those not counted; a rate's numerator and denominator. Amounts,
/// averages and weighted means carry no count of people: none.
pub fn counts_behind(measure: &Measure, value: &CoalitionValue) -> Vec<f64> {
    match (measure.value_type, value.ratio) {
        (ValueType::Count, _) => vec![value.value],
        (ValueType::Percent, Some((n, d))) => vec![n, d, d - n],
        (ValueType::Rate, Some((n, d))) => vec![n, d],
        _ => Vec::new(),
    }
}

/// The published table of `by` (a measure's values by one breakdown) at period `index`, with
/// every figure that rests on 1 to `threshold` people hidden, the further figures that would
/// give one back hidden too (when the categories add up to the total), and a gap sentence
/// among the published groups only.
///
/// Returns [`Error::RecoverableCell`] if the audit finds a hidden figure that the published
/// ones give back: the table must then not be published.
pub fn group_table(
    measure: &Measure,
    by: &ByGroup,
    index: usize,
    exhaustive: bool,
    threshold: u32,
) -> Result<GroupTable, Error> {
    let values: Vec<Option<&CoalitionValue>> = by
        .groups
        .iter()
        .map(|g| g.values.get(index).and_then(|v| v.as_ref()))
        .chain(std::iter::once(
            by.overall.get(index).and_then(|v| v.as_ref()),
        ))
        .collect();
    let counts: Vec<Vec<f64>> = values
        .iter()
        .map(|v| v.map_or_else(Vec::new, |v| counts_behind(measure, v)))
        .collect();
    // A missing figure counts as published: it gives a reader as much as a 0 would.
    let sums: Vec<Sum> = if exhaustive && crate::by_group::categories_add_up(measure) {
        one_way(by.groups.len())
    } else {
        Vec::new()
    };
    let mask = suppress(&counts, &sums, threshold);
    audit(&sums, &mask)?;
    let labels = by
        .groups
        .iter()
        .map(|g| g.label.clone())
        .chain(std::iter::once(format!(
            "All ({})",
            by.breakdown.to_lowercase()
        )));
    let rows: Vec<PublishedCell> = labels
        .zip(&values)
        .zip(&mask)
        .map(|((label, value), hidden)| PublishedCell {
            label,
            text: match (hidden, value) {
                (Some(h), _) => h.code().to_string(),
                (None, Some(v)) => value_text(measure, v),
                (None, None) => "no data".to_string(),
            },
            hidden: *hidden,
        })
        .collect();
    let mut footnotes = Vec::new();
    for kind in [Hidden::Small, Hidden::Complementary] {
        if mask.contains(&Some(kind)) {
            footnotes.push(kind.footnote(threshold));
        }
    }
    let period = by.periods[index];
    Ok(GroupTable {
        caption: format!(
            "{} by {}, {}",
            measure.title,
            by.breakdown.to_lowercase(),
            period.code()
        ),
        period,
        gap: published_gap(measure, by, index, &mask),
        rows,
        footnotes,
    })
}

/// A value as the table prints it, saying when some partners' values are missing from it.
fn value_text(measure: &Measure, value: &CoalitionValue) -> String {
    let text = measure.format_value(value.value);
    if value.is_complete() {
        text
    } else {
        format!(
            "{text} ({} of {} reported)",
            value.reporting,
            value.expected()
        )
    }
}

/// The largest gap of `measure` as its published tables show it, for readers who see published
/// figures only (viewers, when the coalition hides small groups from them): each breakdown's
/// table at the measure's judged period, as [`group_table`] hides it, said as
/// [`crate::equity::largest_gap`] says it. A hidden group is never named; a table the audit
/// refuses gives no gap. `None` when no published table has one.
pub fn largest_published_gap(document: &crate::Document, measure: &Measure) -> Option<String> {
    if !compares_groups(measure) {
        return None;
    }
    let series = crate::series::series(document, measure, measure.frequency);
    let judged = series.judged_index(measure).map(|i| series.periods[i])?;
    let threshold = document.coalition.small_cells;
    let shown = crate::equity::breakdowns_of(document, measure)
        .into_iter()
        .filter_map(|b| {
            let by = crate::equity::by_group(document, measure, b, measure.frequency);
            let index = by.periods.iter().position(|p| *p == judged)?;
            let table = group_table(measure, &by, index, b.exhaustive, threshold).ok()?;
            let mut shown = by;
            for (line, row) in shown.groups.iter_mut().zip(&table.rows) {
                for (i, value) in line.values.iter_mut().enumerate() {
                    if i != index || row.hidden.is_some() {
                        *value = None;
                    }
                }
            }
            Some(shown)
        });
    crate::equity::largest_gap_of(measure, shown)
}

/// The gap at `index` between the groups the table publishes, none hidden.
fn published_gap(
    measure: &Measure,
    by: &ByGroup,
    index: usize,
    mask: &[Option<Hidden>],
) -> Option<String> {
    if !compares_groups(measure) {
        return None;
    }
    let mut shown = by.clone();
    for (line, hidden) in shown.groups.iter_mut().zip(mask) {
        if hidden.is_some() {
            line.values[index] = None;
        }
    }
    let gap = shown.gap_at(measure, index)?;
    let size = crate::equity::distance_text(measure, gap.size);
    Some(format!(
        "In {} the gap between {} and {} was {size}.",
        gap.period.code(),
        shown.groups[gap.worst].label,
        shown.groups[gap.best].label,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equity::by_group;
    use crate::{sample, Code};

    #[test]
    fn the_published_largest_gap_never_names_a_hidden_group() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("ABSENT").unwrap()).unwrap();
        let whole = crate::equity::largest_gap(&doc, m).unwrap();
        let published = largest_published_gap(&doc, m).unwrap();
        assert!(
            !published.contains("Hill villages") && !published.contains("South"),
            "{published}"
        );
        assert!(published.contains("North"), "{published}");
        assert_ne!(whole, published);
    }

    #[test]
    fn hiding_never_changes_a_published_figure() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("ABSENT").unwrap()).unwrap();
        let area = doc
            .coalition
            .breakdown(&Code::parse("AREA").unwrap())
            .unwrap();
        let by = by_group(&doc, m, area, m.frequency);
        for threshold in [0, 3, 10, 40] {
            for index in 0..by.periods.len() {
                let table = group_table(m, &by, index, true, threshold).unwrap();
                let values = by
                    .groups
                    .iter()
                    .map(|g| g.values[index].as_ref())
                    .chain(std::iter::once(by.overall[index].as_ref()));
                for (row, value) in table.rows.iter().zip(values) {
                    match (row.hidden, value) {
                        (None, Some(v)) => assert_eq!(row.text, value_text(m, v)),
                        (None, None) => assert_eq!(row.text, "no data"),
                        (Some(h), _) => assert_eq!(row.text, h.code()),
                    }
                }
                if threshold == 0 {
                    assert!(table.rows.iter().all(|r| r.hidden.is_none()));
                }
            }
        }
    }
}

//! A measure's series as a table: what the chart shows, in numbers, on screen and as CSV.

use crate::csv::{number_field, record, shown_field, text_field};
use crate::rollup::CoalitionValue;
use crate::series::{PeriodValue, Series};
use crate::status::path_value;
use crate::{Document, Measure, Polarity};

/// One table cell: the text shown, and the number behind it (for CSV and sorting).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub number: Option<f64>,
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            number: None,
        }
    }

    fn value(measure: &Measure, value: Option<f64>) -> Cell {
        Cell {
            text: value.map_or(String::new(), |v| measure.format_value(v)),
            number: value,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Per column, whether it holds values rounded for reading with an exact number behind
    /// them (the coalition's value, the path, the target, each partner's value).
    pub rounded: Vec<bool>,
}

impl Table {
    /// The table as CSV for spreadsheets: a column of values holds them as the page prints
    /// them ("48.1%"), followed by the same values in full precision in a column named
    /// "… (exact)"; other numbers in full precision; text neutralised against formulas.
    pub fn to_csv(&self) -> String {
        let rounded = |i: usize| self.rounded.get(i).copied().unwrap_or(false);
        let mut headers = Vec::new();
        for (i, h) in self.headers.iter().enumerate() {
            headers.push(text_field(h));
            if rounded(i) {
                headers.push(text_field(&format!("{h} (exact)")));
            }
        }
        let mut out = record(headers);
        for row in &self.rows {
            let mut fields = Vec::new();
            for (i, c) in row.iter().enumerate() {
                if rounded(i) {
                    fields.push(shown_field(&c.text));
                    fields.push(c.number.map(number_field).unwrap_or_default());
                } else {
                    fields.push(match c.number {
                        Some(n) => number_field(n),
                        None => text_field(&c.text),
                    });
                }
            }
            out.push_str(&record(fields));
        }
        out
    }
}

/// How many columns [`series_table`] has before the partners' (period to target).
const FIXED_COLUMNS: usize = 7;

/// The table of `series`: one row per period with the period, the coalition's value, whether
/// the period is complete, how many partners reported, the straight path (or the range) and
/// the target for the period, then each partner's value (a partial one says how many of its
/// periods are in), and last, for a ratio of sums, the coalition's numerator and denominator
/// (the sums the value is the quotient of). Totals over several periods (see [`Series::sums_periods`]) show no path and
/// no target: per-period ones do not describe them.
pub fn series_table(document: &Document, measure: &Measure, series: &Series) -> Table {
    let start = document.coalition.fiscal_year_start;
    let totals = series.sums_periods(measure);
    let range = measure
        .range
        .filter(|_| measure.polarity == Polarity::WithinRange && !totals);
    let mut headers = vec![
        "Period".to_string(),
        "Months".to_string(),
        format!("Coalition ({})", measure.unit),
        "Complete".to_string(),
        "Partners reporting".to_string(),
        if range.is_some() {
            "Range"
        } else {
            "Straight path"
        }
        .to_string(),
        "Target".to_string(),
    ];
    debug_assert_eq!(headers.len(), FIXED_COLUMNS);
    headers.extend(series.partners.iter().map(|p| {
        document
            .partner(&p.partner)
            .map_or(p.partner.to_string(), |x| x.name.clone())
    }));
    let ratio = measure.rollup == crate::Rollup::RatioOfSums;
    if ratio {
        headers.push("Coalition numerator".to_string());
        headers.push("Coalition denominator".to_string());
    }
    let mut rounded = vec![false, false, true, false, false, range.is_none(), true];
    rounded.extend(series.partners.iter().map(|_| true));
    if ratio {
        rounded.extend([false, false]);
    }
    let rows = series
        .periods
        .iter()
        .enumerate()
        .map(|(i, &period)| {
            let coalition = series.coalition[i].as_ref();
            let path = match range {
                Some(r) => Cell::text(format!(
                    "{} to {}",
                    measure.format_value(r.low),
                    measure.format_value(r.high)
                )),
                None if totals => Cell::text(""),
                None => Cell::value(measure, path_value(measure, period, start)),
            };
            let target = if totals {
                None
            } else {
                measure.target_for(period).map(|t| t.value)
            };
            let mut row = vec![
                Cell::text(period.code()),
                Cell::text(period.label(start)),
                Cell::value(measure, coalition.map(|v| v.value)),
                Cell::text(completeness(coalition)),
                Cell {
                    text: format!(
                        "{} of {}",
                        coalition.map_or(0, |v| v.reporting),
                        coalition.map_or(series.partners.len(), |v| v.expected())
                    ),
                    number: Some(coalition.map_or(0, |v| v.reporting) as f64),
                },
                path,
                Cell::value(measure, target),
            ];
            row.extend(
                series
                    .partners
                    .iter()
                    .map(|p| partner_cell(measure, p.values[i])),
            );
            if ratio {
                let sums = coalition.and_then(|v| v.ratio);
                row.push(plain_number(sums.map(|s| s.0)));
                row.push(plain_number(sums.map(|s| s.1)));
            }
            row
        })
        .collect();
    Table {
        headers,
        rows,
        rounded,
    }
}

/// The table of `series` with the coalition's figures only: [`series_table`] without a column
/// per partner, for what leaves the coalition (a funder report, a public page), where a
/// partner's own values are not shown.
pub fn coalition_table(document: &Document, measure: &Measure, series: &Series) -> Table {
    let mut table = series_table(document, measure, series);
    let partners = FIXED_COLUMNS..FIXED_COLUMNS + series.partners.len();
    table.headers.drain(partners.clone());
    table.rounded.drain(partners.clone());
    for row in &mut table.rows {
        row.drain(partners.clone());
    }
    table
}

/// A measure by the groups of one breakdown ([`crate::equity::ByGroup`]), a row per period:
/// each group's value, the overall value, and the gap when groups are compared. A value some
/// expected partners are missing from says so ("13.2% (1 of 2 reported)").
pub fn group_table(measure: &Measure, by: &crate::equity::ByGroup) -> Table {
    let cell = |v: Option<&CoalitionValue>| match v {
        None => Cell::value(measure, None),
        Some(v) if v.is_complete() => Cell::value(measure, Some(v.value)),
        Some(v) => Cell {
            text: format!(
                "{} ({} of {} reported)",
                measure.format_value(v.value),
                v.reporting,
                v.expected()
            ),
            number: Some(v.value),
        },
    };
    let gaps = by.gaps(measure);
    let compared = crate::equity::compares_groups(measure);
    let mut headers = vec!["Period".to_string()];
    headers.extend(by.groups.iter().map(|g| g.label.clone()));
    headers.push(format!("All ({})", by.breakdown.to_lowercase()));
    if compared {
        headers.push(match measure.value_type {
            crate::ValueType::Percent => "Gap (points)".to_string(),
            _ => "Gap".to_string(),
        });
    }
    let rows = by
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut row = vec![Cell::text(p.code())];
            row.extend(by.groups.iter().map(|g| cell(g.values[i].as_ref())));
            row.push(cell(by.overall[i].as_ref()));
            if compared {
                row.push(match gaps[i] {
                    Some(gap) => Cell {
                        text: crate::measure::format_number(gap.size, measure.decimals),
                        number: Some(gap.size),
                    },
                    None => Cell::text(""),
                });
            }
            row
        })
        .collect();
    let mut rounded = vec![false];
    rounded.extend(std::iter::repeat_n(true, by.groups.len() + 1));
    if compared {
        rounded.push(true);
    }
    Table {
        headers,
        rows,
        rounded,
    }
}

/// A number as it is (a sum of counts), or blank.
fn plain_number(n: Option<f64>) -> Cell {
    Cell {
        text: n.map_or(String::new(), number_field),
        number: n,
    }
}

/// "Yes" for a complete period, otherwise what it still lacks.
fn completeness(value: Option<&CoalitionValue>) -> String {
    match value {
        None => String::new(),
        Some(v) if v.is_complete() => "Yes".to_string(),
        Some(v) if v.partial > 0 => {
            format!("No: {} partly reported, {} missing", v.partial, v.missing)
        }
        Some(v) => format!("No: {} missing", v.missing),
    }
}

fn partner_cell(measure: &Measure, value: Option<PeriodValue>) -> Cell {
    let Some(v) = value else {
        return Cell::value(measure, None);
    };
    let number = measure.display(v.value);
    let text = if v.complete {
        measure.format_value(number)
    } else {
        format!(
            "{} ({} of {} periods)",
            measure.format_value(number),
            v.reported,
            v.expected
        )
    };
    Cell {
        text,
        number: Some(number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::series;
    use crate::{sample, Code};

    #[test]
    fn the_coalition_table_has_no_partner_column_and_the_same_coalition_figures() {
        let doc = sample::coalition();
        for m in &doc.measures {
            let s = series(&doc, m, m.frequency);
            let full = series_table(&doc, m, &s);
            let only = coalition_table(&doc, m, &s);
            assert_eq!(only.headers.len(), full.headers.len() - s.partners.len());
            assert_eq!(only.headers.len(), only.rounded.len());
            for p in &s.partners {
                let name = &doc.partner(&p.partner).unwrap().name;
                assert!(!only.headers.contains(name), "{name}");
            }
            for (a, b) in only.rows.iter().zip(&full.rows) {
                assert_eq!(a[..FIXED_COLUMNS], b[..FIXED_COLUMNS]);
                assert_eq!(a.len(), only.headers.len());
            }
        }
    }

    #[test]
    fn the_table_prints_the_series_values_as_the_measure_formats_them() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("LIB-CARD").unwrap()).unwrap();
        let t = series_table(&doc, m, &series(&doc, m, m.frequency));
        assert_eq!(t.rows.len(), 3);
        let last = t.rows.last().unwrap();
        assert_eq!(last[0].text, "FY2026");
        assert_eq!(last[2].text, "48.1%");
        assert_eq!(last[3].text, "Yes");
        assert_eq!(last[4].text, "1 of 1");
        assert_eq!(last[6].text, "50.0%");
        assert_eq!(t.headers[7], "Riverside County Public Library");
    }

    #[test]
    fn the_csv_has_a_header_and_one_line_per_period_with_full_precision() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("LIB-CARD").unwrap()).unwrap();
        let csv = series_table(&doc, m, &series(&doc, m, m.frequency)).to_csv();
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("Period,Months,Coalition (% of teens)"));
        assert!(
            lines[0].starts_with(
                "Period,Months,Coalition (% of teens),Coalition (% of teens) (exact),"
            ),
            "{}",
            lines[0]
        );
        assert!(
            lines[3].starts_with("FY2026,Jul 2025–Jun 2026,48.1%,48.137")
                && lines[3].contains(",Yes,1,"),
            "{}",
            lines[3]
        );
        assert!(lines[0].ends_with(",Coalition numerator,Coalition denominator"));
    }
}

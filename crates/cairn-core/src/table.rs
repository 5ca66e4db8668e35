//! A measure's series as a table: what the chart shows, in numbers, on screen and as CSV.

use crate::csv::{number_field, record, text_field};
use crate::series::Series;
use crate::status::path_value;
use crate::{Document, Measure};

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
}

impl Table {
    /// The table as CSV: numbers in full precision, text neutralised against formulas.
    pub fn to_csv(&self) -> String {
        let mut out = record(self.headers.iter().map(|h| text_field(h)));
        for row in &self.rows {
            out.push_str(&record(row.iter().map(|c| match c.number {
                Some(n) => number_field(n),
                None => text_field(&c.text),
            })));
        }
        out
    }
}

/// The table of `series`: one row per period with the period, the coalition's value, how many
/// partners reported, the straight path, the target for the period, then each partner's value.
pub fn series_table(document: &Document, measure: &Measure, series: &Series) -> Table {
    let start = document.coalition.fiscal_year_start;
    let mut headers = vec![
        "Period".to_string(),
        "Months".to_string(),
        format!("Coalition ({})", measure.unit),
        "Partners reporting".to_string(),
        "Straight path".to_string(),
        "Target".to_string(),
    ];
    headers.extend(series.partners.iter().map(|p| {
        document
            .partner(&p.partner)
            .map_or(p.partner.to_string(), |x| x.name.clone())
    }));
    let rows = series
        .periods
        .iter()
        .enumerate()
        .map(|(i, &period)| {
            let coalition = series.coalition[i].as_ref();
            let mut row = vec![
                Cell::text(period.code()),
                Cell::text(period.label(start)),
                Cell::value(measure, coalition.map(|v| v.value)),
                Cell {
                    text: format!(
                        "{} of {}",
                        coalition.map_or(0, |v| v.reporting),
                        series.partners.len()
                    ),
                    number: Some(coalition.map_or(0, |v| v.reporting) as f64),
                },
                Cell::value(measure, path_value(measure, period, start)),
                Cell::value(measure, measure.target_for(period).map(|t| t.value)),
            ];
            row.extend(
                series
                    .partners
                    .iter()
                    .map(|p| Cell::value(measure, p.values[i].map(|v| v.value.display()))),
            );
            row
        })
        .collect();
    Table { headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::series;
    use crate::{sample, Code};

    #[test]
    fn the_table_prints_the_series_values_as_the_measure_formats_them() {
        let doc = sample::coalition();
        let m = doc.measure(&Code::parse("LIB-CARD").unwrap()).unwrap();
        let t = series_table(&doc, m, &series(&doc, m, m.frequency));
        assert_eq!(t.rows.len(), 3);
        let last = t.rows.last().unwrap();
        assert_eq!(last[0].text, "FY2026");
        assert_eq!(last[2].text, "48.1%");
        assert_eq!(last[3].text, "1 of 1");
        assert_eq!(last[5].text, "50.0%");
        assert_eq!(t.headers[6], "Riverside County Public Library");
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
            lines[3].starts_with("FY2026,Jul 2025–Jun 2026,48.1"),
            "{}",
            lines[3]
        );
    }
}

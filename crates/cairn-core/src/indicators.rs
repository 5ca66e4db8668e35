//! The indicator table of a report to a funder or a board: one row per measure with its
//! baseline, target, actual value, status and an explanation taken from the story behind the
//! curve. Federal progress reports (SF-PPR-B) and most foundations ask for this shape. Every
//! figure is the dashboard's (`crate::dashboard`), so the report never computes a number a
//! second way.

use crate::dashboard::{Dashboard, Row};
use crate::status::Status;
use crate::{Document, Measure, Period, Story};

/// One measure's line in the indicator table, as it is printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The index of the measure in the document.
    pub measure: usize,
    /// "41.0% (FY2024)", or "None set".
    pub baseline: String,
    /// The target for the period of the actual value if the measure has one, else the end
    /// target and when it is due: "50.0% (FY2026)", "60.0% by FY2028", or "None set".
    pub target: String,
    /// The latest value in the report's years and its period, "48.1% (FY2026)", or "No data".
    pub actual: String,
    pub status: Status,
    /// What happened, from the story told for the actual value's period; else from the latest
    /// story told in the report's years; else empty.
    pub explanation: String,
}

/// The indicator table for the rows of `dashboard` (computed with the report's filter), in the
/// dashboard's order.
pub fn indicators(document: &Document, dashboard: &Dashboard) -> Vec<Indicator> {
    dashboard
        .rows
        .iter()
        .map(|row| indicator(document, row))
        .collect()
}

fn indicator(document: &Document, row: &Row) -> Indicator {
    let measure = &document.measures[row.measure];
    let summary = &row.summary;
    let baseline = measure.baseline.map_or("None set".to_string(), |b| {
        format!("{} ({})", measure.format_value(b.value), b.period)
    });
    let actual = match (summary.period, summary.value) {
        (Some(period), Some(value)) => format!("{} ({period})", measure.format_value(value)),
        _ => "No data".to_string(),
    };
    Indicator {
        measure: row.measure,
        baseline,
        target: target_text(measure, summary.period),
        actual,
        status: summary.status,
        explanation: explanation(document, row),
    }
}

/// The target, and, for targets that were changed, since when they are in force and why, so
/// a funder reading the table knows which target a figure is judged against.
fn target_text(measure: &Measure, period: Option<Period>) -> String {
    let target = match period.and_then(|p| measure.target_for(p)) {
        Some(t) => format!("{} ({})", measure.format_value(t.value), t.period),
        None => measure.end_target().map_or("None set".to_string(), |t| {
            format!("{} by {}", measure.format_value(t.value), t.period)
        }),
    };
    match crate::measure::targets_in_force_note(measure) {
        Some(note) if measure.end_target().is_some() => format!("{target}; {note}"),
        _ => target,
    }
}

fn explanation(document: &Document, row: &Row) -> String {
    story_behind(document, row).map_or(String::new(), |s| s.what_happened.clone())
}

/// The story behind the curve of a dashboard row: the one told for the period of its latest
/// value; else the latest told for a period ending within the row's years; else none. The
/// indicator table explains the row with it, and a report prints it.
pub fn story_behind<'a>(document: &'a Document, row: &Row) -> Option<&'a Story> {
    let measure = &document.measures[row.measure].code;
    let start = document.coalition.fiscal_year_start;
    let of_period = row.summary.period.and_then(|p| {
        document
            .stories
            .iter()
            .find(|s| &s.measure == measure && s.period == p)
    });
    let in_years = || {
        let first = row.series.periods.first()?.first_month(start);
        let last = row.series.periods.last()?.last_month(start);
        document.latest_story_ending_in(measure, first, last)
    };
    of_period.or_else(in_years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{dashboard, Filter};
    use crate::{sample, Code, Story};

    fn row_of<'a>(doc: &Document, table: &'a [Indicator], code: &str) -> &'a Indicator {
        table
            .iter()
            .find(|i| doc.measures[i.measure].code.as_str() == code)
            .unwrap()
    }

    #[test]
    fn each_row_prints_baseline_target_actual_and_status_as_the_dashboard_does() {
        let doc = sample::coalition();
        let d = dashboard(&doc, &Filter::default());
        let table = indicators(&doc, &d);
        assert_eq!(table.len(), d.rows.len());
        let cards = row_of(&doc, &table, "LIB-CARD");
        assert_eq!(cards.baseline, "41.0% (FY2024)");
        assert_eq!(cards.actual, "48.1% (FY2026)");
        assert_eq!(cards.target, "50.0% (FY2026)");
        let row = d
            .rows
            .iter()
            .find(|r| doc.measures[r.measure].code.as_str() == "LIB-CARD")
            .unwrap();
        assert_eq!(cards.status, row.summary.status);
    }

    #[test]
    fn a_changed_target_is_named_with_since_when_and_why_it_is_in_force() {
        let mut doc = sample::coalition();
        let m = doc
            .measures
            .iter_mut()
            .find(|m| m.code.as_str() == "LIB-CARD")
            .unwrap();
        let before = m.clone();
        m.targets.iter_mut().for_each(|t| t.value += 5.0);
        let day = crate::Date::parse("2026-12-02").unwrap();
        m.keep_earlier_version(&before, "Two new branches", day)
            .unwrap();
        let table = indicators(&doc, &dashboard(&doc, &Filter::default()));
        assert_eq!(
            row_of(&doc, &table, "LIB-CARD").target,
            "55.0% (FY2026); in force since 2026-12-02: Two new branches"
        );
    }

    #[test]
    fn a_measure_without_a_target_for_its_period_names_its_end_target() {
        let mut doc = sample::coalition();
        let code = Code::parse("LIB-CARD").unwrap();
        let m = doc.measures.iter_mut().find(|m| m.code == code).unwrap();
        m.targets
            .retain(|t| t.period != Period::Year { fiscal_year: 2026 });
        let table = indicators(&doc, &dashboard(&doc, &Filter::default()));
        assert_eq!(row_of(&doc, &table, "LIB-CARD").target, "60.0% by FY2028");
    }

    #[test]
    fn the_explanation_is_the_story_of_the_actual_values_period_else_the_latest_in_the_years() {
        let mut doc = sample::coalition();
        let code = Code::parse("LIB-CARD").unwrap();
        doc.stories.retain(|s| s.measure != code);
        let story = |fiscal_year, text: &str| Story {
            measure: code.clone(),
            period: Period::Year { fiscal_year },
            what_happened: text.to_string(),
            partners: Vec::new(),
            what_works: String::new(),
            next_steps: String::new(),
        };
        let explain = |doc: &Document, filter: Filter| {
            let table = indicators(doc, &dashboard(doc, &filter));
            row_of(doc, &table, "LIB-CARD").explanation.clone()
        };
        assert_eq!(explain(&doc, Filter::default()), "");
        doc.stories
            .push(story(2025, "Sign-up week reached every school."));
        assert_eq!(
            explain(&doc, Filter::default()),
            "Sign-up week reached every school."
        );
        doc.stories
            .push(story(2026, "Card use rose after the fines ended."));
        assert_eq!(
            explain(&doc, Filter::default()),
            "Card use rose after the fines ended."
        );
        // A report on FY2025 tells FY2025's story, not a later one.
        let fy2025 = Filter {
            to: Some(2025),
            ..Filter::default()
        };
        assert_eq!(explain(&doc, fy2025), "Sign-up week reached every school.");
    }
}

//! The dashboard: the measures a filter selects, each with its series and summary, and the goal
//! summary over them. The app, the benchmarks and any export compute it here.

use crate::goal::{goal_summary, GoalSummary};
use crate::series::{series, Series};
use crate::summary::{summarize, MeasureSummary};
use crate::{Code, Document};

/// Which measures and years the dashboard shows. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only measures linked to this strategy.
    pub strategy: Option<Code>,
    /// Only measures this partner reports.
    pub partner: Option<Code>,
    /// Only periods in fiscal years from this one.
    pub from: Option<i32>,
    /// Only periods in fiscal years up to this one; the latest value is the latest by then.
    pub to: Option<i32>,
    /// Only key measures, as the dashboard shows them.
    pub key_only: bool,
    /// With `to`: only periods ending by the end of this quarter (1 to 4) of fiscal year `to`,
    /// the year to date, as a quarterly report covers it. A year still under way is left out.
    pub through: Option<u8>,
    /// Only these measures (a report's chosen ones), still in the document's order; codes no
    /// longer defined select nothing.
    pub only: Option<Vec<Code>>,
}

impl Filter {
    /// The last month the filter keeps, when it stops at a quarter ([`Filter::through`]).
    pub fn last_month(&self, start: crate::FiscalYearStart) -> Option<crate::MonthIndex> {
        let (to, quarter) = (self.to?, self.through?);
        Some(
            start
                .first_month_of(to)
                .plus(3 * i32::from(quarter.clamp(1, 4)) - 1),
        )
    }

    /// The filter in words, for a printout's heading: "Key measures · Strategy: Early literacy
    /// · All partners · FY2024 to the latest". Codes no longer in `document` are named by code.
    pub fn describe(&self, document: &Document) -> String {
        let strategy = match &self.strategy {
            Some(code) => format!(
                "Strategy: {}",
                document
                    .coalition
                    .strategy(code)
                    .map_or(code.as_str(), |s| s.name.as_str())
            ),
            None => "All strategies".to_string(),
        };
        let partner = match &self.partner {
            Some(code) => format!(
                "Partner: {}",
                document
                    .partner(code)
                    .map_or(code.as_str(), |p| p.name.as_str())
            ),
            None => "All partners".to_string(),
        };
        let years = match (self.from, self.to) {
            (None, None) => "Every year".to_string(),
            (Some(from), None) => format!("FY{from} to the latest"),
            (None, Some(to)) => format!("From the start to FY{to}"),
            (Some(from), Some(to)) if from == to => format!("FY{from}"),
            (Some(from), Some(to)) => format!("FY{from} to FY{to}"),
        };
        let years = match (self.through, self.to) {
            (Some(q), Some(_)) => format!("{years} through Q{q}"),
            _ => years,
        };
        let measures = match (&self.only, self.key_only) {
            (Some(chosen), _) => format!("{} chosen measures", chosen.len()),
            (None, true) => "Key measures".to_string(),
            (None, false) => "Every measure".to_string(),
        };
        [measures, strategy, partner, years].join(" · ")
    }
}

/// One measure on the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The index of the measure in the document.
    pub measure: usize,
    pub series: Series,
    pub summary: MeasureSummary,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub rows: Vec<Row>,
    pub goal: GoalSummary,
}

/// Computes the dashboard for the measures `filter` selects, at each measure's own frequency.
pub fn dashboard(document: &Document, filter: &Filter) -> Dashboard {
    let start = document.coalition.fiscal_year_start;
    let rows: Vec<Row> = document
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            filter
                .strategy
                .as_ref()
                .is_none_or(|s| m.strategies.contains(s))
        })
        .filter(|(_, m)| {
            filter
                .partner
                .as_ref()
                .is_none_or(|p| m.reporters.contains(p))
        })
        // A closed measure's values stay on its page and in exports; the dashboard shows the
        // measure that continues it.
        .filter(|(_, m)| m.is_open())
        .filter(|(_, m)| m.key || !filter.key_only)
        .filter(|(_, m)| filter.only.as_ref().is_none_or(|o| o.contains(&m.code)))
        .map(|(i, m)| {
            let mut s = series(document, m, m.frequency);
            if filter.from.is_some() || filter.to.is_some() {
                s.restrict(filter.from, filter.to, start);
            }
            if let Some(last) = filter.last_month(start) {
                s.end_by(last, start);
            }
            let summary = summarize(document, m, &s);
            Row {
                measure: i,
                series: s,
                summary,
            }
        })
        .collect();
    let pairs: Vec<_> = rows
        .iter()
        .map(|r| (&document.measures[r.measure], &r.summary))
        .collect();
    let goal = goal_summary(document, &pairs);
    Dashboard { rows, goal }
}

/// The fiscal years from the first with a value to the last with one, oldest first: the
/// years a filter or a report can choose.
pub fn years_with_data(document: &Document) -> Vec<i32> {
    let start = document.coalition.fiscal_year_start;
    let fiscal_year = |p: crate::Period| start.fiscal_year_of(p.last_month(start));
    let spans: Vec<_> = document
        .measures
        .iter()
        .filter_map(|m| document.observations.span(&m.code))
        .collect();
    let first = spans.iter().map(|s| fiscal_year(s.0)).min();
    let last = spans.iter().map(|s| fiscal_year(s.1)).max();
    match (first, last) {
        (Some(first), Some(last)) => (first..=last).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn the_strategy_filter_keeps_linked_measures_only() {
        let doc = sample::coalition();
        let filter = Filter {
            strategy: Some(Code::parse("SKILLS").unwrap()),
            ..Filter::default()
        };
        let d = dashboard(&doc, &filter);
        let codes: Vec<_> = d
            .rows
            .iter()
            .map(|r| doc.measures[r.measure].code.as_str())
            .collect();
        assert_eq!(codes, vec!["NEW-SKILL"]);
    }

    #[test]
    fn the_partner_filter_keeps_measures_the_partner_reports() {
        let doc = sample::coalition();
        let filter = Filter {
            partner: Some(Code::parse("HS-EAST").unwrap()),
            ..Filter::default()
        };
        let d = dashboard(&doc, &filter);
        assert_eq!(d.rows.len(), 1);
        assert_eq!(doc.measures[d.rows[0].measure].code.as_str(), "ABSENT");
    }

    #[test]
    fn the_filter_in_words_names_strategy_partner_and_years() {
        let doc = sample::coalition();
        assert_eq!(
            Filter::default().describe(&doc),
            "Every measure · All strategies · All partners · Every year"
        );
        let filter = Filter {
            strategy: Some(Code::parse("SKILLS").unwrap()),
            partner: Some(Code::parse("HS-EAST").unwrap()),
            from: Some(2024),
            to: Some(2025),
            key_only: true,
            through: None,
            only: None,
        };
        let text = filter.describe(&doc);
        let strategy = &doc
            .coalition
            .strategy(&Code::parse("SKILLS").unwrap())
            .unwrap()
            .name;
        let partner = &doc.partner(&Code::parse("HS-EAST").unwrap()).unwrap().name;
        assert_eq!(
            text,
            format!("Key measures · Strategy: {strategy} · Partner: {partner} · FY2024 to FY2025")
        );
        let gone = Filter {
            strategy: Some(Code::parse("GONE").unwrap()),
            to: Some(2025),
            ..Filter::default()
        };
        assert!(gone.describe(&doc).contains("Strategy: GONE"));
        assert!(gone.describe(&doc).ends_with("From the start to FY2025"));
    }

    #[test]
    fn a_time_range_moves_the_latest_value_back() {
        let doc = sample::coalition();
        let filter = Filter {
            to: Some(2025),
            ..Filter::default()
        };
        let d = dashboard(&doc, &filter);
        let cards = d
            .rows
            .iter()
            .find(|r| doc.measures[r.measure].code.as_str() == "LIB-CARD")
            .unwrap();
        assert_eq!(
            cards.summary.period,
            Some(crate::Period::Year { fiscal_year: 2025 })
        );
    }
}

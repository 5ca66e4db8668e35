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
        .filter(|(_, m)| m.key || !filter.key_only)
        .map(|(i, m)| {
            let mut s = series(document, m, m.frequency);
            if filter.from.is_some() || filter.to.is_some() {
                s.restrict(filter.from, filter.to, start);
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

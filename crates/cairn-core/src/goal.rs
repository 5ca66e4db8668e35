//! The goal summary: how many key measures are on track and better than their baseline, for
//! each strategy and for the whole common goal.

use crate::status::Status;
use crate::summary::MeasureSummary;
use crate::{Code, Document, Measure};

/// Counts over a set of key measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub measures: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    /// Measures with values but no period complete enough to judge.
    pub waiting: usize,
    /// Measures with values but nothing to judge them against.
    pub not_judged: usize,
    pub no_data: usize,
    pub better_than_baseline: usize,
}

impl Tally {
    fn add(&mut self, summary: &MeasureSummary) {
        self.measures += 1;
        match summary.status {
            Status::OnTrack => self.on_track += 1,
            Status::AtRisk => self.at_risk += 1,
            Status::OffTrack => self.off_track += 1,
            Status::Waiting => self.waiting += 1,
            Status::NotJudged => self.not_judged += 1,
            Status::NoData => self.no_data += 1,
        }
        if summary.better_than_baseline == Some(true) {
            self.better_than_baseline += 1;
        }
    }

    /// The tally in words, as the dashboard prints it: measures waiting for data or not judged
    /// are named, so that "2 of 4 on track" never hides why the other two are not counted.
    pub fn text(&self) -> String {
        if self.measures == 0 {
            return "No key measures.".to_string();
        }
        let mut parts = vec![format!(
            "{} of {} key measures on track",
            self.on_track, self.measures
        )];
        if self.waiting > 0 {
            parts.push(format!("{} waiting for data", self.waiting));
        }
        if self.not_judged > 0 {
            parts.push(format!("{} not judged", self.not_judged));
        }
        parts.push(format!(
            "{} better than baseline",
            self.better_than_baseline
        ));
        parts.join(" · ")
    }

    /// The share of measures on track, or `None` when there are none.
    pub fn share_on_track(&self) -> Option<f64> {
        (self.measures > 0).then(|| self.on_track as f64 / self.measures as f64)
    }

    /// The share of measures better than their baseline, or `None` when there are none.
    pub fn share_better(&self) -> Option<f64> {
        (self.measures > 0).then(|| self.better_than_baseline as f64 / self.measures as f64)
    }
}

/// The goal summary over key measures: the whole goal, then each strategy in the coalition's
/// order (a measure linked to two strategies counts in both).
#[derive(Clone, Debug, PartialEq)]
pub struct GoalSummary {
    pub overall: Tally,
    pub strategies: Vec<(Code, Tally)>,
}

/// Summarises the `key` measures among `summaries` (pairs of measure and its summary).
pub fn goal_summary(document: &Document, summaries: &[(&Measure, &MeasureSummary)]) -> GoalSummary {
    let mut overall = Tally::default();
    let mut strategies: Vec<(Code, Tally)> = document
        .coalition
        .strategies
        .iter()
        .map(|s| (s.code.clone(), Tally::default()))
        .collect();
    for (measure, summary) in summaries.iter().filter(|(m, _)| m.key) {
        overall.add(summary);
        for (code, tally) in &mut strategies {
            if measure.strategies.contains(code) {
                tally.add(summary);
            }
        }
    }
    GoalSummary {
        overall,
        strategies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::series::series;
    use crate::summary::summarize;

    #[test]
    fn the_sample_goal_counts_only_key_measures_per_strategy() {
        let doc = sample::coalition();
        let summaries: Vec<MeasureSummary> = doc
            .measures
            .iter()
            .map(|m| summarize(&doc, m, &series(&doc, m, m.frequency)))
            .collect();
        let pairs: Vec<_> = doc.measures.iter().zip(&summaries).collect();
        let goal = goal_summary(&doc, &pairs);
        assert_eq!(goal.overall.measures, 4);
        let sum = goal.overall.on_track
            + goal.overall.at_risk
            + goal.overall.off_track
            + goal.overall.waiting
            + goal.overall.not_judged
            + goal.overall.no_data;
        assert_eq!(sum, 4);
        let access = &goal.strategies[0];
        assert_eq!(access.0.as_str(), "ACCESS");
        // LIB-CARD and CO-DELIVERED are key and linked to ACCESS; TEEN-VISITS is not key.
        assert_eq!(access.1.measures, 2);
        assert_eq!(Tally::default().share_on_track(), None);
    }
}

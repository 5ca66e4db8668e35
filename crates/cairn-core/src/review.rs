//! Review: a partner's values for one period count once the backbone has approved them.
//!
//! A **round** is one partner's values for one period (the period of the values themselves, so
//! a partner's March values and its FY2026-Q1 values are two rounds). It moves through
//! [`Stage::Draft`] → [`Stage::Submitted`] → [`Stage::Approved`], or from submitted (or
//! approved) to [`Stage::Returned`] with a comment saying what to fix, after which the partner
//! edits and submits again. Every step is kept, with who took it and when: the server signs
//! each step with the member's name and its own clock, as it signs values.
//!
//! The rules, all here so the server, the grid and the review screen apply the same ones:
//! - who may take a step: [`Stage::taken_by_backbone`] (approve and return are for backbone
//!   administrators; submit and withdraw for the partner's editors too), checked by
//!   [`crate::access::Grant::check`];
//! - which steps follow which, and that history is only ever added to: [`check`];
//! - that a submitted or approved round's values stay as they were reviewed: [`check`] and
//!   [`why_frozen`];
//! - which values count in the figures: [`Document::counts`].

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::sync::{Path, Record};
use crate::{Code, Document, Error, Observation, Period};

/// Where a round stands. A round with values and no review yet is a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Being entered: the partner's editors may change it.
    Draft,
    /// Sent for review: no one changes its values until it is approved or returned.
    Submitted,
    /// Checked by the backbone: its values count in approved-only figures.
    Approved,
    /// Sent back with a comment: the partner fixes it and submits again.
    Returned,
}

impl Stage {
    /// The stage as members read it, in lower case.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::Approved => "approved",
            Stage::Returned => "returned",
        }
    }

    /// The stage named `text` as [`Stage::label`] writes it, if it is one.
    pub fn parse(text: &str) -> Option<Stage> {
        [
            Stage::Draft,
            Stage::Submitted,
            Stage::Approved,
            Stage::Returned,
        ]
        .into_iter()
        .find(|s| s.label() == text)
    }

    /// Whether only a backbone administrator may move a round to this stage.
    pub fn taken_by_backbone(self) -> bool {
        matches!(self, Stage::Approved | Stage::Returned)
    }

    /// Whether a round may move from `self` to `next`: submit a draft or a returned round,
    /// withdraw a submitted one to draft, approve or return a submitted one, return an
    /// approved one (to reopen it).
    pub fn may_move_to(self, next: Stage) -> bool {
        use Stage::*;
        matches!(
            (self, next),
            (Draft | Returned, Submitted)
                | (Submitted, Draft | Approved | Returned)
                | (Approved, Returned)
        )
    }

    /// Whether the round's values are frozen: submitted or approved.
    pub fn freezes(self) -> bool {
        matches!(self, Stage::Submitted | Stage::Approved)
    }
}

/// One step of a round's review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub stage: Stage,
    /// Who took the step (the member's name; the server writes it).
    pub by: String,
    /// When, RFC 3339 in UTC (the server's clock).
    pub at: String,
    /// Why: required when returning a round, optional otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// The review of one partner's values for one period: every step taken, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub partner: Code,
    pub period: Period,
    /// Never empty; the last step is where the round stands.
    pub steps: Vec<Step>,
}

/// The longest comment kept, and the most steps one round keeps.
const LONGEST_COMMENT: usize = 2000;
const MOST_STEPS: usize = 500;

impl Review {
    /// Where the round stands.
    pub fn stage(&self) -> Stage {
        self.steps.last().map_or(Stage::Draft, |s| s.stage)
    }

    /// The round with one more step: moving it to `stage` with `comment`, signed `by` at `at`
    /// (the server signs it again with its own name and clock).
    pub fn then(&self, stage: Stage, comment: &str, by: &str, at: &str) -> Review {
        let mut next = self.clone();
        next.steps.push(Step {
            stage,
            by: by.to_string(),
            at: at.to_string(),
            comment: comment.trim().to_string(),
        });
        next
    }

    /// A round with no steps yet, to take its first one with [`Review::then`].
    pub fn new(partner: Code, period: Period) -> Review {
        Review {
            partner,
            period,
            steps: Vec::new(),
        }
    }

    /// Returns `Ok` if and only if the review has 1 to 500 steps, every return says why, and
    /// comments fit.
    pub fn validate(&self) -> Result<(), Error> {
        if self.steps.is_empty() || self.steps.len() > MOST_STEPS {
            return Err(Error::ReviewSteps);
        }
        for step in &self.steps {
            if step.stage == Stage::Returned && step.comment.trim().is_empty() {
                return Err(Error::ReturnNeedsComment);
            }
            if step.comment.chars().count() > LONGEST_COMMENT {
                return Err(Error::TooLong {
                    field: "A review comment",
                    max: LONGEST_COMMENT,
                });
            }
        }
        Ok(())
    }
}

impl Document {
    /// The review of `partner`'s values for `period`, if one was started.
    pub fn review(&self, partner: &Code, period: Period) -> Option<&Review> {
        self.reviews
            .binary_search_by(|r| (&r.partner, r.period).cmp(&(partner, period)))
            .ok()
            .map(|i| &self.reviews[i])
    }

    /// Where `partner`'s values for `period` stand: a draft until someone submits them.
    pub fn stage(&self, partner: &Code, period: Period) -> Stage {
        self.review(partner, period)
            .map_or(Stage::Draft, Review::stage)
    }

    /// Whether `observation` counts in the coalition's figures: always, unless the coalition
    /// reviews values and counts approved values only; then only once its round is approved.
    pub fn counts(&self, observation: &Observation) -> bool {
        !self.coalition.counts_approved_only()
            || self.stage(&observation.partner, observation.period) == Stage::Approved
    }

    /// How many values the figures leave out because they wait for approval (0 when every
    /// value counts).
    pub fn uncounted(&self) -> usize {
        if !self.coalition.counts_approved_only() {
            return 0;
        }
        self.observations.iter().filter(|o| !self.counts(o)).count()
    }

    /// How many values count in the figures although not approved: values of rounds not yet
    /// approved in a coalition that reviews values and counts them all (0 otherwise).
    pub fn unapproved_counted(&self) -> usize {
        if !self.coalition.review || self.coalition.counts_approved_only() {
            return 0;
        }
        self.observations
            .iter()
            .filter(|o| self.stage(&o.partner, o.period) != Stage::Approved)
            .count()
    }

    /// Adds or replaces the review of its round. Refused if it is invalid or names a partner
    /// that does not exist. Whether the step may be taken, and by whom, is [`check`]'s and the
    /// grant's to say: a copy that pulls several steps at once takes them as they come.
    pub fn put_review(&mut self, review: Review) -> Result<(), Error> {
        review.validate()?;
        if self.partner(&review.partner).is_none() {
            return Err(Error::UnknownPartner(review.partner.to_string()));
        }
        let key = (&review.partner, review.period);
        match self
            .reviews
            .binary_search_by(|r| (&r.partner, r.period).cmp(&key))
        {
            Ok(i) => self.reviews[i] = review,
            Err(i) => self.reviews.insert(i, review),
        }
        Ok(())
    }
}

/// What the figures count, as one sentence for every screen and printout that shows them
/// (§15 of `docs/numbers.md`); `None` when the coalition does not review values.
pub fn counting_text(doc: &Document) -> Option<String> {
    if !doc.coalition.review {
        return None;
    }
    let values = |n: usize| match n {
        1 => "1 value".to_string(),
        n => format!("{n} values"),
    };
    Some(if doc.coalition.count_unapproved {
        match doc.unapproved_counted() {
            0 => "Every value in these figures is approved.".to_string(),
            n => format!(
                "These figures include {} not yet approved by the backbone.",
                values(n)
            ),
        }
    } else {
        match doc.uncounted() {
            0 => "These figures count approved values only.".to_string(),
            n => format!(
                "These figures count approved values only: {} waiting for approval {} left out.",
                values(n),
                if n == 1 { "is" } else { "are" }
            ),
        }
    })
}

/// Why `partner`'s value for `period` cannot change because of its review, or `None` if it
/// can: a submitted round waits for the backbone, an approved one was checked as it is.
pub fn why_frozen(doc: &Document, partner: &Code, period: Period) -> Option<String> {
    let name = doc.partner(partner).map_or(partner.as_str(), |p| &p.name);
    frozen_text(name, period, doc.stage(partner, period))
}

/// The reason [`why_frozen`] gives for a round of the partner named `name` at `stage`.
pub fn frozen_text(name: &str, period: Period, stage: Stage) -> Option<String> {
    let when = period.code();
    let is = match stage {
        Stage::Submitted => "submitted for review",
        Stage::Approved => "approved",
        Stage::Draft | Stage::Returned => return None,
    };
    Some(format!(
        "{name}'s values for {when} are {is}: a backbone administrator returns them before a value changes"
    ))
}

/// Returns `Ok` unless writing `value` at `path` breaks a review rule for anyone, whatever
/// their role (who may take which step is [`crate::access::Grant::check`]'s):
/// - a value of a submitted or approved round does not change (writing the value the cell
///   already holds is no change);
/// - a review only grows: the new one is the one held plus one step that may follow its
///   stage, so no one rewrites or drops what was done; a review is never deleted.
pub fn check(doc: &Document, path: &Path, value: Option<&Json>) -> Result<(), Error> {
    match &path.record {
        Record::Observation(cell) => {
            let Some(why) = why_frozen(doc, &cell.partner, cell.period) else {
                return Ok(());
            };
            if crate::lock::changes_value(doc, path, value) {
                Err(Error::UnderReview(why))
            } else {
                Ok(())
            }
        }
        Record::Review { partner, period } => {
            let held = doc.review(partner, *period);
            let Some(value) = value else {
                return Err(Error::ReviewMove(
                    "A review is kept for good; it cannot be deleted.".into(),
                ));
            };
            let next: Review = crate::sync::read(path, value.clone())?;
            if (&next.partner, next.period) != (partner, *period) {
                return Err(Error::PathMismatch(path.to_string()));
            }
            check_step(held, &next)
        }
        _ => Ok(()),
    }
}

/// Returns `Ok` if and only if `next` is `held` (the review as it stands, if any) unchanged,
/// or with one more step that may follow its stage: the review rule of [`check`], for a screen
/// to ask before it sends a step.
pub fn check_step(held: Option<&Review>, next: &Review) -> Result<(), Error> {
    let steps = held.map_or(&[][..], |r| &r.steps);
    if next.steps == steps {
        return Ok(());
    }
    let (Some(step), true) = (
        next.steps.last(),
        next.steps.len() == steps.len() + 1 && next.steps[..steps.len()] == *steps,
    ) else {
        return Err(Error::ReviewMove(
            "This review changed meanwhile (someone else took a step): look at where it stands now and try again.".into(),
        ));
    };
    let from = held.map_or(Stage::Draft, Review::stage);
    if from.may_move_to(step.stage) {
        Ok(())
    } else {
        Err(Error::ReviewMove(format!(
            "A {} round cannot become {}.",
            from.label(),
            step.stage.label()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use crate::sync::{assemble, canonical, rows};
    use crate::Grant;

    /// The sample's first round: a partner and a period it has values for.
    fn a_round(doc: &Document) -> (Code, Period) {
        let o = doc.observations.iter().next().unwrap();
        (o.partner.clone(), o.period)
    }

    fn path(partner: &Code, period: Period) -> Path {
        Path::record(Record::Review {
            partner: partner.clone(),
            period,
        })
    }

    fn json(review: &Review) -> Json {
        serde_json::to_value(review).unwrap()
    }

    fn taken(doc: &mut Document, partner: &Code, period: Period, stage: Stage, comment: &str) {
        let held = doc
            .review(partner, period)
            .cloned()
            .unwrap_or_else(|| Review::new(partner.clone(), period));
        let next = held.then(stage, comment, "Ada", "2026-12-01T10:00:00Z");
        check(doc, &path(partner, period), Some(&json(&next))).unwrap();
        doc.put_review(next).unwrap();
    }

    #[test]
    fn a_round_goes_from_draft_to_submitted_to_approved_or_back_with_a_comment() {
        assert!(Stage::Draft.may_move_to(Stage::Submitted));
        assert!(Stage::Submitted.may_move_to(Stage::Approved));
        assert!(Stage::Submitted.may_move_to(Stage::Returned));
        assert!(Stage::Returned.may_move_to(Stage::Submitted));
        assert!(Stage::Approved.may_move_to(Stage::Returned));
        assert!(
            !Stage::Draft.may_move_to(Stage::Approved),
            "approved unseen"
        );
        assert!(!Stage::Returned.may_move_to(Stage::Approved));
        assert!(!Stage::Approved.may_move_to(Stage::Draft));
        let mut doc = sample::coalition();
        let (partner, period) = a_round(&doc);
        let next = Review::new(partner.clone(), period).then(Stage::Returned, " ", "Ada", "");
        assert!(matches!(next.validate(), Err(Error::ReturnNeedsComment)));
        taken(&mut doc, &partner, period, Stage::Submitted, "");
        let approved = doc
            .review(&partner, period)
            .unwrap()
            .then(Stage::Approved, "", "Ada", "");
        assert!(check(&doc, &path(&partner, period), Some(&json(&approved))).is_ok());
    }

    #[test]
    fn a_review_only_grows_by_one_step_and_is_never_deleted() {
        let mut doc = sample::coalition();
        let (partner, period) = a_round(&doc);
        taken(&mut doc, &partner, period, Stage::Submitted, "");
        taken(
            &mut doc,
            &partner,
            period,
            Stage::Returned,
            "March looks doubled",
        );
        let here = path(&partner, period);
        let held = doc.review(&partner, period).unwrap().clone();
        // Rewriting history: the return's comment dropped.
        let mut rewritten = held.clone();
        rewritten.steps[1].comment = "Fine".into();
        let rewritten = rewritten.then(Stage::Submitted, "", "Ada", "");
        assert!(matches!(
            check(&doc, &here, Some(&json(&rewritten))),
            Err(Error::ReviewMove(_))
        ));
        // Two steps at once, or a step built on an older review.
        let stale = Review::new(partner.clone(), period).then(Stage::Submitted, "", "Bo", "");
        let refused = check(&doc, &here, Some(&json(&stale)))
            .unwrap_err()
            .to_string();
        assert!(refused.contains("changed meanwhile"), "{refused}");
        assert!(check(&doc, &here, None).is_err());
        // The same review again is no change (a restore sends every row).
        assert!(check(&doc, &here, Some(&json(&held))).is_ok());
    }

    #[test]
    fn a_submitted_or_approved_round_keeps_its_values_until_returned() {
        let mut doc = sample::coalition();
        let held = doc.observations.iter().next().unwrap().clone();
        let (partner, period) = (held.partner.clone(), held.period);
        let cell = Path::record(Record::Observation(held.key()));
        let mut changed = serde_json::to_value(&held).unwrap();
        changed["value"] = Json::from(999.0);
        assert!(
            check(&doc, &cell, Some(&changed)).is_ok(),
            "a draft changes"
        );
        taken(&mut doc, &partner, period, Stage::Submitted, "");
        let refused = check(&doc, &cell, Some(&changed)).unwrap_err();
        assert_eq!(refused.code(), "under_review");
        assert!(
            refused.to_string().contains("submitted for review"),
            "{refused}"
        );
        assert!(check(&doc, &cell, None).is_err(), "emptied");
        let same = serde_json::to_value(&held).unwrap();
        assert!(
            check(&doc, &cell, Some(&same)).is_ok(),
            "the value it holds"
        );
        taken(&mut doc, &partner, period, Stage::Approved, "");
        assert!(check(&doc, &cell, Some(&changed)).is_err());
        taken(
            &mut doc,
            &partner,
            period,
            Stage::Returned,
            "Check the count",
        );
        assert!(
            check(&doc, &cell, Some(&changed)).is_ok(),
            "returned: fixable"
        );
    }

    #[test]
    fn a_partner_editor_submits_their_own_round_and_only_the_backbone_approves_or_returns() {
        let mut doc = sample::coalition();
        let (partner, period) = a_round(&doc);
        let other = doc
            .partners
            .iter()
            .find(|p| p.code != partner)
            .unwrap()
            .code
            .clone();
        let submitted = Review::new(partner.clone(), period).then(Stage::Submitted, "", "Bo", "");
        let here = path(&partner, period);
        let editor = Grant::editor(partner.clone());
        assert!(editor.check(&doc, &here, Some(&json(&submitted))).is_ok());
        let stranger = Grant::editor(other);
        let refused = stranger
            .check(&doc, &here, Some(&json(&submitted)))
            .unwrap_err();
        assert!(refused.to_string().contains(partner.as_str()), "{refused}");
        assert!(Grant::viewer()
            .check(&doc, &here, Some(&json(&submitted)))
            .is_err());
        doc.put_review(submitted.clone()).unwrap();
        for stage in [Stage::Approved, Stage::Returned] {
            let next = submitted.then(stage, "Why", "Bo", "");
            assert!(
                editor.check(&doc, &here, Some(&json(&next))).is_err(),
                "{stage:?}"
            );
            assert!(Grant::admin()
                .check(&doc, &here, Some(&json(&next)))
                .is_ok());
        }
        let withdrawn = submitted.then(Stage::Draft, "", "Bo", "");
        assert!(editor.check(&doc, &here, Some(&json(&withdrawn))).is_ok());
    }

    #[test]
    fn approved_only_counting_leaves_out_every_value_not_yet_approved() {
        let mut doc = sample::coalition();
        let all = doc.observations.iter().count();
        assert_eq!(doc.uncounted(), 0, "review off: everything counts");
        doc.coalition.review = true;
        assert_eq!(doc.uncounted(), all, "nothing approved yet");
        let (partner, period) = a_round(&doc);
        taken(&mut doc, &partner, period, Stage::Submitted, "");
        taken(&mut doc, &partner, period, Stage::Approved, "");
        let round = doc
            .observations
            .iter()
            .filter(|o| o.partner == partner && o.period == period)
            .count();
        assert!(round > 0);
        assert_eq!(doc.uncounted(), all - round);
        doc.coalition.count_unapproved = true;
        assert_eq!(doc.uncounted(), 0);
        assert_eq!(doc.unapproved_counted(), all - round);
    }

    #[test]
    fn a_review_reads_back_as_written_and_an_unknown_stage_is_refused() {
        let doc = sample::coalition();
        let (partner, period) = a_round(&doc);
        let review = Review::new(partner, period)
            .then(Stage::Submitted, "", "Sam", "2026-12-01T10:00:00Z")
            .then(
                Stage::Returned,
                "Check March",
                "Ada",
                "2026-12-02T10:00:00Z",
            );
        let text = serde_json::to_string(&review).unwrap();
        assert_eq!(serde_json::from_str::<Review>(&text).unwrap(), review);
        assert_eq!(Stage::parse("returned"), Some(Stage::Returned));
        let wrong = text.replace("returned", "rejected");
        assert!(serde_json::from_str::<Review>(&wrong).is_err());
    }

    #[test]
    fn the_figures_say_what_they_count() {
        let mut doc = sample::coalition();
        assert_eq!(counting_text(&doc), None);
        doc.coalition.review = true;
        let all = doc.observations.iter().count();
        assert_eq!(
            counting_text(&doc).unwrap(),
            format!("These figures count approved values only: {all} values waiting for approval are left out.")
        );
        doc.coalition.count_unapproved = true;
        assert_eq!(
            counting_text(&doc).unwrap(),
            format!("These figures include {all} values not yet approved by the backbone.")
        );
    }

    #[test]
    fn reviews_sync_as_rows_and_assemble_in_one_order() {
        let mut doc = sample::coalition();
        let mut rounds: Vec<(Code, Period)> = doc
            .observations
            .iter()
            .map(|o| (o.partner.clone(), o.period))
            .collect();
        rounds.dedup();
        for (partner, period) in rounds.iter().rev().take(5) {
            taken(&mut doc, partner, *period, Stage::Submitted, "");
        }
        canonical(&mut doc);
        let again = assemble(rows(&doc)).unwrap();
        assert_eq!(again.reviews.len(), 5);
        assert_eq!(again, doc);
        let mut later = doc.clone();
        let (partner, period) = &rounds[rounds.len() - 1];
        taken(&mut later, partner, *period, Stage::Approved, "");
        let changes = crate::sync::diff(&doc, &later);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, path(partner, *period));
        let mut applied = doc.clone();
        crate::sync::apply(&mut applied, &changes[0]).unwrap();
        assert_eq!(applied, later);
    }

    #[test]
    fn a_partner_with_a_review_is_not_removed() {
        let mut doc = sample::coalition();
        let (partner, period) = a_round(&doc);
        taken(&mut doc, &partner, period, Stage::Submitted, "");
        doc.observations = Default::default();
        doc.activities.clear();
        doc.updates = Default::default();
        doc.stories.clear();
        for m in &mut doc.measures {
            m.reporters.retain(|p| p != &partner);
        }
        let refused = doc.remove_partner(&partner).unwrap_err().to_string();
        assert!(refused.contains("review"), "{refused}");
    }
}

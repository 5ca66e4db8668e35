//! The server's rule for one mutation, apart from where rows are stored: apply it, agree with
//! it, keep both values as a conflict, or refuse it. The server's writer looks up what only the
//! database knows (whether another client wrote the path since the mutation's base, how many
//! conflicts are open) and carries out the decision; the rule itself is here, pure and tested.
//!
//! Nothing here copies the document: a trial changes the one record a path names and puts it
//! back exactly, so deciding costs the same in a coalition of 2,000 values or 2,000,000.

use serde_json::Value as Json;

use super::change::{adopt, Change};
use super::path::{Path, Record};
use super::rows::value_at;
use crate::document::insert_coded;
use crate::review::Review;
use crate::{Activity, CellKey, Coalition, Code, Document, Error, Measure, Observation, Partner};
use crate::{Period, Story, Update};

/// How many conflicts one member may leave open in a coalition, and how many a coalition may
/// hold open in all. Every member pulls every open conflict, and each holds at most two values
/// of bounded size, so these bound what one member can add to everyone's pull.
pub const OPEN_CONFLICTS_PER_MEMBER: u64 = 25;
pub const OPEN_CONFLICTS_PER_COALITION: u64 = 500;

/// What the server does with one mutation.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Nobody else wrote the path since the mutation's base: `doc` now holds the change.
    Applied,
    /// Someone else wrote the path since, but it already holds the proposed value: nothing
    /// changes, and an answer to a conflict settles it.
    Agreed,
    /// Someone else wrote the path since: `doc` keeps `kept`, and `proposed` (the change as
    /// the rules would store it) waits for a member to choose. `doc` is unchanged.
    Conflict {
        kept: Option<Json>,
        proposed: Option<Json>,
    },
    /// The rules refuse the change; `doc` is unchanged.
    Refused(Error),
}

/// Decides `change`, given whether another client wrote its path after the version the change
/// was based on (`overtaken`). See [`Decision`] for what each outcome leaves in `doc`.
pub fn decide(doc: &mut Document, change: &Change, overtaken: bool) -> Decision {
    if !overtaken {
        return match adopt(doc, change) {
            Ok(()) => Decision::Applied,
            Err(e) => Decision::Refused(e),
        };
    }
    let kept = value_at(doc, &change.path);
    if same(&change.path, &kept, &change.value) {
        return Decision::Agreed;
    }
    // The proposed value must be one the rules accept, as if it had arrived first. The conflict
    // keeps it as the core reads it back, so nothing a client added beyond it (unknown fields,
    // padding) reaches every member's pull.
    match trial(doc, change) {
        Ok(proposed) => Decision::Conflict { kept, proposed },
        Err(e) => Decision::Refused(e),
    }
}

/// Whether one more conflict may be opened by a member who has `mine` open in a coalition that
/// has `all` open; the refusal's message says what to do otherwise.
pub fn may_open_conflict(mine: u64, all: u64) -> Result<(), String> {
    if mine >= OPEN_CONFLICTS_PER_MEMBER {
        Err(format!("You already have {mine} changes waiting for someone to choose between two values: settle some of them first (they are listed on the sharing page), then enter this again."))
    } else if all >= OPEN_CONFLICTS_PER_COALITION {
        Err(format!("The coalition already has {all} changes waiting for someone to choose between two values: settle some of them first (they are listed on the sharing page), then enter this again."))
    } else {
        Ok(())
    }
}

/// Whether two values of `path` are the same (for a field, missing and `null` are).
pub fn same(path: &Path, a: &Option<Json>, b: &Option<Json>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        (None, None) => true,
        (None, Some(Json::Null)) | (Some(Json::Null), None) => path.field.is_some(),
        _ => false,
    }
}

/// The value `path` would hold after `change`, or why the rules refuse it; `doc` is left
/// exactly as it was either way.
pub fn trial(doc: &mut Document, change: &Change) -> Result<Option<Json>, Error> {
    let saved = Saved::of(doc, &change.path.record);
    let result = adopt(doc, change).map(|()| value_at(doc, &change.path));
    saved.restore(doc);
    result
}

/// One record as it was (or its absence), to put back exactly. Every change to a path changes
/// only the record the path names, so putting that record back undoes it.
enum Saved {
    Coalition(Box<Coalition>),
    Partner(Code, Option<Box<Partner>>),
    Measure(Code, Option<Box<Measure>>),
    Activity(Code, Option<Box<Activity>>),
    Observation(CellKey, Option<Box<Observation>>),
    Update(String, Option<Box<Update>>),
    Story(Code, Period, Option<Box<Story>>),
    Review(Code, Period, Option<Box<Review>>),
    History(String, Option<Box<crate::history::Entry>>),
}

impl Saved {
    fn of(doc: &Document, record: &Record) -> Saved {
        match record {
            Record::Coalition => Saved::Coalition(Box::new(doc.coalition.clone())),
            Record::Partner(c) => Saved::Partner(c.clone(), doc.partner(c).cloned().map(Box::new)),
            Record::Measure(c) => Saved::Measure(c.clone(), doc.measure(c).cloned().map(Box::new)),
            Record::Activity(c) => {
                Saved::Activity(c.clone(), doc.activity(c).cloned().map(Box::new))
            }
            Record::Observation(k) => {
                Saved::Observation(k.clone(), doc.observations.get(k).cloned().map(Box::new))
            }
            Record::Update(k) => {
                Saved::Update(k.clone(), doc.updates.get(k).cloned().map(Box::new))
            }
            Record::Story { measure, period } => Saved::Story(
                measure.clone(),
                *period,
                doc.stories
                    .iter()
                    .find(|s| &s.measure == measure && &s.period == period)
                    .cloned()
                    .map(Box::new),
            ),
            Record::Review { partner, period } => Saved::Review(
                partner.clone(),
                *period,
                doc.review(partner, *period).cloned().map(Box::new),
            ),
            Record::History(id) => {
                Saved::History(id.clone(), doc.history.get(id).cloned().map(Box::new))
            }
        }
    }

    /// Puts the record back as it was, without the rules' checks: it was valid then, and
    /// nothing else changed since.
    fn restore(self, doc: &mut Document) {
        match self {
            Saved::Coalition(c) => doc.coalition = *c,
            Saved::Partner(code, p) => put_back(&mut doc.partners, &code, p, |p| &p.code),
            Saved::Measure(code, m) => put_back(&mut doc.measures, &code, m, |m| &m.code),
            Saved::Activity(code, a) => put_back(&mut doc.activities, &code, a, |a| &a.code),
            Saved::Observation(key, o) => {
                doc.observations.remove(&key);
                if let Some(o) = o {
                    doc.observations.put(*o);
                }
            }
            Saved::Update(key, u) => {
                doc.updates.remove(&key);
                if let Some(u) = u {
                    doc.updates.put(*u);
                }
            }
            Saved::Story(measure, period, s) => {
                doc.stories
                    .retain(|s| !(s.measure == measure && s.period == period));
                if let Some(s) = s {
                    let at = doc
                        .stories
                        .partition_point(|x| (&x.measure, x.period) < (&s.measure, s.period));
                    doc.stories.insert(at, *s);
                }
            }
            Saved::Review(partner, period, r) => {
                doc.reviews
                    .retain(|r| !(r.partner == partner && r.period == period));
                if let Some(r) = r {
                    let at = doc
                        .reviews
                        .partition_point(|x| (&x.partner, x.period) < (&r.partner, r.period));
                    doc.reviews.insert(at, *r);
                }
            }
            Saved::History(id, e) => doc.history.put_back(&id, e.map(|e| *e)),
        }
    }
}

fn put_back<T>(list: &mut Vec<T>, code: &Code, saved: Option<Box<T>>, code_of: fn(&T) -> &Code) {
    match (list.iter().position(|x| code_of(x) == code), saved) {
        (Some(i), Some(x)) => list[i] = *x,
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(x)) => insert_coded(list, *x, code_of),
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn doc() -> Document {
        let mut doc = sample::coalition();
        super::super::canonical(&mut doc);
        doc
    }

    fn any_value(doc: &Document) -> (Path, Json) {
        let o = doc
            .observations
            .iter()
            .find(|o| {
                doc.measure(&o.measure)
                    .is_some_and(|m| m.value_type == crate::ValueType::Count)
            })
            .expect("the sample counts something");
        let path = Path::record(Record::Observation(o.key()));
        (path.clone(), value_at(doc, &path).expect("a value"))
    }

    fn with_number(mut value: Json, n: f64) -> Json {
        value["value"] = serde_json::json!(n);
        value
    }

    #[test]
    fn a_change_nobody_overtook_is_applied() {
        let mut d = doc();
        let (path, value) = any_value(&d);
        let change = Change {
            path: path.clone(),
            value: Some(with_number(value, 41.0)),
        };
        assert_eq!(decide(&mut d, &change, false), Decision::Applied);
        assert_eq!(
            value_at(&d, &path).unwrap()["value"],
            serde_json::json!(41.0)
        );
    }

    #[test]
    fn an_overtaken_change_to_the_value_already_held_agrees() {
        let mut d = doc();
        let before = d.clone();
        let (path, value) = any_value(&d);
        let change = Change {
            path,
            value: Some(value),
        };
        assert_eq!(decide(&mut d, &change, true), Decision::Agreed);
        assert_eq!(d, before);
    }

    #[test]
    fn an_overtaken_change_becomes_a_conflict_and_leaves_the_document_as_it_was() {
        let mut d = doc();
        let before = d.clone();
        let (path, value) = any_value(&d);
        let mut padded = with_number(value.clone(), 42.0);
        padded["padding"] = serde_json::json!("x".repeat(100));
        let change = Change {
            path,
            value: Some(padded),
        };
        let Decision::Conflict { kept, proposed } = decide(&mut d, &change, true) else {
            panic!("a conflict was expected");
        };
        assert_eq!(kept, Some(value));
        let proposed = proposed.expect("a proposal");
        assert_eq!(proposed["value"], serde_json::json!(42.0));
        assert!(
            proposed.get("padding").is_none(),
            "the proposal is stored as the core reads it"
        );
        assert_eq!(d, before);
    }

    #[test]
    fn a_change_the_rules_refuse_is_refused_overtaken_or_not() {
        let (path, value) = any_value(&doc());
        let change = Change {
            path,
            value: Some(with_number(value, -1e13)),
        };
        for overtaken in [false, true] {
            let mut d = doc();
            let before = d.clone();
            assert!(matches!(
                decide(&mut d, &change, overtaken),
                Decision::Refused(_)
            ));
            assert_eq!(d, before);
        }
    }

    #[test]
    fn a_trial_puts_back_every_kind_of_record_exactly() {
        let d = doc();
        let mut changes: Vec<Change> = super::super::rows(&d)
            .into_iter()
            .map(|(path, _)| Change { path, value: None })
            .collect();
        let partner = d.partners[0].clone();
        let mut renamed = serde_json::to_value(&partner).unwrap();
        renamed["name"] = serde_json::json!("Renamed");
        changes.push(Change {
            path: Path::record(Record::Partner(partner.code.clone())),
            value: Some(renamed),
        });
        for change in changes {
            let mut trial_doc = d.clone();
            let _ = trial(&mut trial_doc, &change);
            assert_eq!(trial_doc, d, "after trying {}", change.path);
        }
    }

    #[test]
    fn conflicts_are_bounded_per_member_and_per_coalition() {
        assert!(may_open_conflict(24, 499).is_ok());
        assert!(may_open_conflict(25, 0)
            .unwrap_err()
            .contains("You already have 25"));
        assert!(may_open_conflict(0, 500)
            .unwrap_err()
            .contains("The coalition already has 500"));
    }
}

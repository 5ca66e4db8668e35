//! Changes: what one edit did to one record or field, found by comparing two documents and
//! applied to any document with the same rules as the screens.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::path::{Path, Record};
use super::rows::{read, update_key, with_code};
use crate::communication::{Link, Update};
use crate::observation::Journal;
use crate::review::Review;
use crate::stored::Head;
use crate::{Activity, Coalition, Code, Document, Error, Measure, Observation, Partner, Story};

/// A new value for one path. For a whole record, `None` deletes it; for a field, `None` and
/// JSON `null` both mean the field's empty value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub path: Path,
    pub value: Option<Json>,
}

use super::rows::{object as fields, to_json as json};

/// Field changes between two versions of one record, in field order.
fn field_changes(record: &Record, before: Json, after: Json, out: &mut Vec<Change>) {
    let before = fields(before);
    for (field, value) in fields(after) {
        if field != "code" && before.get(&field) != Some(&value) {
            out.push(Change {
                path: Path::field(record.clone(), &field),
                value: Some(value),
            });
        }
    }
}

/// Changes for a list of records keyed by code: creations and field changes into `puts`,
/// deletions into `deletes`.
fn coded<T: Serialize + PartialEq>(
    before: &[T],
    after: &[T],
    code: fn(&T) -> &Code,
    record: fn(Code) -> Record,
    puts: &mut Vec<Change>,
    deletes: &mut Vec<Change>,
) {
    if before == after {
        return;
    }
    let old: BTreeMap<&Code, &T> = before.iter().map(|x| (code(x), x)).collect();
    let new: BTreeMap<&Code, &T> = after.iter().map(|x| (code(x), x)).collect();
    for (c, x) in &new {
        match old.get(c) {
            Some(o) if o == x => {}
            Some(o) => field_changes(&record((*c).clone()), json(*o), json(*x), puts),
            None => puts.push(Change {
                path: Path::record(record((*c).clone())),
                value: Some(json(*x)),
            }),
        }
    }
    for c in old.keys().filter(|c| !new.contains_key(*c)) {
        deletes.push(Change {
            path: Path::record(record((*c).clone())),
            value: None,
        });
    }
}

/// Whole-record changes between two lists of records with their keys, each sorted by key
/// (merged in one pass, so a one-cell edit among many observations builds no map).
fn whole<'a, K: Ord, T: Serialize + PartialEq + 'a>(
    before: impl IntoIterator<Item = (K, &'a T)>,
    after: impl IntoIterator<Item = (K, &'a T)>,
    record: impl Fn(&K, &T) -> Record,
    puts: &mut Vec<Change>,
    deletes: &mut Vec<Change>,
) {
    let mut old = before.into_iter().peekable();
    let mut new = after.into_iter().peekable();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => return,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((o, _)), Some((n, _))) => o.cmp(n),
        };
        match order {
            std::cmp::Ordering::Less => {
                let (k, o) = old.next().expect("peeked");
                deletes.push(Change {
                    path: Path::record(record(&k, o)),
                    value: None,
                });
            }
            std::cmp::Ordering::Greater => {
                let (k, n) = new.next().expect("peeked");
                puts.push(Change {
                    path: Path::record(record(&k, n)),
                    value: Some(json(n)),
                });
            }
            std::cmp::Ordering::Equal => {
                let ((_, o), (k, n)) = (old.next().expect("peeked"), new.next().expect("peeked"));
                if o != n {
                    puts.push(Change {
                        path: Path::record(record(&k, n)),
                        value: Some(json(n)),
                    });
                }
            }
        }
    }
}

/// `records` sorted by `key`, for [`whole`].
fn sorted_by<T, K: Ord>(records: &[T], key: impl Fn(&T) -> K) -> Vec<&T> {
    let mut sorted: Vec<&T> = records.iter().collect();
    sorted.sort_by_key(|x| key(x));
    sorted
}

/// The parts of a document other than its observations, borrowed, so the head of a document and
/// a stored [`Head`] are compared the same way.
use crate::stored::HeadOf as Parts;

/// Returns the changes that turn `before` into `after`, in an order in which each applies:
/// coalition settings, then new and changed partners, measures, activities, values, updates and
/// stories, then deletions in the reverse order (a value goes before its measure).
pub fn diff<'a>(before: &'a Document, after: &'a Document) -> Vec<Change> {
    let mut changes = diff_parts(Parts::of(before), Parts::of(after), |puts, values| {
        if before.observations != after.observations {
            // Observations iterate in cell order already.
            let cell = |o: &'a Observation| ((&o.measure, o.period, &o.partner, &o.group), o);
            whole(
                before.observations.iter().map(cell),
                after.observations.iter().map(cell),
                |_, o| Record::Observation(o.key()),
                puts,
                values,
            );
        }
    });
    // Last, and never a deletion: the history only grows, and it tells of the changes above.
    if before.history != after.history {
        for entry in after.history.iter() {
            if before.history.get(&entry.id) != Some(entry) {
                changes.push(Change {
                    path: Path::record(Record::History(entry.id.clone())),
                    value: Some(json(entry)),
                });
            }
        }
    }
    changes
}

/// Returns exactly what [`diff`] returns for `before` and `after`, where `before` is `head` with
/// the observations `after` had before the changes noted in `journal`
/// ([`crate::observation::Observations::take_journal`]). It compares only the journal's cells,
/// so an edit of one value among 100,000 costs the same as among 100.
pub fn diff_journaled(head: &Head, journal: &Journal, after: &Document) -> Vec<Change> {
    diff_parts(Parts::of_head(head), Parts::of(after), |puts, values| {
        // The journal is in cell order, as `diff` walks the observations.
        for (key, old) in journal {
            match (old, after.observations.get(key)) {
                (Some(o), Some(n)) if o == n => {}
                (None, None) => {}
                (_, Some(n)) => puts.push(Change {
                    path: Path::record(Record::Observation(key.clone())),
                    value: Some(json(n)),
                }),
                (Some(_), None) => values.push(Change {
                    path: Path::record(Record::Observation(key.clone())),
                    value: None,
                }),
            }
        }
    })
}

/// The changes between two heads, with the observations' changes put in their tier by
/// `values(puts, value_deletes)`.
fn diff_parts<'a>(
    before: Parts<'a>,
    after: Parts<'a>,
    values_of: impl FnOnce(&mut Vec<Change>, &mut Vec<Change>),
) -> Vec<Change> {
    let mut puts = Vec::new();
    if before.coalition != after.coalition {
        field_changes(
            &Record::Coalition,
            json(before.coalition),
            json(after.coalition),
            &mut puts,
        );
    }
    // Deletions per tier, applied last and in reverse tier order.
    let mut deletes: [Vec<Change>; 7] = Default::default();
    let [partners, measures, activities, values, updates, stories, reviews] = &mut deletes;
    coded(
        before.partners,
        after.partners,
        |x| &x.code,
        Record::Partner,
        &mut puts,
        partners,
    );
    coded(
        before.measures,
        after.measures,
        |x| &x.code,
        Record::Measure,
        &mut puts,
        measures,
    );
    coded(
        before.activities,
        after.activities,
        |x| &x.code,
        Record::Activity,
        &mut puts,
        activities,
    );
    values_of(&mut puts, values);
    if before.updates != after.updates {
        // The feed is in (date, key) order already, and a key's date is part of its content.
        let keyed = |(key, u): (String, &'a Update)| ((u.date, key), u);
        whole(
            before.updates.keyed().map(keyed),
            after.updates.keyed().map(keyed),
            |(_, key), _| Record::Update(key.to_string()),
            &mut puts,
            updates,
        );
    }
    let story = |s: &Story| (s.measure.clone(), s.period);
    if before.stories != after.stories {
        let keyed = |s: &'a Story| (story(s), s);
        whole(
            sorted_by(before.stories, story).into_iter().map(keyed),
            sorted_by(after.stories, story).into_iter().map(keyed),
            |_, s| Record::Story {
                measure: s.measure.clone(),
                period: s.period,
            },
            &mut puts,
            stories,
        );
    }
    if before.reviews != after.reviews {
        // Reviews are kept in (partner, period) order already.
        let keyed = |r: &'a Review| ((&r.partner, r.period), r);
        whole(
            before.reviews.iter().map(keyed),
            after.reviews.iter().map(keyed),
            |_, r| Record::Review {
                partner: r.partner.clone(),
                period: r.period,
            },
            &mut puts,
            reviews,
        );
    }
    for tier in deletes.into_iter().rev() {
        puts.extend(tier);
    }
    puts
}

/// Sets (or, for `null`, empties) one field of a record's JSON and reads the record back.
/// Returns an error if the field does not exist or the new value does not fit it.
fn with_field<T: Serialize + serde::de::DeserializeOwned>(
    path: &Path,
    current: &T,
    field: &str,
    value: Option<&Json>,
) -> Result<T, Error> {
    let mut object = fields(json(current));
    if !object.contains_key(field) {
        return Err(Error::UnknownField(path.to_string()));
    }
    object.insert(field.to_string(), value.cloned().unwrap_or(Json::Null));
    read(path, Json::Object(object))
}

/// The whole value of a new coded record, whose code must be the one in its path.
fn new_record<T: serde::de::DeserializeOwned>(
    path: &Path,
    code: &Code,
    value: &Json,
) -> Result<T, Error> {
    let Json::Object(map) = value.clone() else {
        return Err(Error::MalformedValue {
            path: path.to_string(),
            reason: "a record is a JSON object".into(),
        });
    };
    match map.get("code") {
        None => {}
        Some(Json::String(c)) if Code::parse(c).as_ref() == Ok(code) => {}
        Some(_) => return Err(Error::PathMismatch(path.to_string())),
    }
    read(path, with_code(code, map))
}

/// Applies `change` to `doc` with the same rules the screens follow. Returns `Ok` if and only
/// if the change was applied whole; otherwise `doc` is exactly as it was.
///
/// Creating a record whose code exists, changing a field of a record that does not exist,
/// deleting a record still in use, a value that does not read as its record, and a value whose
/// identity differs from its path are all refused.
pub fn apply(doc: &mut Document, change: &Change) -> Result<(), Error> {
    let path = &change.path;
    let value = change.value.as_ref();
    match (&path.record, path.field.as_deref()) {
        (Record::Coalition, Some(field)) => {
            let coalition: Coalition = with_field(path, &doc.coalition, field, value)?;
            doc.set_coalition(coalition)
        }
        (Record::Coalition, None) => Err(Error::InvalidPath {
            path: path.to_string(),
            reason: "the coalition's settings change one field at a time",
        }),
        (Record::Partner(code), field) => {
            let index = doc.partners.iter().position(|p| &p.code == code);
            match (field, value, index) {
                (None, Some(v), None) => {
                    let partner: Partner = new_record(path, code, v)?;
                    doc.put_partner(partner)
                }
                (None, Some(_), Some(_)) => Err(duplicate("partner", code)),
                (None, None, _) => doc.remove_partner(code).map(|_| ()),
                (Some(f), v, Some(i)) => {
                    let partner: Partner = with_field(path, &doc.partners[i], f, v)?;
                    partner.validate()?;
                    doc.partners[i] = partner;
                    Ok(())
                }
                (Some(_), _, None) => Err(Error::UnknownPartner(code.to_string())),
            }
        }
        (Record::Measure(code), field) => match (field, value, doc.measure(code)) {
            (None, Some(v), None) => doc.add_measure(new_record::<Measure>(path, code, v)?),
            (None, Some(_), Some(_)) => Err(duplicate("measure", code)),
            (None, None, _) => doc.remove_measure(code).map(|_| ()),
            (Some(f), v, Some(m)) => {
                let measure = with_field(path, m, f, v)?;
                doc.put_measure(measure)
            }
            (Some(_), _, None) => Err(Error::UnknownMeasure(code.to_string())),
        },
        (Record::Activity(code), field) => match (field, value, doc.activity(code)) {
            (None, Some(v), None) => doc.put_activity(new_record::<Activity>(path, code, v)?),
            (None, Some(_), Some(_)) => Err(duplicate("activity", code)),
            (None, None, _) => remove_activity(doc, code),
            (Some(f), v, Some(a)) => {
                let activity = with_field(path, a, f, v)?;
                doc.put_activity(activity)
            }
            (Some(_), _, None) => Err(Error::UnknownActivity(code.to_string())),
        },
        (_, Some(_)) => Err(Error::InvalidPath {
            path: path.to_string(),
            reason: "values, updates and stories change as a whole",
        }),
        (Record::Observation(key), None) => match value {
            Some(v) => {
                let o: Observation = read(path, v.clone())?;
                if &o.key() != key {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.record(o).map(|_| ())
            }
            None => {
                doc.clear(key);
                Ok(())
            }
        },
        (Record::Update(key), None) => match value {
            Some(v) => {
                let u: Update = read(path, v.clone())?;
                if &update_key(&u) != key {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                if doc.updates.contains(&u) {
                    return Ok(());
                }
                doc.post_update(u)
            }
            None => {
                doc.updates.remove(key);
                Ok(())
            }
        },
        (Record::Story { measure, period }, None) => match value {
            Some(v) => {
                let s: Story = read(path, v.clone())?;
                if &s.measure != measure || &s.period != period {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.tell_story(s)
            }
            None => {
                doc.stories
                    .retain(|s| !(&s.measure == measure && &s.period == period));
                Ok(())
            }
        },
        (Record::Review { partner, period }, None) => match value {
            Some(v) => {
                let r: Review = read(path, v.clone())?;
                if &r.partner != partner || &r.period != period {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.put_review(r)
            }
            None => {
                doc.reviews
                    .retain(|r| !(&r.partner == partner && &r.period == period));
                Ok(())
            }
        },
        (Record::History(id), None) => crate::history::apply_entry(doc, id, value),
    }
}

/// Makes `doc` hold the value of `change` whether or not the record exists yet: a whole record
/// that exists has its fields changed rather than being refused as a duplicate. Used to take
/// on a value the server already accepted. Returns `Ok` if and only if it was applied whole.
pub fn adopt(doc: &mut Document, change: &Change) -> Result<(), Error> {
    let path = &change.path;
    let (true, None, Some(Json::Object(value))) =
        (path.record.has_fields(), &path.field, &change.value)
    else {
        return apply(doc, change);
    };
    // The record's fields laid over it at once and checked once, as the field changes would be
    // one by one: no copy of the document (which costs as much as the coalition is large).
    match &path.record {
        Record::Coalition => {
            let coalition = overlay(path, &doc.coalition, value)?;
            doc.set_coalition(coalition)
        }
        Record::Partner(code) => match doc.partners.iter().position(|p| &p.code == code) {
            Some(i) => {
                let partner: Partner = overlay(path, &doc.partners[i], value)?;
                partner.validate()?;
                doc.partners[i] = partner;
                Ok(())
            }
            None => apply(doc, change),
        },
        Record::Measure(code) => match doc.measure(code) {
            Some(m) => {
                let measure = overlay(path, m, value)?;
                doc.put_measure(measure)
            }
            None => apply(doc, change),
        },
        Record::Activity(code) => match doc.activity(code) {
            Some(a) => {
                let activity = overlay(path, a, value)?;
                doc.put_activity(activity)
            }
            None => apply(doc, change),
        },
        _ => apply(doc, change),
    }
}

/// `current` with the fields of `value` (other than its code) set, read back as a record;
/// refused if a field does not exist or a value does not fit it.
fn overlay<T: Serialize + serde::de::DeserializeOwned>(
    path: &Path,
    current: &T,
    value: &serde_json::Map<String, Json>,
) -> Result<T, Error> {
    let mut object = fields(json(current));
    for (field, v) in value {
        if field == "code" {
            continue;
        }
        if !object.contains_key(field) {
            return Err(Error::UnknownField(format!("{path}/{field}")));
        }
        object.insert(field.clone(), v.clone());
    }
    read(path, Json::Object(object))
}

/// A record as the member edited it, laid over the record as it is now: the fields they
/// changed since `original` (what their form opened with) take their value, every other field
/// keeps `current`'s. An edit form saved after another member's change synced in therefore
/// never reverts that change.
pub fn merge_edit<T: Serialize + serde::de::DeserializeOwned>(
    original: &T,
    edited: &T,
    current: &T,
) -> Result<T, Error> {
    let original = fields(json(original));
    let mut merged = fields(json(current));
    for (field, value) in fields(json(edited)) {
        if original.get(&field) != Some(&value) {
            merged.insert(field, value);
        }
    }
    let text = Json::Object(merged).to_string();
    serde_json::from_str(&text).map_err(|e| Error::MalformedValue {
        path: "the edited record".into(),
        reason: e.to_string(),
    })
}

fn duplicate(kind: &'static str, code: &Code) -> Error {
    Error::DuplicateCode {
        kind,
        code: code.to_string(),
    }
}

/// Removes an activity. Refused while an update links to it.
fn remove_activity(doc: &mut Document, code: &Code) -> Result<(), Error> {
    let link = Link::Activity(code.clone());
    if doc.updates.iter().any(|u| u.is_about(&link)) {
        return Err(Error::StillInUse {
            what: format!("The activity {code}"),
            user: "an update".into(),
        });
    }
    doc.activities.retain(|a| &a.code != code);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::rows::{canonical, rows};
    use crate::*;

    fn sample() -> Document {
        let mut doc = sample::coalition();
        canonical(&mut doc);
        doc
    }

    fn replay(before: &Document, changes: &[Change]) -> Document {
        let mut doc = before.clone();
        for c in changes {
            apply(&mut doc, c).unwrap_or_else(|e| panic!("{}: {e}", c.path));
        }
        canonical(&mut doc);
        doc
    }

    #[test]
    fn the_changes_between_two_documents_turn_one_into_the_other() {
        let before = sample();
        let mut after = before.clone();
        after.coalition.goal = "Every teen finds a path".into();
        after.measures[0].title = "Renamed".into();
        after.measures[1].unit = "visits".into();
        let first = after.observations.iter().next().unwrap().key();
        after.clear(&first);
        after
            .post_update(Update {
                date: Date::parse("2026-11-01").unwrap(),
                author: "Ana".into(),
                text: "A new update".into(),
                links: vec![],
            })
            .unwrap();
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 5, "{changes:?}");
        assert_eq!(replay(&before, &changes), after);
    }

    #[test]
    fn changing_two_fields_of_one_measure_makes_two_changes_to_two_paths() {
        let before = sample();
        let mut after = before.clone();
        after.measures[0].title = "New title".into();
        after.measures[0].definition = "New definition".into();
        let mut paths: Vec<String> = diff(&before, &after)
            .iter()
            .map(|c| c.path.to_string())
            .collect();
        paths.sort();
        let code = &before.measures[0].code;
        assert_eq!(
            paths,
            [
                format!("measures/{code}/definition"),
                format!("measures/{code}/title")
            ]
        );
    }

    #[test]
    fn a_new_measure_with_its_first_values_applies_in_the_order_given() {
        let before = sample();
        let mut after = before.clone();
        let mut m = after.measures[0].clone();
        m.code = Code::parse("NEW").unwrap();
        m.targets.clear();
        m.baseline = None;
        after.add_measure(m.clone()).unwrap();
        let mut o = after
            .observations
            .of_measure(&before.measures[0].code)
            .next()
            .unwrap()
            .clone();
        o.measure = m.code.clone();
        after.record(o).unwrap();
        canonical(&mut after);
        let changes = diff(&before, &after);
        assert_eq!(changes[0].path.to_string(), "measures/NEW");
        assert_eq!(replay(&before, &changes), after);
        // Deleting both goes values first, then the measure.
        let back = diff(&after, &before);
        assert!(matches!(back[0].path.record, Record::Observation(_)));
        assert_eq!(replay(&after, &back), before);
    }

    #[test]
    fn an_edit_form_keeps_what_another_member_changed_since_it_opened() {
        let doc = sample();
        let original = doc.measures[0].clone();
        let mut current = original.clone();
        current.unit = "changed by Ben".into();
        let mut edited = original.clone();
        edited.title = "changed by Ana".into();
        let merged = merge_edit(&original, &edited, &current).unwrap();
        assert_eq!(merged.title, "changed by Ana");
        assert_eq!(merged.unit, "changed by Ben");
    }

    #[test]
    fn a_field_that_does_not_exist_is_refused() {
        let mut doc = sample();
        let code = doc.measures[0].code.clone();
        let change = Change {
            path: Path::field(Record::Measure(code), "colour"),
            value: Some(Json::String("red".into())),
        };
        assert!(matches!(
            apply(&mut doc, &change),
            Err(Error::UnknownField(_))
        ));
    }

    #[test]
    fn a_field_value_of_the_wrong_shape_is_refused_and_changes_nothing() {
        let mut doc = sample();
        let before = doc.clone();
        let code = doc.measures[0].code.clone();
        for (field, value) in [
            ("decimals", Json::String("two".into())),
            ("title", Json::String(String::new())),
            ("reporters", serde_json::json!(["NOBODY"])),
        ] {
            let change = Change {
                path: Path::field(Record::Measure(code.clone()), field),
                value: Some(value),
            };
            assert!(apply(&mut doc, &change).is_err(), "{field}");
            assert_eq!(doc, before);
        }
    }

    #[test]
    fn a_value_filed_under_another_cell_is_refused() {
        let mut doc = sample();
        let o = doc.observations.iter().next().unwrap().clone();
        let other = doc.observations.iter().nth(1).unwrap().key();
        let change = Change {
            path: Path::record(Record::Observation(other)),
            value: Some(json(&o)),
        };
        assert!(matches!(
            apply(&mut doc, &change),
            Err(Error::PathMismatch(_))
        ));
    }

    #[test]
    fn a_partner_level_change_applies_field_by_field_without_the_screen_rule() {
        let before = sample();
        let mut after = before.clone();
        let code = after.partners[0].code.clone();
        let level = if after.partners[0].level == PartnershipLevel::Networking {
            PartnershipLevel::Embedded
        } else {
            PartnershipLevel::Networking
        };
        let characteristics = after.partners[0].characteristics;
        after
            .change_partnership(
                &code,
                Date::parse("2026-11-02").unwrap(),
                level,
                characteristics,
                "moved",
            )
            .unwrap();
        let changes = diff(&before, &after);
        assert_eq!(replay(&before, &changes), after);
    }

    #[test]
    fn every_record_of_the_sample_can_be_deleted_and_recreated_through_changes() {
        let doc = sample();
        let empty = {
            let mut e = Document::empty();
            e.coalition = doc.coalition.clone();
            e
        };
        let create = diff(&empty, &doc);
        assert_eq!(replay(&empty, &create), doc);
        let delete = diff(&doc, &empty);
        assert_eq!(replay(&doc, &delete), empty);
        assert!(rows(&doc).len() > create.len());
    }
}

//! Rows: a document taken apart into the values sync stores and moves, and put back together.
//!
//! A record that syncs field by field becomes one row for the record itself (its value is
//! `true` while it exists) and one row per field; any other record is one row holding its whole
//! value. Reading the rows back always yields the same document in the same order, so every
//! replica that holds the same rows shows the same screens.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::path::{Path, Record};
use crate::code::natural;
use crate::communication::Update;
use crate::observation::Observations;
use crate::review::Review;
use crate::{Activity, Coalition, Document, Error, Measure, Observation, Partner, Story};

/// The key an update syncs under ([`Update::key`]).
pub fn update_key(update: &Update) -> String {
    update.key()
}

/// A record's JSON object.
pub(super) fn object(value: Json) -> Map<String, Json> {
    match value {
        Json::Object(map) => map,
        _ => unreachable!("records serialize as JSON objects"),
    }
}

/// A record's JSON value.
pub fn to_json<T: serde::Serialize>(value: &T) -> Json {
    // Through text rather than `to_value`: the app already carries every record's serializer
    // to text, and a second, Value-shaped copy of them all would grow the bundle.
    serde_json::from_str(&serde_json::to_string(value).expect("records always serialize"))
        .expect("serialized records are JSON")
}

fn push_fields(rows: &mut Vec<(Path, Json)>, record: Record, value: Json) {
    if record != Record::Coalition {
        rows.push((Path::record(record.clone()), Json::Bool(true)));
    }
    for (field, value) in object(value) {
        if field != "code" {
            rows.push((Path::field(record.clone(), &field), value));
        }
    }
}

/// The rows of one record as it is in `doc`, or no rows if it is not there.
pub fn record_rows(doc: &Document, record: &Record) -> Vec<(Path, Json)> {
    let mut rows = Vec::new();
    let whole = |value: Json| vec![(Path::record(record.clone()), value)];
    match record {
        Record::Coalition => push_fields(&mut rows, Record::Coalition, to_json(&doc.coalition)),
        Record::Partner(code) => {
            if let Some(p) = doc.partner(code) {
                push_fields(&mut rows, record.clone(), to_json(p));
            }
        }
        Record::Measure(code) => {
            if let Some(m) = doc.measure(code) {
                push_fields(&mut rows, record.clone(), to_json(m));
            }
        }
        Record::Activity(code) => {
            if let Some(a) = doc.activity(code) {
                push_fields(&mut rows, record.clone(), to_json(a));
            }
        }
        Record::Observation(key) => {
            if let Some(o) = doc.observations.get(key) {
                return whole(to_json(o));
            }
        }
        Record::Update(key) => {
            if let Some(u) = doc.updates.get(key) {
                return whole(to_json(u));
            }
        }
        Record::Story { measure, period } => {
            if let Some(s) = doc
                .stories
                .iter()
                .find(|s| &s.measure == measure && &s.period == period)
            {
                return whole(to_json(s));
            }
        }
        Record::Review { partner, period } => {
            if let Some(r) = doc.review(partner, *period) {
                return whole(to_json(r));
            }
        }
        Record::History(id) => {
            if let Some(e) = doc.history.get(id) {
                return whole(to_json(e));
            }
        }
    }
    rows
}

/// The value `path` holds in a document with this `head`, as [`value_at`] reads it; `None`
/// for an observation or a history entry, which a head does not hold.
pub fn value_in_head(head: &crate::stored::Head, path: &Path) -> Option<Json> {
    let record = match &path.record {
        Record::Coalition => to_json(&head.coalition),
        Record::Partner(c) => to_json(head.partners.iter().find(|p| &p.code == c)?),
        Record::Measure(c) => to_json(head.measures.iter().find(|m| &m.code == c)?),
        Record::Activity(c) => to_json(head.activities.iter().find(|a| &a.code == c)?),
        Record::Update(key) => return head.updates.get(key).map(to_json),
        Record::Story { measure, period } => {
            return head
                .stories
                .iter()
                .find(|s| &s.measure == measure && &s.period == period)
                .map(to_json)
        }
        Record::Review { partner, period } => {
            return head
                .reviews
                .iter()
                .find(|r| &r.partner == partner && &r.period == period)
                .map(to_json)
        }
        Record::Observation(_) | Record::History(_) => return None,
    };
    match &path.field {
        Some(field) => object(record).remove(field),
        None => Some(record),
    }
}

/// The value `path` holds in `doc`: a field's value, or a whole record with its code, or
/// `None` if the record is not there.
pub fn value_at(doc: &Document, path: &Path) -> Option<Json> {
    let record = match &path.record {
        Record::Coalition => Some(to_json(&doc.coalition)),
        Record::Partner(code) => doc.partner(code).map(to_json),
        Record::Measure(code) => doc.measure(code).map(to_json),
        Record::Activity(code) => doc.activity(code).map(to_json),
        _ => return record_rows(doc, &path.record).pop().map(|(_, v)| v),
    }?;
    match &path.field {
        Some(field) => object(record).remove(field),
        None => Some(record),
    }
}

/// Every record of the document as rows, in the document's canonical order.
pub fn rows(doc: &Document) -> Vec<(Path, Json)> {
    let mut rows = Vec::new();
    push_fields(&mut rows, Record::Coalition, to_json(&doc.coalition));
    for p in &doc.partners {
        push_fields(&mut rows, Record::Partner(p.code.clone()), to_json(p));
    }
    for m in &doc.measures {
        push_fields(&mut rows, Record::Measure(m.code.clone()), to_json(m));
    }
    for a in &doc.activities {
        push_fields(&mut rows, Record::Activity(a.code.clone()), to_json(a));
    }
    for o in doc.observations.iter() {
        rows.push((Path::record(Record::Observation(o.key())), to_json(o)));
    }
    for (key, u) in doc.updates.keyed() {
        rows.push((Path::record(Record::Update(key)), to_json(u)));
    }
    for s in &doc.stories {
        let record = Record::Story {
            measure: s.measure.clone(),
            period: s.period,
        };
        rows.push((Path::record(record), to_json(s)));
    }
    for r in &doc.reviews {
        let record = Record::Review {
            partner: r.partner.clone(),
            period: r.period,
        };
        rows.push((Path::record(record), to_json(r)));
    }
    for e in doc.history.iter() {
        rows.push((Path::record(Record::History(e.id.clone())), to_json(e)));
    }
    rows
}

/// Returns the record `value` describes if and only if it reads as a `T`, with the reason
/// otherwise.
pub(crate) fn read<T: serde::de::DeserializeOwned>(path: &Path, value: Json) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::MalformedValue {
        path: path.to_string(),
        reason: e.to_string(),
    })
}

/// The record's whole value with its code put back, from its field rows.
pub(crate) fn with_code(code: &crate::Code, mut fields: Map<String, Json>) -> Json {
    fields.insert("code".into(), Json::String(code.to_string()));
    Json::Object(fields)
}

/// Returns the document the rows describe if and only if every row reads as its record and the
/// whole passes [`Document::validate`]. Field rows of a record with no record row are ignored;
/// a record's identity must match its path.
pub fn assemble(rows: impl IntoIterator<Item = (Path, Json)>) -> Result<Document, Error> {
    let mut coalition = Map::new();
    let mut present = BTreeMap::<Record, Map<String, Json>>::new();
    let mut fields = BTreeMap::<Record, Map<String, Json>>::new();
    let mut doc = Document::empty();
    // Listed, then built at once (`Observations::from_list`): a map filled one by one holds
    // the same values in half as much again of memory.
    let mut observations = Vec::new();
    for (path, value) in rows {
        match (&path.record, path.field.clone()) {
            (Record::Coalition, Some(field)) => {
                coalition.insert(field, value);
            }
            (record, Some(field)) => {
                fields
                    .entry(record.clone())
                    .or_default()
                    .insert(field, value);
            }
            (record, None) if record.has_fields() => {
                if value != Json::Null {
                    present.entry(record.clone()).or_default();
                }
            }
            (Record::Observation(key), None) => {
                let o: Observation = read(&path, value)?;
                if &o.key() != key {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                observations.push(o);
            }
            (Record::Update(key), None) => {
                let u: Update = read(&path, value)?;
                if &update_key(&u) != key {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.updates.put(u);
            }
            (Record::Story { measure, period }, None) => {
                let s: Story = read(&path, value)?;
                if &s.measure != measure || &s.period != period {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.stories.push(s);
            }
            (Record::Review { partner, period }, None) => {
                let r: Review = read(&path, value)?;
                if &r.partner != partner || &r.period != period {
                    return Err(Error::PathMismatch(path.to_string()));
                }
                doc.reviews.push(r);
            }
            (Record::History(id), None) => {
                doc.history.put(crate::history::entry_at(id, value)?)?;
            }
            _ => unreachable!("records without fields are matched above"),
        }
    }
    doc.observations = Observations::from_list(observations)?;
    if !coalition.is_empty() {
        let path = Path::record(Record::Coalition);
        doc.coalition = read::<Coalition>(&path, Json::Object(coalition))?;
    }
    for (record, _) in present {
        let values = fields.remove(&record).unwrap_or_default();
        let path = Path::record(record.clone());
        match &record {
            Record::Partner(code) => doc
                .partners
                .push(read::<Partner>(&path, with_code(code, values))?),
            Record::Measure(code) => doc
                .measures
                .push(read::<Measure>(&path, with_code(code, values))?),
            Record::Activity(code) => doc
                .activities
                .push(read::<Activity>(&path, with_code(code, values))?),
            _ => unreachable!("only records with fields are present"),
        }
    }
    canonical(&mut doc);
    doc.validate()?;
    Ok(doc)
}

/// Puts every list of the document in the one order all replicas share: codes in natural
/// order (`M2` before `M10`), updates by date, stories by measure and period, reviews by
/// partner and period.
pub fn canonical(doc: &mut Document) {
    doc.partners
        .sort_by(|a, b| natural(a.code.as_str(), b.code.as_str()));
    doc.measures
        .sort_by(|a, b| natural(a.code.as_str(), b.code.as_str()));
    doc.activities
        .sort_by(|a, b| natural(a.code.as_str(), b.code.as_str()));
    doc.stories
        .sort_by(|a, b| (&a.measure, a.period).cmp(&(&b.measure, b.period)));
    doc.reviews
        .sort_by(|a, b| (&a.partner, a.period).cmp(&(&b.partner, b.period)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn a_document_taken_apart_into_rows_assembles_to_itself() {
        let mut doc = sample::coalition();
        canonical(&mut doc);
        let again = assemble(rows(&doc)).unwrap();
        assert_eq!(again, doc);
    }

    #[test]
    fn codes_sort_with_numbers_as_numbers() {
        let mut codes = vec!["M10", "M2", "LIB", "M1", "A-3", "A-12", "M01"];
        codes.sort_by(|a, b| natural(a, b));
        assert_eq!(codes, ["A-3", "A-12", "LIB", "M01", "M1", "M2", "M10"]);
    }

    #[test]
    fn an_observation_under_another_cell_is_refused() {
        let doc = sample::coalition();
        let mut all = rows(&doc);
        let (i, _) = all
            .iter()
            .enumerate()
            .find(|(_, (p, _))| matches!(p.record, Record::Observation(_)))
            .unwrap();
        let other = doc.observations.iter().nth(1).unwrap().key();
        all[i].0 = Path::record(Record::Observation(other));
        assert!(matches!(assemble(all), Err(Error::PathMismatch(_))));
    }
}

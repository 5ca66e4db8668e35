//! History: every change to a value, a measure, an activity, a partner, a story or the
//! coalition's settings, kept with who made it, when, what it held before and after, and the
//! path it came by (a form, the grid, an import, a conflict answer, a restore, a revert).
//!
//! One member's action (one Enter in the grid, one import, one restore) is an **action**; it
//! is kept as one or more [`Entry`] records of at most [`MAX_ITEMS`] items each, so that a
//! 10,000-value import syncs as a hundred bounded records rather than one huge one. An item is
//! one [`Change`] with the value its path held before.
//!
//! The rules, all here so the browser, the server and the history screen apply the same ones:
//! - the history only grows: an entry is never deleted, and writing an entry again is accepted
//!   only with the same content (the server may sign it anew): [`History::put`];
//! - an entry is signed like a value: the server writes its `by` and `at`;
//! - a revert puts back each item's `before` only where the path still holds the item's
//!   `after`; a path changed again since is left as it is and reported ([`revert`]), so a
//!   revert never overwrites someone's later work. A revert is an action of its own, kept in
//!   the history like any other, and can itself be reverted.
//!
//! Review steps and feed posts are not items: a review keeps who took each step already, and
//! reverting one would undo an approval without the backbone's decision.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::observation::Journal;
use crate::stored::Head;
use crate::sync::{same, value_at, Change, Path, Record};
use crate::{Document, Error, MonthIndex};

/// The most items one entry holds; an action with more is split into several entries.
pub const MAX_ITEMS: usize = 100;
/// The longest note an action may carry.
pub const MAX_NOTE: usize = 500;
/// The longest id an entry may have.
pub const MAX_ID: usize = 80;
/// The most an entry's items may weigh as JSON, far below what one push may carry, so that an
/// entry of a hundred large records (whole activities before and after) still syncs.
pub const MAX_ENTRY_BYTES: usize = 256 * 1024;

/// The path a change came by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A form on one of the screens (a measure, a partner, an activity, the settings).
    Screen,
    /// The grid of values.
    Grid,
    /// An import of a file of values.
    Import,
    /// An answer to a conflict between two members' values.
    Conflict,
    /// A backup restored over the coalition.
    Restore,
    /// A revert of earlier changes.
    Revert,
}

impl Via {
    /// The path as members read it: "in the grid", "by an import".
    pub fn label(self) -> &'static str {
        match self {
            Via::Screen => "on a form",
            Via::Grid => "in the grid",
            Via::Import => "by an import",
            Via::Conflict => "answering a conflict",
            Via::Restore => "by restoring a backup",
            Via::Revert => "by a revert",
        }
    }
}

/// One change of an action: what `path` held before and after. For a whole record `None`
/// means it was not there; for a field, `None` is its empty value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub path: Path,
    #[serde(default)]
    pub before: Option<Json>,
    #[serde(default)]
    pub after: Option<Json>,
}

/// Up to [`MAX_ITEMS`] changes of one action, as kept and synced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The action's id, then `.2`, `.3`… for its later entries ([`action_id`]).
    pub id: String,
    /// The id of the action this entry is part of.
    pub action: String,
    /// Who made the change (signed by the server in a shared coalition).
    #[serde(default)]
    pub by: String,
    /// When, as an RFC 3339 time (signed by the server in a shared coalition).
    #[serde(default)]
    pub at: String,
    pub via: Via,
    /// Why, in the member's words (a revert's reason, for instance).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The action this one reverts, for a revert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<String>,
    pub items: Vec<Item>,
}

impl Entry {
    /// Returns `Ok` if and only if the entry is well formed: a valid id within its action,
    /// between 1 and [`MAX_ITEMS`] items, none of them a review, a feed post or a history
    /// entry, and a note of at most [`MAX_NOTE`] characters.
    pub fn validate(&self) -> Result<(), Error> {
        valid_id(&self.id)?;
        valid_id(&self.action)?;
        if self.id != self.action && !self.id.starts_with(&format!("{}.", self.action)) {
            return Err(Error::InvalidHistory(format!(
                "the entry {} is not part of the action {}",
                self.id, self.action
            )));
        }
        if self.items.is_empty() || self.items.len() > MAX_ITEMS {
            return Err(Error::InvalidHistory(format!(
                "an entry holds between 1 and {MAX_ITEMS} changes; {} holds {}",
                self.id,
                self.items.len()
            )));
        }
        if let Some(item) = self.items.iter().find(|i| !is_kept(&i.path.record)) {
            return Err(Error::InvalidHistory(format!(
                "{} is not kept in the history",
                item.path.record.describe()
            )));
        }
        if self.note.chars().count() > MAX_NOTE {
            return Err(Error::TooLong {
                field: "A history note",
                max: MAX_NOTE,
            });
        }
        Ok(())
    }

    /// Whether `other` says the same as this entry, whoever signed it and when.
    fn same_content(&self, other: &Entry) -> bool {
        (
            &self.action,
            self.via,
            &self.note,
            &self.reverts,
            &self.items,
        ) == (
            &other.action,
            other.via,
            &other.note,
            &other.reverts,
            &other.items,
        )
    }
}

/// Whether `id` may name a history entry (and so a `history/<id>` path): 1 to [`MAX_ID`]
/// letters, digits, `-`, `.` or `_`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
}

fn valid_id(id: &str) -> Result<(), Error> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(Error::InvalidHistory(format!(
            "a history id is 1 to {MAX_ID} letters, digits, '-', '.' or '_'; \"{}\" is not",
            id.chars().take(MAX_ID).collect::<String>()
        )))
    }
}

/// Whether a change to `path` belongs in the history of `record`: the record itself or one of
/// its fields, and for a measure also its values.
pub fn concerns(record: &Record, path: &Path) -> bool {
    match (record, &path.record) {
        (Record::Measure(code), Record::Observation(key)) => &key.measure == code,
        _ => path.is_in(record),
    }
}

/// Whether changes to `record` are kept in the history (see the module's note).
pub fn is_kept(record: &Record) -> bool {
    !matches!(
        record,
        Record::Update(_) | Record::Review { .. } | Record::History(_)
    )
}

/// A new action's id: the time `at` (RFC 3339) without separators, so ids sort by time, then
/// `salt` (the browser's sync client, or any text unlikely to repeat) and `n`, which the caller
/// counts up, so that two actions in the same second from one browser differ.
pub fn action_id(at: &str, salt: &str, n: u64) -> String {
    let time: String = at
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(15)
        .collect();
    let salt: String = salt
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(24)
        .collect();
    format!("{time}-{salt}-{n}")
}

/// Every entry of a coalition, in id order (which is time order for ids from [`action_id`]).
///
/// Once tracked ([`History::track`]), it also notes which entries were added since
/// [`History::take_unsaved`] was last called, so that the browser writes only those; the note
/// is not part of the value. A history read anew is not tracked, so a caller that finds it
/// untracked knows it was replaced whole (and the server, which never saves entry by entry,
/// keeps no note).
#[derive(Clone, Debug, Default)]
pub struct History {
    entries: Vec<Entry>,
    unsaved: Option<BTreeSet<String>>,
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Serialize for History {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.entries.serialize(s)
    }
}

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        let entries = Vec::<Entry>::deserialize(d)?;
        History::from_entries(entries).map_err(serde::de::Error::custom)
    }
}

impl History {
    /// The history of `entries`, in any order; refuses a malformed entry or two entries with
    /// one id.
    pub fn from_entries(mut entries: Vec<Entry>) -> Result<History, Error> {
        for entry in &entries {
            entry.validate()?;
        }
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = entries.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(Error::InvalidHistory(format!(
                "two entries share the id {}",
                pair[0].id
            )));
        }
        Ok(History {
            entries,
            unsaved: None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every entry, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.entries.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.position(id).ok().map(|i| &self.entries[i])
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.id.as_str().cmp(id))
    }

    /// Adds `entry`, or takes it again if an entry with its id says the same (a retry, or the
    /// server's signed copy). Returns an error, leaving the history as it was, if the entry is
    /// malformed or another entry with its id says something else: the history is never
    /// rewritten.
    pub fn put(&mut self, entry: Entry) -> Result<(), Error> {
        entry.validate()?;
        match self.position(&entry.id) {
            Ok(i) if self.entries[i].same_content(&entry) => {
                if self.entries[i] != entry {
                    self.note(&entry.id);
                    self.entries[i] = entry;
                }
                Ok(())
            }
            Ok(_) => Err(Error::HistoryRewritten(entry.id)),
            Err(i) => {
                self.note(&entry.id);
                self.entries.insert(i, entry);
                Ok(())
            }
        }
    }

    /// Puts the entry `id` back as it was (`None`: absent), without the rules: for a trial
    /// that changed it and must leave the history exactly as it was.
    pub(crate) fn put_back(&mut self, id: &str, entry: Option<Entry>) {
        self.note(id);
        match (self.position(id), entry) {
            (Ok(i), Some(e)) => self.entries[i] = e,
            (Ok(i), None) => {
                self.entries.remove(i);
            }
            (Err(i), Some(e)) => self.entries.insert(i, e),
            (Err(_), None) => {}
        }
    }

    fn note(&mut self, id: &str) {
        if let Some(unsaved) = &mut self.unsaved {
            unsaved.insert(id.to_string());
        }
    }

    /// Starts (or restarts) noting the entries added or changed.
    pub fn track(&mut self) {
        self.unsaved = Some(BTreeSet::new());
    }

    /// The ids of the entries added or changed since tracking started or this was last called,
    /// leaving an empty note behind; `None` if the history is not tracked.
    pub fn take_unsaved(&mut self) -> Option<BTreeSet<String>> {
        self.unsaved.as_mut().map(std::mem::take)
    }

    /// The entries of one action, in order. Every id of an action starts with the action's id,
    /// and ids sharing a start sort together.
    pub fn of_action<'a>(&'a self, action: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let start = self.position(action).unwrap_or_else(|i| i);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.id.starts_with(action))
            .filter(move |e| e.action == action)
    }

    /// Every action, newest first, as its entries in order.
    pub fn actions(&self) -> Vec<Vec<&Entry>> {
        let mut actions: Vec<Vec<&Entry>> = Vec::new();
        let mut index = std::collections::BTreeMap::<&str, usize>::new();
        for entry in &self.entries {
            match index.get(entry.action.as_str()) {
                Some(&i) => actions[i].push(entry),
                None => {
                    index.insert(&entry.action, actions.len());
                    actions.push(vec![entry]);
                }
            }
        }
        actions.reverse();
        actions
    }

    /// Every item that [`concerns`] `record`, newest first, with its entry.
    pub fn of_record<'a>(&'a self, record: &'a Record) -> Vec<(&'a Entry, &'a Item)> {
        self.entries
            .iter()
            .rev()
            .flat_map(|e| e.items.iter().rev().map(move |i| (e, i)))
            .filter(|(_, i)| concerns(record, &i.path))
            .collect()
    }
}

/// The items of `changes` (those [`is_kept`]), each with the value `before(path)` says its
/// path held before them.
pub fn items(changes: &[Change], before: impl Fn(&Path) -> Option<Json>) -> Vec<Item> {
    changes
        .iter()
        .filter(|c| is_kept(&c.path.record))
        .map(|c| Item {
            before: before(&c.path),
            after: c.value.clone(),
            path: c.path.clone(),
        })
        .filter(|i| !same(&i.path, &i.before, &i.after))
        .collect()
}

/// What `path` held in a document whose head was `head` and whose observations were as the
/// journal says they were before its changes: the `before` of an edit found with
/// [`crate::sync::diff_journaled`]. A cell the journal does not name is read from `doc`.
pub fn before_in(head: &Head, journal: &Journal, doc: &Document, path: &Path) -> Option<Json> {
    match &path.record {
        Record::Observation(key) => match journal.get(key) {
            Some(old) => old.as_ref().map(crate::sync::to_json),
            None => value_at(doc, path),
        },
        _ => crate::sync::value_in_head(head, path),
    }
}

/// Who made an action, when, how and why, for [`entries`].
pub struct Signature<'a> {
    pub action: String,
    pub by: &'a str,
    pub at: &'a str,
    pub via: Via,
    pub note: &'a str,
    pub reverts: Option<&'a str>,
}

/// The entries that keep `items` as one action, in order: at most [`MAX_ITEMS`] items and
/// [`MAX_ENTRY_BYTES`] to an entry (an item alone may weigh more), the first under the action's
/// id, the next ones under `<id>.0002`, `<id>.0003`… (so ids sort in the items' order); none if
/// there are no items.
pub fn entries(signature: &Signature<'_>, items: Vec<Item>) -> Vec<Entry> {
    let mut chunks: Vec<Vec<Item>> = Vec::new();
    let mut bytes = 0;
    for item in items {
        let weight = serde_json::to_string(&item).map_or(0, |t| t.len());
        match chunks.last_mut() {
            Some(chunk) if chunk.len() < MAX_ITEMS && bytes + weight <= MAX_ENTRY_BYTES => {
                bytes += weight;
                chunk.push(item);
            }
            _ => {
                bytes = weight;
                chunks.push(vec![item]);
            }
        }
    }
    let mut out = Vec::new();
    for chunk in chunks {
        let id = match out.len() {
            0 => signature.action.clone(),
            n => format!("{}.{:04}", signature.action, n + 1),
        };
        out.push(Entry {
            id,
            action: signature.action.clone(),
            by: signature.by.to_string(),
            at: signature.at.to_string(),
            via: signature.via,
            note: signature.note.to_string(),
            reverts: signature.reverts.map(str::to_string),
            items: chunk,
        });
    }
    out
}

/// What a revert did: the changes it made, in order, and each path it left as it was, with
/// why.
#[derive(Debug, Default, PartialEq)]
pub struct Reverted {
    pub changes: Vec<Change>,
    pub kept: Vec<(Path, String)>,
}

/// Puts back, in `doc`, what `items` (of one action or a single change, oldest first) changed,
/// newest first: each path that still holds the item's `after` gets its `before` back, by the
/// document's rules and the lock and review rules in force in `this_month`. A path changed
/// again since, or that the rules refuse to change, is left as it is and listed with the
/// reason; a path that already holds its `before` needs nothing. Every change is applied
/// whole or not at all, so `doc` is valid whatever is refused.
pub fn revert<'a>(
    doc: &mut Document,
    items: impl DoubleEndedIterator<Item = &'a Item>,
    this_month: MonthIndex,
) -> Reverted {
    let mut out = Reverted::default();
    for item in items.rev() {
        let now = value_at(doc, &item.path);
        if same_kept(&item.path, &now, &item.before) {
            continue;
        }
        if !same_kept(&item.path, &now, &item.after) {
            out.kept.push((
                item.path.clone(),
                "it was changed again since, so it is left as it is now".into(),
            ));
            continue;
        }
        let change = Change {
            path: item.path.clone(),
            value: item.before.clone(),
        };
        let allowed = crate::lock::check(doc, &change.path, change.value.as_ref(), this_month)
            .and_then(|()| crate::review::check(doc, &change.path, change.value.as_ref()))
            .and_then(|()| crate::sync::adopt(doc, &change));
        match allowed {
            Ok(()) => out.changes.push(change),
            Err(e) => out.kept.push((item.path.clone(), e.to_string())),
        }
    }
    out
}

/// The history entry `value` as a server keeps it: only the items whose change the sender
/// made (`made_here(path)`: the path's latest change is the sender's, which the server's rows
/// know) and `doc` holds now (a change the server refused, or that another member's change
/// overtook, did not happen), each with the value `doc` holds as its `after` (signed by the
/// server); for a revert, only the items of paths the reverted action changed. An entry is
/// sent after the changes it tells of, so by then they are in `doc`. Returns an error if
/// `value` is not an entry or none of its changes happened; any other value is returned as it
/// is.
pub fn as_happened(
    doc: &Document,
    path: &Path,
    value: Option<&Json>,
    made_here: impl Fn(&Path) -> bool,
) -> Result<Option<Json>, Error> {
    let (Record::History(_), Some(value)) = (&path.record, value) else {
        return Ok(value.cloned());
    };
    let mut entry: Entry = crate::sync::read(path, value.clone())?;
    let reverted: Option<BTreeSet<&Path>> = entry.reverts.as_deref().map(|id| {
        doc.history
            .of_action(id)
            .flat_map(|e| e.items.iter().map(|i| &i.path))
            .collect()
    });
    entry.items.retain_mut(|item| {
        let now = value_at(doc, &item.path);
        let happened = same_kept(&item.path, &now, &item.after)
            && reverted.as_ref().is_none_or(|r| r.contains(&item.path))
            && made_here(&item.path);
        if happened {
            item.after = now;
        }
        happened
    });
    if entry.items.is_empty() {
        return Err(Error::InvalidHistory(
            "none of the changes it tells of were made (the server refused them, or another member changed them first)".into(),
        ));
    }
    Ok(Some(crate::sync::to_json(&entry)))
}

/// Whether `doc`'s history holds the entry `id`: `None` if not, `Some(true)` if `value` is
/// that entry saying the same (whoever signed it), `Some(false)` if `value` says something
/// else or deletes it.
pub fn is_held(doc: &Document, id: &str, value: Option<&Json>) -> Option<bool> {
    let held = doc.history.get(id)?;
    let sent = value.and_then(|v| serde_json::from_value::<Entry>(v.clone()).ok());
    Some(sent.is_some_and(|e| e.same_content(held)))
}

/// [`same`], except that two values of one cell are the same if they differ only in who
/// entered them and when: the server signs every value again as it stores it.
fn same_kept(path: &Path, a: &Option<Json>, b: &Option<Json>) -> bool {
    if !matches!(path.record, Record::Observation(_)) {
        return same(path, a, b);
    }
    let unsigned = |v: &Option<Json>| {
        v.clone().map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                o.remove("entered_by");
                o.remove("entered_at");
            }
            v
        })
    };
    unsigned(a) == unsigned(b)
}

/// Makes the entry `id` of `doc`'s history what the server holds (`None`: no entry), whatever
/// this copy held: for taking in the server's answer to a push and its pulls.
pub(crate) fn take_servers(doc: &mut Document, id: &str, value: Option<Json>) -> Result<(), Error> {
    let entry = value.map(|v| entry_at(id, v)).transpose()?;
    doc.history.put_back(id, entry);
    Ok(())
}

/// The entry `value` holds, if it reads as one whose id is `id` (the path it came by).
pub(crate) fn entry_at(id: &str, value: Json) -> Result<Entry, Error> {
    let path = Path::record(Record::History(id.to_string()));
    let entry: Entry = crate::sync::read(&path, value)?;
    if entry.id != id {
        return Err(Error::PathMismatch(path.to_string()));
    }
    Ok(entry)
}

/// Applies the change of a `history/<id>` path to `doc`, the way sync applies every change:
/// [`History::put`] of the entry it holds. Deleting an entry is refused.
pub(crate) fn apply_entry(doc: &mut Document, id: &str, value: Option<&Json>) -> Result<(), Error> {
    let Some(value) = value else {
        return Err(Error::HistoryRewritten(id.to_string()));
    };
    doc.history.put(entry_at(id, value.clone())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::diff;
    use crate::{sample, Code, Grant, Value};

    fn code(text: &str) -> Code {
        Code::parse(text).unwrap()
    }

    fn signature(action: &str, via: Via) -> Signature<'static> {
        Signature {
            action: action.into(),
            by: "Ana",
            at: "2026-12-04T10:00:00Z",
            via,
            note: "",
            reverts: None,
        }
    }

    /// The items of turning `before` into `after`, read from `before`.
    fn items_between(before: &Document, after: &Document) -> Vec<Item> {
        items(&diff(before, after), |p| value_at(before, p))
    }

    /// The sample coalition with every value of the partner `LIB` doubled, as an import would.
    fn doubled(doc: &Document) -> Document {
        let mut after = doc.clone();
        for o in doc
            .observations
            .iter()
            .filter(|o| o.partner.as_str() == "LIB")
        {
            let mut o = o.clone();
            if let Value::Number(n) = o.value {
                o.value = Value::Number(n * 2.0);
                after.record(o).unwrap();
            }
        }
        after
    }

    #[test]
    fn an_action_of_many_changes_is_kept_in_entries_of_at_most_a_hundred_items() {
        let item = |i: usize| Item {
            path: Path::field(Record::Coalition, "goal"),
            before: Some(Json::from(i)),
            after: None,
        };
        let split = entries(
            &signature("20261204T100000Z-c-1", Via::Import),
            (0..250).map(item).collect(),
        );
        let ids: Vec<&str> = split.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "20261204T100000Z-c-1",
                "20261204T100000Z-c-1.0002",
                "20261204T100000Z-c-1.0003"
            ]
        );
        assert_eq!(split.iter().map(|e| e.items.len()).sum::<usize>(), 250);
        let mut history = History::default();
        for e in split {
            history.put(e).unwrap();
        }
        assert_eq!(history.actions().len(), 1);
        assert_eq!(history.of_action("20261204T100000Z-c-1").count(), 3);
        assert!(entries(&signature("x", Via::Grid), Vec::new()).is_empty());
    }

    #[test]
    fn an_action_stays_whole_whatever_ids_sort_between_its_entries() {
        let item = || Item {
            path: Path::field(Record::Coalition, "goal"),
            before: None,
            after: Some(Json::from("A goal")),
        };
        let mut history = History::default();
        let mut split = entries(&signature("T-a-1", Via::Import), vec![item(); 150]);
        split.extend(entries(&signature("T-a-1-x", Via::Grid), vec![item()]));
        for e in split {
            history.put(e).unwrap();
        }
        let ids: Vec<&str> = history.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["T-a-1", "T-a-1-x", "T-a-1.0002"]);
        assert_eq!(history.of_action("T-a-1").count(), 2);
        let actions = history.actions();
        assert_eq!(actions.len(), 2);
        assert_eq!(
            actions[1].len(),
            2,
            "the older action keeps both its entries"
        );
    }

    #[test]
    fn the_history_is_never_rewritten_but_takes_the_servers_signature() {
        let doc = sample::coalition();
        let entry = entries(
            &signature("a-1", Via::Grid),
            items_between(&doc, &doubled(&doc)),
        )
        .remove(0);
        let mut history = History::default();
        history.put(entry.clone()).unwrap();
        assert_eq!(history.take_unsaved(), None, "not tracked");
        history.track();
        let mut signed = entry.clone();
        signed.by = "Ana Ortiz".into();
        signed.at = "2026-12-04T10:00:05Z".into();
        history.put(signed.clone()).unwrap();
        assert_eq!(history.get("a-1"), Some(&signed));
        assert_eq!(history.take_unsaved().map(|u| u.len()), Some(1));
        let mut forged = entry;
        forged.items.pop();
        assert!(matches!(
            history.put(forged),
            Err(Error::HistoryRewritten(id)) if id == "a-1"
        ));
        let mut doc = doc;
        doc.history = history;
        let deleted = Change {
            path: Path::record(Record::History("a-1".into())),
            value: None,
        };
        assert!(crate::sync::apply(&mut doc, &deleted).is_err());
        assert_eq!(doc.history.len(), 1);
    }

    #[test]
    fn reverting_an_import_restores_every_value_it_changed() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        let kept = items_between(&before, &doc);
        assert!(kept.len() > 3, "{}", kept.len());
        let reverted = revert(&mut doc, kept.iter(), MonthIndex::new(2026, 6));
        assert_eq!(reverted.kept, []);
        assert_eq!(reverted.changes.len(), kept.len());
        assert_eq!(doc, before);
    }

    #[test]
    fn a_revert_leaves_a_value_changed_again_since_and_says_so() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        let kept = items_between(&before, &doc);
        let Record::Observation(key) = &kept[0].path.record else {
            panic!("an import changes values");
        };
        let mut later = doc.observations.get(key).unwrap().clone();
        later.value = Value::Number(12345.0);
        doc.record(later.clone()).unwrap();
        let reverted = revert(&mut doc, kept.iter(), MonthIndex::new(2026, 6));
        assert_eq!(reverted.kept.len(), 1);
        assert_eq!(reverted.kept[0].0, kept[0].path);
        assert!(reverted.kept[0].1.contains("changed again since"));
        assert_eq!(doc.observations.get(key), Some(&later));
        assert_eq!(reverted.changes.len(), kept.len() - 1);
    }

    #[test]
    fn a_value_signed_again_by_the_server_still_counts_as_unchanged_since() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        let kept = items_between(&before, &doc);
        let Record::Observation(key) = &kept[0].path.record else {
            panic!("an import changes values");
        };
        let mut signed = doc.observations.get(key).unwrap().clone();
        signed.entered_by = "Ana Ortiz".into();
        signed.entered_at = "2026-12-04T10:00:05Z".into();
        doc.record(signed).unwrap();
        let reverted = revert(&mut doc, kept.iter(), MonthIndex::new(2026, 6));
        assert_eq!(reverted.kept, []);
        assert_eq!(doc, before);
    }

    #[test]
    fn a_measures_history_holds_its_definition_and_its_values_and_nothing_else() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        let mut m = doc.measures[0].clone();
        m.title.push_str(" (renamed)");
        doc.put_measure(m.clone()).unwrap();
        for e in entries(&signature("a-1", Via::Screen), items_between(&before, &doc)) {
            doc.history.put(e).unwrap();
        }
        let record = Record::Measure(m.code.clone());
        let mine = doc.history.of_record(&record);
        assert!(mine
            .iter()
            .any(|(_, i)| i.path == Path::field(record.clone(), "title")));
        assert!(mine.iter().all(|(_, i)| match &i.path.record {
            Record::Observation(k) => k.measure == m.code,
            other => other == &record,
        }));
        let values = mine.iter().filter(|(_, i)| i.path.field.is_none()).count();
        let expected = doc
            .observations
            .of_measure(&m.code)
            .filter(|o| before.observations.get(&o.key()) != Some(o))
            .count();
        assert_eq!(values, expected);
    }

    #[test]
    fn an_entry_keeps_only_the_changes_its_sender_made_and_that_hold_now() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        let kept = items_between(&before, &doc);
        let entry = entries(&signature("a-1", Via::Import), kept.clone()).remove(0);
        let path = Path::record(Record::History("a-1".into()));
        let value = crate::sync::to_json(&entry);
        // Another member changed the first value since; the sender did not make the second.
        let Record::Observation(first) = &kept[0].path.record else {
            panic!("an import changes values");
        };
        let mut later = doc.observations.get(first).unwrap().clone();
        later.value = Value::Number(12345.0);
        doc.record(later).unwrap();
        let not_theirs = kept[1].path.clone();
        let trimmed = as_happened(&doc, &path, Some(&value), |p| p != &not_theirs).unwrap();
        let trimmed: Entry = serde_json::from_value(trimmed.unwrap()).unwrap();
        assert_eq!(trimmed.items.len(), kept.len() - 2);
        assert!(trimmed
            .items
            .iter()
            .all(|i| i.path != kept[0].path && i.path != not_theirs));
        assert!(as_happened(&doc, &path, Some(&value), |_| false).is_err());

        // A revert keeps only the paths of the action it reverts.
        doc.history.put(entry.clone()).unwrap();
        let mut revert = entries(&signature("a-2", Via::Revert), kept[2..4].to_vec()).remove(0);
        revert.reverts = Some("a-1".into());
        revert.items.push(Item {
            path: Path::field(Record::Coalition, "goal"),
            before: Some(Json::from("x")),
            after: value_at(&doc, &Path::field(Record::Coalition, "goal")),
        });
        let value = crate::sync::to_json(&revert);
        let path = Path::record(Record::History("a-2".into()));
        let trimmed = as_happened(&doc, &path, Some(&value), |_| true)
            .unwrap()
            .unwrap();
        let trimmed: Entry = serde_json::from_value(trimmed).unwrap();
        assert_eq!(trimmed.items.len(), 2);

        assert_eq!(
            is_held(&doc, "a-1", Some(&crate::sync::to_json(&entry))),
            Some(true)
        );
        assert_eq!(is_held(&doc, "a-1", None), Some(false));
        assert_eq!(is_held(&doc, "a-9", None), None);
    }

    #[test]
    fn a_deleted_record_is_recovered_by_reverting_its_deletion() {
        let before = sample::coalition();
        let activity = before.activities[0].code.clone();
        let mut doc = before.clone();
        let deletion = Change {
            path: Path::record(Record::Activity(activity.clone())),
            value: None,
        };
        crate::sync::apply(&mut doc, &deletion).unwrap();
        let kept = items_between(&before, &doc);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].after, None);
        let reverted = revert(&mut doc, kept.iter(), MonthIndex::new(2026, 6));
        assert_eq!(reverted.kept, []);
        assert_eq!(doc.activity(&activity), before.activity(&activity));
    }

    #[test]
    fn a_partner_editor_may_keep_only_the_history_of_changes_they_may_make() {
        let doc = sample::coalition();
        let item = |partner: &str| Item {
            path: Path::record(Record::Observation(crate::CellKey {
                group: crate::Group::total(),
                measure: doc.measures[0].code.clone(),
                period: doc.observations.iter().next().unwrap().period,
                partner: code(partner),
            })),
            before: None,
            after: None,
        };
        let editor = Grant::editor(code("LIB"));
        let history = |items: Vec<Item>| {
            let entry = entries(&signature("a-1", Via::Grid), items).remove(0);
            crate::sync::to_json(&entry)
        };
        let path = Path::record(Record::History("a-1".into()));
        assert!(editor
            .check(&doc, &path, Some(&history(vec![item("LIB")])))
            .is_ok());
        assert!(editor
            .check(&doc, &path, Some(&history(vec![item("SCI")])))
            .is_err());
        assert!(Grant::viewer()
            .check(&doc, &path, Some(&history(vec![item("LIB")])))
            .is_err());
    }

    #[test]
    fn the_history_survives_a_backup_and_the_servers_rows() {
        let before = sample::coalition();
        let mut doc = doubled(&before);
        for e in entries(&signature("a-1", Via::Import), items_between(&before, &doc)) {
            doc.history.put(e).unwrap();
        }
        let text = crate::format::save(&doc);
        assert_eq!(crate::format::load(&text).unwrap().history, doc.history);
        crate::sync::canonical(&mut doc);
        let again = crate::sync::assemble(crate::sync::rows(&doc)).unwrap();
        assert_eq!(again.history, doc.history);
    }
}

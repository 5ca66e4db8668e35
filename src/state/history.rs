//! Keeping every edit in the coalition's history ([`cairn_core::history`]): the store calls
//! [`keep`] inside each edit, so the entry is part of the same change of the document (saved
//! and synced with it, never apart from it).

use std::cell::Cell;

use cairn_core::history::{self, Signature, Via};
use cairn_core::stored::Head;
use cairn_core::sync::{Change, Path, Record};
use cairn_core::Document;

use super::storage;

thread_local! {
    /// Counts this tab's actions, so that two in one second get different ids.
    static ACTIONS: Cell<u64> = const { Cell::new(0) };
    /// Tells this tab's actions from another tab's or browser's in the same second.
    static SALT: String = format!("{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32);
}

/// How an edit came, and why: what the history keeps besides the change itself.
pub struct How<'a> {
    pub via: Via,
    pub note: &'a str,
    /// The action a revert reverts.
    pub reverts: Option<&'a str>,
}

impl How<'static> {
    pub fn via(via: Via) -> How<'static> {
        How {
            via,
            note: "",
            reverts: None,
        }
    }
}

/// Finds the changes of the edit just made to `doc` (whose head before it was `head`, and whose
/// observations' journal names the cells it changed), keeps them in `doc`'s history as one
/// action, and returns them with the history entries that keep them (for the outbox, while the
/// coalition syncs). `client` is the sync client's id, if linked.
pub fn keep(doc: &mut Document, head: &Head, how: &How<'_>, client: Option<&str>) -> Vec<Change> {
    let (changes, items) = match doc.observations.journal() {
        Some(journal) => {
            let changes = cairn_core::sync::diff_journaled(head, journal, doc);
            let items = history::items(&changes, |p| history::before_in(head, journal, doc, p));
            (changes, items)
        }
        // Replaced whole: every value is sent again, so nothing the member sees is lost on the
        // server. What the cells held before is no longer known, so nothing is kept: a wrong
        // "before" would let a revert empty every cell.
        None => {
            let every: cairn_core::observation::Journal =
                doc.observations.iter().map(|o| (o.key(), None)).collect();
            let changes = cairn_core::sync::diff_journaled(head, &every, doc);
            (changes, Vec::new())
        }
    };
    with_entries(doc, changes, items, how, client)
}

/// Keeps the whole-document edit from `before` to `after` (a restore) in `after`'s history, on
/// top of every entry `before`'s history holds, and returns its changes with the entries.
pub fn keep_replacement(
    before: &Document,
    after: &mut Document,
    how: &How<'_>,
    client: Option<&str>,
) -> Vec<Change> {
    // A backup from before some changes must not drop their history: the history only grows.
    for entry in before.history.iter() {
        let _ = after.history.put(entry.clone());
    }
    // The backup's own entries are not sent: the server keeps the history of what it made,
    // and would sign them anew as the restorer's.
    let mut changes = cairn_core::sync::diff(before, after);
    changes.retain(|c| !matches!(c.path.record, Record::History(_)));
    // Restoring into an empty coalition starts it: there was nothing to change, and keeping
    // every value of a large backup twice over would cost every member's first pull.
    let started =
        before.partners.is_empty() && before.measures.is_empty() && before.observations.is_empty();
    let items = match started {
        true => Vec::new(),
        false => history::items(&changes, |p| cairn_core::sync::value_at(before, p)),
    };
    with_entries(after, changes, items, how, client)
}

fn with_entries(
    doc: &mut Document,
    mut changes: Vec<Change>,
    items: Vec<history::Item>,
    how: &How<'_>,
    client: Option<&str>,
) -> Vec<Change> {
    if items.is_empty() {
        return changes;
    }
    let at = crate::clock::now();
    let by = storage::member_name();
    let n = ACTIONS.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    // Tabs of one browser share its sync client: the tab's own salt tells them apart.
    let salt = SALT.with(|tab| format!("{tab}{}", client.unwrap_or("")));
    let signature = Signature {
        action: history::action_id(&at, &salt, n),
        by: &by,
        at: &at,
        via: how.via,
        note: how.note,
        reverts: how.reverts,
    };
    for entry in history::entries(&signature, items) {
        let change = Change {
            path: Path::record(Record::History(entry.id.clone())),
            value: Some(cairn_core::sync::to_json(&entry)),
        };
        if doc.history.put(entry).is_ok() {
            changes.push(change);
        }
    }
    changes
}

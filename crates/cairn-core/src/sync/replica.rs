//! The replica: a client's side of sync. It turns edits into an outbox of mutations, takes in
//! the server's receipts and changes, and keeps the versions each edit is based on.
//!
//! The browser keeps a replica in local storage next to the document; the server's tests drive
//! simulated members with the very same code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::change::{adopt, apply, diff, Change};
use super::path::{Path, Record};
use super::protocol::{Conflict, Mutation, Outcome, Pull, Push, PushReply, RowChange};
use super::rows::{assemble, canonical};
use crate::{Document, Error};

/// A mutation the server refused, kept so the member can see what did not go through and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub mutation: Mutation,
    pub code: String,
    pub message: String,
}

/// A client's sync state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    /// This client's id, unique among the coalition's clients.
    pub client: String,
    /// The id the next mutation gets.
    pub next_id: u64,
    /// The server sequence this replica has pulled up to; 0 asks for a full snapshot.
    pub cursor: u64,
    /// The server version of every path this replica has seen.
    pub versions: BTreeMap<String, u64>,
    /// Edits not yet acknowledged by the server, oldest first.
    pub outbox: Vec<Mutation>,
    /// Open conflicts, as every member receives them.
    pub conflicts: Vec<Conflict>,
    /// Edits the server refused, newest last, until the member dismisses them.
    pub refused: Vec<Refusal>,
}

/// What taking in a pull did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Absorbed {
    /// How many server values reached the document.
    pub applied: usize,
    /// Server values that could not be applied beside this replica's pending edits. The next
    /// pull asks for a full snapshot, which settles them.
    pub problems: Vec<String>,
}

impl Replica {
    pub fn new(client: &str) -> Replica {
        Replica {
            client: client.to_string(),
            next_id: 1,
            ..Replica::default()
        }
    }

    /// The version this replica has seen of a field, or of a whole record with its fields.
    pub fn version_of(&self, path: &Path) -> u64 {
        let key = path.to_string();
        let own = self.versions.get(&key).copied().unwrap_or(0);
        if path.field.is_some() || !path.record.has_fields() {
            return own;
        }
        let prefix = format!("{key}/");
        self.versions
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| *v)
            .fold(own, u64::max)
    }

    /// The base a new edit of `path` builds on: the base of an edit of it still waiting, since
    /// the new edit builds on that one; else, for a field or a whole value, the version seen;
    /// for a whole record with fields, what was pulled (the cursor), not versions of this
    /// client's own writes, so that a field another member changed in between is never deleted
    /// or replaced unseen.
    fn base_for(&self, path: &Path) -> u64 {
        if let Some(waiting) = self.outbox.iter().rev().find(|m| &m.path == path) {
            return waiting.base;
        }
        if path.field.is_none() && path.record.has_fields() {
            self.cursor
        } else {
            self.version_of(path)
        }
    }

    fn is_pending(&self, path: &Path) -> bool {
        self.outbox.iter().any(|m| &m.path == path)
    }

    /// Appends a mutation for every change from `before` to `after` to the outbox and returns
    /// how many. The caller saves the replica before it shows `after`.
    pub fn record(&mut self, before: &Document, after: &Document, by: &str, at: &str) -> usize {
        self.record_changes(&diff(before, after), by, at)
    }

    /// Appends a mutation for each of `changes` (as [`diff`] or
    /// [`super::diff_journaled`] found them, in that order) and returns how many.
    pub fn record_changes(&mut self, changes: &[super::Change], by: &str, at: &str) -> usize {
        for change in changes {
            self.enqueue(change, None, by, at);
        }
        changes.len()
    }

    fn enqueue(&mut self, change: &Change, resolves: Option<u64>, by: &str, at: &str) {
        let base = self.base_for(&change.path);
        self.outbox.push(Mutation {
            id: self.next_id,
            path: change.path.clone(),
            base,
            value: change.value.clone(),
            resolves,
            by: by.to_string(),
            at: at.to_string(),
        });
        self.next_id += 1;
    }

    /// The next push: the oldest waiting mutations, at most `limit`.
    pub fn push(&self, limit: usize) -> Push {
        self.push_within(limit, usize::MAX)
    }

    /// The next push of at most `limit` mutations and about `max_bytes` of JSON (always at
    /// least one mutation), so a batch of long texts stays under the server's body limit.
    pub fn push_within(&self, limit: usize, max_bytes: usize) -> Push {
        let mut size = 0;
        let mutations = self
            .outbox
            .iter()
            .take(limit)
            .take_while(|m| {
                size += serde_json::to_string(m).map_or(0, |t| t.len() + 1);
                size <= max_bytes
            })
            .cloned()
            .collect::<Vec<_>>();
        let mutations = if mutations.is_empty() {
            self.outbox.iter().take(1).cloned().collect()
        } else {
            mutations
        };
        Push {
            client: self.client.clone(),
            mutations,
        }
    }

    fn stamp(&mut self, path: &Path, value: Option<&serde_json::Value>, version: u64) {
        let key = path.to_string();
        let seen = self.versions.entry(key.clone()).or_insert(0);
        *seen = (*seen).max(version);
        if path.field.is_none() && path.record.has_fields() {
            if let Some(serde_json::Value::Object(fields)) = value {
                for field in fields.keys().filter(|f| *f != "code") {
                    let seen = self.versions.entry(format!("{key}/{field}")).or_insert(0);
                    *seen = (*seen).max(version);
                }
            }
        }
    }

    /// Takes in the server's receipts for a push. Acknowledged mutations leave the outbox;
    /// where the server holds another value (a conflict, or a refusal) and no later edit of the
    /// path is waiting, the document takes the server's value, so every replica converges.
    pub fn acknowledge(&mut self, reply: &PushReply, doc: &mut Document) -> Absorbed {
        let mut absorbed = Absorbed::default();
        for receipt in &reply.receipts {
            let Some(index) = self.outbox.iter().position(|m| m.id == receipt.id) else {
                continue;
            };
            let mutation = self.outbox.remove(index);
            let path = &mutation.path;
            if mutation.resolves.is_some() && !matches!(receipt.outcome, Outcome::Applied { .. }) {
                // The answer did not settle its conflict, which this replica already closed:
                // a snapshot brings back every conflict still open.
                absorbed.problems.push(format!(
                    "{path}: the answer to a conflict did not settle it"
                ));
            }
            let server_value = match &receipt.outcome {
                Outcome::Applied {
                    version,
                    value: Some(stored),
                } => {
                    self.stamp(path, Some(stored), *version);
                    Some(stored.clone())
                }
                Outcome::Applied { version, .. } => {
                    self.stamp(path, mutation.value.as_ref(), *version);
                    continue;
                }
                Outcome::Conflict { version, kept, .. } => {
                    self.stamp(path, kept.as_ref(), *version);
                    kept.clone()
                }
                Outcome::Rejected {
                    code,
                    message,
                    version,
                    current,
                } => {
                    self.stamp(path, current.as_ref(), *version);
                    // A history entry is refused with the changes it tells of, whose refusals
                    // are shown: its own would say the same again.
                    if !matches!(path.record, Record::History(_)) {
                        self.refused.push(Refusal {
                            mutation: mutation.clone(),
                            code: code.clone(),
                            message: message.clone(),
                        });
                    }
                    current.clone()
                }
            };
            if !self.is_pending(path) {
                self.take(doc, path, server_value, &mut absorbed);
            }
        }
        canonical(doc);
        if !absorbed.problems.is_empty() {
            self.cursor = 0;
        }
        absorbed
    }

    fn take(
        &self,
        doc: &mut Document,
        path: &Path,
        value: Option<serde_json::Value>,
        absorbed: &mut Absorbed,
    ) {
        if let Record::History(id) = &path.record {
            // The server's history is the history: an entry it refused goes from this copy.
            match crate::history::take_servers(doc, id, value) {
                Ok(()) => absorbed.applied += 1,
                Err(e) => absorbed.problems.push(format!("{path}: {e}")),
            }
            return;
        }
        let change = Change {
            path: path.clone(),
            value,
        };
        match adopt(doc, &change) {
            Ok(()) => absorbed.applied += 1,
            Err(e) => absorbed.problems.push(format!("{path}: {e}")),
        }
    }

    /// Takes in a pull. A snapshot replaces the document (this replica's waiting edits are
    /// laid over it again); changes are applied in the server's order, except on paths with an
    /// edit still waiting, whose local value stands until the server answers that edit.
    pub fn absorb(&mut self, pull: Pull, doc: &mut Document) -> Absorbed {
        let mut absorbed = Absorbed::default();
        if pull.snapshot {
            match self.absorb_snapshot(&pull, doc) {
                Ok(()) => absorbed.applied = pull.rows.len(),
                Err(e) => {
                    absorbed.problems.push(format!("the server's copy: {e}"));
                    return absorbed;
                }
            }
            self.conflicts = pull.conflicts.into_iter().filter(|c| !c.resolved).collect();
            self.cursor = pull.cursor;
            return absorbed;
        }
        let mut rows = pull.rows;
        rows.sort_by_key(|r| r.version);
        let mut i = 0;
        while i < rows.len() {
            let record = rows[i].path.record.clone();
            let version = rows[i].version;
            let end = rows[i..]
                .iter()
                .position(|r| r.path.record != record || r.version != version)
                .map_or(rows.len(), |n| i + n);
            self.absorb_group(&rows[i..end], &rows, doc, &mut absorbed);
            i = end;
        }
        for conflict in pull.conflicts {
            self.conflicts.retain(|c| c.id != conflict.id);
            if !conflict.resolved {
                self.conflicts.push(conflict);
            }
        }
        self.conflicts.sort_by_key(|c| c.id);
        canonical(doc);
        self.cursor = if absorbed.problems.is_empty() {
            pull.cursor
        } else {
            0
        };
        absorbed
    }

    fn absorb_snapshot(&mut self, pull: &Pull, doc: &mut Document) -> Result<(), Error> {
        let present = pull
            .rows
            .iter()
            .filter_map(|r| Some((r.path.clone(), r.value.clone()?)));
        let mut fresh = assemble(present)?;
        self.versions = pull
            .rows
            .iter()
            .map(|r| (r.path.to_string(), r.version))
            .collect();
        for m in &self.outbox {
            let change = Change {
                path: m.path.clone(),
                value: m.value.clone(),
            };
            // An edit that no longer fits will be refused by the server with its reason.
            let _ = adopt(&mut fresh, &change);
        }
        canonical(&mut fresh);
        *doc = fresh;
        Ok(())
    }

    /// Applies rows the server wrote in one step for one record. A record new to this replica
    /// is created from all its rows in the pull (fields edited since its creation carry later
    /// versions); a deletion of a record this replica never had is already done.
    fn absorb_group(
        &mut self,
        group: &[RowChange],
        all: &[RowChange],
        doc: &mut Document,
        absorbed: &mut Absorbed,
    ) {
        for row in group {
            self.stamp(&row.path, None, row.version);
        }
        let record = &group[0].path.record;
        let waiting: Vec<&RowChange> = group.iter().filter(|r| !self.is_pending(&r.path)).collect();
        if waiting.is_empty() {
            return;
        }
        let record_row = waiting.iter().find(|r| r.path.field.is_none());
        if !record.has_fields() || record_row.is_none() {
            for row in waiting {
                self.take(doc, &row.path, row.value.clone(), absorbed);
            }
            return;
        }
        let record_row = record_row.expect("checked above");
        let whole = Path::record(record.clone());
        let exists = super::rows::value_at(doc, &whole).is_some();
        if record_row.value.is_none() {
            if exists {
                self.take(doc, &whole, None, absorbed);
            }
            return;
        }
        // Rows are in version order, so later values of a field win.
        let source: Vec<&RowChange> = if exists {
            waiting
        } else {
            all.iter()
                .filter(|r| &r.path.record == record && !self.is_pending(&r.path))
                .collect()
        };
        let fields: serde_json::Map<String, serde_json::Value> = source
            .iter()
            .filter_map(|r| Some((r.path.field.clone()?, r.value.clone().unwrap_or_default())))
            .collect();
        let code = match record {
            Record::Partner(c) | Record::Measure(c) | Record::Activity(c) => c,
            _ => unreachable!("only coded records have a record row with fields"),
        };
        let value = super::rows::with_code(code, fields);
        self.take(doc, &whole, Some(value), absorbed);
    }

    /// Answers a conflict with `value` (the member's own, the other member's, or a new one):
    /// the document takes it now and the answer syncs like any edit. Returns an error, and
    /// changes nothing, if the value does not fit.
    pub fn resolve(
        &mut self,
        conflict: u64,
        value: Option<serde_json::Value>,
        doc: &mut Document,
        by: &str,
        at: &str,
    ) -> Result<(), Error> {
        let Some(index) = self.conflicts.iter().position(|c| c.id == conflict) else {
            return Ok(());
        };
        let path = self.conflicts[index].path.clone();
        let change = Change { path, value };
        adopt(doc, &change)?;
        canonical(doc);
        self.conflicts.remove(index);
        self.enqueue(&change, Some(conflict), by, at);
        Ok(())
    }

    /// Whether `apply` would take `change`; used to explain a refused resolution before it
    /// is sent.
    pub fn check(doc: &Document, change: &Change) -> Result<(), Error> {
        apply(&mut doc.clone(), change)
    }
}

//! Which IndexedDB record holds what. The document is a head and one record per observation
//! (their texts are [`cairn_core::stored`]'s); the sync state is its small parts, the versions
//! the replica has seen, and one record per mutation waiting in the outbox. Keys sort so that
//! each kind is one key range.

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use cairn_core::sync::{Conflict, Mutation, Refusal, Replica};
use cairn_core::{stored, CellKey, Document, Grant, LoadError};
use serde::{Deserialize, Serialize};

use super::idb::Batch;
use super::sync_state::Link;

/// Every record of the document starts with this.
pub const DOC: &str = "doc/";
pub const HEAD: &str = "doc/head";
/// Every observation's record starts with this.
pub const CELLS: &str = "doc/observations/";
/// Every history entry's record starts with this, followed by its id.
pub const HISTORY: &str = "doc/history/";
pub const SYNC_STATE: &str = "sync/state";
pub const VERSIONS: &str = "sync/versions";
/// Every waiting mutation's record starts with this, followed by its id.
pub const OUTBOX: &str = "sync/outbox/";

pub fn cell(key: &CellKey) -> String {
    format!("{DOC}{}", stored::observation_key(key))
}

/// A mutation's key: its id with leading zeros, so the outbox reads back oldest first.
pub fn mutation(id: u64) -> String {
    format!("{OUTBOX}{id:020}")
}

/// Puts `doc`'s head in `batch`.
pub fn put_head(batch: &mut Batch, doc: &Document) {
    batch.puts.push((HEAD.into(), stored::head_text(doc)));
}

/// Replaces every stored observation with `doc`'s.
pub fn put_every_cell(batch: &mut Batch, doc: &Document) {
    batch.cleared.push(CELLS.into());
    for o in doc.observations.iter() {
        batch
            .puts
            .push((cell(&o.key()), stored::observation_text(o)));
    }
}

/// Puts the cell `key` as `doc` holds it, or deletes its record if `doc` holds none.
pub fn put_cell(batch: &mut Batch, doc: &Document, key: &CellKey) {
    match doc.observations.get(key) {
        Some(o) => batch.puts.push((cell(key), stored::observation_text(o))),
        None => batch.deletes.push(cell(key)),
    }
}

/// Replaces every stored history entry with `doc`'s.
pub fn put_every_entry(batch: &mut Batch, doc: &Document) {
    batch.cleared.push(HISTORY.into());
    for e in doc.history.iter() {
        batch.puts.push((entry_key(&e.id), stored::entry_text(e)));
    }
}

/// Puts the history entry `id` as `doc` holds it, or deletes its record if `doc` holds none
/// (the server refused it).
pub fn put_entry(batch: &mut Batch, doc: &Document, id: &str) {
    match doc.history.get(id) {
        Some(e) => batch.puts.push((entry_key(id), stored::entry_text(e))),
        None => batch.deletes.push(entry_key(id)),
    }
}

fn entry_key(id: &str) -> String {
    format!("{HISTORY}{id}")
}

/// Puts the sync state's small record and the outbox's mutations that `stored` (the ids
/// already stored) lacks, deleting those it holds and the outbox no longer does. Returns the
/// ids stored once `batch` is written.
pub fn put_sync(
    batch: &mut Batch,
    link: &Link,
    grant: &Grant,
    replica: &Replica,
    stored: &BTreeSet<u64>,
) -> BTreeSet<u64> {
    let record = SyncRecord::of(link, grant, replica);
    let text = serde_json::to_string(&record).expect("the sync state serializes");
    batch.puts.push((SYNC_STATE.into(), text));
    let ids: BTreeSet<u64> = replica.outbox.iter().map(|m| m.id).collect();
    for m in replica.outbox.iter().filter(|m| !stored.contains(&m.id)) {
        let text = serde_json::to_string(m).expect("a mutation serializes");
        batch.puts.push((mutation(m.id), text));
    }
    for gone in stored.difference(&ids) {
        batch.deletes.push(mutation(*gone));
    }
    ids
}

/// Puts the versions the replica has seen.
pub fn put_versions(batch: &mut Batch, replica: &Replica) {
    let text = serde_json::to_string(&replica.versions).expect("versions serialize");
    batch.puts.push((VERSIONS.into(), text));
}

/// Deletes every record of the sync state (the coalition is no longer linked).
pub fn delete_sync(batch: &mut Batch) {
    batch.deletes.push(SYNC_STATE.into());
    batch.deletes.push(VERSIONS.into());
    batch.cleared.push(OUTBOX.into());
}

/// The replica without its versions and outbox, which have records of their own, with the
/// link and the member's grant.
#[derive(Serialize, Deserialize)]
pub struct SyncRecord {
    pub link: Link,
    pub grant: Grant,
    pub client: String,
    pub next_id: u64,
    pub cursor: u64,
    pub conflicts: Vec<Conflict>,
    pub refused: Vec<Refusal>,
}

impl SyncRecord {
    pub fn of(link: &Link, grant: &Grant, replica: &Replica) -> SyncRecord {
        SyncRecord {
            link: link.clone(),
            grant: grant.clone(),
            client: replica.client.clone(),
            next_id: replica.next_id,
            cursor: replica.cursor,
            conflicts: replica.conflicts.clone(),
            refused: replica.refused.clone(),
        }
    }
}

/// A linked coalition's sync state as stored.
pub struct SavedSync {
    pub link: Link,
    pub grant: Grant,
    pub replica: Replica,
}

/// Every record read at start-up, sorted into the document's and the sync state's.
#[derive(Default)]
pub struct Read {
    pub head: Option<String>,
    pub cells: Vec<String>,
    pub history: Vec<String>,
    pub sync: Option<String>,
    pub versions: Option<String>,
    pub outbox: Vec<String>,
}

impl Read {
    pub fn sort(records: Vec<(String, String)>) -> Read {
        let mut read = Read::default();
        for (key, value) in records {
            if key == HEAD {
                read.head = Some(value);
            } else if key.starts_with(CELLS) {
                read.cells.push(value);
            } else if key.starts_with(HISTORY) {
                read.history.push(value);
            } else if key == SYNC_STATE {
                read.sync = Some(value);
            } else if key == VERSIONS {
                read.versions = Some(value);
            } else if key.starts_with(OUTBOX) {
                read.outbox.push(value);
            }
        }
        read
    }

    pub fn is_empty(&self) -> bool {
        self.head.is_none() && self.sync.is_none()
    }

    /// The stored document, if there is one: `Err(None)` if its head is of another format
    /// than the current one ([`super::older::read_older_format`] reads it).
    pub fn current_document(&self) -> Option<Result<Document, Option<LoadError>>> {
        let head = self.head.as_ref()?;
        if !stored::is_current(head) {
            return Some(Err(None));
        }
        let doc = stored::load_current(head, &self.cells)
            .and_then(|doc| stored::with_history(doc, &self.history));
        Some(doc.map_err(Some))
    }

    /// The document's records as one JSON text, for a member to download when it cannot be
    /// read.
    pub fn document_text(&self) -> String {
        format!(
            "{{\"head\":{},\"observations\":[{}],\"history\":[{}]}}",
            self.head.as_deref().unwrap_or("null"),
            self.cells.join(","),
            self.history.join(",")
        )
    }

    /// The stored sync state, if linked; the reason if it cannot be read.
    pub fn sync(&self) -> Result<Option<SavedSync>, String> {
        let Some(text) = &self.sync else {
            return Ok(None);
        };
        let record: SyncRecord = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let versions: BTreeMap<String, u64> = match &self.versions {
            Some(text) => serde_json::from_str(text).map_err(|e| e.to_string())?,
            None => BTreeMap::new(),
        };
        let outbox = self
            .outbox
            .iter()
            .map(|text| serde_json::from_str::<Mutation>(text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        Ok(Some(SavedSync {
            link: record.link,
            grant: record.grant,
            replica: Replica {
                client: record.client,
                next_id: record.next_id,
                cursor: record.cursor,
                versions,
                outbox,
                conflicts: record.conflicts,
                refused: record.refused,
            },
        }))
    }
}

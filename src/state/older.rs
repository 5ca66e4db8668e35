//! What only a browser that ran an older Cairn needs, in a module of its own that no other
//! browser downloads: the coalition kept whole in local storage, moved into IndexedDB in one
//! transaction (and removed from local storage only once it is safely stored), and a stored
//! head of an older format, migrated.

use cairn_core::{stored, Document, LoadError};

use super::idb::{Batch, Db};
use super::opening::Opened;
use super::records::{self, Read, SavedSync};
use super::storage::{self, Loaded, StorageError};
use super::sync_state::{LegacySaved, LEGACY_KEY};
use super::{Kept, LoadProblem, SaveState};

/// A stored head of an older format, with its observations, migrated to the current one; the
/// records come back with the answer.
#[leptos::lazy]
pub fn read_older_format(read: Read) -> (Result<Document, LoadError>, Read) {
    let head = read.head.as_deref().unwrap_or("null");
    (stored::load(head, &read.cells), read)
}

/// What local storage holds, as older versions of Cairn kept it, for a browser that gives
/// Cairn no database.
#[leptos::lazy]
pub fn from_local_storage(db: Result<Db, StorageError>) -> Opened {
    read_local_storage(db)
}

fn read_local_storage(db: Result<Db, StorageError>) -> Opened {
    let (doc, save_state, problem) = match storage::load() {
        Loaded::Nothing => (None, SaveState::Saved, None),
        Loaded::Document(doc) => (Some(doc), SaveState::Saved, None),
        Loaded::Unreadable {
            error,
            raw,
            backup_key,
        } => {
            let state = if backup_key.is_ok() {
                SaveState::Saved
            } else {
                SaveState::Protecting
            };
            let kept = match backup_key {
                Ok(key) => Kept::UnderBackupKey(key),
                Err(_) => Kept::InPlace,
            };
            let problem = LoadProblem {
                reason: error.to_string(),
                raw,
                kept,
            };
            (None, state, Some(problem))
        }
    };
    Opened {
        db,
        doc,
        save_state,
        problem,
        sync: legacy_sync(),
        unsaved: false,
    }
}

/// The sync state older versions kept in local storage.
fn legacy_sync() -> Result<Option<SavedSync>, String> {
    let Some(text) = storage::get(LEGACY_KEY) else {
        return Ok(None);
    };
    match serde_json::from_str::<LegacySaved>(&text) {
        Ok(saved) => Ok(Some(SavedSync {
            link: saved.link,
            grant: saved.grant,
            replica: saved.replica,
        })),
        Err(e) => {
            let key = format!("{}sync.{}", storage::BACKUP_PREFIX, crate::clock::now());
            if storage::set_item(&key, &text).is_ok() {
                storage::remove(LEGACY_KEY);
            }
            Err(format!(
                "{e}; it is kept under “{key}”, with the changes not yet sent"
            ))
        }
    }
}

/// Moves what local storage holds into the database in one transaction; only then is it
/// removed from local storage. If the browser refuses, local storage keeps it and the tab
/// holds it, saying why it is not saved.
#[leptos::lazy]
pub async fn move_across(db: Db) -> Opened {
    let mut opened = read_local_storage(Ok(db.clone()));
    let doc = opened.doc.as_ref();
    let sync = opened.sync.as_ref().ok().and_then(Option::as_ref);
    if doc.is_none() && sync.is_none() {
        return opened;
    }
    let mut batch = Batch::default();
    if let Some(doc) = doc {
        records::put_head(&mut batch, doc);
        records::put_every_cell(&mut batch, doc);
    }
    if let Some(s) = sync {
        records::put_versions(&mut batch, &s.replica);
        records::put_sync(
            &mut batch,
            &s.link,
            &s.grant,
            &s.replica,
            &Default::default(),
        );
    }
    match db.write(&batch).await {
        Ok(()) => {
            storage::remove(storage::KEY);
            storage::remove(LEGACY_KEY);
        }
        Err(e) => {
            opened.save_state = SaveState::NotSaved(e);
            opened.unsaved = true;
        }
    }
    opened
}

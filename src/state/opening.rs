//! Opening the stored coalition at start-up: from IndexedDB, or, the first time this version
//! of Cairn runs in a browser, from the local storage older versions kept it in, moved across
//! whole (and removed from local storage only once it is safely stored).

use cairn_core::stored;
use cairn_core::Document;

use super::idb::{self, Batch, Db};
use super::records::{self, Read, SavedSync};
use super::storage::{self, Loaded, StorageError};
use super::sync_state::{LegacySaved, LEGACY_KEY};
use super::{Kept, LoadProblem, SaveState};

/// What start-up found.
pub struct Opened {
    pub db: Result<Db, StorageError>,
    pub doc: Option<Document>,
    pub save_state: SaveState,
    pub problem: Option<LoadProblem>,
    pub sync: Result<Option<SavedSync>, String>,
    /// The document is in memory only: the first save must write it whole.
    pub unsaved: bool,
}

/// Opens the database and reads the coalition from it, or from older local storage.
pub async fn open() -> Opened {
    let db = idb::open().await;
    let read = match &db {
        Ok(db) => db.read_all().await.map(Read::sort),
        Err(e) => Err(e.clone()),
    };
    match read {
        Ok(read) if !read.is_empty() => from_records(db, read),
        Ok(_) => match db {
            Ok(db) => migrate(db).await,
            Err(_) => unreachable!("records were read from the database"),
        },
        // The browser gives Cairn no database: show what local storage holds, saving nothing.
        Err(e) => {
            let mut opened = from_local_storage(Err(e.clone()));
            opened.save_state = SaveState::NotSaved(e);
            opened
        }
    }
}

/// The coalition as IndexedDB holds it. Records that cannot be read are left exactly where
/// they are, and nothing is written over them until the member downloads or discards them.
fn from_records(db: Result<Db, StorageError>, read: Read) -> Opened {
    let (doc, save_state, problem) = match read.document() {
        None => (None, SaveState::Saved, None),
        Some(Ok(doc)) => (Some(doc), SaveState::Saved, None),
        Some(Err(error)) => (
            None,
            SaveState::Protecting,
            Some(LoadProblem {
                reason: error.to_string(),
                raw: read.document_text(),
                kept: Kept::InPlace,
            }),
        ),
    };
    Opened {
        db,
        doc,
        save_state,
        problem,
        sync: read.sync(),
        unsaved: false,
    }
}

/// What local storage holds, as older versions of Cairn kept it.
fn from_local_storage(db: Result<Db, StorageError>) -> Opened {
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
async fn migrate(db: Db) -> Opened {
    let mut opened = from_local_storage(Ok(db.clone()));
    let doc = opened.doc.as_ref();
    let sync = opened.sync.as_ref().ok().and_then(Option::as_ref);
    if doc.is_none() && sync.is_none() {
        return opened;
    }
    let mut batch = Batch::default();
    if let Some(doc) = doc {
        batch
            .puts
            .push((records::HEAD.into(), stored::head_text(doc)));
        for o in doc.observations.iter() {
            batch
                .puts
                .push((records::cell(&o.key()), stored::observation_text(o)));
        }
    }
    if let Some(s) = sync {
        let record = records::SyncRecord::of(&s.link, &s.grant, &s.replica);
        let text = serde_json::to_string(&record).expect("the sync state serializes");
        batch.puts.push((records::SYNC_STATE.into(), text));
        let text = serde_json::to_string(&s.replica.versions).expect("versions serialize");
        batch.puts.push((records::VERSIONS.into(), text));
        for m in &s.replica.outbox {
            let text = serde_json::to_string(m).expect("a mutation serializes");
            batch.puts.push((records::mutation(m.id), text));
        }
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

/// Reads what another tab saved: the document (if readable) and the sync state.
pub async fn reread(db: &Db) -> Option<(Option<Document>, Option<SavedSync>)> {
    let read = Read::sort(db.read_all().await.ok()?);
    let doc = match read.document() {
        Some(Ok(doc)) => Some(doc),
        Some(Err(_)) => return None,
        None => None,
    };
    Some((doc, read.sync().ok()?))
}

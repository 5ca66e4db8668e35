//! Opening the stored coalition at start-up: from IndexedDB, or, the first time this version
//! of Cairn runs in a browser that ran an older one, from local storage ([`super::older`]).

use cairn_core::Document;

use super::idb::{self, Db};
use super::records::{Read, SavedSync};
use super::storage::{self, StorageError};
use super::sync_state::LEGACY_KEY;
use super::{older, Kept, LoadProblem, SaveState};

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

/// Opens the database and reads the coalition from it, or from older local storage. `found`
/// is called as soon as the database is known to hold a coalition, before its records are
/// read (which may wait for their readers' module to download).
pub async fn open(found: impl FnOnce()) -> Opened {
    let db = idb::open().await;
    let read = match &db {
        Ok(db) => db.read_all().await.map(Read::sort),
        Err(e) => Err(e.clone()),
    };
    let older_cairn_ran =
        storage::get(storage::KEY).is_some() || storage::get(LEGACY_KEY).is_some();
    match (read, db) {
        (Ok(read), db) if !read.is_empty() => {
            found();
            from_records(db, read).await
        }
        (Ok(_), Ok(db)) if older_cairn_ran => older::move_across(db).await,
        (Ok(_), db) => Opened {
            db,
            doc: None,
            save_state: SaveState::Saved,
            problem: None,
            sync: Ok(None),
            unsaved: false,
        },
        // The browser gives Cairn no database: show what local storage holds, saving nothing.
        (Err(e), _) => {
            let mut opened = if older_cairn_ran {
                older::from_local_storage(Err(e.clone())).await
            } else {
                from_records(Err(e.clone()), Read::default()).await
            };
            opened.save_state = SaveState::NotSaved(e);
            opened
        }
    }
}

/// The coalition as IndexedDB holds it. Records that cannot be read are left exactly where
/// they are, and nothing is written over them until the member downloads or discards them.
async fn from_records(db: Result<Db, StorageError>, read: Read) -> Opened {
    // The records are handed over and back, never copied: at start-up they are every value.
    let (document, sync, read) = if read.is_empty() {
        (None, Ok(None), read)
    } else {
        read_records(read).await
    };
    let (document, read) = match document {
        Some(Err(None)) => {
            let (document, read) = older::read_older_format(read).await;
            (Some(document), read)
        }
        Some(Err(Some(e))) => (Some(Err(e)), read),
        Some(Ok(doc)) => (Some(Ok(doc)), read),
        None => (None, read),
    };
    let (doc, save_state, problem) = match document {
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
        sync,
        unsaved: false,
    }
}

/// Reads what another tab saved: the document (if readable) and the sync state.
pub async fn reread(db: &Db) -> Option<(Option<Document>, Option<SavedSync>)> {
    let read = Read::sort(db.read_all().await.ok()?);
    let (doc, sync, _) = read_records(read).await;
    // Another tab of this same Cairn writes the current format only.
    let doc = match doc {
        Some(Ok(doc)) => Some(doc),
        Some(Err(_)) => return None,
        None => None,
    };
    Some((doc, sync.ok()?))
}

/// The document and the sync state the records hold. In a module of its own: a new browser
/// has nothing to read, and its first screen does not wait for the readers of every record.
/// The records come back with the answer, for the member to download when they cannot be read.
#[leptos::lazy]
fn read_records(
    read: Read,
) -> (
    Option<DocumentRead>,
    Result<Option<SavedSync>, String>,
    Read,
) {
    (read.current_document(), read.sync(), read)
}

/// A stored document as read: `Err(None)` if its head is of an older format.
type DocumentRead = Result<Document, Option<cairn_core::LoadError>>;

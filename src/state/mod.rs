//! The app's state, with one owner for each piece: the document in memory, shared by every
//! screen ([`Store`]); its saving, record by record, to IndexedDB ([`saving`], [`records`],
//! [`idb`]), opened at start-up ([`opening`], and [`older`] for a browser that ran an older Cairn); small things kept in local storage ([`storage`]);
//! the sync state ([`sync_state`]). Nothing here calls the sync engine ([`crate::sync`]); the
//! engine is given this state.

use cairn_core::{Document, Error};
use leptos::prelude::*;

pub mod idb;
pub mod older;
pub mod opening;
pub mod records;
pub mod saving;
pub mod storage;
pub mod sync_state;

use saving::Saver;
use storage::StorageError;
pub use sync_state::{Account, Link, Status, SyncState};

/// Whether the last change reached the browser's storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    NotSaved(StorageError),
    /// Unreadable stored data is kept where it is, so Cairn does not write over it.
    Protecting,
    /// Generated benchmark data, deliberately kept in this tab only.
    InMemory,
}

/// Where unreadable stored data was kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Kept {
    /// Copied to this local storage key, and Cairn started afresh.
    UnderBackupKey(String),
    /// Left where it was; nothing is saved over it until the member downloads or discards it.
    InPlace,
}

/// A problem found when the stored data was read at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProblem {
    pub reason: String,
    pub raw: String,
    pub kept: Kept,
}

/// The app's state. `doc` is `None` until the user has chosen how to start.
#[derive(Clone, Copy)]
pub struct Store {
    pub doc: RwSignal<Option<Document>>,
    pub save_state: RwSignal<SaveState>,
    pub load_problem: RwSignal<Option<LoadProblem>>,
    pub sync: SyncState,
    saver: Saver,
}

impl Store {
    /// Opens the browser's storage and makes the store from what it holds. `found` is called
    /// as soon as storage is known to hold a coalition, before it is read.
    pub async fn open(found: impl FnOnce()) -> Store {
        let opened = opening::open(found).await;
        let doc = RwSignal::new(opened.doc);
        let save_state = RwSignal::new(opened.save_state);
        let saver = Saver::new(opened.db, doc, save_state);
        let store = Store {
            doc,
            save_state,
            load_problem: RwSignal::new(opened.problem),
            sync: SyncState::from_saved(opened.sync, saver),
            saver,
        };
        if opened.unsaved {
            // Moving from local storage was refused: the next save writes everything.
            saver.note_all();
            saver.note_versions();
        }
        store
    }

    /// A store for generated data that is never written anywhere, so a benchmark never
    /// replaces a member's own data.
    pub fn in_memory(doc: Document) -> Store {
        let doc = RwSignal::new(Some(doc));
        let save_state = RwSignal::new(SaveState::InMemory);
        let saver = Saver::new(Err(StorageError::Unavailable), doc, save_state);
        Store {
            doc,
            save_state,
            load_problem: RwSignal::new(None),
            sync: SyncState::from_saved(Ok(None), saver),
            saver,
        }
    }

    /// Starts with `doc`, replacing whatever is in memory, and saves it whole.
    pub fn start(&self, doc: Document) {
        self.doc.set(Some(doc));
        self.saver.note_all();
        self.saver.flush();
    }

    /// Replaces the document with `doc` as an edit: while the coalition syncs, every
    /// difference is queued for the server (this compares the two documents whole).
    pub fn replace(&self, doc: Document) {
        if self.sync.is_linked() {
            let before = self.doc.get_untracked().unwrap_or_else(Document::empty);
            let mut after = doc;
            cairn_core::sync::canonical(&mut after);
            self.sync.record(&cairn_core::sync::diff(&before, &after));
            self.start(after);
            self.sync.want_sync();
        } else {
            self.start(doc);
        }
    }

    /// Applies `change` to the document in place and saves what it touched. The core's
    /// mutations leave the document untouched when they fail, so a refused change saves
    /// nothing. While the coalition syncs with a server, the change is queued in the outbox
    /// before the screen shows it, and saved with it in one write.
    ///
    /// `change` edits the document it is given; a document replaced whole goes through
    /// [`Store::replace`].
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let linked = self.sync.is_linked();
        let mut outcome = None;
        self.doc.maybe_update(|doc| {
            let Some(doc) = doc else {
                return false;
            };
            let result = change(doc);
            if linked {
                // Synced documents keep the order every replica shares.
                cairn_core::sync::canonical(doc);
            }
            let changed = result.is_ok();
            outcome = Some(result);
            changed
        });
        let Some(outcome) = outcome else {
            return Err(Error::Required {
                field: "A coalition",
            });
        };
        let touched = self.saver.note_document();
        if linked {
            let changes = self.doc.with_untracked(|doc| {
                let doc = doc.as_ref().expect("a coalition was just changed");
                // Replaced whole, which `replace` is for: every value is sent again, so nothing
                // the member sees is lost on the server.
                let every_value;
                let journal = match &touched.journal {
                    Some(journal) => journal,
                    None => {
                        every_value = doc.observations.iter().map(|o| (o.key(), None)).collect();
                        &every_value
                    }
                };
                match &touched.head_before {
                    Some(head) => cairn_core::sync::diff_journaled(head, journal, doc),
                    None => self
                        .saver
                        .with_head(|head| cairn_core::sync::diff_journaled(head, journal, doc)),
                }
            });
            self.sync.record(&changes);
            if !changes.is_empty() {
                self.sync.want_sync();
            }
        }
        self.saver.flush();
        outcome
    }

    /// Saves whatever changed since the last save, as it is now: after a sync took in the
    /// server's values, and for "Try saving again".
    pub fn persist(&self) {
        self.saver.note_document();
        self.saver.flush();
    }

    /// Takes the document and sync state another tab of this browser just saved, unless this
    /// tab has changes of its own still to write (its save tells the other tabs in turn).
    pub async fn reload(&self) {
        if self.saver.is_busy() {
            return;
        }
        let Some(db) = self.saver.db() else {
            return;
        };
        let Some((doc, sync)) = opening::reread(&db).await else {
            return;
        };
        if self.saver.is_busy() {
            return;
        }
        if let Some(doc) = doc {
            if self.doc.with_untracked(|d| d.as_ref() != Some(&doc)) {
                self.saver.adopt(doc);
            }
        }
        self.sync.reload(sync);
    }

    /// Whether a save is running or changes wait for one.
    pub fn is_saving(&self) -> bool {
        self.saver.is_busy()
    }

    /// Whether a write is running now, for the save status to show.
    pub fn saving(&self) -> bool {
        self.saver.saving.get()
    }

    /// Calls `then` each time another tab of this browser saved.
    pub fn on_other_tab(&self, then: impl Fn() + 'static) {
        self.saver.on_other_tab(then);
    }

    /// Lets Cairn save over unreadable data the user has downloaded or given up.
    pub fn release_protection(&self) {
        storage::remove(storage::KEY);
        self.save_state.set(SaveState::Saved);
        self.saver.note_all();
        self.saver.flush();
    }
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}

//! The app's state, with one owner for each piece: the document in memory, shared by every
//! screen ([`Store`]); its saving, record by record, to IndexedDB ([`saving`], [`records`],
//! [`idb`]), opened at start-up ([`opening`], and [`older`] for a browser that ran an older Cairn); small things kept in local storage ([`storage`]);
//! the sync state ([`sync_state`]). Nothing here calls the sync engine ([`crate::sync`]); the
//! engine is given this state.

use cairn_core::history::Via;
use cairn_core::sync::{Change, Record};
use cairn_core::{Document, Error};
use leptos::prelude::*;

pub mod history;
pub mod idb;
pub mod older;
pub mod opening;
pub mod records;
pub mod saving;
pub mod storage;
pub mod sync_state;

pub use history::How;
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

    /// Replaces the document with `doc` as an edit that came by `how` (a restore), kept in the
    /// history on top of everything the history held: while the coalition syncs, every
    /// difference is queued for the server (this compares the two documents whole).
    pub fn replace(&self, doc: Document, how: How<'_>) {
        let before = self.doc.get_untracked().unwrap_or_else(Document::empty);
        let mut after = doc;
        let linked = self.sync.is_linked();
        if linked {
            cairn_core::sync::canonical(&mut after);
        }
        let client = self.sync.client();
        let changes = history::keep_replacement(&before, &mut after, &how, client.as_deref());
        self.start(after);
        if linked {
            self.sync.record(&changes);
            self.sync.want_sync();
        }
    }

    /// Applies `change` to the document in place, as an edit made on a form, and saves what
    /// it touched; see [`Store::change_via`].
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.change_via(How::via(Via::Screen), change)
    }

    /// Applies `change` to the document in place and saves what it touched, keeping what it
    /// changed in the history as one action that came by `how`. The core's mutations leave
    /// the document untouched when they fail, so a refused change saves and keeps nothing.
    /// While the coalition syncs with a server, the change and its history are queued in the
    /// outbox before the screen shows it, and saved with it in one write.
    ///
    /// `change` edits the document it is given; a document replaced whole goes through
    /// [`Store::replace`].
    pub fn change_via<T>(
        &self,
        how: How<'_>,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let changes = self.edit(&how, change);
        if self.sync.is_linked() {
            if let Some((changes, _)) = changes.as_ref().ok().filter(|(c, _)| !c.is_empty()) {
                self.sync.record(changes);
                self.sync.want_sync();
            }
        }
        self.saver.flush();
        changes.map(|(_, outcome)| outcome)
    }

    /// Keeps in the history, as an action that came by `how`, what `change` does to the
    /// document, where `change` queues its own changes for the server (a conflict's answer
    /// goes with the conflict it settles): only the history's entries are queued here.
    pub fn change_queued<T>(
        &self,
        how: How<'_>,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let changes = self.edit(&how, change);
        if let Ok((changes, _)) = &changes {
            let entries: Vec<Change> = changes
                .iter()
                .filter(|c| matches!(c.path.record, Record::History(_)))
                .cloned()
                .collect();
            self.sync.record(&entries);
        }
        self.saver.flush();
        changes.map(|(_, outcome)| outcome)
    }

    /// Applies `change`, keeps it in the history and notes it for saving; returns the changes
    /// it made (with the history's entries) and its outcome.
    fn edit<T>(
        &self,
        how: &How<'_>,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<(Vec<Change>, T), Error> {
        let linked = self.sync.is_linked();
        let client = self.sync.client();
        let mut outcome = None;
        let mut changes = Vec::new();
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
            if changed {
                // The saver's head is the head before this edit: it is noted just below.
                changes = self
                    .saver
                    .with_head(|head| history::keep(doc, head, how, client.as_deref()));
            }
            outcome = Some(result);
            changed
        });
        let Some(outcome) = outcome else {
            return Err(Error::Required {
                field: "A coalition",
            });
        };
        self.saver.note_document();
        outcome.map(|o| (changes, o))
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

//! The app's state, with one owner for each piece: the document in memory, shared by every
//! screen and saved after every change ([`Store`]), its storage ([`storage`]), the sync state
//! ([`sync_state`]). Nothing here
//! calls the sync engine ([`crate::sync`]); the engine is given this state.

use cairn_core::{Document, Error};
use leptos::prelude::*;

pub mod storage;
pub mod sync_state;

use storage::{Loaded, StorageError};
pub use sync_state::{Account, Link, Status, SyncState};

/// Whether the last change reached local storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Saved,
    NotSaved(StorageError),
    /// Unreadable stored data could not be backed up, so Cairn does not write over it.
    Protecting,
    /// Generated benchmark data, deliberately kept in this tab only.
    InMemory,
}

/// A problem found when the stored data was read at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadProblem {
    pub reason: String,
    pub raw: String,
    /// Where the unreadable text was set aside, or why it could not be.
    pub backup_key: Result<String, StorageError>,
}

/// The app's state. `doc` is `None` until the user has chosen how to start.
#[derive(Clone, Copy)]
pub struct Store {
    pub doc: RwSignal<Option<Document>>,
    pub save_state: RwSignal<SaveState>,
    pub load_problem: RwSignal<Option<LoadProblem>>,
    pub sync: SyncState,
}

impl Store {
    /// Reads local storage and makes the store.
    pub fn load() -> Store {
        let (doc, save_state, load_problem) = match storage::load() {
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
                let problem = LoadProblem {
                    reason: error.to_string(),
                    raw,
                    backup_key,
                };
                (None, state, Some(problem))
            }
        };
        Store {
            doc: RwSignal::new(doc),
            save_state: RwSignal::new(save_state),
            load_problem: RwSignal::new(load_problem),
            sync: SyncState::load(),
        }
    }

    /// A store for generated data that is never written to local storage, so a benchmark never
    /// replaces a member's own data.
    pub fn in_memory(doc: Document) -> Store {
        Store {
            doc: RwSignal::new(Some(doc)),
            save_state: RwSignal::new(SaveState::InMemory),
            load_problem: RwSignal::new(None),
            sync: SyncState::none(),
        }
    }

    /// Starts with `doc`, replacing whatever is in memory, and saves it.
    pub fn start(&self, doc: Document) {
        self.doc.set(Some(doc));
        self.persist();
    }

    /// Applies `change` to the document and saves it if the change succeeds. The core's
    /// mutations leave the document untouched when they fail, so a refused change loses
    /// nothing and saves nothing. While the coalition syncs with a server, the change is
    /// queued in the saved outbox before the screen shows it.
    pub fn change<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if self.sync.is_linked() {
            return self.change_synced(change);
        }
        let mut outcome = None;
        self.doc.update(|doc| {
            if let Some(doc) = doc {
                outcome = Some(change(doc));
            }
        });
        let outcome = outcome.unwrap_or(Err(Error::Required {
            field: "A coalition",
        }));
        if outcome.is_ok() {
            self.persist();
        }
        outcome
    }

    fn change_synced<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let Some(before) = self.doc.get_untracked() else {
            return Err(Error::Required {
                field: "A coalition",
            });
        };
        let mut after = before.clone();
        let outcome = change(&mut after)?;
        // Synced documents keep the order every replica shares.
        cairn_core::sync::canonical(&mut after);
        let queued = self.sync.record(&before, &after);
        self.doc.set(Some(after));
        if let Err(e) = queued {
            // The outbox is kept in this tab; the sync state's own notice says so and offers
            // to save it again (and saving the document again retries it too).
            self.sync.save_problem.set(Some(e));
        }
        self.persist();
        self.sync.want_sync();
        Ok(outcome)
    }

    /// Writes the document to local storage and records whether that worked.
    pub fn persist(&self) {
        if matches!(
            self.save_state.get_untracked(),
            SaveState::Protecting | SaveState::InMemory
        ) {
            return;
        }
        let result = self.doc.with_untracked(|doc| match doc {
            Some(doc) => storage::save(doc),
            None => Ok(()),
        });
        self.save_state.set(match result {
            Ok(()) => SaveState::Saved,
            Err(e) => SaveState::NotSaved(e),
        });
        // One "Try saving again" saves everything that failed, the outbox included.
        if self.sync.save_problem.with_untracked(Option::is_some) {
            self.sync.persist();
        }
    }

    /// Takes the document and sync state another tab of this browser just saved.
    pub fn reload(&self) {
        if let Loaded::Document(doc) = storage::load() {
            if self.doc.with_untracked(|d| d.as_ref() != Some(&doc)) {
                self.doc.set(Some(doc));
            }
        }
        self.sync.reload();
    }

    /// Lets Cairn save over unreadable data the user has downloaded or given up.
    pub fn release_protection(&self) {
        storage::remove(storage::KEY);
        self.save_state.set(SaveState::Saved);
        self.persist();
    }
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}

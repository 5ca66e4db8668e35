//! Saving: what changed since the last save, written to IndexedDB in one transaction at a time.
//!
//! Every change to the document or the sync state is *noted* (the cells the observations'
//! journal names, the head if it differs from the one last noted, the sync state's parts) and
//! then *flushed*: the noted keys are read from memory as they are now and written together.
//! One write runs at a time; what is noted meanwhile goes in the next one. A write the browser
//! refuses puts its keys back among the noted ones, so the next save (the next change, or "Try
//! saving again") writes them: nothing is dropped on the way, and the data stays in the tab.

use std::collections::BTreeSet;

use cairn_core::observation::Journal;
use cairn_core::stored::Head;
use cairn_core::sync::Replica;
use cairn_core::{CellKey, Document, Grant};
use leptos::prelude::*;

use super::idb::{Batch, Db};
use super::records;
use super::storage::StorageError;
use super::sync_state::Link;
use super::SaveState;

/// What waits to be written.
#[derive(Default, Debug)]
struct Noted {
    head: bool,
    /// Every observation, after the collection was replaced whole.
    all_cells: bool,
    cells: BTreeSet<CellKey>,
    /// Every history entry, after the history was replaced whole.
    all_history: bool,
    /// The history entries added or signed anew.
    history: BTreeSet<String>,
    /// The link, grant and replica's small parts, and the outbox.
    sync: bool,
    versions: bool,
}

impl Noted {
    fn is_empty(&self) -> bool {
        !self.head
            && !self.all_cells
            && self.cells.is_empty()
            && !self.all_history
            && self.history.is_empty()
            && !self.sync
            && !self.versions
    }

    fn merge(&mut self, other: Noted) {
        self.head |= other.head;
        self.all_cells |= other.all_cells;
        self.cells.extend(other.cells);
        self.all_history |= other.all_history;
        self.history.extend(other.history);
        self.sync |= other.sync;
        self.versions |= other.versions;
    }
}

/// The sync state's handles, which the saver reads when it writes.
#[derive(Clone, Copy)]
pub struct SyncParts {
    pub link: RwSignal<Option<Link>>,
    pub grant: RwSignal<Grant>,
    pub replica: StoredValue<Option<Replica>>,
    pub problem: RwSignal<Option<StorageError>>,
}

struct Inner {
    /// `Err`: why the browser gives Cairn no database; nothing is written.
    db: Result<Db, StorageError>,
    /// The head as last noted: what the stored head is once the noted changes are written.
    head: Option<Head>,
    noted: Noted,
    writing: bool,
    /// The outbox ids the stored outbox holds.
    stored_outbox: BTreeSet<u64>,
    sync: Option<SyncParts>,
    /// Tells this browser's other tabs that something was saved.
    channel: Option<web_sys::BroadcastChannel>,
}

/// The one writer of Cairn's records in this tab.
#[derive(Clone, Copy)]
pub struct Saver {
    inner: StoredValue<Inner, LocalStorage>,
    doc: RwSignal<Option<Document>>,
    state: RwSignal<SaveState>,
    /// Whether a write is running: the save status shows "Saving…".
    pub saving: RwSignal<bool>,
}

/// The name of the channel tabs announce saves on.
pub const CHANNEL: &str = "cairn.saved";

impl Saver {
    /// A saver writing to `db`, for `doc` as it was read from there.
    pub fn new(
        db: Result<Db, StorageError>,
        doc: RwSignal<Option<Document>>,
        state: RwSignal<SaveState>,
    ) -> Saver {
        let head = doc.with_untracked(|d| d.as_ref().map(Head::of));
        doc.update_untracked(|d| {
            if let Some(d) = d {
                d.observations.track();
                d.history.track();
            }
        });
        Saver {
            inner: StoredValue::new_local(Inner {
                db,
                head,
                noted: Noted::default(),
                writing: false,
                stored_outbox: BTreeSet::new(),
                sync: None,
                channel: web_sys::BroadcastChannel::new(CHANNEL).ok(),
            }),
            doc,
            state,
            saving: RwSignal::new(false),
        }
    }

    /// Lets the saver write the sync state too; `stored` is the outbox as read.
    pub fn attach(&self, sync: SyncParts) {
        let stored = sync
            .replica
            .with_value(|r| r.as_ref().map(|r| r.outbox.iter().map(|m| m.id).collect()))
            .unwrap_or_default();
        self.inner.update_value(|i| {
            i.sync = Some(sync);
            i.stored_outbox = stored;
        });
    }

    /// Takes the document another tab saved as the stored one: nothing of it is noted.
    pub fn adopt(&self, doc: Document) {
        let head = Head::of(&doc);
        let mut doc = doc;
        doc.observations.track();
        doc.history.track();
        self.inner.update_value(|i| i.head = Some(head));
        self.doc.set(Some(doc));
    }

    /// Whether changes wait to be written (a write is running, or one was refused).
    pub fn is_busy(&self) -> bool {
        self.inner.with_value(|i| i.writing || !i.noted.is_empty())
    }

    /// Notes what the document's last change touched: its head if it changed, the cells the
    /// observations' journal names, and the history entries added.
    pub fn note_document(&self) {
        let taken = self.doc.try_update_untracked(|d| {
            d.as_mut().map(|d| {
                let journal = d.observations.take_journal();
                if journal.is_none() {
                    d.observations.track();
                }
                let history = d.history.take_unsaved();
                if history.is_none() {
                    d.history.track();
                }
                (journal, history)
            })
        });
        let (journal, history): (Option<Journal>, _) = match taken.flatten() {
            Some((journal, history)) => (journal, history),
            None => (None, Some(BTreeSet::new())),
        };
        self.inner.update_value(|i| {
            // Compared, never copied, on the way of every edit: a copy of a head with a long
            // updates feed would cost more than the edit.
            let changed = self.doc.with_untracked(|d| match (d, &i.head) {
                (Some(d), Some(h)) => !h.matches(d),
                (None, None) => false,
                _ => true,
            });
            if changed {
                i.head = self.doc.with_untracked(|d| d.as_ref().map(Head::of));
                i.noted.head = true;
            }
            match &journal {
                Some(j) => i.noted.cells.extend(j.keys().cloned()),
                None => i.noted.all_cells = true,
            }
            match history {
                Some(ids) => i.noted.history.extend(ids),
                None => i.noted.all_history = true,
            }
        });
    }

    /// Reads the head as last noted (the document's head, once its changes are noted).
    pub fn with_head<T>(&self, read: impl FnOnce(&Head) -> T) -> T {
        self.inner.with_value(|i| match &i.head {
            Some(h) => read(h),
            None => read(&Head::of(&Document::empty())),
        })
    }

    /// Notes that the whole document is new (a first run, a restore, a first pull).
    pub fn note_all(&self) {
        self.note_document();
        self.inner.update_value(|i| {
            i.noted.head = true;
            i.noted.all_cells = true;
            i.noted.all_history = true;
        });
    }

    /// Notes that the link, grant, replica or outbox changed.
    pub fn note_sync(&self) {
        self.inner.update_value(|i| i.noted.sync = true);
    }

    /// Notes that the versions the replica has seen changed too (after a push or pull).
    pub fn note_versions(&self) {
        self.inner.update_value(|i| {
            i.noted.sync = true;
            i.noted.versions = true;
        });
    }

    /// Writes what is noted, unless a write runs already (it writes again when it ends), or
    /// this tab never writes (benchmark data, unreadable data being protected).
    pub fn flush(&self) {
        if matches!(
            self.state.get_untracked(),
            SaveState::Protecting | SaveState::InMemory
        ) {
            return;
        }
        let Some((db, batch, taken, outbox)) = self.take_batch() else {
            return;
        };
        if !self.saving.get_untracked() {
            self.saving.set(true);
        }
        let saver = *self;
        // Not Leptos's spawner: a benchmark saves before the app mounts, when it is not set up.
        wasm_bindgen_futures::spawn_local(async move {
            let result = match &db {
                Ok(db) => db.write(&batch).await,
                Err(e) => Err(e.clone()),
            };
            saver.written(result, taken, outbox);
        });
    }

    /// Takes what is noted as a batch to write, marking a write as running.
    #[allow(clippy::type_complexity)]
    fn take_batch(
        &self,
    ) -> Option<(
        Result<Db, StorageError>,
        Batch,
        Noted,
        Option<BTreeSet<u64>>,
    )> {
        let mut taken = None;
        self.inner.update_value(|i| {
            if i.writing || i.noted.is_empty() {
                return;
            }
            i.writing = true;
            let noted = std::mem::take(&mut i.noted);
            let (batch, outbox) = self.batch(&noted, i);
            taken = Some((i.db.clone(), batch, noted, outbox));
        });
        taken
    }

    /// The records to write for `noted`, read from memory as they are now, and the outbox ids
    /// the store holds once they are written.
    fn batch(&self, noted: &Noted, i: &Inner) -> (Batch, Option<BTreeSet<u64>>) {
        let mut batch = Batch::default();
        self.doc.with_untracked(|doc| match doc {
            None => batch.cleared.push(records::DOC.into()),
            Some(doc) => {
                if noted.head {
                    records::put_head(&mut batch, doc);
                }
                if noted.all_cells {
                    records::put_every_cell(&mut batch, doc);
                } else {
                    for key in &noted.cells {
                        records::put_cell(&mut batch, doc, key);
                    }
                }
                if noted.all_history {
                    records::put_every_entry(&mut batch, doc);
                } else {
                    for id in &noted.history {
                        records::put_entry(&mut batch, doc, id);
                    }
                }
            }
        });
        let mut outbox = None;
        if let (true, Some(sync)) = (noted.sync, &i.sync) {
            outbox = Some(self.sync_batch(sync, noted.versions, &i.stored_outbox, &mut batch));
        }
        (batch, outbox)
    }

    /// The sync state's records; returns the outbox ids stored once they are written.
    fn sync_batch(
        &self,
        sync: &SyncParts,
        versions: bool,
        stored_outbox: &BTreeSet<u64>,
        batch: &mut Batch,
    ) -> BTreeSet<u64> {
        let link = sync.link.get_untracked();
        let grant = sync.grant.get_untracked();
        sync.replica.with_value(|replica| match (link, replica) {
            (Some(link), Some(replica)) => {
                if versions {
                    records::put_versions(batch, replica);
                }
                records::put_sync(batch, &link, &grant, replica, stored_outbox)
            }
            _ => {
                records::delete_sync(batch);
                BTreeSet::new()
            }
        })
    }

    /// Ends a write: says whether it worked, and writes again what was noted meanwhile.
    fn written(
        &self,
        result: Result<(), StorageError>,
        taken: Noted,
        outbox: Option<BTreeSet<u64>>,
    ) {
        let had_sync = taken.sync;
        let mut more = false;
        let mut sync = None;
        self.inner.update_value(|i| {
            i.writing = false;
            sync = i.sync;
            match &result {
                Ok(()) => {
                    if let Some(ids) = outbox {
                        i.stored_outbox = ids;
                    }
                    more = !i.noted.is_empty();
                    if let Some(channel) = &i.channel {
                        let _ = channel.post_message(&wasm_bindgen::JsValue::from_str("saved"));
                    }
                }
                Err(_) => i.noted.merge(taken),
            }
        });
        match result {
            Ok(()) => {
                self.state.set(SaveState::Saved);
                if let Some(sync) = sync.filter(|_| had_sync) {
                    if sync.problem.with_untracked(Option::is_some) {
                        sync.problem.set(None);
                    }
                }
                if more {
                    self.flush();
                } else {
                    self.saving.set(false);
                }
            }
            Err(e) => {
                if let Some(sync) = sync.filter(|_| had_sync) {
                    sync.problem.set(Some(e.clone()));
                }
                self.state.set(SaveState::NotSaved(e));
                self.saving.set(false);
            }
        }
    }
}

impl Saver {
    /// The database, if the browser gave one.
    pub fn db(&self) -> Option<Db> {
        self.inner.with_value(|i| i.db.clone().ok())
    }

    /// Calls `then` each time another tab of this browser saved.
    pub fn on_other_tab(&self, then: impl Fn() + 'static) {
        use wasm_bindgen::JsCast;
        self.inner.with_value(|i| {
            if let Some(channel) = &i.channel {
                let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                    move |_: web_sys::MessageEvent| then(),
                );
                channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
                handler.forget();
            }
        });
    }
}

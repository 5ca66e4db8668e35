//! The sync state: where this browser syncs (the link), the replica with its outbox, the
//! member's grant and account, and what the sync indicator shows, saved with the document
//! ([`super::saving`]). The engine that moves it to and from the server is [`crate::sync`]; it
//! changes this state only through the methods here.

use cairn_core::sync::{Change, Conflict, Mutation, Refusal, Replica};
use cairn_core::Grant;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::records::SavedSync;
use super::saving::{Saver, SyncParts};
use super::storage::{self, StorageError};

/// The local storage key older versions of Cairn kept the link and replica under; read once,
/// when they move to IndexedDB ([`super::opening`]).
pub const LEGACY_KEY: &str = "cairn.sync";

/// Where this browser syncs its coalition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The server's address, such as `https://cairn.example.org`.
    pub server: String,
    /// The coalition's id on that server.
    pub coalition: String,
}

/// The sync state as older versions kept it in local storage.
#[derive(Serialize, Deserialize)]
pub struct LegacySaved {
    pub link: Link,
    pub replica: Replica,
    /// The member's role when last seen, so screens offer the right things offline.
    #[serde(default = "Grant::viewer")]
    pub grant: Grant,
}

/// What the sync indicator shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Not connected to a server: the data lives in this browser only.
    Local,
    Syncing,
    Synced,
    /// The server cannot be reached; changes wait in the outbox.
    Offline,
    /// The server refused a whole request; the message says what to do.
    Failed(String),
    /// The member must sign in before changes can be sent; they wait in the outbox.
    SignedOut,
}

/// A signed-in member, as the server knows them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Account {
    pub email: String,
    pub name: String,
    /// Administers the server: may upload coalitions and administers every one.
    pub server_admin: bool,
}

/// Sync state shared by every screen.
#[derive(Clone, Copy)]
pub struct SyncState {
    pub link: RwSignal<Option<Link>>,
    replica: StoredValue<Option<Replica>>,
    saver: Saver,
    pub status: RwSignal<Status>,
    /// How many changes wait in the outbox.
    pub waiting: RwSignal<usize>,
    pub conflicts: RwSignal<Vec<Conflict>>,
    pub refused: RwSignal<Vec<Refusal>>,
    /// The conflict the member put off with "Decide later"; the dialog stays closed for it.
    pub hidden: RwSignal<Option<u64>>,
    /// What this member may do in the coalition: everything while it is not shared.
    pub grant: RwSignal<Grant>,
    /// The member signed in to this page's server, once known.
    pub account: RwSignal<Option<Account>>,
    /// Why the sync state (link, outbox, grant) could not be saved last time, if it could not.
    pub save_problem: RwSignal<Option<StorageError>>,
    /// Moves each time there are changes to send: the engine ([`crate::sync::live::start`])
    /// watches it, so the state never calls the engine.
    pub wanted: RwSignal<u64>,
}

impl SyncState {
    /// The sync state as it was saved (or why it could not be read), written by `saver`.
    pub fn from_saved(saved: Result<Option<SavedSync>, String>, saver: Saver) -> SyncState {
        let (saved, problem) = match saved {
            Ok(saved) => (saved, None),
            Err(e) => (None, Some(e)),
        };
        let status = match (&saved, problem) {
            (_, Some(problem)) => Status::Failed(format!(
                "the saved sync state could not be read ({problem}). Connect to the server again."
            )),
            (Some(_), None) => Status::Syncing,
            (None, None) => Status::Local,
        };
        let (link, replica, grant) = match saved {
            Some(s) => (Some(s.link), Some(s.replica), s.grant),
            None => (None, None, Grant::admin()),
        };
        SyncState::new(link, replica, grant, status, saver)
    }

    fn new(
        link: Option<Link>,
        replica: Option<Replica>,
        grant: Grant,
        status: Status,
        saver: Saver,
    ) -> SyncState {
        let sync = SyncState {
            grant: RwSignal::new(grant),
            account: RwSignal::new(None),
            status: RwSignal::new(status),
            link: RwSignal::new(link),
            replica: StoredValue::new(replica),
            saver,
            waiting: RwSignal::new(0),
            conflicts: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            hidden: RwSignal::new(None),
            save_problem: RwSignal::new(None),
            wanted: RwSignal::new(0),
        };
        saver.attach(SyncParts {
            link: sync.link,
            grant: sync.grant,
            replica: sync.replica,
            problem: sync.save_problem,
        });
        sync.refresh();
        sync
    }

    /// Takes the link and replica another tab of this browser saved, so tabs never hand out
    /// the same mutation id or send a stale outbox.
    pub fn reload(&self, saved: Option<SavedSync>) {
        let (link, replica, grant) = match saved {
            Some(s) => (Some(s.link), Some(s.replica), s.grant),
            None => (None, None, Grant::admin()),
        };
        self.replica.set_value(replica);
        self.saver.attach(SyncParts {
            link: self.link,
            grant: self.grant,
            replica: self.replica,
            problem: self.save_problem,
        });
        if self.grant.with_untracked(|g| g != &grant) {
            self.grant.set(grant);
        }
        if self.link.with_untracked(|l| l != &link) {
            self.link.set(link);
        }
        self.refresh();
    }

    pub fn is_linked(&self) -> bool {
        self.link.with_untracked(Option::is_some)
    }

    /// This browser's client id, once linked.
    pub fn client(&self) -> Option<String> {
        self.replica
            .with_value(|r| r.as_ref().map(|r| r.client.clone()))
    }

    /// Shows the replica's outbox, conflicts and refusals on the screens.
    pub fn refresh(&self) {
        self.replica.with_value(|r| {
            let (waiting, conflicts, refused) = match r {
                // The member's own changes (the history entry that goes with each is not one),
                // or 1 while only history waits: it is not synced yet.
                Some(r) => (
                    {
                        let is_entry = |m: &&Mutation| {
                            matches!(m.path.record, cairn_core::sync::Record::History(_))
                        };
                        let entries = r.outbox.iter().filter(is_entry).count();
                        (r.outbox.len() - entries).max(usize::from(entries > 0))
                    },
                    r.conflicts.clone(),
                    r.refused.clone(),
                ),
                None => (0, Vec::new(), Vec::new()),
            };
            self.waiting.set(waiting);
            if self.conflicts.with_untracked(|c| c != &conflicts) {
                self.conflicts.set(conflicts);
            }
            if self.refused.with_untracked(|r| r != &refused) {
                self.refused.set(refused);
            }
        });
    }

    /// Saves the link and replica; a failed save shows in [`SyncState::save_problem`] and is
    /// never silent.
    pub fn persist(&self) {
        self.saver.note_sync();
        self.saver.flush();
    }

    /// Saves the link and replica after a push or pull, with the versions it has seen.
    pub fn persist_pulled(&self) {
        self.saver.note_versions();
        self.saver.flush();
    }

    /// Queues `changes` (an edit, as the document's journal found it) in the outbox. The store
    /// calls this before the screen shows the edit and saves it with the edit.
    pub fn record(&self, changes: &[Change]) {
        if !self.is_linked() || changes.is_empty() {
            return;
        }
        let name = storage::member_name();
        let at = crate::clock::now();
        self.replica.update_value(|r| {
            if let Some(r) = r {
                r.record_changes(changes, &name, &at);
            }
        });
        self.refresh();
        self.saver.note_sync();
    }

    /// Takes in who is signed in: their name signs this browser's changes.
    pub fn take_account(&self, account: &Account) {
        storage::set_member_name(&account.name);
        self.account.set(Some(account.clone()));
    }

    /// Takes the member's grant in the linked coalition, which decides what the screens offer.
    pub fn take_grant(&self, grant: &Grant) {
        if self.grant.with_untracked(|g| g != grant) {
            self.grant.set(grant.clone());
            self.persist();
        }
    }

    /// Nobody is signed in any more: changes wait until someone signs in again.
    pub fn signed_out(&self) {
        self.account.set(None);
        if self.is_linked() {
            self.status.set(Status::SignedOut);
        }
    }

    /// Forgets refused changes the member has read.
    pub fn dismiss_refused(&self) {
        self.replica.update_value(|r| {
            if let Some(r) = r {
                r.refused.clear();
            }
        });
        self.refresh();
        self.persist();
    }

    /// Forgets the link and replica; the data stays in this browser. The engine's
    /// [`crate::sync::unlink`] also closes the live stream.
    pub fn forget_link(&self) {
        self.link.set(None);
        self.replica.set_value(None);
        self.grant.set(Grant::admin());
        self.status.set(Status::Local);
        self.refresh();
        self.persist();
    }
}

/// A new random client id, so two browsers never share mutation ids.
pub fn new_client() -> String {
    let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("c-{:08x}{:08x}", part(), part())
}

impl SyncState {
    /// Reads the replica.
    pub fn with_replica<T>(&self, read: impl FnOnce(Option<&Replica>) -> T) -> T {
        self.replica.with_value(|r| read(r.as_ref()))
    }

    /// Changes the replica (if linked), then shows the result.
    pub fn update_replica(&self, change: impl FnOnce(&mut Replica)) {
        self.replica.update_value(|r| {
            if let Some(r) = r {
                change(r);
            }
        });
    }

    /// Starts a new replica, as when linking.
    pub fn set_replica(&self, replica: Replica) {
        self.replica.set_value(Some(replica));
    }

    /// Asks the engine to send what waits.
    pub fn want_sync(&self) {
        self.wanted.update(|n| *n += 1);
    }
}

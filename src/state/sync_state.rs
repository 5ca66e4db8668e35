//! The sync state: where this browser syncs (the link), the replica with its outbox, the
//! member's grant and account, and what the sync indicator shows, kept in local storage. The
//! engine that moves it to and from the server is [`crate::sync`]; it changes this state only
//! through the methods here.

use cairn_core::sync::{Conflict, Refusal, Replica};
use cairn_core::{Document, Grant};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage::{self, StorageError};

/// The local storage key of the link and replica.
pub const KEY: &str = "cairn.sync";

/// Where this browser syncs its coalition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The server's address, such as `https://cairn.example.org`.
    pub server: String,
    /// The coalition's id on that server.
    pub coalition: String,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    link: Link,
    replica: Replica,
    /// The member's role when last seen, so screens offer the right things offline.
    #[serde(default = "Grant::viewer")]
    grant: Grant,
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
    /// Reads the link and replica from local storage.
    pub fn load() -> SyncState {
        let (link, replica, grant, problem) = read_saved();
        let status = match (&link, problem) {
            (_, Some(problem)) => Status::Failed(problem),
            (Some(_), None) => Status::Syncing,
            (None, None) => Status::Local,
        };
        SyncState::new(link, replica, grant, status)
    }

    /// A sync state that never links, for generated benchmark data.
    pub fn none() -> SyncState {
        SyncState::new(None, None, Grant::admin(), Status::Local)
    }

    fn new(
        link: Option<Link>,
        replica: Option<Replica>,
        grant: Grant,
        status: Status,
    ) -> SyncState {
        let sync = SyncState {
            grant: RwSignal::new(grant),
            account: RwSignal::new(None),
            status: RwSignal::new(status),
            link: RwSignal::new(link),
            replica: StoredValue::new(replica),
            waiting: RwSignal::new(0),
            conflicts: RwSignal::new(Vec::new()),
            refused: RwSignal::new(Vec::new()),
            hidden: RwSignal::new(None),
            save_problem: RwSignal::new(None),
            wanted: RwSignal::new(0),
        };
        sync.refresh();
        sync
    }

    /// Takes the link and replica another tab of this browser saved, so tabs never hand out
    /// the same mutation id or send a stale outbox.
    pub fn reload(&self) {
        let (link, replica, grant, _) = read_saved();
        self.replica.set_value(replica);
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
                Some(r) => (r.outbox.len(), r.conflicts.clone(), r.refused.clone()),
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

    /// Saves the link and replica, and shows the member when that fails (see
    /// [`Sync::save_problem`]): a failed save is never silent.
    pub fn persist(&self) {
        let result = self.save();
        if self.save_problem.with_untracked(Option::is_some) || result.is_err() {
            self.save_problem.set(result.err());
        }
    }

    /// Writes the link and replica to local storage.
    fn save(&self) -> Result<(), StorageError> {
        let text = self.link.with_untracked(|link| {
            self.replica.with_value(|replica| match (link, replica) {
                (Some(link), Some(replica)) => serde_json::to_string(&Saved {
                    link: link.clone(),
                    replica: replica.clone(),
                    grant: self.grant.get_untracked(),
                })
                .ok(),
                _ => None,
            })
        });
        match text {
            Some(text) => storage::set_item(KEY, &text),
            None => {
                storage::remove(KEY);
                Ok(())
            }
        }
    }

    /// Queues the changes from `before` to `after` and saves the outbox. The store calls this
    /// before it shows `after`, so an edit is in the outbox before it is on screen.
    pub fn record(&self, before: &Document, after: &Document) -> Result<(), StorageError> {
        if !self.is_linked() {
            return Ok(());
        }
        let name = storage::member_name();
        let at = crate::clock::now();
        self.replica.update_value(|r| {
            if let Some(r) = r {
                r.record(before, after, &name, &at);
            }
        });
        self.refresh();
        self.save()
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

/// Reads the saved link, replica and grant (everything, when not linked). Saved text that
/// cannot be read is set aside under a backup key (never silently dropped) and reported.
fn read_saved() -> (Option<Link>, Option<Replica>, Grant, Option<String>) {
    let Some(text) = storage::get(KEY) else {
        return (None, None, Grant::admin(), None);
    };
    match serde_json::from_str::<Saved>(&text) {
        Ok(saved) => (Some(saved.link), Some(saved.replica), saved.grant, None),
        Err(e) => {
            let key = format!("{}sync.{}", storage::BACKUP_PREFIX, crate::clock::now());
            let kept = storage::set_item(&key, &text).is_ok();
            if kept {
                storage::remove(KEY);
            }
            let problem = format!(
                "the saved sync state could not be read ({e}); it is kept under “{key}”. Connect to the server again: changes not yet sent are in that backup."
            );
            (None, None, Grant::admin(), Some(problem))
        }
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

//! Sync with a coalition's server: the link and replica kept in local storage, and the engine
//! that pushes the outbox and pulls what others changed. The rules live in
//! `cairn_core::sync`; this module only moves messages and keeps the screen informed.

pub mod http;
pub mod live;

use cairn_core::sync::{Conflict, Refusal, Replica};
use cairn_core::{Document, Grant};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::storage::{self, StorageError};
use crate::store::Store;
use http::HttpError;

/// The local storage key of the link and replica.
pub const KEY: &str = "cairn.sync";

/// How much JSON one push carries at most, well under the server's 1 MiB body limit.
const PUSH_BYTES: usize = 768 * 1024;

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

/// Sync state shared by every screen.
#[derive(Clone, Copy)]
pub struct Sync {
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
    pub account: RwSignal<Option<http::Account>>,
    /// Why the sync state (link, outbox, grant) could not be saved last time, if it could not.
    pub save_problem: RwSignal<Option<StorageError>>,
    running: StoredValue<bool>,
    again: StoredValue<bool>,
}

impl Sync {
    /// Reads the link and replica from local storage.
    pub fn load() -> Sync {
        let (link, replica, grant, problem) = read_saved();
        let status = match (&link, problem) {
            (_, Some(problem)) => Status::Failed(problem),
            (Some(_), None) => Status::Syncing,
            (None, None) => Status::Local,
        };
        Sync::new(link, replica, grant, status)
    }

    /// A sync state that never links, for generated benchmark data.
    pub fn none() -> Sync {
        Sync::new(None, None, Grant::admin(), Status::Local)
    }

    fn new(link: Option<Link>, replica: Option<Replica>, grant: Grant, status: Status) -> Sync {
        let sync = Sync {
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
            running: StoredValue::new(false),
            again: StoredValue::new(false),
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

    fn refresh(&self) {
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

    /// Takes in who is signed in (from `/me`, signing in or accepting an invite): their name
    /// signs this browser's changes, and their grant in the linked coalition decides what the
    /// screens offer.
    pub fn take_me(&self, me: &http::Me) {
        storage::set_member_name(&me.account.name);
        self.account.set(Some(me.account.clone()));
        let Some(link) = self.link.get_untracked() else {
            return;
        };
        match me.coalitions.iter().find(|c| c.id == link.coalition) {
            Some(listed) => {
                if self.grant.with_untracked(|g| g != &listed.grant) {
                    self.grant.set(listed.grant.clone());
                    self.persist();
                }
            }
            None => self.status.set(Status::Failed(format!(
                "you are no longer a member of the coalition “{}” on this server. Your changes are kept in this browser; ask a backbone administrator for an invite.",
                link.coalition
            ))),
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

    /// Stops syncing; the data stays in this browser.
    pub fn unlink(&self) {
        live::stop();
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
fn new_client() -> String {
    let part = || (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("c-{:08x}{:08x}", part(), part())
}

/// Asks the server who is signed in and what their role in the linked coalition is now, so the
/// screens offer what the role allows. Returns the member, or the reason there is none.
pub async fn refresh_account(store: Store) -> Result<http::Me, HttpError> {
    let sync = store.sync;
    let server = sync
        .link
        .get_untracked()
        .map(|l| l.server)
        .unwrap_or_else(this_origin);
    match http::me(&server).await {
        Ok(me) => {
            sync.take_me(&me);
            Ok(me)
        }
        Err(e) => {
            if let HttpError::SignedOut(_) = e {
                sync.signed_out();
            }
            Err(e)
        }
    }
}

/// This page's own address: where Cairn's server is when it serves the app.
pub fn this_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Links this browser to `link` and replaces its document with the server's copy. The data
/// that was here is first kept under a backup key, so nothing is lost.
pub async fn connect(store: Store, link: Link, grant: Grant) -> Result<(), HttpError> {
    let pulled = http::pull(&link, 0).await?;
    let mut replica = Replica::new(&new_client());
    let mut doc = Document::empty();
    let absorbed = replica.absorb(pulled, &mut doc);
    if let Some(problem) = absorbed.problems.first() {
        return Err(HttpError::Refused {
            status: 0,
            message: format!("The server's copy could not be read: {problem}"),
        });
    }
    // The coalition in this browser is kept before the server's copy replaces it; if it cannot
    // be kept, nothing is replaced.
    if let Some(current) = store.doc.get_untracked() {
        let key = format!("{}{}", storage::BACKUP_PREFIX, crate::clock::now());
        if let Err(e) = storage::set_item(&key, &cairn_core::format::save(&current)) {
            return Err(HttpError::Refused {
                status: 0,
                message: format!(
                    "Not connected: the coalition in this browser could not be backed up before the server's copy would replace it, so nothing was replaced. {} Then connect again.",
                    e.message()
                ),
            });
        }
    }
    let sync = store.sync;
    sync.replica.set_value(Some(replica));
    sync.grant.set(grant);
    sync.link.set(Some(link));
    sync.refresh();
    sync.persist();
    store.start(doc);
    sync.status.set(Status::Synced);
    live::listen(store);
    Ok(())
}

/// Uploads this browser's coalition to the server as `id`, then links to it.
pub async fn upload(store: Store, server: String, id: String) -> Result<(), HttpError> {
    let Some(doc) = store.doc.get_untracked() else {
        return Ok(());
    };
    http::upload(&server, &id, &doc).await?;
    connect(
        store,
        Link {
            server,
            coalition: id,
        },
        Grant::admin(),
    )
    .await
}

/// Answers a conflict with `value`; the answer syncs like any edit.
pub fn resolve(
    store: Store,
    conflict: u64,
    value: Option<serde_json::Value>,
) -> Result<(), cairn_core::Error> {
    let sync = store.sync;
    let name = storage::member_name();
    let at = crate::clock::now();
    let mut outcome = Ok(());
    store.doc.update(|doc| {
        if let Some(doc) = doc {
            sync.replica.update_value(|r| {
                if let Some(r) = r {
                    outcome = r.resolve(conflict, value, doc, &name, &at);
                }
            });
        }
    });
    outcome?;
    sync.refresh();
    sync.persist();
    store.persist();
    sync_now(store);
    Ok(())
}

/// Starts a sync now, or right after the one running.
pub fn sync_now(store: Store) {
    let sync = store.sync;
    if !sync.is_linked() {
        return;
    }
    if sync.running.get_value() {
        sync.again.set_value(true);
        return;
    }
    sync.running.set_value(true);
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            sync.again.set_value(false);
            run(store).await;
            if !sync.again.get_value() {
                break;
            }
        }
        sync.running.set_value(false);
    });
}

/// Pushes the whole outbox, then pulls. Stops at the first request that fails and says why.
async fn run(store: Store) {
    let sync = store.sync;
    let Some(link) = sync.link.get_untracked() else {
        return;
    };
    if sync.waiting.get_untracked() > 0 {
        sync.status.set(Status::Syncing);
    }
    loop {
        let batch = sync.replica.with_value(|r| {
            r.as_ref()
                .map(|r| r.push_within(cairn_core::sync::MAX_MUTATIONS_PER_PUSH, PUSH_BYTES))
        });
        let Some(batch) = batch.filter(|b| !b.mutations.is_empty()) else {
            break;
        };
        match http::push(&link, &batch).await {
            Ok(reply) => {
                take_in(store, |r, doc| r.acknowledge(&reply, doc));
            }
            Err(e) => return failed(sync, e),
        }
    }
    let cursor = sync
        .replica
        .with_value(|r| r.as_ref().map_or(0, |r| r.cursor));
    match http::pull(&link, cursor).await {
        Ok(pulled) => take_in(store, move |r, doc| r.absorb(pulled, doc)),
        Err(e) => return failed(sync, e),
    }
    sync.status.set(Status::Synced);
}

/// Applies what the server said to the replica and the document, saving both; the screen
/// redraws only if the document changed.
fn take_in(
    store: Store,
    step: impl FnOnce(&mut Replica, &mut Document) -> cairn_core::sync::Absorbed,
) {
    let sync = store.sync;
    let mut absorbed = None;
    store.doc.maybe_update(|doc| {
        let Some(doc) = doc else {
            return false;
        };
        sync.replica.update_value(|r| {
            if let Some(r) = r {
                absorbed = Some(step(r, doc));
            }
        });
        absorbed.as_ref().is_some_and(|a| a.applied > 0)
    });
    if let Some(absorbed) = absorbed {
        if !absorbed.problems.is_empty() {
            // The replica asks for a snapshot next time, which settles them.
            sync.again.set_value(true);
        }
        if absorbed.applied > 0 {
            store.persist();
        }
    }
    sync.refresh();
    sync.persist();
}

fn failed(sync: Sync, error: HttpError) {
    sync.status.set(match error {
        HttpError::Offline => Status::Offline,
        HttpError::SignedOut(_) => Status::SignedOut,
        HttpError::Refused { message, .. } => Status::Failed(message),
    });
}

//! The sync engine: pushes the outbox and pulls what others changed, given the state
//! ([`crate::state::SyncState`]), which it changes only through the state's methods. The rules
//! live in `cairn_core::sync`; this module only moves messages and keeps the screen informed.

pub mod http;
pub mod live;

use std::cell::Cell;

use cairn_core::sync::Replica;
use cairn_core::{Document, Grant};
use leptos::prelude::*;

use crate::state::storage;
use crate::state::sync_state::new_client;
use crate::state::{How, Link, Status, Store, SyncState};
use cairn_core::history::Via;
use http::HttpError;

/// How much JSON one push carries at most, well under the server's 1 MiB body limit.
const PUSH_BYTES: usize = 768 * 1024;

thread_local! {
    /// Whether a sync is running, and whether another was asked for meanwhile: one page runs
    /// one sync at a time.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Takes in who is signed in (from `/me`, signing in or accepting an invite): their name
/// signs this browser's changes, and their grant in the linked coalition decides what the
/// screens offer.
pub fn take_me(sync: SyncState, me: &http::Me) {
    sync.take_account(&me.account);
    let Some(link) = sync.link.get_untracked() else {
        return;
    };
    match me.coalitions.iter().find(|c| c.id == link.coalition) {
        Some(listed) => sync.take_grant(&listed.grant),
        None => sync.status.set(Status::Failed(format!(
            "you are no longer a member of the coalition “{}” on this server. Your changes are kept in this browser; ask a backbone administrator for an invite.",
            link.coalition
        ))),
    }
}

/// Stops syncing; the data stays in this browser.
pub fn unlink(sync: SyncState) {
    live::stop();
    sync.forget_link();
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
            take_me(sync, &me);
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
    sync.set_replica(replica);
    sync.grant.set(grant);
    sync.link.set(Some(link));
    sync.refresh();
    sync.persist_pulled();
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
    // The answer is queued by the replica, with the conflict it settles; the store keeps it
    // in the history.
    store.change_queued(How::via(Via::Conflict), |doc| {
        let mut outcome = Ok(());
        sync.update_replica(|r| outcome = r.resolve(conflict, value, doc, &name, &at));
        outcome
    })?;
    sync.refresh();
    sync.persist();
    sync_now(store);
    Ok(())
}

/// Starts a sync now, or right after the one running.
pub fn sync_now(store: Store) {
    let sync = store.sync;
    if !sync.is_linked() {
        return;
    }
    if RUNNING.get() {
        AGAIN.set(true);
        return;
    }
    RUNNING.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            AGAIN.set(false);
            run(store).await;
            if !AGAIN.get() {
                break;
            }
        }
        RUNNING.set(false);
    });
}

/// Pushes the whole outbox, then pulls. Stops at the first request that fails and says why.
/// In a module of its own (with the protocol's types and the replica's rules for taking in a
/// reply), downloaded the first time a linked coalition syncs: a coalition kept only in this
/// browser never needs it.
#[leptos::lazy]
async fn run(store: Store) {
    let sync = store.sync;
    let Some(link) = sync.link.get_untracked() else {
        return;
    };
    if sync.waiting.get_untracked() > 0 {
        sync.status.set(Status::Syncing);
    }
    loop {
        let batch = sync.with_replica(|r| {
            r.map(|r| r.push_within(cairn_core::sync::MAX_MUTATIONS_PER_PUSH, PUSH_BYTES))
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
    let cursor = sync.with_replica(|r| r.map_or(0, |r| r.cursor));
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
        sync.update_replica(|r| absorbed = Some(step(r, doc)));
        absorbed.as_ref().is_some_and(|a| a.applied > 0)
    });
    if let Some(absorbed) = absorbed {
        if !absorbed.problems.is_empty() {
            // The replica asks for a snapshot next time, which settles them.
            AGAIN.set(true);
        }
        if absorbed.applied > 0 {
            store.persist();
        }
    }
    sync.refresh();
    sync.persist_pulled();
}

fn failed(sync: SyncState, error: HttpError) {
    sync.status.set(match error {
        HttpError::Offline => Status::Offline,
        HttpError::SignedOut(_) => Status::SignedOut,
        HttpError::Refused { message, .. } => Status::Failed(message),
    });
}

//! The sync indicator, always in the header: synced, changes waiting, offline, or an error
//! with what to do.

use leptos::prelude::*;

use crate::state::use_store;
use crate::state::Status;

#[component]
pub fn SyncStatus() -> impl IntoView {
    let sync = use_store().sync;
    let state = move || {
        let waiting = sync.waiting.get();
        match sync.status.get() {
            Status::Local => "local",
            Status::Failed(_) => "error",
            Status::SignedOut => "signed-out",
            Status::Offline => "offline",
            _ if waiting > 0 => "waiting",
            Status::Syncing => "syncing",
            Status::Synced => "synced",
        }
    };
    let text = move || {
        let waiting = sync.waiting.get();
        let changes = |n: usize| {
            if n == 1 {
                "1 change".to_string()
            } else {
                format!("{n} changes")
            }
        };
        match sync.status.get() {
            Status::Local => "Not shared: only in this browser".to_string(),
            Status::Failed(message) => format!("⚠ Sync stopped: {message}"),
            Status::SignedOut if waiting > 0 => {
                format!("⚠ Sign in to send {} waiting", changes(waiting))
            }
            Status::SignedOut => "⚠ Sign in to sync".to_string(),
            Status::Offline if waiting > 0 => format!(
                "⚠ Offline: {} waiting, sent when the server is back",
                changes(waiting)
            ),
            Status::Offline => "⚠ Offline: showing the last copy synced".to_string(),
            _ if waiting > 0 => format!("↻ {} waiting to sync", changes(waiting)),
            Status::Syncing => "↻ Syncing…".to_string(),
            Status::Synced => "✓ Synced".to_string(),
        }
    };
    let conflicts = move || sync.conflicts.with(Vec::len);
    let refused = move || sync.refused.with(Vec::len);
    view! {
        <div class="sync-status" role="status" aria-live="polite" data-state=state>
            <a href="#/sync" class="sync-state">{text}</a>
            <Show when=move || { conflicts() > 0 }>
                <button type="button" class="conflict-count" on:click=move |_| sync.hidden.set(None)>
                    {move || match conflicts() {
                        1 => "1 conflict to settle".to_string(),
                        n => format!("{n} conflicts to settle"),
                    }}
                </button>
            </Show>
            <Show when=move || { refused() > 0 }>
                <a href="#/sync" class="refused-count">
                    {move || match refused() {
                        1 => "1 change refused".to_string(),
                        n => format!("{n} changes refused"),
                    }}
                </a>
            </Show>
        </div>
    }
}

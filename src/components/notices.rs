//! What the user must know about their data: whether it is saved, and what happened to stored
//! data that could not be read.

use leptos::prelude::*;

use crate::download::download;
use crate::state::{use_store, Kept, SaveState};

/// "Saved in this browser", or why not and what to do, announced to screen readers.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let store = use_store();
    let download_copy = move |_| {
        store.doc.with_untracked(|doc| {
            if let Some(doc) = doc {
                let name = format!("cairn-{}.json", crate::clock::today());
                download(&name, "application/json", &cairn_core::format::save(doc));
            }
        });
    };
    let retry = move |_| store.persist();
    // Backups of unreadable data are the one thing Cairn itself may have filled storage with.
    let backups = RwSignal::new(crate::state::storage::backup_keys().len());
    let remove_backups = move |_| {
        for key in crate::state::storage::backup_keys() {
            crate::state::storage::remove(&key);
        }
        backups.set(0);
        store.persist();
    };
    let sync = store.sync;
    view! {
        <div class="save-status" role="status" aria-live="polite" data-saving=move || store.saving().to_string()>
            {move || sync.save_problem.get().map(|error| view! {
                <div class="not-saved" role="alert">
                    <strong>"The changes waiting for the server are not saved. "</strong>
                    <span>{error.message()}</span>
                    " Until they are, they are only in this tab: keep it open."
                    <div class="actions">
                        <button type="button" on:click=move |_| sync.persist()>"Try saving again"</button>
                    </div>
                </div>
            })}
            {move || match store.save_state.get() {
                SaveState::Saved => view! {
                    <span class="saved">"✓ Saved in this browser"</span>
                }.into_any(),
                SaveState::NotSaved(error) => view! {
                    <div class="not-saved" role="alert">
                        <strong>"Not saved. "</strong>
                        <span>{error.message()}</span>
                        <div class="actions">
                            <button type="button" on:click=download_copy>"Download a copy"</button>
                            <button type="button" on:click=retry>"Try saving again"</button>
                            <Show when=move || { backups.get() > 0 }>
                                <button type="button" on:click=remove_backups>
                                    {move || format!("Remove {} backup(s) of unreadable data", backups.get())}
                                </button>
                            </Show>
                        </div>
                    </div>
                }.into_any(),
                SaveState::InMemory => view! {
                    <span class="saved">"Generated data: kept in this tab only, never saved"</span>
                }.into_any(),
                SaveState::Protecting => view! {
                    <div class="not-saved" role="alert">
                        <strong>"Not saved. "</strong>
                        "Cairn is keeping the unreadable saved data in place until you download it or discard it (see above)."
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// Tells the user that stored data could not be read, where it was kept, and lets them
/// download it.
#[component]
pub fn LoadProblemNotice() -> impl IntoView {
    let store = use_store();
    move || {
        store.load_problem.get().map(|problem| {
            let raw = problem.raw.clone();
            let save_raw = move |_| {
                download("cairn-unreadable-data.json", "application/json", &raw);
            };
            let kept = match &problem.kept {
                Kept::UnderBackupKey(key) => format!(
                    "The saved text was kept in this browser under the backup key “{key}”, and Cairn started afresh."
                ),
                Kept::InPlace => "It is left where it was, and nothing will be saved over it until you download or discard it.".to_string(),
            };
            let protecting = problem.kept == Kept::InPlace;
            view! {
                <section class="notice problem" role="alert" aria-labelledby="load-problem-title">
                    <h2 id="load-problem-title">"Your saved data could not be read"</h2>
                    <p>{problem.reason.clone()}</p>
                    <p>{kept}</p>
                    <div class="actions">
                        <button type="button" on:click=save_raw>"Download the unreadable data"</button>
                        <Show when=move || protecting>
                            <button type="button" on:click=move |_| store.release_protection()>
                                "Discard it and let Cairn save"
                            </button>
                        </Show>
                        <button type="button" on:click=move |_| store.load_problem.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                </section>
            }
        })
    }
}

//! Sharing: connect this browser to a coalition's Cairn server, upload a coalition to one, or
//! see how syncing goes and which changes were refused.

pub mod account;
pub mod members;

use leptos::prelude::*;

use crate::components::role::describe;
use crate::screens::sharing::members::Members;
use crate::state::use_store;
use crate::state::{Link, Status};
use crate::sync::http::Me;
use crate::sync::{self, this_origin};
use account::{Session, SignIn, SignedIn};

#[component]
pub fn SyncPage() -> impl IntoView {
    let store = use_store();
    let session = RwSignal::new(Session::Checking);
    account::check(store, session);
    view! {
        <section class="page sync-page">
            <h1>"Share with your coalition"</h1>
            <p class="lead">
                "Cairn keeps your data in this browser. Signed in to your coalition's Cairn server, every member works on one shared copy: you can keep entering data with no connection, and your changes are sent when the server can be reached."
            </p>
            {move || match session.get() {
                Session::Checking => view! { <p>"Checking this server…"</p> }.into_any(),
                Session::NoServer(message) => view! { <p class="notice">{message}</p> }.into_any(),
                Session::SignedOut { setup } => view! { <SignIn session setup/> }.into_any(),
                Session::SignedIn(me) => view! { <SignedIn session me/> }.into_any(),
            }}
            {move || if store.sync.link.get().is_some() {
                view! { <Linked/> }.into_any()
            } else if let Session::SignedIn(me) = session.get() {
                view! { <Connect me/> }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

#[component]
fn Linked() -> impl IntoView {
    let store = use_store();
    let sync = store.sync;
    let link = move || {
        sync.link.get().unwrap_or(Link {
            server: String::new(),
            coalition: String::new(),
        })
    };
    let detail = move || {
        match sync.status.get() {
        Status::Failed(message) => format!("Sync stopped: {message}"),
        Status::SignedOut if sync.waiting.get() == 0 => "Sign in above to sync.".into(),
        Status::SignedOut => format!("Sign in above to sync. {} change(s) wait in this browser until then.", sync.waiting.get()),
        Status::Offline => "The server cannot be reached. Your changes are kept in this browser and sent as soon as it can be reached again.".into(),
        Status::Syncing => "Syncing…".into(),
        Status::Synced if sync.waiting.get() == 0 => "Everything is synced.".into(),
        _ => format!("{} change(s) waiting to be sent.", sync.waiting.get()),
    }
    };
    view! {
        <h2>"Connected"</h2>
        <p>
            "This browser syncs the coalition "<strong>{move || link().coalition}</strong>
            " with the server at "<strong>{move || link().server}</strong>"."
        </p>
        <p>"Your role: "<strong>{move || describe(&sync.grant.get())}</strong>"."</p>
        <p class="sync-detail">{detail}</p>
        <div class="actions">
            <button type="button" class="primary" on:click=move |_| sync::sync_now(store)>"Sync now"</button>
            <button type="button" on:click=move |_| crate::sync::unlink(sync)>"Stop syncing (keep the data here)"</button>
        </div>
        <Show when=move || { sync.waiting.get() > 0 }>
            <p class="hint">
                {move || format!("{} change(s) have not reached the server yet. If you stop syncing now they stay in this browser only.", sync.waiting.get())}
            </p>
        </Show>
        <Show when=move || sync.refused.with(|r| !r.is_empty())>
            <h2>"Changes the server refused"</h2>
            <p>"These changes were not accepted, so the shared copy keeps its value. Enter them again once you have fixed what the message says."</p>
            <ul class="refused">
                <For each=move || sync.refused.get() key=|r| r.mutation.id let:refusal>
                    <li>
                        <strong>{crate::components::conflict_dialog::show(&refusal.mutation.path, &refusal.mutation.value)}</strong>
                        {format!(" for {}: {}", refusal.mutation.path, refusal.message)}
                    </li>
                </For>
            </ul>
            <button type="button" on:click=move |_| sync.dismiss_refused()>"I have read these"</button>
        </Show>
        <Show when=move || sync.grant.with(|g| g.administers()) && sync.account.with(Option::is_some)>
            <Members/>
        </Show>
    }
}

/// A suggested coalition id from its name: `Teen Futures Coalition` → `teen-futures-coalition`.
fn slug(name: &str) -> String {
    cairn_core::code::slug(name).chars().take(40).collect()
}

/// The coalitions the signed-in member belongs to, to join; and, for the server's
/// administrator, uploading the coalition in this browser.
#[component]
fn Connect(me: Me) -> impl IntoView {
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let has_doc = move || store.doc.with(Option::is_some);
    let id = RwSignal::new(store.doc.with_untracked(|d| {
        d.as_ref()
            .map(|d| slug(&d.coalition.name))
            .unwrap_or_default()
    }));
    let join = move |coalition: String, grant: cairn_core::Grant| {
        busy.set(true);
        error.set(None);
        let link = Link {
            server: this_origin(),
            coalition,
        };
        wasm_bindgen_futures::spawn_local(async move {
            match sync::connect(store, link, grant).await {
                Ok(()) => crate::route::navigate(&crate::route::Route::Dashboard),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let coalition = id.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            match sync::upload(store, this_origin(), coalition).await {
                Ok(()) => crate::route::navigate(&crate::route::Route::Dashboard),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let list = me.coalitions.clone();
    view! {
        <h2>"Your coalitions on this server"</h2>
        {if list.is_empty() {
            view! { <p>"You are not a member of any coalition here yet. A backbone administrator can send you an invite link."</p> }.into_any()
        } else {
            view! {
                <p class="hint">"Joining replaces the data in this browser with the coalition's shared copy. What is here now is kept as a backup in this browser."</p>
                <ul class="coalitions">
                    {list.into_iter().map(|c| {
                        let (coalition, grant) = (c.id.clone(), c.grant.clone());
                        view! {
                            <li>
                                <strong>{c.name.clone()}</strong>{format!(" ({}), as {}", c.id, describe(&c.grant))}" "
                                <button type="button" disabled=move || busy.get()
                                    on:click=move |_| join(coalition.clone(), grant.clone())>"Join"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </Show>
        <Show when=move || has_doc() && me.account.server_admin>
            <h2>"Upload this coalition"</h2>
            <p>"Puts the coalition in this browser on the server, so you can invite its members."</p>
            <form class="upload" on:submit=upload>
                <div class="field">
                    <label for="coalition-id">"Name on the server"</label>
                    <input id="coalition-id" type="text" required maxlength="40" pattern="[a-z0-9\\-]+"
                        prop:value=move || id.get()
                        on:input=move |ev| id.set(event_target_value(&ev))/>
                    <p class="hint">"Lower-case letters, digits and -, such as teen-futures."</p>
                </div>
                <button type="submit" disabled=move || busy.get()>"Upload and connect"</button>
            </form>
        </Show>
    }
}

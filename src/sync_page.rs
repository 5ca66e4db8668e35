//! Sharing: connect this browser to a coalition's Cairn server, upload a coalition to one, or
//! see how syncing goes and which changes were refused.

use leptos::prelude::*;

use crate::store::use_store;
use crate::sync::http::{self, Listed};
use crate::sync::{self, Link, Status};

#[component]
pub fn SyncPage() -> impl IntoView {
    let store = use_store();
    view! {
        <section class="page sync-page">
            <h1>"Share with your coalition"</h1>
            <p class="lead">
                "Cairn keeps your data in this browser. Connected to your coalition's Cairn server, every member works on one shared copy: you can keep entering data with no connection, and your changes are sent when the server can be reached."
            </p>
            <MemberName/>
            {move || if store.sync.link.get().is_some() {
                view! { <Linked/> }.into_any()
            } else {
                view! { <Connect/> }.into_any()
            }}
        </section>
    }
}

/// The member's name, which signs their changes so others know who entered what.
#[component]
fn MemberName() -> impl IntoView {
    let name = RwSignal::new(crate::storage::member_name());
    view! {
        <div class="field">
            <label for="member-name">"Your name"</label>
            <input id="member-name" type="text" maxlength="120" autocomplete="name"
                prop:value=move || name.get()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    crate::storage::set_member_name(value.trim());
                    name.set(value);
                }/>
            <p class="hint">"Shown to other members next to the values you enter, for example when two of you change the same value."</p>
        </div>
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
        <p class="sync-detail">{detail}</p>
        <div class="actions">
            <button type="button" class="primary" on:click=move |_| sync::sync_now(store)>"Sync now"</button>
            <button type="button" on:click=move |_| sync.unlink()>"Stop syncing (keep the data here)"</button>
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
                        <strong>{crate::conflicts::show(&refusal.mutation.path, &refusal.mutation.value)}</strong>
                        {format!(" for {}: {}", refusal.mutation.path, refusal.message)}
                    </li>
                </For>
            </ul>
            <button type="button" on:click=move |_| sync.dismiss_refused()>"I have read these"</button>
        </Show>
    }
}

/// A suggested coalition id from its name: `Teen Futures Coalition` → `teen-futures-coalition`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(40).collect()
}

#[component]
fn Connect() -> impl IntoView {
    let store = use_store();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let server = RwSignal::new(origin);
    let found = RwSignal::new(None::<Vec<Listed>>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let has_doc = move || store.doc.with(Option::is_some);
    let id = RwSignal::new(store.doc.with_untracked(|d| {
        d.as_ref()
            .map(|d| slug(&d.coalition.name))
            .unwrap_or_default()
    }));
    let look = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let address = server.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            match http::list(&address).await {
                Ok(list) => found.set(Some(list)),
                Err(e) => {
                    found.set(None);
                    error.set(Some(format!("{} Check the address.", e.message())));
                }
            }
            busy.set(false);
        });
    };
    let join = move |coalition: String| {
        busy.set(true);
        error.set(None);
        let link = Link {
            server: server.get_untracked(),
            coalition,
        };
        wasm_bindgen_futures::spawn_local(async move {
            match sync::connect(store, link).await {
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
        let (address, coalition) = (server.get_untracked(), id.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            match sync::upload(store, address, coalition).await {
                Ok(()) => crate::route::navigate(&crate::route::Route::Dashboard),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <h2>"Connect to a server"</h2>
        <form class="connect" on:submit=look>
            <div class="field">
                <label for="server-address">"Server address"</label>
                <input id="server-address" type="url" required
                    prop:value=move || server.get()
                    on:input=move |ev| server.set(event_target_value(&ev))/>
                <p class="hint">"Your coalition's backbone staff give you this address. It is this page's address when Cairn is served by the coalition's server."</p>
            </div>
            <button type="submit" disabled=move || busy.get()>"Find coalitions on this server"</button>
        </form>
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </Show>
        {move || found.get().map(|list| view! {
            <h3>"Coalitions on this server"</h3>
            {if list.is_empty() {
                view! { <p>"None yet: upload yours below."</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"Joining replaces the data in this browser with the coalition's shared copy. What is here now is kept as a backup in this browser."</p>
                    <ul class="coalitions">
                        {list.into_iter().map(|c| {
                            let coalition = c.id.clone();
                            view! {
                                <li>
                                    <strong>{c.name.clone()}</strong>{format!(" ({})", c.id)}" "
                                    <button type="button" disabled=move || busy.get()
                                        on:click=move |_| join(coalition.clone())>"Join"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
        <Show when=has_doc>
            <h2>"Upload this coalition"</h2>
            <p>"Puts the coalition in this browser on the server, so other members can join it."</p>
            <form class="upload" on:submit=upload>
                <div class="field">
                    <label for="coalition-id">"Name on the server"</label>
                    <input id="coalition-id" type="text" required maxlength="40" pattern="[a-z0-9-]+"
                        prop:value=move || id.get()
                        on:input=move |ev| id.set(event_target_value(&ev))/>
                    <p class="hint">"Lower-case letters, digits and -, such as teen-futures."</p>
                </div>
                <button type="submit" disabled=move || busy.get()>"Upload and connect"</button>
            </form>
        </Show>
    }
}

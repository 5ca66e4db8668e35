//! The coalition's members, for its backbone administrators: who has which role, invite links
//! for new members, and taking a role away.

use cairn_core::{Code, Grant, Role};
use leptos::prelude::*;

use crate::screens::sharing::account::Input;
use crate::state::use_store;
use crate::sync::http::{self, Invited, MemberRow};
use crate::sync::this_origin;

#[component]
pub fn Members() -> impl IntoView {
    let store = use_store();
    let members = RwSignal::new(None::<Result<Vec<MemberRow>, String>>);
    let load = move || {
        let Some(link) = store.sync.link.get_untracked() else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            members.set(Some(http::members(&link).await.map_err(|e| e.message())));
        });
    };
    load();
    let partners = move || partners_of(store);
    let set_role = move |member: i64, choice: String| {
        let Some(link) = store.sync.link.get_untracked() else {
            return;
        };
        let Some(grant) = grant_of(&choice) else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            match http::set_role(&link, member, &grant).await {
                Ok(()) => load(),
                Err(e) => members.set(Some(Err(e.message()))),
            }
        });
    };
    let remove = move |member: MemberRow| {
        let Some(link) = store.sync.link.get_untracked() else {
            return;
        };
        let confirmed = window()
            .confirm_with_message(&format!(
                "Take {}'s role in this coalition away? They can no longer open it.",
                member.name
            ))
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match http::remove_member(&link, member.id).await {
                Ok(()) => load(),
                Err(e) => members.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <h2 id="members-title">"Members"</h2>
        {move || match members.get() {
            None => view! { <p>"Loading the members…"</p> }.into_any(),
            Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <p>"Nobody has joined yet apart from the server's administrator. Invite your partners below."</p>
            }.into_any(),
            Some(Ok(list)) => view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Members">
                <table class="members" aria-labelledby="members-title">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|m| {
                            let current = match &m.partner { Some(p) => format!("editor:{p}"), None => m.role.clone() };
                            let label = format!("Remove {}", m.name);
                            let role_label = format!("Role of {}", m.name);
                            let (row, id) = (m.clone(), m.id);
                            let options = role_choices(&partners());
                            view! {
                                <tr>
                                    <td>{m.name.clone()}</td>
                                    <td>{m.email.clone()}</td>
                                    <td>
                                        <select aria-label=role_label on:change=move |ev| set_role(id, event_target_value(&ev))>
                                            {options.into_iter().map(|(value, text)| {
                                                let selected = value == current;
                                                view! { <option value=value selected=selected>{text}</option> }
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td><button type="button" class="danger" aria-label=label on:click=move |_| remove(row.clone())>"Remove"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any(),
        }}
        <Invite/>
    }
}

/// The coalition's partners as (code, name), in the document's order.
fn partners_of(store: crate::state::Store) -> Vec<(String, String)> {
    store.doc.with_untracked(|d| {
        d.as_ref()
            .map(|d| {
                d.partners
                    .iter()
                    .map(|p| (p.code.to_string(), p.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Every role an administrator can give, as (value, words): `admin`, `viewer`, and
/// `editor:CODE` for each partner.
fn role_choices(partners: &[(String, String)]) -> Vec<(String, String)> {
    let mut choices = vec![
        ("admin".to_string(), Role::Admin.label().to_string()),
        ("viewer".to_string(), Role::Viewer.label().to_string()),
    ];
    for (code, name) in partners {
        choices.push((
            format!("editor:{code}"),
            format!("partner editor for {name}"),
        ));
    }
    choices
}

/// The grant a [`role_choices`] value stands for.
fn grant_of(choice: &str) -> Option<Grant> {
    match choice.split_once(':') {
        Some(("editor", code)) => Code::parse(code).ok().map(Grant::editor),
        _ => Role::parse(choice).map(|role| Grant {
            role,
            partner: None,
        }),
    }
}

#[component]
fn Invite() -> impl IntoView {
    let store = use_store();
    let role = RwSignal::new("editor".to_string());
    let partners = move || partners_of(store);
    let first = partners().first().map(|p| p.0.clone()).unwrap_or_default();
    let partner = RwSignal::new(first.clone());
    let email = RwSignal::new(String::new());
    let made = RwSignal::new(None::<Result<Invited, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(link) = store.sync.link.get_untracked() else {
            return;
        };
        let grant = match role.get_untracked().as_str() {
            "admin" => Grant::admin(),
            "viewer" => Grant::viewer(),
            _ => match Code::parse(&partner.get_untracked()) {
                Ok(code) => Grant::editor(code),
                Err(_) => {
                    made.set(Some(Err(
                        "Pick the partner organisation this editor enters values for.".into(),
                    )));
                    return;
                }
            },
        };
        let to = email.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            made.set(Some(
                http::invite(&link, &grant, &to)
                    .await
                    .map_err(|e| e.message()),
            ));
        });
    };
    view! {
        <h3>"Invite a member"</h3>
        <form class="invite" on:submit=submit>
            <Input id="invite-email" label="Their e-mail address" kind="email" autocomplete="off" value=email
                hint="The link works only for this address: they sign in with it, or make their account with it."/>
            <div class="field">
                <label for="invite-role">"Role"</label>
                <select id="invite-role" on:change=move |ev| {
                    role.set(event_target_value(&ev));
                    // The partner list shows its first partner again when it reappears.
                    partner.set(first.clone());
                }>
                    // Static: the first option shows until the member picks another, and
                    // `role` starts as it.
                    <option value="editor" selected=true>"Partner editor: enters their partner's values and activities"</option>
                    <option value="viewer">"Viewer: reads everything, changes nothing"</option>
                    <option value="admin">"Backbone administrator: everything, including members"</option>
                </select>
            </div>
            <Show when=move || role.get() == "editor">
                <div class="field">
                    <label for="invite-partner">"Partner organisation"</label>
                    <select id="invite-partner" on:change=move |ev| partner.set(event_target_value(&ev))>
                        // The first partner shows until another is picked; `partner` starts
                        // as it.
                        {partners().into_iter().map(|(code, name)| {
                            view! { <option value=code>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <button type="submit">"Make an invite link"</button>
        </form>
        {move || made.get().map(|m| match m {
            Ok(invited) => {
                let url = format!("{}/{}", this_origin(), invited.path.trim_start_matches('/'));
                view! {
                    <div class="invite-link" role="status">
                        <label for="invite-url">"Send this link to "{invited.email.clone()}". It works once, for that address, until "{invited.expires_at.replace('T', " ").replace('Z', " UTC")}"."</label>
                        <input id="invite-url" type="text" readonly prop:value=url
                            on:focus=|ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); }/>
                    </div>
                }.into_any()
            }
            Err(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
        })}
    }
}

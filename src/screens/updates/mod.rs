//! Continuous communication: the updates feed, and the updates about one measure, activity or
//! partner, shown on its page.

use cairn_core::{Code, Document, Link, Update};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Problems};
use crate::route::Route;
use crate::state::storage;
use crate::state::use_store;

fn link_view(doc: &Document, link: &Link) -> AnyView {
    match link {
        Link::Measure(c) => {
            let title = doc.measure(c).map_or(c.to_string(), |m| m.title.clone());
            view! { <a href=Route::Measure(c.clone()).href()>{title}</a> }.into_any()
        }
        Link::Activity(c) => {
            let title = doc.activity(c).map_or(c.to_string(), |a| a.title.clone());
            view! { <a href=Route::Activity(c.clone()).href()>{title}</a> }.into_any()
        }
        Link::Partner(c) => {
            let name = doc.partner(c).map_or(c.to_string(), |p| p.name.clone());
            view! { <span>{name}</span> }.into_any()
        }
    }
}

fn update_view(doc: &Document, update: &Update) -> impl IntoView {
    let links = update
        .links
        .iter()
        .map(|l| view! { <li>{link_view(doc, l)}</li> })
        .collect::<Vec<_>>();
    view! {
        <li class="update">
            <p class="byline"><strong>{update.author.clone()}</strong>{format!(" · {}", update.date)}</p>
            <p class="text">{update.text.clone()}</p>
            {(!links.is_empty()).then(|| view! { <ul class="links" aria-label="About">{links}</ul> })}
        </li>
    }
}

/// The updates about `link`, newest first.
#[component]
pub fn UpdatesAbout(link: Link) -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let items: Vec<_> = doc
                .updates
                .iter()
                .rev()
                .filter(|u| u.is_about(&link))
                .map(|u| update_view(doc, u))
                .collect();
            Some(view! {
                <section class="updates-about" aria-label="Updates">
                    <h2>"Updates"</h2>
                    {if items.is_empty() {
                        view! { <p class="empty">"No updates yet. "<a href=Route::Updates.href()>"Post one"</a></p> }.into_any()
                    } else {
                        view! { <ul class="feed">{items}</ul> }.into_any()
                    }}
                </section>
            })
        })
    }
}

const TEXT: &str = "update-text";

#[component]
pub fn UpdatesPage() -> impl IntoView {
    let store = use_store();
    let text = RwSignal::new(String::new());
    let measure = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    // The text is the work; the links alone are quickly chosen again.
    form::track("the update", move || text.with(|t| !t.trim().is_empty()));
    let problems = Problems::new("update-error");
    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = |s: String| Code::parse(&s).ok();
        let links: Vec<Link> = [
            code(measure.get_untracked()).map(Link::Measure),
            code(activity.get_untracked()).map(Link::Activity),
            code(partner.get_untracked()).map(Link::Partner),
        ]
        .into_iter()
        .flatten()
        .collect();
        let author = match storage::member_name() {
            name if name.trim().is_empty() => "A member".to_string(),
            name => name,
        };
        let result = store.change(|doc| {
            doc.post_update(Update {
                date: crate::clock::today(),
                author,
                text: text.get_untracked().trim().to_string(),
                links,
            })
        });
        match result {
            Ok(()) => {
                text.set(String::new());
                problems.clear();
            }
            Err(e) => problems.show(form::place(
                &e,
                &[("The update", TEXT, "The update's text")],
            )),
        }
    };
    let choices = move || {
        store.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                let m: Vec<_> = doc
                    .measures
                    .iter()
                    .map(|x| (x.code.to_string(), x.title.clone()))
                    .collect();
                let a: Vec<_> = doc
                    .activities
                    .iter()
                    .map(|x| (x.code.to_string(), x.title.clone()))
                    .collect();
                let p: Vec<_> = doc
                    .partners
                    .iter()
                    .map(|x| (x.code.to_string(), x.name.clone()))
                    .collect();
                (m, a, p)
            })
        })
    };
    let select = |id: &'static str,
                  label: &'static str,
                  none: &'static str,
                  signal: RwSignal<String>,
                  options: Vec<(String, String)>| {
        view! {
            <label class="field"><span>{label}</span>
                <select id=id on:change=move |ev| signal.set(event_target_value(&ev))>
                    <option value="">{none}</option>
                    {options.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect::<Vec<_>>()}
                </select>
            </label>
        }
    };
    view! {
        <section class="page updates">
            <h1>"Updates"</h1>
            <Show when=crate::components::role::not_administers()>
                <crate::components::role::ReadOnlyNote what="the updates"/>
            </Show>
            <form class="editor" on:submit=post novalidate aria-label="Post an update" hidden=crate::components::role::not_administers()>
                <div class="field"><label for=TEXT>"What is new?"</label>
                    <textarea id=TEXT rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                {move || choices().map(|(m, a, p)| view! {
                    <div class="pair">
                        {select("update-measure", "About a measure", "No measure", measure, m)}
                        {select("update-activity", "About an activity", "No activity", activity, a)}
                        {select("update-partner", "About a partner", "No partner", partner, p)}
                    </div>
                })}
                <FormMessage problems/>
                <button type="submit" class="primary">"Post update"</button>
            </form>
            {move || store.doc.with(|doc| doc.as_ref().map(|doc| {
                let items: Vec<_> = doc.updates.iter().rev().map(|u| update_view(doc, u)).collect();
                view! { <ul class="feed">{items}</ul> }
            }))}
        </section>
    }
}

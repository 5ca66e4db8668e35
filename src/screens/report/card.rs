//! The public report card: the report as composed, for anyone to read. An administrator of a
//! shared coalition publishes it on the server (a snapshot of the server's copy, until it is
//! published again or taken down); anyone can download it as a folder of static pages for any
//! web host. The pages are `cairn_report::card`'s; each chart comes with its data table.

use cairn_core::publication::Publication;
use cairn_core::report::ReportTemplate;
use leptos::prelude::*;

use crate::components::clipboard::{copy, Said};
use crate::components::print_header::local_time;
use crate::components::role::administers;
use crate::state::{use_store, Link};
use crate::sync::http::{self, ReportCard};

type Style = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn PublicCard(draft: RwSignal<ReportTemplate>, style: Style) -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let partner_values = RwSignal::new(false);
    let card = RwSignal::new(None::<ReportCard>);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(link) = store.sync.link.get() {
            leptos::task::spawn_local(async move {
                match http::report_card(&link).await {
                    Ok(found) => card.set(found),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        }
    });
    let publication = move || Publication {
        template: draft.get_untracked(),
        partner_values: partner_values.get_untracked(),
    };
    let shared = move || store.sync.link.with(Option::is_some) && admin();
    let publish = move |_| {
        let Some(link) = store.sync.link.get_untracked() else {
            return;
        };
        let publication = publication();
        if let Err(e) = publication.validate() {
            message.set(Some(e.to_string()));
            return;
        }
        busy.set(true);
        message.set(Some("Publishing…".into()));
        leptos::task::spawn_local(async move {
            match http::publish_card(&link, &publication).await {
                Ok(published) => {
                    message.set(Some(
                        "Published. Anyone with the address can read it.".into(),
                    ));
                    card.set(Some(published));
                }
                Err(e) => message.set(Some(format!("Not published: {}", e.message()))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="report-card-panel" aria-labelledby="report-card-heading">
            <h2 id="report-card-heading">"Public report card"</h2>
            <p>"This report as a web page for anyone: each chart with its data table."</p>
            <label class="report-choice">
                <input type="checkbox" prop:checked=move || partner_values.get()
                    on:change=move |ev| partner_values.set(event_target_checked(&ev))/>
                " Show each partner's own values"
            </label>
            <p class="report-card-waiting" hidden=move || store.sync.waiting.get() == 0 || !shared()>
                "Changes not yet on the server are not in the card."
            </p>
            <div class="actions">
                <button type="button" hidden=move || !shared() disabled=move || busy.get() on:click=publish>
                    {move || if card.with(Option::is_some) { "Publish again" } else { "Publish on the server" }}
                </button>
                <button type="button" on:click=move |_| export(publication(), style, message)>
                    "Download as a website (.zip)"
                </button>
            </div>
            <p class="form-message" role="status">{move || message.get()}</p>
            {move || card.get().zip(store.sync.link.get()).map(|(c, link)| view! { <Published card=c link busy shown=card message/> })}
        </section>
    }
}

/// What is published: when and by whom, its address, an embed snippet for each chart, and
/// (for administrators) taking it down.
#[component]
fn Published(
    card: ReportCard,
    link: Link,
    busy: RwSignal<bool>,
    shown: RwSignal<Option<ReportCard>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let admin = administers();
    let server = link.server.trim_end_matches('/').to_string();
    let at = move |path: &str| format!("{server}{path}");
    let address = at(&card.address);
    let as_of = card
        .data_as_of
        .as_deref()
        .map_or("no value entered yet".to_string(), local_time);
    let take_down = move |_| {
        let link = link.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match http::unpublish_card(&link).await {
                Ok(()) => {
                    shown.set(None);
                    message.set(Some("Taken down: its address now finds nothing.".into()));
                }
                Err(e) => message.set(Some(format!("Still published: {}", e.message()))),
            }
            busy.set(false);
        });
    };
    let embeds = card
        .embeds
        .iter()
        .map(|e| view! { <EmbedSnippet title=e.title.clone() address=at(&e.address)/> })
        .collect_view();
    view! {
        <div class="report-card-published">
            <p>
                {format!("Published {} by {}, data as of {}: ", local_time(&card.published_at), card.published_by, as_of)}
                <a href=address.clone() target="_blank" rel="noopener" id="report-card-address">{address.clone()}</a>
            </p>
            <button type="button" hidden=move || !admin() disabled=move || busy.get() on:click=take_down>"Take it down"</button>
            <details>
                <summary>"Embed a chart on another website"</summary>
                <ul class="report-embeds">{embeds}</ul>
            </details>
        </div>
    }
}

#[component]
fn EmbedSnippet(title: String, address: String) -> impl IntoView {
    let snippet = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"640\" height=\"660\" style=\"border:0\"></iframe>",
        cairn_report::esc(&address),
        cairn_report::esc(&title)
    );
    let copied: Said = RwSignal::new(None);
    let id = format!("embed-{}", cairn_core::code::slug(&address));
    let to_copy = snippet.clone();
    view! {
        <li>
            <label for=id.clone()>{title}</label>
            <textarea id=id readonly rows="2">{snippet}</textarea>
            <button type="button" on:click=move |_| copy(to_copy.clone(), "Copied. Paste it into the other website's page.", copied)>"Copy"</button>
            <span role="status">{move || copied.get().map(|r| r.unwrap_or_else(|e| e))}</span>
        </li>
    }
}

/// Offers the card as a zip of its folder, made here from this browser's copy.
fn export(publication: Publication, style: Style, message: RwSignal<Option<String>>) {
    let store = use_store();
    let said = |text: String| message.set(Some(text));
    let css = match super::stylesheet_text(style) {
        Ok(css) => css,
        Err(why) => return said(why),
    };
    if let Err(e) = publication.validate() {
        return said(e.to_string());
    }
    let made = store.doc.with_untracked(|d| {
        let d = d.as_ref()?;
        let now = crate::clock::now();
        let when = cairn_report::card::Published::written(&now, d.latest_entry(), local_time);
        let folder = format!("{}-report-card", super::slug(&d.coalition.name));
        let zipped = cairn_report::card::folder(d, &publication, &when, &css)
            .map_err(|e| e.to_string())
            .and_then(|files| {
                cairn_report::archive::zipped(&folder, &files, &now).map_err(|e| e.to_string())
            });
        Some((folder.clone(), zipped))
    });
    match made {
        Some((folder, Ok(bytes))) => {
            if crate::download::download_bytes(&format!("{folder}.zip"), "application/zip", &bytes)
            {
                said(format!(
                    "Downloaded {folder}.zip: unzip it and put the folder on any web host."
                ));
            } else {
                said("The browser refused the download.".into());
            }
        }
        Some((_, Err(e))) => said(format!("Not downloaded: {e}")),
        None => said("Open a coalition first.".into()),
    }
}

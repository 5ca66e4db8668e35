//! The funder report: backbone staff choose the years, the measures and the sections, see the
//! report as it will print with how many pages it takes, print it (or save it as PDF through
//! the browser), download it as one self-contained HTML file, and keep it as a named template
//! to run again for a later period, or publish it as the public report card. The figures are `cairn_core::report::report`'s (the
//! dashboard's for the same filter); the layout is `cairn_report`'s.

mod card;
mod composer;
mod pages;
mod saved;

use cairn_core::report::{report, ReportTemplate};
use cairn_core::Document;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::clock::today;
use crate::components::print_header::{local_time, print_page};
use crate::state::use_store;

/// The report's stylesheet as the build copies it (`crates/cairn-report/src/report.css`):
/// linked while this screen is open and inlined into a download. It is not in the page's
/// first download, which no report needs.
const STYLESHEET: &str = "report.css";

#[component]
pub fn ReportPage() -> impl IntoView {
    let store = use_store();
    let draft = RwSignal::new(store.doc.with_untracked(|d| {
        let year = d
            .as_ref()
            .map_or(2026, |d| cairn_core::report::default_year(d, today()));
        ReportTemplate::new("Report to a funder", year)
    }));
    let styled = RwSignal::new(false);
    let style = load_stylesheet(styled);
    let html = Memo::new(move |_| {
        store.doc.with(|d| {
            draft.with(|t| {
                let d = d.as_ref()?;
                Some(t.validate().map(|()| article(d, t)))
            })
        })
    });
    let pages = RwSignal::new(None::<usize>);
    let message = RwSignal::new(None::<String>);
    view! {
        <section class="page report-screen">
            <div class="page-head no-print">
                <h1>"Funder report"</h1>
                <div class="actions">
                    <button type="button" on:click=|_| print_page()>"Print or save as PDF"</button>
                    <button type="button" on:click=move |_| download(draft, style, message)>"Download HTML"</button>
                </div>
            </div>
            <p class="notice error no-print" role="alert" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
            <p class="no-print">"Choose what the report covers; the page below is what prints. Figures are the dashboard's for the same years and measures."</p>
            <div class="report-layout">
                <div class="no-print report-controls">
                    <saved::SavedReports draft/>
                    <composer::Composer draft/>
                    <card::PublicCard draft style/>
                </div>
                <div class="report-preview">
                    <pages::PageCount draft pages/>
                    {move || match html.get() {
                        Some(Ok(article)) => view! { <pages::Sheet article draft pages styled/> }.into_any(),
                        Some(Err(e)) => view! { <p class="notice error no-print" role="alert">{e.to_string()}</p> }.into_any(),
                        None => view! { <p class="no-print">"Open a coalition first."</p> }.into_any(),
                    }}
                </div>
            </div>
        </section>
    }
}

/// The report as the article the preview shows and the printer prints.
fn article(doc: &Document, template: &ReportTemplate) -> String {
    cairn_report::article(doc, template, &report(doc, template), &stamp(doc))
}

fn stamp(doc: &Document) -> cairn_report::Stamp {
    cairn_report::Stamp {
        data_as_of: match doc.latest_entry() {
            Some(at) => format!("Data as of {}", local_time(at)),
            None => "No values entered yet".to_string(),
        },
        made: local_time(&crate::clock::now()),
    }
}

/// Links the report's stylesheet into the page (once: it is scoped to the report, so it can
/// stay), sets `styled` when it applies, and reads its text for downloads. The text is `None`
/// until it arrives.
fn load_stylesheet(styled: RwSignal<bool>) -> RwSignal<Option<Result<String, String>>> {
    let text = RwSignal::new(None);
    let document = document();
    if document.get_element_by_id("report-style").is_some() {
        styled.set(true);
    } else if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        {
            let _ = link.set_attribute("id", "report-style");
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", STYLESHEET);
            let done = move || styled.set(true);
            let on_load = wasm_bindgen::closure::Closure::once_into_js(done);
            let _ = link.add_event_listener_with_callback("load", on_load.unchecked_ref());
            let _ = head.append_child(&link);
        }
    }
    leptos::task::spawn_local(async move {
        let read = async {
            let response = gloo_net::http::Request::get(STYLESHEET)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !response.ok() {
                return Err(format!("the server answered {}", response.status()));
            }
            response.text().await.map_err(|e| e.to_string())
        };
        text.set(Some(read.await));
    });
    text
}

/// Offers the report as one HTML file, its stylesheet inline.
fn download(
    draft: RwSignal<ReportTemplate>,
    style: RwSignal<Option<Result<String, String>>>,
    message: RwSignal<Option<String>>,
) {
    let store = use_store();
    let template = draft.get_untracked();
    let refuse = |text: String| message.set(Some(text));
    let css = match stylesheet_text(style) {
        Ok(css) => css,
        Err(why) => return refuse(why),
    };
    if let Err(e) = template.validate() {
        refuse(e.to_string());
        return;
    }
    let page = store.doc.with_untracked(|d| {
        d.as_ref()
            .map(|d| cairn_report::page(d, &template, &report(d, &template), &stamp(d), &css))
    });
    if let Some(page) = page {
        let name = format!(
            "{}-{}.html",
            slug(&template.name),
            slug(&template.period_label())
        );
        message.set(None);
        if !crate::download::download(&name, "text/html;charset=utf-8", &page) {
            refuse("The browser refused the download.".to_string());
        }
    }
}

/// The report stylesheet's text, which every download inlines, once it has arrived; else what
/// to tell the member.
fn stylesheet_text(style: RwSignal<Option<Result<String, String>>>) -> Result<String, String> {
    match style.get_untracked() {
        Some(Ok(css)) => Ok(css),
        Some(Err(why)) => Err(format!(
            "Not downloaded: the report's stylesheet could not be read ({why}). Print it instead, or try again online."
        )),
        None => Err("The report's stylesheet is still loading; try again in a moment.".into()),
    }
}

/// A file name part (see `cairn_core::code::slug`), never empty.
fn slug(text: &str) -> String {
    let slug = cairn_core::code::slug(text);
    if slug.is_empty() {
        "report".into()
    } else {
        slug
    }
}

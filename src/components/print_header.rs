//! What a printed page says at its top: the coalition, the screen, the filters in force and
//! when the data is from. Shown only on paper (`.print-only` in the stylesheet); on screen the
//! same facts are in the header and the filter boxes.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::state::use_store;

/// The heading of a printout of the screen named `what`, with the filter in words from
/// `filters` (see `cairn_core::dashboard::Filter::describe`) when the screen has filters.
/// Written when the page is drawn and again when the browser is about to print, so a page left
/// open for a day prints the filters in force, the latest data and today's "printed" time.
/// Plain text set on three paragraphs rather than reactive views: it changes only then, and
/// every byte here is downloaded before the dashboard paints.
#[component]
pub fn PrintHeader(
    what: &'static str,
    #[prop(optional, into)] filters: Option<Callback<(), String>>,
) -> impl IntoView {
    let store = use_store();
    let heading = NodeRef::<leptos::html::Div>::new();
    let write = move || {
        let Some(div) = heading.get_untracked() else {
            return;
        };
        let (name, latest) = store.doc.with_untracked(|d| {
            d.as_ref().map_or((String::new(), None), |d| {
                (
                    d.coalition.name.clone(),
                    d.latest_entry().map(str::to_string),
                )
            })
        });
        let as_of = match latest {
            Some(at) => format!("Data as of {} (the latest value entered)", local_time(&at)),
            None => "No values entered yet".to_string(),
        };
        let lines = [
            format!("{name} · {what}"),
            filters.map(|f| f.run(())).unwrap_or_default(),
            format!("{as_of}, printed {}", local_time(&crate::clock::now())),
        ];
        let paragraphs = div.children();
        for (i, line) in lines.iter().enumerate() {
            if let Some(p) = paragraphs.item(i as u32) {
                p.set_text_content(Some(line));
            }
        }
    };
    heading.on_load(move |_| write());
    let listener = window_event_listener_untyped("beforeprint", move |_| write());
    on_cleanup(move || listener.remove());
    view! {
        <div class="print-header print-only" node_ref=heading>
            <p class="coalition"></p>
            <p class="filters-in-force"></p>
            <p class="as-of"></p>
        </div>
    }
}

/// Opens the browser's print dialog (where "Save as PDF" is too); the print stylesheet lays
/// the page out for paper.
pub fn print_page() {
    let _ = window().print();
}

/// An RFC 3339 time as the reader's browser writes a date and time ("2 December 2026 at
/// 04:12"), in the reader's time zone; the text as it is when the browser cannot read it.
pub fn local_time(rfc3339: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string("default", &options))
}

//! Cairn's web app: the screens coalition members and backbone staff use.
//!
//! Every number and rule comes from `cairn-core`; this crate only shows the document, takes
//! input, and keeps the document in the browser's local storage.

mod access;
mod account;
mod activities;
mod app;
mod bench;
mod clock;
mod coalition;
mod completeness;
mod conflicts;
mod dashboard;
mod data;
mod download;
mod entry;
mod first_run;
mod form;
mod measure_editor;
mod measure_page;
mod measures;
mod members;
mod notices;
mod partners;
mod route;
mod status;
mod storage;
mod store;
mod sync;
mod sync_page;
mod sync_status;
mod updates;

/// Mounts the app on the page's body, with the document stored in this browser; or, when the
/// address asks for `?bench=large`, with a large generated coalition kept only in memory, timing
/// the dashboard's first render (see `scripts/bench-browser.mjs`).
pub fn mount() {
    console_error_panic_hook::set_once();
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("bench=large") {
        bench::mount_large();
    } else {
        let store = store::Store::load();
        register_service_worker();
        sync::live::start(store);
        leptos::mount::mount_to_body(move || leptos::view! { <app::App store/> });
    }
}

/// Lets the browser keep the app's files, so Cairn opens with no network once visited
/// (`public/sw.js`).
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window.is_secure_context() {
        return;
    }
    let _ = window.navigator().service_worker().register("sw.js");
}

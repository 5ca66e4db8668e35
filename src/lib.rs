//! Cairn's web app: the screens coalition members and backbone staff use.
//!
//! Every number and rule comes from `cairn-core`; this crate only shows the document, takes
//! input, and keeps the document in the browser's local storage.

mod app;
mod coalition;
mod dashboard;
mod download;
mod entry;
mod first_run;
mod measure_editor;
mod measure_page;
mod measures;
mod notices;
mod partners;
mod route;
mod status;
mod storage;
mod store;

/// Mounts the app on the page's body.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

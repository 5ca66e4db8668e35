//! Letting the browser keep the app's files, so Cairn opens with no network once visited
//! (`public/sw.js` keeps every module, including those of screens not yet opened).

use std::cell::Cell;

thread_local! {
    static REGISTERED: Cell<bool> = const { Cell::new(false) };
}

/// Registers the service worker, once. Called after the first screen is drawn, not before:
/// on installing, the worker downloads every lazily loaded module, which on a slow connection
/// would compete with the modules the first screen is waiting for.
pub fn keep_app_after_first_paint() {
    if REGISTERED.with(|r| r.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if !window.is_secure_context() {
        return;
    }
    let _ = window.navigator().service_worker().register("sw.js");
}

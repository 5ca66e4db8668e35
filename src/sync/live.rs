//! Live updates: the server's event stream, a periodic retry, and the browser's `online` event
//! all ask for a sync; the engine runs one at a time.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::state::Store;

/// How often waiting changes are retried while the server cannot be reached.
const RETRY: std::time::Duration = std::time::Duration::from_secs(10);

thread_local! {
    static EVENTS: std::cell::RefCell<Option<web_sys::EventSource>> = const { std::cell::RefCell::new(None) };
}

/// Starts listening to the linked coalition's events (closing any earlier stream).
pub fn listen(store: Store) {
    stop();
    let Some(link) = store.sync.link.get_untracked() else {
        return;
    };
    let Ok(source) = web_sys::EventSource::new(&super::http::events_url(&link)) else {
        return;
    };
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| super::sync_now(store));
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    // The stream reopening means the server is back: send what waited.
    let _ = source.add_event_listener_with_callback("open", on_change.as_ref().unchecked_ref());
    on_change.forget();
    EVENTS.with(|e| *e.borrow_mut() = Some(source));
}

pub fn stop() {
    EVENTS.with(|e| {
        if let Some(source) = e.borrow_mut().take() {
            source.close();
        }
    });
}

/// Installs the retry timer and the `online` listener, once per page.
pub fn start(store: Store) {
    let _ = set_interval_with_handle(
        move || {
            let linked = store.sync.link.with_untracked(Option::is_some);
            if linked {
                super::sync_now(store);
            }
        },
        RETRY,
    );
    if let Some(window) = web_sys::window() {
        let online = Closure::<dyn Fn(web_sys::Event)>::new(move |_| super::sync_now(store));
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
    }
    // Another tab of this browser saved: take its document and outbox.
    store.on_other_tab(move || {
        wasm_bindgen_futures::spawn_local(async move {
            let before = store.sync.link.get_untracked();
            store.reload().await;
            if store.sync.link.get_untracked() != before {
                listen(store);
            }
        });
    });
    // An edit asks for a sync through the state (`SyncState::want_sync`).
    Effect::new(move |_| {
        store.sync.wanted.track();
        super::sync_now(store);
    });
    listen(store);
    if store.sync.is_linked() {
        // The role may have changed since this browser last saw it.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = super::refresh_account(store).await;
        });
    }
}

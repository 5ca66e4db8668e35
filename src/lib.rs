//! Cairn's web app: the screens coalition members and backbone staff use.
//!
//! Every number and rule comes from `cairn-core`; this crate only shows the document, takes
//! input, and keeps the document in the browser's IndexedDB. `state` owns the document,
//! its storage and the sync state; `sync` is the engine that moves the state to and from a
//! server; `screens` (one folder per area) and `components` only read the state and ask it
//! for changes; `app` is the shell around the current screen.

mod app;
mod bench;
mod clock;
mod components;
mod download;
mod full_screen;
mod later;
mod offline;
mod route;
mod screen;
mod screens;
mod state;
mod sync;

/// Mounts the app on the page's body, with the document stored in this browser; or, when the
/// address asks for `?bench=large`, with a large generated coalition kept only in memory, timing
/// the dashboard's first render (see `scripts/bench-browser.mjs`); for `?bench=edit&size=…`,
/// with a generated coalition saved in this browser, on the entry grid (`scripts/bench-edit.mjs`).
pub fn mount() {
    // A panic's message goes to the console. Not the console_error_panic_hook crate: the JS
    // stack it adds names only wasm function indices in a release build, and its glue cost the
    // first download 0.4 KiB.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into())
    }));
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    // Not Leptos's spawner for the benchmarks: it is set up only when the app mounts.
    if search.contains("bench=large") {
        wasm_bindgen_futures::spawn_local(bench::mount_large());
    } else if search.contains("bench=edit") {
        let size = search
            .split(['?', '&'])
            .find_map(|pair| pair.strip_prefix("size="))
            .unwrap_or("1k")
            .to_string();
        wasm_bindgen_futures::spawn_local(bench::mount_for_editing(size));
    } else {
        // The stored coalition is read before the first screen, so no screen ever shows an
        // empty coalition that is not. Once a coalition is known to be stored, the code of the
        // screen the address names downloads while it is read, not after.
        wasm_bindgen_futures::spawn_local(async {
            let store = state::Store::open(|| {
                wasm_bindgen_futures::spawn_local(screen::preload(route::current()));
            })
            .await;
            leptos::mount::mount_to_body(move || {
                // Inside the app's owner: the engine's effect (an edit asks for a sync) lives
                // as long as the page.
                sync::live::start(store);
                leptos::view! { <app::App store/> }
            });
        });
    }
}

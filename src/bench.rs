//! The in-browser benchmark: the dashboard's first render with a large coalition in memory.

use cairn_core::sample::{large, Size};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::app::App;
use crate::state::Store;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Generates the large coalition, then mounts the app on the dashboard and times it: until the
/// synchronous render returns, and until the first animation frame that shows the screen (after
/// style and layout). The figures go to `window.__cairnBench` and the console. In a module of its
/// own (with the generator), and the dashboard's module is downloaded before the clock starts,
/// so the figures time the work, not the network.
#[leptos::lazy]
pub async fn mount_large() {
    crate::screens::__preload_dashboard_screen().await;
    let t = now();
    let doc = large(Size::LARGE);
    let observations = doc.observations.len();
    let generated = now() - t;
    // The same work the dashboard does, timed alone, to tell computing from building the page.
    let t = now();
    let filter = cairn_core::dashboard::Filter {
        key_only: true,
        ..Default::default()
    };
    let computed = cairn_core::dashboard::dashboard(&doc, &filter);
    let computed_at = now() - t;
    let t = now();
    let svg: usize = computed
        .rows
        .iter()
        .map(|r| {
            cairn_charts::small_multiple(&doc, &doc.measures[r.measure], &r.series, &r.summary)
                .len()
        })
        .sum();
    let charted = now() - t;
    let _ = svg;
    let store = Store::in_memory(doc);
    let start = now();
    leptos::mount::mount_to_body(move || view! { <App store/> });
    let rendered = now() - start;
    when_screen_is_drawn(move |cards| {
        let framed = now() - start;
        let report = js_sys::Object::new();
        for (key, value) in [
            ("observations", observations as f64),
            ("generateMs", generated),
            ("computeMs", computed_at),
            ("chartsMs", charted),
            ("renderMs", rendered),
            ("firstFrameMs", framed),
            ("cards", f64::from(cards)),
        ] {
            let _ = js_sys::Reflect::set(&report, &key.into(), &value.into());
        }
        web_sys::console::log_2(&"cairn bench".into(), &report);
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__cairnBench"), &report);
        }
    });
}

/// Calls `then` with the number of cards on the first animation frame that shows the screen
/// (its heading, drawn with its cards on the dashboard).
fn when_screen_is_drawn(then: impl FnOnce(u32) + 'static) {
    request_animation_frame(move || {
        if document()
            .query_selector("main h1")
            .ok()
            .flatten()
            .is_none()
        {
            return when_screen_is_drawn(then);
        }
        let cards = document()
            .query_selector_all(".cards .card")
            .map_or(0, |list| list.length());
        then(cards);
    });
}

/// The coalition the edit benchmark measures, by the name in `?bench=edit&size=`: about 1,000,
/// 10,000 and 120,000 observations, or (`290k-groups`) the 324,000 values of 300 partners'
/// measures by eight groups (`cairn_core::sample::large_by_group`).
fn edit_coalition(name: &str) -> cairn_core::Document {
    match name {
        "290k-groups" => cairn_core::sample::large_by_group(300),
        name => large(edit_size(name)),
    }
}

/// The sizes of [`edit_coalition`] without groups.
fn edit_size(name: &str) -> Size {
    match name {
        "1k" => Size {
            partners: 5,
            measures: 10,
            years: 2,
            fill: 0.85,
        },
        "10k" => Size {
            partners: 10,
            measures: 25,
            years: 4,
            fill: 0.85,
        },
        _ => Size::LARGE,
    }
}

/// Generates a coalition of the size named by `size`, saves it in this browser's storage the
/// way a member's coalition is saved (replacing what was there: the benchmark runs in a fresh
/// profile), and mounts the app on the first partner's entry grid, for
/// `scripts/bench-edit.mjs` to type into. `window.__cairnBench` tells the number of
/// observations and whether the coalition could be saved at all.
#[leptos::lazy]
pub async fn mount_for_editing(size: String) {
    let doc = edit_coalition(&size);
    let observations = doc.observations.len();
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.clear();
    }
    let store = Store::open(|| {}).await;
    store.start(doc);
    while store.is_saving() {
        crate::clock::after(20).await;
    }
    let saved = matches!(
        store.save_state.get_untracked(),
        crate::state::SaveState::Saved
    );
    let _ = web_sys::window().map(|w| w.location().set_hash("#/entry/P000"));
    leptos::mount::mount_to_body(move || view! { <App store/> });
    let report = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &report,
        &"observations".into(),
        &(observations as f64).into(),
    );
    let _ = js_sys::Reflect::set(&report, &"saved".into(), &saved.into());
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str("__cairnBench"), &report);
    }
}

//! The app shell: header, navigation, notices and the current screen.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::conflict_dialog::ConflictDialog;
use crate::components::notices::{LoadProblemNotice, SaveStatus};
use crate::components::sync_indicator::SyncStatus;
use crate::later::later;
use crate::route::{provide_route, use_route, Route};
use crate::screen::Screen;
use crate::screens::{__preload_first_run_screen, first_run_screen};
use crate::state::{use_store, Store};

#[component]
pub fn App(store: Store) -> impl IntoView {
    provide_context(store);
    crate::components::form::guard_unload();
    provide_route();
    let store = use_store();
    let started = move || store.doc.with(Option::is_some);
    let route = use_route();
    // Joining a coalition's server is a way to start, so its page opens before any data exists.
    let shown =
        move || started() || matches!(route.get(), Route::Sync | Route::Setup | Route::Invite(_));
    announce_screens(route, store);
    view! {
        // Moves focus without touching the address: the `#` part is the app's route.
        <a class="skip" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">"▲"</span>
                <span class="name">
                    {move || store.doc.with(|d| d.as_ref().map(|d| d.coalition.name.clone()))
                        .unwrap_or_else(|| "Cairn".to_string())}
                </span>
            </div>
            <Show when=started>
                <Nav/>
            </Show>
            <div class="statuses">
                <SyncStatus/>
                <SaveStatus/>
            </div>
        </header>
        <LoadProblemNotice/>
        <main id="main" tabindex="-1">
            <Show when=shown fallback=|| later(__preload_first_run_screen(), first_run_screen)>
                <Screen/>
            </Show>
        </main>
        <ConflictDialog/>
    }
}

/// Names each screen in the page's title, and after moving to another screen puts focus on its
/// heading, so a screen reader announces where the member is (focus would otherwise stay on
/// the link in the menu).
fn announce_screens(route: ReadSignal<Route>, store: Store) {
    Effect::new(move |before: Option<Route>| {
        let now = route.get();
        let name = store
            .doc
            .with(|d| d.as_ref().map(|d| d.coalition.name.clone()));
        let title = [now.title(), name.as_deref().unwrap_or(""), "Cairn"]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        document().set_title(&title);
        // Another screen, not another choice on the same one (a partner picked on the entry
        // screen keeps focus on the picker), and not the same screen after a change of data.
        let other = |b: &Route| std::mem::discriminant(b) != std::mem::discriminant(&now);
        if before.as_ref().is_some_and(other) {
            crate::later::focus_heading_when_drawn();
        }
        now
    });
}

fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

#[component]
fn Nav() -> impl IntoView {
    let route = use_route();

    let item = move |label: &'static str, target: Route| {
        let href = target.href();
        let current = move || {
            let now = route.get();
            let same = match (&now, &target) {
                (
                    Route::Measure(_) | Route::EditMeasure(_) | Route::NewMeasure,
                    Route::Measures,
                ) => true,
                (Route::Entry(_), Route::Entry(_)) => true,
                (
                    Route::NewActivity | Route::Activity(_) | Route::EditActivity(_),
                    Route::Activities,
                ) => true,
                (Route::History(_), Route::History(_)) => true,
                (a, b) => a == b,
            };
            same.then_some("page")
        };
        view! { <li><a href=href aria-current=current>{label}</a></li> }
    };
    view! {
        <nav aria-label="Main">
            <ul>
                {item("Dashboard", Route::Dashboard)}
                {item("Enter data", Route::Entry(None))}
                {item("Measures", Route::Measures)}
                {item("Activities", Route::Activities)}
                {item("Updates", Route::Updates)}
                {item("Who owes data", Route::Completeness)}
                {item("Review", Route::Review)}
                {item("Reports", Route::Report)}
                {item("Coalition", Route::Coalition)}
                {item("Import and export", Route::Data)}
                {item("History", Route::History(None))}
            </ul>
        </nav>
    }
}

//! The presentation for a meeting: full screen, the goal summary first, then one key measure
//! per slide (its turn-the-curve chart as large as the screen allows, its status sentence,
//! the latest story behind the curve and the activities working on it). Arrow keys, Page
//! Up/Down, Space, Home/End, the buttons or a click on the slide move; Escape leaves. Every
//! number comes from `cairn_core::dashboard`, as on the dashboard.

mod slide;

use cairn_core::dashboard::{dashboard, Dashboard as Computed, Filter};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::{use_route, Route};
use crate::state::use_store;

use crate::full_screen;

fn leave() {
    full_screen::exit();
    crate::route::navigate(&Route::Dashboard);
}

#[component]
pub fn Presentation() -> impl IntoView {
    let store = use_store();
    let route = use_route();
    let computed: Memo<Option<Computed>> = Memo::new(move |_| {
        let key_measures = Filter {
            key_only: true,
            ..Filter::default()
        };
        store
            .doc
            .with(|d| d.as_ref().map(|d| dashboard(d, &key_measures)))
    });
    // The goal summary, then one slide per key measure.
    let count = Memo::new(move |_| computed.with(|c| 1 + c.as_ref().map_or(0, |c| c.rows.len())));
    let at = Memo::new(move |_| match route.get() {
        Route::Present(n) => n.min(count.get() - 1),
        _ => 0,
    });
    // The slide the address names now. A key pressed right after another moves from where the
    // first one went, before `hashchange` has reached `at`: reading `at` there lost the first
    // move (End then ArrowLeft went back to the slide before End).
    let shown = move || match crate::route::current() {
        Route::Present(n) => n.min(count.get_untracked() - 1),
        _ => 0,
    };
    let go = move |n: usize| {
        if n < count.get_untracked() && n != shown() {
            crate::route::replace(&Route::Present(n));
        }
    };
    let next = move || go(shown() + 1);
    let previous = move || go(shown().saturating_sub(1));
    keyboard(
        next,
        previous,
        move || go(0),
        move || go(count.get_untracked() - 1),
    );
    leave_when_full_screen_ends();
    let title = Memo::new(move |_| {
        store.doc.with(|d| {
            computed.with(|c| match (d, c) {
                (Some(d), Some(c)) => slide::title(d, c, at.get()),
                _ => String::new(),
            })
        })
    });
    view! {
        <section class="presentation" aria-roledescription="slide show" aria-label="Presentation">
            <div class="slide" on:click=move |ev| if !on_control(&ev) { next() }>
                {move || store.doc.with(|d| computed.with(|c| match (d, c) {
                    (Some(d), Some(c)) => Some(slide::slide(d, c, at.get())),
                    _ => None,
                }))}
            </div>
            <nav class="slide-nav" aria-label="Slides">
                <button type="button" on:click=move |_| previous() disabled=move || at.get() == 0>"← Previous"</button>
                <p class="slide-count" aria-live="polite">
                    {move || format!("Slide {} of {}: {}", at.get() + 1, count.get(), title.get())}
                </p>
                <button type="button" on:click=move |_| next() disabled=move || { at.get() + 1 >= count.get() }>"Next →"</button>
                <button type="button" class="quiet" on:click=|_| full_screen::enter()>"Full screen"</button>
                <button type="button" class="quiet" on:click=|_| leave()>"Leave (Esc)"</button>
            </nav>
        </section>
    }
}

/// Whether a click landed on a link or a button, which do their own thing instead of moving
/// to the next slide.
fn on_control(ev: &leptos::ev::MouseEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a, button").ok().flatten())
        .is_some()
}

/// Moves between slides with the keys presenters' clickers and keyboards send.
fn keyboard(
    next: impl Fn() + 'static,
    previous: impl Fn() + 'static,
    first: impl Fn() + 'static,
    last: impl Fn() + 'static,
) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        // Space and Enter on a focused button press it; they move only from the slide itself.
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlButtonElement>().ok())
            .is_some();
        match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" => next(),
            " " | "Enter" if !on_button => next(),
            "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" => previous(),
            "Home" => first(),
            "End" => last(),
            "Escape" => leave(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// In full screen the browser keeps Escape for itself (it ends full screen, and the page never
/// sees the key), so ending full screen leaves the presentation too.
fn leave_when_full_screen_ends() {
    let was_full = std::rc::Rc::new(std::cell::Cell::new(full_screen::is_on()));
    let handle = window_event_listener_untyped("fullscreenchange", move |_| {
        let full = full_screen::is_on();
        if was_full.get() && !full {
            crate::route::navigate(&Route::Dashboard);
        }
        was_full.set(full);
    });
    on_cleanup(move || handle.remove());
}

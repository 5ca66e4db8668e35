//! Showing a screen whose code may still be downloading, and putting focus on a screen's
//! heading once it is drawn.
//!
//! A screen in a lazily loaded module (`crate::screens`) is drawn at once, synchronously, when
//! its module is already here, exactly like a screen in the main module: it is never drawn
//! inside a `<Suspense>`, whose rebuild keeps the previous screen on the page (its reactive
//! owner already disposed) until the next one is ready. When the module is not here, a notice
//! takes the screen's place at once and the screen is drawn when the module arrives.
//!
//! After moving to another screen, focus goes to its first heading so a screen reader
//! announces where the member is (focus would otherwise stay on the link in the menu). A
//! screen still downloading has no heading yet, so the wish waits here until it is drawn.

use std::cell::Cell;
use std::future::Future;

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

thread_local! {
    /// Whether the shell moved to another screen whose heading has not had focus yet.
    static HEADING_WANTED: Cell<bool> = const { Cell::new(false) };
}

/// The screen `draw` makes. `loaded` is the screen's module arriving (the `__preload_…`
/// function `#[lazy]` makes); `draw` calls the lazy function, which is ready at once when the
/// module is here.
pub fn later<L, D, F>(loaded: L, draw: D) -> impl IntoView
where
    L: Future<Output = ()> + 'static,
    D: Fn() -> F + Send + Sync + 'static,
    F: Future<Output = AnyView>,
{
    if let Some(view) = ready_now(draw()) {
        drawn();
        return Either::Left(view);
    }
    let arrived = RwSignal::new(false);
    spawn_local(async move {
        loaded.await;
        // The member may have moved on meanwhile: then this screen's signal is gone.
        if arrived.try_set(true).is_none() {
            drawn();
        }
    });
    Either::Right(move || {
        if arrived.get() {
            ready_now(draw()).unwrap_or_else(opening)
        } else {
            opening()
        }
    })
}

/// Stands in for a screen whose module is downloading. Without a network (the module was not
/// kept yet), it says so: the module is tried again until it arrives, and nothing is lost.
fn opening() -> AnyView {
    let online = window().navigator().on_line();
    view! {
        <p class="loading" role="status">
            {if online {
                "Opening…"
            } else {
                "This screen has not been downloaded to this browser yet, and there is no network. It opens by itself when the connection is back; everything else keeps working."
            }}
        </p>
    }
    .into_any()
}

/// After a screen is drawn: focus on its heading if the member moved to it, and let the
/// service worker keep the app (see `crate::offline`).
fn drawn() {
    request_animation_frame(|| {
        focus_heading_if_wanted();
        crate::offline::keep_app_after_first_paint();
    });
}

/// Polls `future` once: its output if it is ready at once (the lazy function of a module that
/// is here), else nothing (the future is dropped; the module keeps downloading).
pub fn ready_now<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

/// Asks for focus on the heading of the screen being shown, now if it is drawn, else as soon
/// as [`later`] draws it.
pub fn focus_heading_when_drawn() {
    HEADING_WANTED.with(|wanted| wanted.set(true));
    request_animation_frame(focus_heading_if_wanted);
}

fn focus_heading_if_wanted() {
    if !HEADING_WANTED.with(Cell::get) {
        return;
    }
    let Some(heading) = document().query_selector("main h1").ok().flatten() else {
        return; // Not drawn yet: `later` tries again when it is.
    };
    HEADING_WANTED.with(|wanted| wanted.set(false));
    if member_is_choosing_on_screen() {
        return; // They reached a control of the new screen first: focus is theirs.
    }
    if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
        if !heading.has_attribute("tabindex") {
            let _ = heading.set_attribute("tabindex", "-1");
        }
        let _ = heading.focus();
    }
}

/// Whether focus is already on a form control of the screen (in `main`): a member who got
/// there before the heading was focused (a quick hand, a slow frame) keeps their place.
fn member_is_choosing_on_screen() -> bool {
    document()
        .query_selector("main :is(input, select, textarea):focus")
        .ok()
        .flatten()
        .is_some()
}

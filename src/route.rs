//! Which screen is shown, kept in the address's `#` part so that links, the back button and a
//! reload all work on any static host.

use cairn_core::Code;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Dashboard,
    Coalition,
    Measures,
    NewMeasure,
    Measure(Code),
    EditMeasure(Code),
    Entry(Option<Code>),
    Data,
    Activities,
    NewActivity,
    Activity(Code),
    EditActivity(Code),
    Updates,
    Completeness,
    Sync,
    /// The first administrator of a new server.
    Setup,
    /// Accepting an invite; the token stays in the `#` part, which never reaches a server log.
    Invite(String),
    NotFound,
}

impl Route {
    /// Reads a route from a location hash such as `#/measures/LIB-CARD`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [""] => Route::Dashboard,
            ["coalition"] => Route::Coalition,
            ["measures"] => Route::Measures,
            ["measures", "new"] => Route::NewMeasure,
            ["measures", code] => Code::parse(code).map_or(Route::NotFound, Route::Measure),
            ["measures", code, "edit"] => {
                Code::parse(code).map_or(Route::NotFound, Route::EditMeasure)
            }
            ["entry"] => Route::Entry(None),
            ["data"] => Route::Data,
            ["activities"] => Route::Activities,
            ["activities", "new"] => Route::NewActivity,
            ["activities", code] => Code::parse(code).map_or(Route::NotFound, Route::Activity),
            ["activities", code, "edit"] => {
                Code::parse(code).map_or(Route::NotFound, Route::EditActivity)
            }
            ["updates"] => Route::Updates,
            ["completeness"] => Route::Completeness,
            ["sync"] => Route::Sync,
            ["setup"] => Route::Setup,
            ["invite", token] if !token.is_empty() => Route::Invite(token.to_string()),
            ["entry", code] => Code::parse(code).map_or(Route::NotFound, |c| Route::Entry(Some(c))),
            _ => Route::NotFound,
        }
    }

    /// What the screen is, for the page's title: "Measures", "Enter data".
    pub fn title(&self) -> String {
        match self {
            Route::Dashboard => "Dashboard".into(),
            Route::Coalition => "Coalition".into(),
            Route::Measures => "Measures".into(),
            Route::NewMeasure => "New measure".into(),
            Route::Measure(code) => format!("Measure {code}"),
            Route::EditMeasure(code) => format!("Edit measure {code}"),
            Route::Entry(_) => "Enter data".into(),
            Route::Data => "Import and export".into(),
            Route::Activities => "Activities".into(),
            Route::NewActivity => "New activity".into(),
            Route::Activity(code) => format!("Activity {code}"),
            Route::EditActivity(code) => format!("Edit activity {code}"),
            Route::Updates => "Updates".into(),
            Route::Completeness => "Who owes data".into(),
            Route::Sync => "Share with your coalition".into(),
            Route::Setup => "Set up this server".into(),
            Route::Invite(_) => "Join your coalition".into(),
            Route::NotFound => "Page not found".into(),
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Dashboard | Route::NotFound => "#/".into(),
            Route::Coalition => "#/coalition".into(),
            Route::Measures => "#/measures".into(),
            Route::NewMeasure => "#/measures/new".into(),
            Route::Measure(code) => format!("#/measures/{code}"),
            Route::EditMeasure(code) => format!("#/measures/{code}/edit"),
            Route::Entry(None) => "#/entry".into(),
            Route::Data => "#/data".into(),
            Route::Activities => "#/activities".into(),
            Route::NewActivity => "#/activities/new".into(),
            Route::Activity(code) => format!("#/activities/{code}"),
            Route::EditActivity(code) => format!("#/activities/{code}/edit"),
            Route::Updates => "#/updates".into(),
            Route::Completeness => "#/completeness".into(),
            Route::Sync => "#/sync".into(),
            Route::Setup => "#/setup".into(),
            Route::Invite(token) => format!("#/invite/{token}"),
            Route::Entry(Some(code)) => format!("#/entry/{code}"),
        }
    }
}

fn current() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Provides the current route to every component below, following `hashchange`. Leaving a
/// form with unsaved work asks first; staying goes back to the form's entry in the history.
pub fn provide_route() {
    let route = RwSignal::new(current());
    // Each history entry the app has shown carries its position, so a refused move knows
    // which way back is: a new entry (a link) has none yet, back and forward have theirs.
    let here = std::rc::Rc::new(std::cell::Cell::new(position().unwrap_or(0.0)));
    mark(here.get());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = current();
        let at = position();
        if next != route.get_untracked() && !crate::form::may_leave() {
            if let Ok(history) = window().history() {
                let _ = match at {
                    None => history.back(),
                    Some(at) => history.go_with_delta((here.get() - at) as i32),
                };
            }
            return;
        }
        match at {
            Some(at) => here.set(at),
            None => {
                here.set(here.get() + 1.0);
                mark(here.get());
            }
        }
        // Coming back to the form after staying must not rebuild it (and lose its text).
        if next != route.get_untracked() {
            route.set(next);
        }
    });
    on_cleanup(move || handle.remove());
    provide_context(route.read_only());
}

/// The position the app gave the current history entry, if it has one.
fn position() -> Option<f64> {
    window().history().ok()?.state().ok()?.as_f64()
}

fn mark(at: f64) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state(&JsValue::from_f64(at), "");
    }
}

pub fn use_route() -> ReadSignal<Route> {
    expect_context::<ReadSignal<Route>>()
}

/// Shows `route`, as a link would.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}

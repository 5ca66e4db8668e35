//! Which screen is shown, kept in the address's `#` part so that links, the back button and a
//! reload all work on any static host.

use cairn_core::sync::{Path, Record};
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
    /// What waits for the backbone's review, and approving or returning it.
    Review,
    /// The presentation for a meeting, at this slide (0 is the goal summary).
    Present(usize),
    /// The funder report: compose, preview, print, download and save.
    Report,
    Sync,
    /// The history of every change, or of one record (a value, a measure with its values, an
    /// activity, a partner): `#/history/measures/M1`.
    History(Option<Record>),
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
            ["review"] => Route::Review,
            ["report"] => Route::Report,
            ["present"] => Route::Present(0),
            ["present", n] => n.parse().map_or(Route::NotFound, Route::Present),
            ["sync"] => Route::Sync,
            ["history"] => Route::History(None),
            // The coalition's settings are only ever a path with a field.
            ["history", "coalition"] => Route::History(Some(Record::Coalition)),
            ["history", ..] => match Path::parse(&parts[1..].join("/")) {
                Ok(Path {
                    record,
                    field: None,
                }) => Route::History(Some(record)),
                _ => Route::NotFound,
            },
            ["setup"] => Route::Setup,
            ["invite", token] if !token.is_empty() => Route::Invite(token.to_string()),
            ["entry", code] => Code::parse(code).map_or(Route::NotFound, |c| Route::Entry(Some(c))),
            _ => Route::NotFound,
        }
    }

    /// What the screen is, for the page's title: "Measures", "Enter data".
    /// The screen this route shows, without the choices made on it: every partner's grid is
    /// one screen, so picking another partner changes what it shows but does not draw a new
    /// screen (focus stays on the picker).
    pub fn screen(&self) -> Route {
        match self {
            Route::Entry(_) => Route::Entry(None),
            Route::Present(_) => Route::Present(0),
            other => other.clone(),
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Route::Dashboard => "Dashboard",
            Route::Coalition => "Coalition",
            Route::Measures => "Measures",
            Route::NewMeasure => "New measure",
            Route::Measure(_) => "Measure",
            Route::EditMeasure(_) => "Edit measure",
            Route::Entry(_) => "Enter data",
            Route::Data => "Import and export",
            Route::Activities => "Activities",
            Route::NewActivity => "New activity",
            Route::Activity(_) => "Activity",
            Route::EditActivity(_) => "Edit activity",
            Route::Updates => "Updates",
            Route::Completeness => "Who owes data",
            Route::Review => "Review",
            Route::Present(_) => "Presentation",
            Route::Report => "Funder report",
            Route::Sync => "Share with your coalition",
            Route::History(_) => "History",
            Route::Setup => "Set up this server",
            Route::Invite(_) => "Join your coalition",
            Route::NotFound => "Page not found",
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
            Route::Review => "#/review".into(),
            Route::Report => "#/report".into(),
            Route::Present(0) => "#/present".into(),
            Route::Present(n) => format!("#/present/{n}"),
            Route::Sync => "#/sync".into(),
            Route::History(None) => "#/history".into(),
            Route::History(Some(record)) => format!("#/history/{record}"),
            Route::Setup => "#/setup".into(),
            Route::Invite(token) => format!("#/invite/{token}"),
            Route::Entry(Some(code)) => format!("#/entry/{code}"),
        }
    }
}

/// The route the address names now.
pub fn current() -> Route {
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
        if next != route.get_untracked() && !crate::components::form::may_leave() {
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

/// Shows `route` in place of the current one, without a new entry in the history: for moves
/// within one screen (the next slide) that the back button should not step through.
pub fn replace(route: &Route) {
    let _ = window().location().replace(&route.href());
}

/// Shows `route`, as a link would.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.href());
}

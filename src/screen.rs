//! Which screen the route shows, and whether the member's role may see it. Every screen but
//! "not found" is in a lazily loaded module (`crate::screens`), drawn through
//! [`crate::later::later`].

use cairn_core::Code;
use leptos::prelude::*;

use crate::components::role::NotForYourRole;
use crate::later::later;
use crate::route::{use_route, Route};
use crate::screens::*;
use crate::state::use_store;

/// What the main area shows.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Screen(Route),
    /// The role may not do what the screen is for; the text says what.
    NotForYourRole(&'static str),
}

#[component]
pub fn Screen() -> impl IntoView {
    let shown = shown();
    // Drawn again only when what is shown changes: not for a choice made on the screen
    // (`Route::screen`), nor for a change of data that leaves the role's answer the same (that
    // would rebuild an editor and lose what the member typed).
    move || match shown.get() {
        Shown::NotForYourRole(what) => view! { <NotForYourRole what/> }.into_any(),
        Shown::Screen(route) => screen(route),
    }
}

fn shown() -> Memo<Shown> {
    let route = use_route();
    let store = use_store();
    let grant = crate::components::role::use_grant();
    let lead_of = move |code: &Code| {
        store.doc.with(|d| {
            d.as_ref()
                .and_then(|d| d.activities.iter().find(|a| &a.code == code))
                .map(|a| a.lead.clone())
        })
    };
    let may_edit_activity = move |code: &Code| {
        grant.with(|g| match lead_of(code) {
            Some(lead) => g.leads_for(&lead),
            None => g.writes(),
        })
    };
    Memo::new(move |_| match route.get().screen() {
        Route::NewMeasure | Route::EditMeasure(_) if !grant.with(|g| g.administers()) => {
            Shown::NotForYourRole("define or change shared measures")
        }
        Route::NewActivity if !grant.with(|g| g.writes()) => {
            Shown::NotForYourRole("add activities")
        }
        Route::EditActivity(code) if !may_edit_activity(&code) => {
            Shown::NotForYourRole("change this activity: only its lead partner can")
        }
        route => Shown::Screen(route),
    })
}

/// The lazily loaded module a screen is in (`crate::screens`).
enum Module {
    Dashboard,
    Reading,
    Entry,
    Defining,
    Data,
    Sharing,
}

/// The module of `route`'s screen; `None` for "not found", which is in the main module.
fn module_of(route: &Route) -> Option<Module> {
    Some(match route {
        Route::Dashboard => Module::Dashboard,
        Route::Completeness
        | Route::Measures
        | Route::Measure(_)
        | Route::Present(_)
        | Route::Report => Module::Reading,
        Route::Entry(_) | Route::Review => Module::Entry,
        Route::Coalition
        | Route::NewMeasure
        | Route::EditMeasure(_)
        | Route::Activities
        | Route::NewActivity
        | Route::Activity(_)
        | Route::EditActivity(_)
        | Route::Updates => Module::Defining,
        Route::Data | Route::History(_) => Module::Data,
        Route::Sync | Route::Setup | Route::Invite(_) => Module::Sharing,
        Route::NotFound => return None,
    })
}

fn screen(route: Route) -> AnyView {
    let Some(module) = module_of(&route) else {
        return view! {
            <section class="page">
                <h1>"Page not found"</h1>
                <p><a href="#/">"Go to the dashboard"</a></p>
            </section>
        }
        .into_any();
    };
    match module {
        Module::Dashboard => later(__preload_dashboard_screen(), dashboard_screen).into_any(),
        Module::Reading => later(__preload_reading_screen(), move || {
            reading_screen(route.clone())
        })
        .into_any(),
        Module::Entry => later(__preload_entry_screen(), move || {
            entry_screen(route.clone())
        })
        .into_any(),
        Module::Defining => later(__preload_defining_screen(), move || {
            defining_screen(route.clone())
        })
        .into_any(),
        Module::Data => {
            later(__preload_data_screen(), move || data_screen(route.clone())).into_any()
        }
        Module::Sharing => later(__preload_sharing_screen(), move || {
            sharing_screen(Sharing::Screen(route.clone()))
        })
        .into_any(),
    }
}

/// Downloads the code of the screen `route` shows, without drawing it: at start-up, while the
/// stored coalition is read, so the first screen does not wait for one download after another.
/// The dashboard's charts are drawn by a module of their own, which comes next: after the
/// dashboard's, whose cards are drawn first, so on a slow link the two never share it.
pub async fn preload(route: Route) {
    match module_of(&route.screen()) {
        Some(Module::Dashboard) => {
            __preload_dashboard_screen().await;
            crate::screens::dashboard::preload_charts().await
        }
        Some(Module::Reading) => __preload_reading_screen().await,
        Some(Module::Entry) => __preload_entry_screen().await,
        Some(Module::Defining) => __preload_defining_screen().await,
        Some(Module::Data) => __preload_data_screen().await,
        Some(Module::Sharing) => __preload_sharing_screen().await,
        None => {}
    }
}

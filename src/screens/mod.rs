//! The app's screens, one folder per area. Each receives the state from context
//! ([`crate::state::use_store`]) and only lays out what `cairn-core` computes.

pub mod activities;
pub mod coalition;
pub mod dashboard;
pub mod data;
pub mod entry;
pub mod first_run;
pub mod history;
pub mod measures;
pub mod partners;
pub mod present;
pub mod report;
pub mod review;
pub mod sharing;
pub mod updates;

// The screens are compiled into a few wasm modules of their own (`scripts/split.mjs` cuts them
// out after the build) that the browser downloads the first time one of their screens is shown,
// so the first screen paints without waiting for the code of all the others; the shell awaits
// them through `crate::later::later`. They are grouped by what members do together, because
// the splitting tool makes a shared module for every set of groups that use a piece of code:
// fifteen groups made 234 modules, mostly a few hundred bytes each.

use leptos::prelude::*;

use crate::route::Route;

/// The first screen of a new browser (load the sample coalition or start an empty one).
#[leptos::lazy]
pub fn first_run_screen() -> AnyView {
    view! { <first_run::FirstRun/> }.into_any()
}

/// The dashboard, the landing screen for a coalition with data: in a module of its own, so a
/// returning member downloads nothing else before it paints.
#[leptos::lazy]
pub fn dashboard_screen() -> AnyView {
    view! { <dashboard::Dashboard/> }.into_any()
}

/// Reading the numbers: who owes data, the list of measures, one measure's page and the
/// presentation and the funder report (which draw the same charts as the measure page).
#[leptos::lazy]
pub fn reading_screen(route: Route) -> AnyView {
    match route {
        Route::Present(_) => view! { <present::Presentation/> }.into_any(),
        Route::Report => view! { <report::ReportPage/> }.into_any(),
        Route::Completeness => view! { <dashboard::completeness::CompletenessPage/> }.into_any(),
        Route::Measure(code) => view! { <measures::page::MeasurePage code/> }.into_any(),
        _ => view! { <measures::MeasuresPage/> }.into_any(),
    }
}

/// Entering data and reviewing it: one partner's grid (the partner is read from the route), and
/// the backbone's review of what partners submitted.
#[leptos::lazy]
pub fn entry_screen(route: Route) -> AnyView {
    match route {
        Route::Review => view! { <review::ReviewPage/> }.into_any(),
        _ => view! { <entry::EntryPage/> }.into_any(),
    }
}

/// Defining the coalition's work: the coalition and its partners, a measure's definition, the
/// activities and the updates feed.
#[leptos::lazy]
pub fn defining_screen(route: Route) -> AnyView {
    match route {
        Route::NewMeasure => view! { <measures::editor::MeasureEditor code=None/> }.into_any(),
        Route::EditMeasure(code) => {
            view! { <measures::editor::MeasureEditor code=Some(code)/> }.into_any()
        }
        Route::Activities => view! { <activities::ActivitiesPage/> }.into_any(),
        Route::NewActivity => view! { <activities::ActivityEditor code=None/> }.into_any(),
        Route::Activity(code) => view! { <activities::ActivityPage code/> }.into_any(),
        Route::EditActivity(code) => {
            view! { <activities::ActivityEditor code=Some(code)/> }.into_any()
        }
        Route::Updates => view! { <updates::UpdatesPage/> }.into_any(),
        _ => view! { <coalition::CoalitionPage/> }.into_any(),
    }
}

/// Import and export, and the history of every change (where an import is reverted).
#[leptos::lazy]
pub fn data_screen(route: Route) -> AnyView {
    match route {
        Route::History(target) => view! { <history::HistoryPage target/> }.into_any(),
        _ => view! { <data::DataPage/> }.into_any(),
    }
}

/// What the sharing module draws: one of its screens, or the conflict dialog's card.
#[derive(Clone)]
pub enum Sharing {
    Screen(Route),
    /// The card of a conflict between two members' edits of one value. It is kept out of the
    /// main module because most members never see one, and the card (with its reading of typed
    /// values) kept about 60 KiB of code in the main module that the first screen does not
    /// need (`node scripts/size.mjs`: 249.8 KiB before the first-run screen with it, 190.4
    /// KiB without); it goes with sharing because only a shared coalition has conflicts.
    Conflict(cairn_core::sync::Conflict),
}

/// Sharing with a server: linking and signing in, the first administrator's set-up, and
/// accepting an invite; and the conflict dialog's card.
#[leptos::lazy]
pub fn sharing_screen(what: Sharing) -> AnyView {
    match what {
        Sharing::Conflict(conflict) => {
            view! { <crate::components::conflict_dialog::ConflictCard conflict/> }.into_any()
        }
        Sharing::Screen(Route::Setup) => view! { <sharing::account::SetupPage/> }.into_any(),
        Sharing::Screen(Route::Invite(token)) => {
            view! { <sharing::account::InvitePage token/> }.into_any()
        }
        Sharing::Screen(_) => view! { <sharing::SyncPage/> }.into_any(),
    }
}

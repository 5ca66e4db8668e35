//! The sentence saying what the figures count when the coalition reviews values: approved
//! values only (and how many wait), or all values including unapproved ones
//! (`cairn_core::review::counting_text`). Shown wherever figures are: the dashboard, a
//! measure's page and the funder report; nothing when the coalition does not review values.

use leptos::prelude::*;

use crate::route::Route;
use crate::state::use_store;

#[component]
pub fn CountingNote() -> impl IntoView {
    let store = use_store();
    let said = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().and_then(cairn_core::review::counting_text))
    });
    move || {
        said.get().map(|text| {
            view! {
                <p class="notice counting" role="note" data-counting="">
                    {text}" "<a href=Route::Review.href()>"Review"</a>
                </p>
            }
        })
    }
}

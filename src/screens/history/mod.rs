//! The history: every change kept, newest first, with who made it, when, by which way (a
//! form, the grid, an import, a conflict answer, a restore, a revert) and what it held before
//! and after; or the history of one record (a value, a measure with its values, an activity,
//! a partner), reached from that record's page. An administrator reverts a whole action (an
//! import) or one change in one step, and recovers a deleted record by reverting its deletion.
//! What the history keeps and how a revert decides are `cairn_core::history`'s.

mod action;
mod record;
mod revert;

use cairn_core::sync::Record;
use leptos::prelude::*;

use crate::state::use_store;

/// How many actions the page shows at first, and how many more each time it is asked.
const PAGE: usize = 30;

/// The history page: of everything, or of `target`.
#[component]
pub fn HistoryPage(target: Option<Record>) -> impl IntoView {
    match target {
        Some(record) => view! { <record::RecordHistory record/> }.into_any(),
        None => view! { <WholeHistory/> }.into_any(),
    }
}

#[component]
fn WholeHistory() -> impl IntoView {
    let store = use_store();
    let shown = RwSignal::new(PAGE);
    let message = RwSignal::new(None::<revert::Message>);
    let total = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().map_or(0, |d| d.history.actions().len()))
    });
    let actions = move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let reverts = action::Reverts::of(doc);
            let views = doc
                .history
                .actions()
                .iter()
                .take(shown.get())
                .map(|entries| action::card(doc, entries, &reverts, message))
                .collect::<Vec<_>>();
            Some(views)
        })
    };
    view! {
        <section class="page history-page">
            <crate::components::print_header::PrintHeader what="History"/>
            <h1>"History"</h1>
            <p class="lead">"Every change to values, measures, activities, partners and the coalition's settings, newest first: who made it, when, how, and what it replaced. Reverting a change puts back what it replaced, unless someone changed it again since; the revert is kept here too, and can itself be reverted."</p>
            <revert::Report message/>
            <Show when=move || total.get() == 0>
                <p class="notice">"Nothing has been changed since this coalition started keeping its history. Changes made from now on are listed here."</p>
            </Show>
            <ol class="history-list">{actions}</ol>
            <Show when=move || { total.get() > shown.get() }>
                <button type="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {move || format!("Show {} more (of {} in all)", PAGE.min(total.get() - shown.get()), total.get())}
                </button>
            </Show>
        </section>
    }
}

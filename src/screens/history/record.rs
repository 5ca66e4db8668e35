//! The history of one record: every change to it (for a measure, also to its values), newest
//! first, each with "Put back" for an administrator.

use cairn_core::history::Item;
use cairn_core::sync::{Path, Record};
use leptos::prelude::*;

use super::action::{shown, when, who};
use super::revert::{self, Message, Report};
use crate::components::conflict_dialog::place;
use crate::route::Route;
use crate::state::use_store;

#[component]
pub fn RecordHistory(record: Record) -> impl IntoView {
    let store = use_store();
    let message = RwSignal::new(None::<Message>);
    let heading = store.doc.with_untracked(|d| {
        format!(
            "History of {}",
            lower_first(&place(d.as_ref(), &Path::record(record.clone())))
        )
    });
    let target = record.clone();
    let rows = move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let list = doc.history.of_record(&target);
            if list.is_empty() {
                return Some(view! { <p class="notice">"No change to it is kept yet: the history keeps changes made since this version of Cairn."</p> }.into_any());
            }
            let rows = list
                .into_iter()
                .map(|(entry, item)| {
                    let what = short_place(&item.path);
                    let action = entry.action.clone();
                    let item = item.clone();
                    let put_back = match (&item.before, &item.path.field) {
                        (None, None) => "Undo this change".to_string(),
                        _ => format!("Put back {}", shown(&item.path, &item.before)),
                    };
                    let label = format!("{put_back}: {what}");
                    view! {
                        <tr>
                            <td>{when(&entry.at)}</td>
                            <td>{who(&entry.by)}</td>
                            <td>{entry.via.label()}</td>
                            <th scope="row">{what}</th>
                            <td><del><span class="visually-hidden">"was "</span>{shown(&item.path, &item.before)}</del></td>
                            <td><ins><span class="visually-hidden">"now "</span>{shown(&item.path, &item.after)}</ins></td>
                            <td hidden=crate::components::role::not_administers()>
                                <button type="button" aria-label=label on:click=move |_| put(&action, &item, message)>{put_back.clone()}</button>
                            </td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Changes">
                    <table class="list history">
                        <thead><tr>
                            <th scope="col">"When"</th>
                            <th scope="col">"Who"</th>
                            <th scope="col">"How"</th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Before"</th>
                            <th scope="col">"After"</th>
                            <th scope="col" hidden=crate::components::role::not_administers()><span class="visually-hidden">"Revert"</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any())
        })
    };
    view! {
        <section class="page history-page">
            <crate::components::print_header::PrintHeader what="History"/>
            <h1>{heading}</h1>
            <p class="lead">"Every change kept, newest first. Putting a value back is a change of its own, kept here too; a value changed again since is left as it is."</p>
            <Report message/>
            {rows}
            <p><a href=Route::History(None).href()>"See the whole history"</a></p>
        </section>
    }
}

/// Which part of the record a change was to, in a word or two: the record's own page names
/// the record already.
fn short_place(path: &Path) -> String {
    match (&path.record, &path.field) {
        (Record::Observation(key), _) => format!("{}, {}", key.partner, key.period),
        (_, Some(field)) => field.replace('_', " "),
        (_, None) => "the whole record".into(),
    }
}

fn put(action: &str, item: &Item, message: RwSignal<Option<Message>>) {
    revert::items_of(action, std::slice::from_ref(item), message);
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! One action of the history as a card: what it changed, who, when, how, and its revert
//! button.

use std::collections::BTreeMap;

use cairn_core::history::{Entry, Item, Via};
use cairn_core::sync::Path;
use cairn_core::Document;
use leptos::prelude::*;

use super::revert::{self, Message};
use crate::components::conflict_dialog::{place, show};
use crate::state::use_store;

/// How many changes a card lists before "Show all".
const FIRST: usize = 5;

/// What the history says of reverts, found once for every card: for each action reverted,
/// the reverting action's first entry and how many changes it put back.
pub struct Reverts<'a> {
    by_reverted: BTreeMap<&'a str, (&'a Entry, usize)>,
}

impl<'a> Reverts<'a> {
    pub fn of(doc: &'a Document) -> Reverts<'a> {
        let mut by_reverted = BTreeMap::new();
        for e in doc.history.iter() {
            if let Some(id) = e.reverts.as_deref() {
                by_reverted.entry(id).or_insert((e, 0)).1 += e.items.len();
            }
        }
        Reverts { by_reverted }
    }
}

/// How many changes the action `id` holds.
fn size_of(doc: &Document, id: &str) -> usize {
    doc.history.of_action(id).map(|e| e.items.len()).sum()
}

/// The card of the action whose entries are `entries` (one action, in order).
pub fn card(
    doc: &Document,
    entries: &[&Entry],
    reverts: &Reverts<'_>,
    message: RwSignal<Option<Message>>,
) -> AnyView {
    let first = entries[0];
    let count: usize = entries.iter().map(|e| e.items.len()).sum();
    let title = title(doc, first, entries, count);
    let meta = meta(first);
    let reverted_by = reverts
        .by_reverted
        .get(first.action.as_str())
        .map(|(e, n)| {
            let what = if *n >= count {
                "Reverted"
            } else {
                "Partly put back"
            };
            format!("{what} {} by {}.", when(&e.at), who(&e.by))
        });
    let reverts_text = first.reverts.as_ref().map(|id| {
        let whole = count >= size_of(doc, id);
        match (doc.history.get(id), whole) {
            (Some(e), true) if e.via == Via::Import => {
                format!("This reverts the import of {}.", when(&e.at))
            }
            (Some(e), true) => format!("This reverts the change of {}.", when(&e.at)),
            (Some(e), false) => format!("This puts back part of the change of {}.", when(&e.at)),
            (None, _) => "This reverts an earlier change.".to_string(),
        }
    });
    let shown_items: Vec<&Item> = entries.iter().flat_map(|e| &e.items).take(FIRST).collect();
    let lines = RwSignal::new(lines_of(doc, shown_items.into_iter(), count));
    let action = first.action.clone();
    let show_all = {
        let action = action.clone();
        move |_| {
            let all = use_store().doc.with_untracked(|d| {
                d.as_ref().map(|d| {
                    let items = d.history.of_action(&action).flat_map(|e| &e.items);
                    lines_of(d, items, count)
                })
            });
            if let Some(all) = all {
                lines.set(all);
            }
        }
    };
    let label = match first.via {
        Via::Import => "Revert this import".to_string(),
        _ if count == 1 => "Revert this change".to_string(),
        _ => format!("Revert these {count} changes"),
    };
    let note = (!first.note.is_empty()).then(|| first.note.clone());
    view! {
        <li class="history-action">
            <h2>{title}</h2>
            <p class="meta">{meta}</p>
            {note.map(|n| view! { <p class="note">{n}</p> })}
            {reverts_text.map(|r| view! { <p class="meta">{r}</p> })}
            {reverted_by.map(|r| view! { <p class="meta reverted">{r}</p> })}
            <ul class="history-items">
                {move || lines.get().into_iter().map(|(what, before, after)| view! {
                    <li>{what}<BeforeAfter before after/></li>
                }).collect::<Vec<_>>()}
            </ul>
            <Show when=move || { lines.with(Vec::len) < count }>
                <button type="button" class="link" on:click=show_all.clone()>{format!("Show all {count} changes")}</button>
            </Show>
            <p class="actions" hidden=crate::components::role::not_administers()>
                <button type="button" on:click=move |_| revert::action(&action, message)>{label}</button>
            </p>
        </li>
    }
    .into_any()
}

/// A value before and after, read out as "was … now …".
#[component]
pub fn BeforeAfter(before: String, after: String) -> impl IntoView {
    view! {
        <del><span class="visually-hidden">"was "</span>{before}</del>
        " → "
        <ins><span class="visually-hidden">"now "</span>{after}</ins>
    }
}

/// The lines a card lists for `items`: the place (unless the card is of one change, whose
/// heading names it), the value before and after.
fn lines_of<'a>(
    doc: &Document,
    items: impl Iterator<Item = &'a Item>,
    count: usize,
) -> Vec<(String, String, String)> {
    items
        .map(|i| {
            let what = match count {
                1 => String::new(),
                _ => format!("{}: ", place(Some(doc), &i.path)),
            };
            (what, shown(&i.path, &i.before), shown(&i.path, &i.after))
        })
        .collect()
}

/// The card's heading: the one change, or how many by which way.
fn title(doc: &Document, first: &Entry, entries: &[&Entry], count: usize) -> String {
    if count == 1 {
        return place(Some(doc), &first.items[0].path);
    }
    let values = entries
        .iter()
        .flat_map(|e| &e.items)
        .filter(|i| matches!(i.path.record, cairn_core::sync::Record::Observation(_)))
        .count();
    let what = if values == count {
        format!("{values} values")
    } else {
        format!("{count} changes")
    };
    format!("{what} changed {}", first.via.label())
}

/// "By Ana Ortiz, 2026-12-04 10:00 UTC, in the grid".
fn meta(entry: &Entry) -> String {
    format!(
        "By {}, {}, {}",
        who(&entry.by),
        when(&entry.at),
        entry.via.label()
    )
}

/// Who, as a member reads it.
pub fn who(by: &str) -> String {
    if by.is_empty() {
        "someone using this browser".into()
    } else {
        by.to_string()
    }
}

/// An RFC 3339 time as "2026-12-04 10:00 UTC".
pub fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

/// A value before or after a change, as a member reads it: "nothing" where a record was not
/// there, "(empty)" for an empty field, a whole record by its title or name.
pub fn shown(path: &Path, value: &Option<serde_json::Value>) -> String {
    match (value, &path.field) {
        (None, None) => "nothing".into(),
        (None, Some(_)) => "(empty)".into(),
        (Some(record), None) if path.record.has_fields() => {
            let name = record.get("title").or_else(|| record.get("name"));
            match name.and_then(|n| n.as_str()) {
                Some(name) => format!("“{name}”"),
                None => show(path, value),
            }
        }
        _ => show(path, value),
    }
}

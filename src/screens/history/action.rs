//! One action of the history as a card: what it changed, who, when, how, and its revert
//! button.

use cairn_core::history::{Entry, Item, Via};
use cairn_core::sync::Path;
use cairn_core::Document;
use leptos::prelude::*;

use super::revert::{self, Message};
use crate::components::conflict_dialog::{place, show};

/// How many changes a card lists before "Show all".
const FIRST: usize = 5;

/// The card of the action whose entries are `entries` (one action, in order).
pub fn card(doc: &Document, entries: &[&Entry], message: RwSignal<Option<Message>>) -> AnyView {
    let first = entries[0];
    let items: Vec<Item> = entries
        .iter()
        .flat_map(|e| e.items.iter().cloned())
        .collect();
    let count = items.len();
    let title = title(doc, first, &items);
    let meta = meta(first);
    let reverted_by = doc
        .history
        .iter()
        .find(|e| e.reverts.as_deref() == Some(first.action.as_str()))
        .map(|e| format!("Reverted {} by {}.", when(&e.at), who(&e.by)));
    let reverts = first.reverts.as_ref().map(|id| match doc.history.get(id) {
        Some(e) if e.via == Via::Import => format!("This reverts the import of {}.", when(&e.at)),
        Some(e) => format!("This reverts the change of {}.", when(&e.at)),
        None => "This reverts an earlier change.".to_string(),
    });
    // The heading of a card of one change names its place already.
    let lines: Vec<(String, String, String)> = items
        .iter()
        .map(|i| {
            let what = match count {
                1 => String::new(),
                _ => format!("{}: ", place(Some(doc), &i.path)),
            };
            (what, shown(&i.path, &i.before), shown(&i.path, &i.after))
        })
        .collect();
    let all = RwSignal::new(false);
    let action = first.action.clone();
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
            {reverts.map(|r| view! { <p class="meta">{r}</p> })}
            {reverted_by.map(|r| view! { <p class="meta reverted">{r}</p> })}
            <ul class="history-items">
                {move || {
                    let n = if all.get() { lines.len() } else { lines.len().min(FIRST) };
                    lines[..n].iter().map(|(what, before, after)| view! {
                        <li>{what.clone()}<del>{before.clone()}</del>" → "<ins>{after.clone()}</ins></li>
                    }).collect::<Vec<_>>()
                }}
            </ul>
            <Show when=move || { !all.get() && count > FIRST }>
                <button type="button" class="link" on:click=move |_| all.set(true)>{format!("Show all {count} changes")}</button>
            </Show>
            <p class="actions" hidden=crate::components::role::not_administers()>
                <button type="button" on:click=move |_| revert::action(&action, message)>{label}</button>
            </p>
        </li>
    }
    .into_any()
}

/// The card's heading: the one change, or how many by which way.
fn title(doc: &Document, first: &Entry, items: &[Item]) -> String {
    match items {
        [one] => place(Some(doc), &one.path),
        _ => {
            let values = items
                .iter()
                .filter(|i| matches!(i.path.record, cairn_core::sync::Record::Observation(_)))
                .count();
            let what = if values == items.len() {
                format!("{values} values")
            } else {
                format!("{} changes", items.len())
            };
            format!("{what} changed {}", first.via.label())
        }
    }
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

/// A value before or after a change, as a member reads it; "nothing" where there was none.
pub fn shown(path: &Path, value: &Option<serde_json::Value>) -> String {
    match value {
        None if path.field.is_none() => "nothing".into(),
        other => show(path, other),
    }
}

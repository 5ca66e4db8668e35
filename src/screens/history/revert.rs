//! Reverting from the history, and the report of what it did.

use cairn_core::history::{self, Item, Via};
use cairn_core::sync::Path;
use leptos::prelude::*;

use crate::components::conflict_dialog::place;
use crate::state::{use_store, How};

/// What the last revert did, for the report at the top of the page.
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    /// Each change left as it was, with why.
    pub kept: Vec<String>,
    pub failed: bool,
}

/// Reverts every change of the action `id`.
pub fn action(id: &str, message: RwSignal<Option<Message>>) {
    let store = use_store();
    let items: Vec<Item> = store.doc.with_untracked(|d| {
        d.as_ref().map_or_else(Vec::new, |d| {
            d.history
                .of_action(id)
                .flat_map(|e| e.items.iter().cloned())
                .collect()
        })
    });
    items_of(id, &items, message);
}

/// Reverts `items` (of the action `id`, oldest first), as one action of its own.
pub fn items_of(id: &str, items: &[Item], message: RwSignal<Option<Message>>) {
    let store = use_store();
    let month = crate::clock::this_month();
    let how = How {
        via: Via::Revert,
        note: "",
        reverts: Some(id),
    };
    let result = store.change_via(how, |doc| Ok(history::revert(doc, items.iter(), month)));
    let describe = |path: &Path| store.doc.with_untracked(|d| place(d.as_ref(), path));
    message.set(Some(match result {
        Ok(done) => {
            let n = done.changes.len();
            let text = match (n, done.kept.len()) {
                (0, 0) => "Nothing to put back: every change was already undone.".to_string(),
                (0, _) => "Nothing was put back:".to_string(),
                (1, _) => "Put back 1 change.".to_string(),
                (n, _) => format!("Put back {n} changes."),
            };
            let kept = done
                .kept
                .iter()
                .map(|(path, why)| format!("{} was left as it is: {why}.", describe(path)))
                .collect();
            Message {
                text,
                kept,
                failed: false,
            }
        }
        Err(e) => Message {
            text: format!("Nothing was reverted: {e}"),
            kept: Vec::new(),
            failed: true,
        },
    }));
}

/// The report of the last revert, read out when it appears. It takes the focus, so a keyboard
/// user whose button the redrawn list replaced goes on from the report.
#[component]
pub fn Report(message: RwSignal<Option<Message>>) -> impl IntoView {
    let report = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if message.with(Option::is_some) {
            if let Some(el) = report.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <div role="status" class="form-message" tabindex="-1" node_ref=report>
            {move || message.get().map(|m| view! {
                <p class:error=m.failed>{m.text.clone()}</p>
                <ul>{m.kept.iter().map(|k| view! { <li>{k.clone()}</li> }).collect::<Vec<_>>()}</ul>
            })}
        </div>
    }
}

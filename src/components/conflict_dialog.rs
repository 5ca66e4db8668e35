//! The conflict dialog: two members changed the same value from the same version. It shows
//! both values, who entered each and when, and lets the member keep theirs, keep the other, or
//! enter another value. The answer syncs like any edit.

use cairn_core::sync::{Conflict, Path, Record, Side};
use cairn_core::Document;
use leptos::prelude::*;
use serde_json::Value as Json;

use crate::state::use_store;

/// Words for where the conflict is, such as "Teen visits to partner programs, LIB, 2026-03".
pub fn place(doc: Option<&Document>, path: &Path) -> String {
    let measure_title = |code: &cairn_core::Code| {
        doc.and_then(|d| d.measure(code))
            .map_or_else(|| code.to_string(), |m| m.title.clone())
    };
    let field = path
        .field
        .as_deref()
        .map(|f| format!(": {}", f.replace('_', " ")))
        .unwrap_or_default();
    match &path.record {
        Record::Observation(key) => format!(
            "The value of “{}” for {} in {}",
            measure_title(&key.measure),
            key.partner,
            key.period
        ),
        Record::Measure(code) => format!("The measure “{}”{field}", measure_title(code)),
        other => {
            let mut text = other.describe();
            if let Some(first) = text.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            format!("{text}{field}")
        }
    }
}

/// A value as a member reads it.
pub fn show(path: &Path, value: &Option<Json>) -> String {
    let Some(value) = value else {
        return "(deleted)".into();
    };
    if let Record::Observation(_) = path.record {
        let v = &value["value"];
        let shown = match (v.as_f64(), &v["numerator"], &v["denominator"]) {
            (Some(n), _, _) => n.to_string(),
            (None, Json::Number(n), Json::Number(d)) => format!("{n}/{d}"),
            _ => v.to_string(),
        };
        let note = value["note"].as_str().filter(|n| !n.is_empty());
        return match note {
            Some(note) => format!("{shown} (note: {note})"),
            None => shown,
        };
    }
    match value {
        Json::String(s) if s.is_empty() => "(empty)".into(),
        Json::String(s) => s.clone(),
        Json::Null => "(empty)".into(),
        other => {
            let text = other.to_string();
            if text.chars().count() > 200 {
                format!("{}…", text.chars().take(200).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// Reads "another value" typed by the member, in the shape the path holds.
fn typed(doc: Option<&Document>, conflict: &Conflict, text: &str) -> Result<Json, String> {
    let template = conflict
        .kept
        .value
        .clone()
        .or_else(|| conflict.proposed.value.clone());
    match (&conflict.path.record, template) {
        (Record::Observation(key), Some(mut observation)) => {
            let measure = doc
                .and_then(|d| d.measure(&key.measure))
                .ok_or("The measure no longer exists.")?;
            let value = cairn_core::entry::parse_entry(text, measure)
                .map_err(|e| e.to_string())?
                .ok_or("Type a value, or keep one of the two.")?;
            observation["value"] =
                serde_json::from_str(&serde_json::to_string(&value).map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
            observation["entered_by"] = Json::String(crate::state::storage::member_name());
            observation["entered_at"] = Json::String(crate::clock::now());
            Ok(observation)
        }
        (_, Some(Json::String(_))) => Ok(Json::String(text.to_string())),
        (_, Some(Json::Number(_))) => cairn_core::entry::parse_number(text)
            .map(Json::from)
            .map_err(|e| e.to_string()),
        _ => serde_json::from_str(text)
            .map_err(|_| "Enter the value in the same form as the two shown.".to_string()),
    }
}

#[component]
pub fn ConflictDialog() -> impl IntoView {
    let store = use_store();
    let hidden = store.sync.hidden;
    let current = move || {
        let first = store.sync.conflicts.with(|c| c.first().cloned())?;
        (hidden.get() != Some(first.id)).then_some(first)
    };
    move || {
        current().map(|conflict| {
            let what = crate::screens::Sharing::Conflict(conflict);
            let draw = move || crate::screens::sharing_screen(what.clone());
            crate::later::later(crate::screens::__preload_sharing_screen(), draw)
        })
    }
}

/// One conflict, with both values and the member's choices. Drawn only through
/// [`crate::screens::sharing_screen`], so its code downloads with the first conflict.
#[component]
pub fn ConflictCard(conflict: Conflict) -> impl IntoView {
    let store = use_store();
    let hidden = store.sync.hidden;
    let me = store.sync.client().unwrap_or_default();
    let (mine, theirs): (Side, Side) = if conflict.kept.client == me {
        (conflict.kept.clone(), conflict.proposed.clone())
    } else {
        (conflict.proposed.clone(), conflict.kept.clone())
    };
    let is_mine = mine.client == me;
    let count = store.sync.conflicts.with_untracked(Vec::len);
    let path = conflict.path.clone();
    let place = store.doc.with_untracked(|d| place(d.as_ref(), &path));
    let error = RwSignal::new(None::<String>);
    let other = RwSignal::new(false);
    let typed_text = RwSignal::new(String::new());
    let id = conflict.id;
    let choose = move |value: Option<Json>| match crate::sync::resolve(store, id, value) {
        Ok(()) => error.set(None),
        Err(e) => error.set(Some(e.to_string())),
    };
    let mine_value = mine.value.clone();
    let theirs_value = theirs.value.clone();
    let for_typed = conflict.clone();
    let save_typed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = store
            .doc
            .with_untracked(|d| typed(d.as_ref(), &for_typed, &typed_text.get_untracked()));
        match parsed {
            Ok(value) => choose(Some(value)),
            Err(message) => error.set(Some(message)),
        }
    };
    let side = |label: &'static str, side: &Side| {
        let who = if side.by.is_empty() {
            "someone who did not give a name".to_string()
        } else {
            side.by.clone()
        };
        let when = side
            .at
            .replace('T', " at ")
            .trim_end_matches('Z')
            .chars()
            .take(22)
            .collect::<String>();
        view! {
            <div class="side">
                <h3>{label}</h3>
                <p class="value">{show(&path, &side.value)}</p>
                <p class="who">{format!("Entered by {who}, {when}")}</p>
            </div>
        }
    };
    let (first_label, second_label) = if is_mine {
        ("Yours", "Theirs")
    } else {
        ("One value", "The other value")
    };
    let focus = NodeRef::<leptos::html::H2>::new();
    Effect::new(move || {
        if let Some(h) = focus.get() {
            let _ = h.focus();
        }
    });
    view! {
        <div class="dialog-backdrop">
            <section class="dialog conflict" role="dialog" aria-modal="true" aria-labelledby="conflict-title">
                <h2 id="conflict-title" tabindex="-1" node_ref=focus>"Two members changed the same value"</h2>
                <p>{place}{if count > 1 { format!(" (1 of {count} conflicts)") } else { String::new() }}</p>
                <p class="hint">"Both values are kept until someone chooses. Whatever you choose is shared with the whole coalition."</p>
                <div class="sides">
                    {side(first_label, &mine)}
                    {side(second_label, &theirs)}
                </div>
                <Show when=move || error.get().is_some()>
                    <p class="form-error" role="alert">{move || error.get()}</p>
                </Show>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| choose(mine_value.clone())>
                        {if is_mine { "Keep mine" } else { "Keep the first" }}
                    </button>
                    <button type="button" on:click=move |_| choose(theirs_value.clone())>
                        {if is_mine { "Keep theirs" } else { "Keep the other" }}
                    </button>
                    <button type="button" on:click=move |_| other.set(true)>"Enter another value"</button>
                    <button type="button" class="quiet" on:click=move |_| hidden.set(Some(id))>"Decide later"</button>
                </div>
                <Show when=move || other.get()>
                    <form class="other-value" on:submit=save_typed.clone()>
                        <label for="conflict-other">"Another value"</label>
                        <input id="conflict-other" type="text" autocomplete="off"
                            prop:value=move || typed_text.get()
                            on:input=move |ev| typed_text.set(event_target_value(&ev))/>
                        <button type="submit">"Save this value"</button>
                    </form>
                </Show>
            </section>
        </div>
    }
}

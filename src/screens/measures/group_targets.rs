//! The measure editor's targets by group: for each breakdown the measure uses, an optional
//! target (period and value) per category, as `cairn_core::GroupTarget`s. The measure page says
//! how each group stands against its target (`cairn_core::equity::ByGroup::targets_text`).

use cairn_core::{Breakdown, Group};
use leptos::prelude::*;

use super::editor::Draft;
use crate::state::use_store;

/// The ids and labels of `group`'s target period and value inputs.
pub(super) fn fields(group: &Group) -> ((String, String), (String, String)) {
    let id: Vec<String> = group
        .choices()
        .iter()
        .map(|c| format!("{}-{}", c.breakdown, c.category))
        .collect();
    let id = id.join("-");
    (
        (
            format!("group-target-{id}-period"),
            format!("Target period for {group}"),
        ),
        (
            format!("group-target-{id}-value"),
            format!("Target value for {group}"),
        ),
    )
}

#[component]
pub(super) fn GroupTargets(draft: RwSignal<Draft>) -> impl IntoView {
    let store = use_store();
    let chosen = Memo::new(move |_| {
        let codes = draft.with(|d| d.breakdowns.clone());
        store.doc.with(|doc| {
            doc.as_ref().map_or_else(Vec::new, |doc| {
                codes
                    .iter()
                    .filter_map(|c| doc.coalition.breakdown(c).cloned())
                    .collect::<Vec<Breakdown>>()
            })
        })
    });
    move || {
        chosen
            .get()
            .into_iter()
            .map(|breakdown| view! { <OneBreakdown breakdown draft/> })
            .collect::<Vec<_>>()
    }
}

/// The targets of one breakdown's categories, a row each.
#[component]
fn OneBreakdown(breakdown: Breakdown, draft: RwSignal<Draft>) -> impl IntoView {
    let rows = breakdown
        .categories
        .iter()
        .map(|c| {
            let group = Group::one(breakdown.code.clone(), c.code.clone());
            let ((period_id, _), (value_id, _)) = fields(&group);
            // One part of the group's target: its period (0) or its value (1).
            let get = {
                let group = group.clone();
                move |part: usize| {
                    draft.with(|d| {
                        d.group_targets
                            .iter()
                            .find(|t| t.0 == group)
                            .map(|t| if part == 0 { t.1.clone() } else { t.2.clone() })
                            .unwrap_or_default()
                    })
                }
            };
            let set = move |part: usize, text: String| {
                draft.update(|d| {
                    let at = match d.group_targets.iter().position(|t| t.0 == group) {
                        Some(at) => at,
                        None => {
                            d.group_targets
                                .push((group.clone(), String::new(), String::new()));
                            d.group_targets.len() - 1
                        }
                    };
                    let target = &mut d.group_targets[at];
                    *(if part == 0 { &mut target.1 } else { &mut target.2 }) = text;
                    if target.1.is_empty() && target.2.is_empty() {
                        d.group_targets.remove(at);
                    }
                })
            };
            let (get_value, set_value) = (get.clone(), set.clone());
            view! {
                <tr>
                    <th scope="row">{c.label.clone()}</th>
                    <td><input type="text" id=period_id aria-label=format!("Target period for {}", c.label)
                        prop:value=move || get(0)
                        on:input=move |ev| set(0, event_target_value(&ev))/></td>
                    <td><input type="text" id=value_id aria-label=format!("Target value for {}", c.label)
                        prop:value=move || get_value(1)
                        on:input=move |ev| set_value(1, event_target_value(&ev))/></td>
                </tr>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="group-targets">
            <h2>{format!("Targets by {} (optional)", breakdown.name.to_lowercase())}</h2>
            <small>"A group's own target, beside the measure's: leave a row empty for none. The measure page says how each group stands against it."</small>
            <table class="list">
                <thead><tr><th scope="col">"Group"</th><th scope="col">"Period"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

//! Where a measure's values go when it stops using a breakdown: the editor shows this when a
//! save is refused because values count the breakdown (`breakdown_under_values`). For each such
//! breakdown the member chooses "into the totals" or "onto" a breakdown the measure starts to
//! use, category by category; the core says what that would do before anything changes
//! (`cairn_core::regroup::plan`), and one change applies it (`Document::regroup_measure`).

use cairn_core::regroup::{dropped_under_values, plan, Mapping};
use cairn_core::{Breakdown, Code, Document, Measure};
use leptos::prelude::*;

use crate::route::{navigate, Route};
use crate::state::use_store;

/// A first mapping of `from` onto `to`: each category to the one with its code, else its
/// label, else the first.
fn first_mapping(from: &Breakdown, to: &Breakdown) -> Mapping {
    let categories = from
        .categories
        .iter()
        .map(|c| {
            let goes = to
                .categories
                .iter()
                .find(|n| n.code == c.code)
                .or_else(|| to.categories.iter().find(|n| n.label == c.label))
                .unwrap_or(&to.categories[0]);
            (c.code.clone(), goes.code.clone())
        })
        .collect();
    Mapping::Onto {
        from: from.code.clone(),
        to: to.code.clone(),
        categories,
    }
}

/// The measure as saved now, the breakdowns its values count that the edit drops (with how many
/// values), and the breakdowns the edit adds.
fn dropped(doc: &Document, edited: &Measure) -> (Vec<(Breakdown, usize)>, Vec<Breakdown>) {
    let Some(old) = doc.measure(&edited.code) else {
        return (Vec::new(), Vec::new());
    };
    let named = |c: &Code| doc.coalition.breakdown(c).cloned();
    let dropped = dropped_under_values(doc, old, edited)
        .into_iter()
        .filter_map(|(c, n)| Some((named(&c)?, n)))
        .collect();
    let added = edited
        .breakdowns
        .iter()
        .filter(|b| !old.breakdowns.contains(b))
        .filter_map(named)
        .collect();
    (dropped, added)
}

/// The offer the editor shows when a save is refused because values count a breakdown the
/// measure would stop using: `offer` holds the measure as the form would save it.
#[component]
pub fn RegroupOffer(offer: RwSignal<Option<Measure>>, done: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let mappings = RwSignal::new(Vec::<Mapping>::new());
    let error = RwSignal::new(None::<String>);
    let shape = Memo::new(move |_| {
        offer.with(|o| {
            o.as_ref().map(|m| {
                store
                    .doc
                    .with_untracked(|d| d.as_ref().map(|d| dropped(d, m)).unwrap_or_default())
            })
        })
    });
    Effect::new(move |_| {
        if let Some((dropped, _)) = shape.get() {
            error.set(None);
            mappings.set(
                dropped
                    .iter()
                    .map(|(b, _)| Mapping::IntoTotal {
                        from: b.code.clone(),
                    })
                    .collect(),
            );
        }
    });
    let preview = Memo::new(move |_| {
        let edited = offer.get()?;
        let mappings = mappings.get();
        store.doc.with(|d| {
            let d = d.as_ref()?;
            let old = d.measure(&edited.code)?;
            Some(
                plan(d, old, &edited, &mappings, "", "")
                    .map(|p| p.text())
                    .map_err(|e| e.to_string()),
            )
        })
    });
    let go = move |_| {
        let Some(edited) = offer.get_untracked() else {
            return;
        };
        let code = edited.code.clone();
        let by = crate::state::storage::member_name();
        let at = crate::clock::now();
        let chosen = mappings.get_untracked();
        match store.change(|doc| doc.regroup_measure(edited, &chosen, &by, &at)) {
            Ok(_) => {
                done.set(true);
                navigate(&Route::Measure(code));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Show when=move || shape.with(|s| s.as_ref().is_some_and(|(d, _)| !d.is_empty()))>
            <section class="regroup-offer" aria-labelledby="regroup-title">
                <h2 id="regroup-title">"Where the values by group go"</h2>
                <p>"This measure's values count groups of a breakdown it would stop using. Choose where they go; nothing changes until you apply it, and the history keeps every value as it was."</p>
                {move || shape.get().map(|(dropped, added)| dropped.into_iter().enumerate().map(|(i, (from, count))| {
                    view! { <Choice index=i from count added=added.clone() mappings/> }
                }).collect::<Vec<_>>())}
                <p class="regroup-preview" role="status">
                    {move || match preview.get() {
                        Some(Ok(text)) => text,
                        Some(Err(why)) => why,
                        None => String::new(),
                    }}
                </p>
                <div role="alert">
                    {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
                </div>
                <button type="button" class="primary" on:click=go
                    disabled=move || !matches!(preview.get(), Some(Ok(_)))>
                    "Change the breakdowns and move the values"
                </button>
            </section>
        </Show>
    }
}

/// The choice for one breakdown: into the totals, or onto one of the breakdowns added, with a
/// new category for each old one.
#[component]
fn Choice(
    index: usize,
    from: Breakdown,
    count: usize,
    added: Vec<Breakdown>,
    mappings: RwSignal<Vec<Mapping>>,
) -> impl IntoView {
    let name = format!("regroup-{index}");
    let legend = format!("{count} values by {}", from.name.to_lowercase());
    let current = move || mappings.with(|m| m.get(index).cloned());
    let set = move |m: Mapping| mappings.update(|all| all[index] = m);
    let into_total = {
        let from = from.code.clone();
        move |_| set(Mapping::IntoTotal { from: from.clone() })
    };
    let onto_options = added
        .iter()
        .map(|to| {
            let (from_b, to_b) = (from.clone(), to.clone());
            let to_code = to.code.clone();
            let checked =
                move || matches!(current(), Some(Mapping::Onto { to, .. }) if to == to_code);
            view! {
                <label class="check">
                    <input type="radio" name=name.clone() prop:checked=checked
                        on:change=move |_| set(first_mapping(&from_b, &to_b))/>
                    {format!(" Onto {}: choose where each category goes", to.name.to_lowercase())}
                </label>
            }
        })
        .collect::<Vec<_>>();
    let categories = move || {
        let Some(Mapping::Onto { to, categories, .. }) = current() else {
            return None;
        };
        let to = added.iter().find(|b| b.code == to)?.clone();
        Some(
            from.categories
                .iter()
                .map(|c| {
                    let id = format!("regroup-{index}-{}", c.code);
                    let old = c.code.clone();
                    let goes = categories
                        .iter()
                        .find(|(o, _)| *o == old)
                        .map(|(_, n)| n.clone());
                    let pick = move |ev: leptos::ev::Event| {
                        let Ok(new) = Code::parse(&event_target_value(&ev)) else {
                            return;
                        };
                        let old = old.clone();
                        mappings.update(|all| {
                            if let Some(Mapping::Onto { categories, .. }) = all.get_mut(index) {
                                for pair in categories.iter_mut().filter(|(o, _)| *o == old) {
                                    pair.1 = new.clone();
                                }
                            }
                        });
                    };
                    view! {
                        <div class="field">
                            <label for=id.clone()>{format!("{} goes to", c.label)}</label>
                            <select id=id on:change=pick>
                                {to.categories.iter().map(|n| {
                                    let selected = goes.as_ref() == Some(&n.code);
                                    view! { <option value=n.code.to_string() selected=selected>{n.label.clone()}</option> }
                                }).collect::<Vec<_>>()}
                            </select>
                        </div>
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    let total_checked = move || matches!(current(), Some(Mapping::IntoTotal { .. }));
    view! {
        <fieldset>
            <legend>{legend}</legend>
            <label class="check">
                <input type="radio" name=name.clone() prop:checked=total_checked on:change=into_total/>
                " Into the totals: each partner's categories make its value for everyone"
            </label>
            {onto_options}
            {categories}
        </fieldset>
    }
}

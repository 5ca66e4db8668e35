//! The coalition's breakdowns (`cairn_core::breakdown`): the named sets of categories measures
//! are reported by, and how small a count must be to be hidden wherever figures leave the
//! coalition (`cairn_core::suppression`). Administrators change them; everyone sees them.

use cairn_core::{Breakdown, Category, Coalition, Code, Error};
use leptos::prelude::*;

use crate::components::role::administers;
use crate::state::use_store;

/// What the form for one breakdown holds, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    /// The code of the breakdown being changed; `None` for a new one.
    editing: Option<Code>,
    code: String,
    name: String,
    /// One category per line: `code, label`.
    categories: String,
    exhaustive: bool,
}

impl Draft {
    fn of(b: &Breakdown) -> Draft {
        Draft {
            editing: Some(b.code.clone()),
            code: b.code.to_string(),
            name: b.name.clone(),
            categories: b
                .categories
                .iter()
                .map(|c| format!("{}, {}", c.code, c.label))
                .collect::<Vec<_>>()
                .join("\n"),
            exhaustive: b.exhaustive,
        }
    }

    /// The breakdown as typed; a line without a comma is its own code and label.
    fn build(&self) -> Result<Breakdown, Error> {
        let categories = self
            .categories
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let (code, label) = line.split_once(',').unwrap_or((line, line));
                Ok(Category {
                    code: Code::parse(code)?,
                    label: label.trim().to_string(),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let breakdown = Breakdown {
            code: Code::parse(&self.code)?,
            name: self.name.trim().to_string(),
            categories,
            exhaustive: self.exhaustive,
        };
        breakdown.validate()?;
        Ok(breakdown)
    }
}

/// The coalition's breakdowns with `draft`'s in place of the one it edits, or added last.
fn with_draft(coalition: &Coalition, draft: &Draft) -> Result<Vec<Breakdown>, Error> {
    let new = draft.build()?;
    let mut all = coalition.breakdowns.clone();
    match all
        .iter_mut()
        .find(|b| Some(&b.code) == draft.editing.as_ref())
    {
        Some(held) => *held = new,
        None => all.push(new),
    }
    Ok(all)
}

#[component]
pub fn Breakdowns() -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let held = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().map(|d| d.coalition.breakdowns.clone()))
            .unwrap_or_default()
    });
    let draft = RwSignal::new(Draft {
        exhaustive: true,
        ..Draft::default()
    });
    let message = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        let done = store.change(|doc| {
            let breakdowns = with_draft(&doc.coalition, &d)?;
            doc.may_change_breakdowns(&breakdowns)?;
            let mut coalition = doc.coalition.clone();
            coalition.breakdowns = breakdowns;
            doc.set_coalition(coalition)
        });
        message.set(Some(match done {
            Ok(()) => {
                draft.set(Draft {
                    exhaustive: true,
                    ..Draft::default()
                });
                format!("Saved the breakdown “{}”. Choose it on a measure to enter values by its categories.", d.name.trim())
            }
            Err(e) => e.to_string(),
        }));
    };
    let remove = move |code: Code| {
        let done = store.change(|doc| {
            let mut coalition = doc.coalition.clone();
            coalition.breakdowns.retain(|b| b.code != code);
            doc.may_change_breakdowns(&coalition.breakdowns)?;
            doc.set_coalition(coalition)
        });
        message.set(Some(match done {
            Ok(()) => format!("Removed the breakdown {code}."),
            Err(e) => e.to_string(),
        }));
    };
    view! {
        <section class="breakdowns" aria-labelledby="breakdowns-heading">
            <h2 id="breakdowns-heading">"Breakdowns"</h2>
            <p>"Report a measure by group (age band, area, race or ethnicity) to see not only whether teens are better off, but which teens. A value entered for a category is its own value; the total comes from the categories when they cover everyone."</p>
            <ul class="breakdown-list">
                {move || held.get().into_iter().map(|b| {
                    let code = b.code.clone();
                    let edit = Draft::of(&b);
                    let categories = b.categories.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(", ");
                    let covers = if b.exhaustive { "cover everyone" } else { "do not cover everyone" };
                    view! {
                        <li>
                            <strong>{b.name.clone()}</strong>" ("{b.code.to_string()}"): "{categories}"; the categories "{covers}". "
                            <button type="button" class="link" disabled=move || !admin()
                                on:click=move |_| draft.set(edit.clone())>"Change"</button>" "
                            <button type="button" class="link" disabled=move || !admin()
                                on:click=move |_| remove(code.clone())>"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p hidden=move || !held.get().is_empty()>"No breakdowns yet."</p>
            <form on:submit=save class="breakdown-form">
                <fieldset disabled=move || !admin()>
                    <legend>{move || match draft.with(|d| d.editing.clone()) {
                        Some(code) => format!("Change the breakdown {code}"),
                        None => "Add a breakdown".to_string(),
                    }}</legend>
                    <label for="breakdown-name">"Name"</label>
                    <input id="breakdown-name" type="text" placeholder="Age band"
                        prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                    <label for="breakdown-code">"Code"</label>
                    <input id="breakdown-code" type="text" placeholder="AGE"
                        disabled=move || draft.with(|d| d.editing.is_some())
                        prop:value=move || draft.with(|d| d.code.clone())
                        on:input=move |ev| draft.update(|d| d.code = event_target_value(&ev))/>
                    <label for="breakdown-categories">"Categories, one per line: code, label"</label>
                    <textarea id="breakdown-categories" rows="5" aria-describedby="breakdown-categories-hint"
                        prop:value=move || draft.with(|d| d.categories.clone())
                        on:input=move |ev| draft.update(|d| d.categories = event_target_value(&ev))></textarea>
                    <p class="hint" id="breakdown-categories-hint">"For example “13-15, 13–15” on one line and “16-18, 16–18” on the next. A category's code never changes once values use it."</p>
                    <label class="check">
                        <input type="checkbox" id="breakdown-exhaustive"
                            prop:checked=move || draft.with(|d| d.exhaustive)
                            on:change=move |ev| draft.update(|d| d.exhaustive = event_target_checked(&ev))/>
                        " The categories cover everyone (include “Not reported” if some are not known)"
                    </label>
                    <button type="submit">{move || if draft.with(|d| d.editing.is_some()) { "Save the breakdown" } else { "Add the breakdown" }}</button>
                </fieldset>
            </form>
            <SmallCells/>
            <p class="form-message" role="status">{move || message.get()}</p>
        </section>
    }
}

/// The threshold below which published counts are hidden, and whether viewers see figures as
/// outside readers do.
#[component]
fn SmallCells() -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let held = Memo::new(move |_| {
        store.doc.with(|d| {
            d.as_ref()
                .map_or((Coalition::DEFAULT_SMALL_CELLS, false), |d| {
                    (
                        d.coalition.small_cells,
                        d.coalition.hide_small_cells_from_viewers,
                    )
                })
        })
    });
    let message = RwSignal::new(None::<String>);
    let set = move |threshold: u32, viewers: bool| {
        let done = store.change(|doc| {
            let mut coalition = doc.coalition.clone();
            coalition.small_cells = threshold;
            coalition.hide_small_cells_from_viewers = viewers;
            doc.set_coalition(coalition)
        });
        message.set(Some(match done {
            Ok(()) if threshold == 0 => "Published figures now hide no counts.".into(),
            Ok(()) => format!("Published figures now hide counts from 1 to {threshold}, and the figures that would give them back."),
            Err(e) => e.to_string(),
        }));
    };
    view! {
        <fieldset class="small-cells" disabled=move || !admin()>
            <legend>"Small groups in published figures"</legend>
            <label for="small-cells">"Hide counts and denominators from 1 to"</label>
            <input id="small-cells" type="number" min="0" max="100" inputmode="numeric"
                aria-describedby="small-cells-hint"
                prop:value=move || held.get().0.to_string()
                on:change=move |ev| {
                    match event_target_value(&ev).trim().parse::<u32>() {
                        Ok(n) => set(n, held.get_untracked().1),
                        Err(_) => message.set(Some("Write a whole number from 0 to 100.".into())),
                    }
                }/>
            <p class="hint" id="small-cells-hint">"In the funder report and the public report card, a group this small is marked C and one more figure D, so no one in it can be recognised. 0 hides nothing."</p>
            <label class="check">
                <input type="checkbox" id="small-cells-viewers"
                    prop:checked=move || held.get().1
                    on:change=move |ev| set(held.get_untracked().0, event_target_checked(&ev))/>
                " Viewers see published figures too, with small groups hidden"
            </label>
            <p class="form-message" role="status">{move || message.get()}</p>
        </fieldset>
    }
}

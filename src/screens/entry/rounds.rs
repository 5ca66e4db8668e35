//! The grid's review row: under each table, where each period's values stand (draft,
//! submitted, approved, returned) and the button that submits them; above the grid, what the
//! backbone returned and why. Shown only while the coalition reviews values
//! (`cairn_core::review`).

use cairn_core::review::{check_step, Review, Stage};
use cairn_core::{Code, Document, Error, FiscalYearStart, Frequency, Period};
use leptos::prelude::*;

use crate::state::{use_store, Store};

/// Whether the coalition reviews values.
pub fn reviewing(store: Store) -> Memo<bool> {
    Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().is_some_and(|d| d.coalition.review))
    })
}

/// Takes the next step of `partner`'s round for `period` as `member`, with the core's review
/// rule checked first; the message says what happened.
pub fn take_step(
    store: Store,
    partner: &Code,
    period: Period,
    stage: Stage,
    comment: &str,
    member: &str,
) -> Result<(), Error> {
    store.change(|doc| {
        let held = doc.review(partner, period);
        let next = held
            .cloned()
            .unwrap_or_else(|| Review::new(partner.clone(), period))
            .then(stage, comment, member, &crate::clock::now());
        check_step(held, &next)?;
        doc.put_review(next)
    })
}

/// How many values `partner` has for exactly `period` among the measures of `frequency`.
fn values_in(doc: &Document, partner: &Code, period: Period, frequency: Frequency) -> usize {
    doc.measures_reported_by(partner)
        .filter(|m| m.frequency == frequency)
        .filter(|m| {
            doc.observations
                .get(&cairn_core::CellKey {
                    group: cairn_core::Group::total(),
                    measure: m.code.clone(),
                    period,
                    partner: partner.clone(),
                })
                .is_some()
        })
        .count()
}

/// The row under a table: one cell per period column.
#[component]
pub fn RoundsRow(
    partner: Code,
    periods: Vec<Period>,
    frequency: Frequency,
    member: RwSignal<String>,
) -> impl IntoView {
    let on = reviewing(use_store());
    let cells = periods
        .into_iter()
        .map(|period| view! { <RoundCell partner=partner.clone() period frequency member/> })
        .collect_view();
    view! {
        <tr class="rounds" hidden=move || !on.get()>
            <th scope="row">"Review"<small>"Submit a period once its values are in"</small></th>
            <td class="reference"></td>
            <td class="reference"></td>
            {cells}
        </tr>
    }
}

#[component]
fn RoundCell(
    partner: Code,
    period: Period,
    frequency: Frequency,
    member: RwSignal<String>,
) -> impl IntoView {
    let store = use_store();
    let grant = crate::components::role::use_grant();
    let code = partner.clone();
    let state = Memo::new(move |_| {
        store.doc.with(|d| {
            d.as_ref().map_or((Stage::Draft, 0), |d| {
                (
                    d.stage(&code, period),
                    values_in(d, &code, period, frequency),
                )
            })
        })
    });
    let message = RwSignal::new(None::<String>);
    let partner = StoredValue::new(partner);
    let may = move || grant.with(|g| partner.with_value(|p| g.enters_for(p)));
    let step = move |stage: Stage| {
        let done =
            partner.with_value(|p| take_step(store, p, period, stage, "", &member.get_untracked()));
        message.set(done.err().map(|e| e.to_string()));
    };
    let when = period.code();
    view! {
        <td class="round" data-stage=move || state.get().0.label()>
            {move || match state.get() {
                (Stage::Draft, 0) => view! { <span class="stage">"No values yet"</span> }.into_any(),
                (stage, _) => view! { <span class="stage">{stage_word(stage)}</span> }.into_any(),
            }}
            {
                let when = when.clone();
                move || {
                    let (stage, count) = state.get();
                    (may() && count > 0 && matches!(stage, Stage::Draft | Stage::Returned)).then(|| view! {
                        <button type="button" class="small" aria-label=format!("Submit {when} for review")
                            on:click=move |_| step(Stage::Submitted)>"Submit"</button>
                    })
                }
            }
            {move || {
                let withdraw = may() && state.get().0 == Stage::Submitted;
                withdraw.then(|| view! {
                    <button type="button" class="small link" aria-label=format!("Withdraw {when} to change it")
                        on:click=move |_| step(Stage::Draft)>"Withdraw"</button>
                })
            }}
            {move || message.get().map(|m| view! { <span class="cell-error" role="alert">{m}</span> })}
        </td>
    }
}

/// The stage as the grid shows it, with a symbol so it is not told by colour alone.
pub fn stage_word(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "✎ Draft",
        Stage::Submitted => "→ Submitted",
        Stage::Approved => "✓ Approved",
        Stage::Returned => "↩ Returned",
    }
}

/// Above the grid: every round of `partner` the backbone returned, with its comment.
#[component]
pub fn ReturnedNotice(partner: Code, start: FiscalYearStart) -> impl IntoView {
    let store = use_store();
    let returned = Memo::new(move |_| {
        store.doc.with(|d| {
            d.as_ref().map_or(Vec::new(), |d| {
                d.reviews
                    .iter()
                    .filter(|r| r.partner == partner && r.stage() == Stage::Returned)
                    .filter_map(|r| Some((r.period, r.steps.last()?.clone())))
                    .collect::<Vec<_>>()
            })
        })
    });
    move || {
        let returned = returned.get();
        (!returned.is_empty()).then(|| view! {
            <div class="notice returned" role="note">
                <p><strong>"Returned by the backbone: fix these values, then submit again."</strong></p>
                <ul>
                    {returned.into_iter().map(|(period, step)| view! {
                        <li>{format!("{} ({}), by {} on {}: “{}”", period.code(), period.label(start), step.by, step.at.get(..10).unwrap_or(""), step.comment)}</li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

//! The coalition's partners: who they are, and how deep each partnership runs.

use cairn_core::{Characteristics, Code, Error, Partner, PartnershipLevel, Scale, Sector};
use leptos::prelude::*;

use crate::store::use_store;

#[derive(Clone, Debug, PartialEq)]
struct Draft {
    code: String,
    name: String,
    sector: Sector,
    level: PartnershipLevel,
    scales: [u8; 4],
}

const SCALES: [(&str, &str, &str); 4] = [
    ("Structure", "informal", "highly structured"),
    ("Communication", "once in a while", "frequent"),
    ("Decision-making", "one-sided", "equal"),
    ("Commitment", "low", "high"),
];

impl Draft {
    fn new() -> Draft {
        Draft {
            code: String::new(),
            name: String::new(),
            sector: Sector::Nonprofit,
            level: PartnershipLevel::Networking,
            scales: [3; 4],
        }
    }

    fn from(p: &Partner) -> Draft {
        let c = p.characteristics;
        Draft {
            code: p.code.to_string(),
            name: p.name.clone(),
            sector: p.sector,
            level: p.level,
            scales: [
                c.structure.get(),
                c.communication.get(),
                c.decision_making.get(),
                c.commitment.get(),
            ],
        }
    }

    fn build(&self) -> Result<Partner, Error> {
        let s = |i: usize| Scale::new(SCALES[i].0, self.scales[i]);
        Ok(Partner {
            code: Code::parse(&self.code)?,
            name: self.name.trim().to_string(),
            sector: self.sector,
            level: self.level,
            characteristics: Characteristics {
                structure: s(0)?,
                communication: s(1)?,
                decision_making: s(2)?,
                commitment: s(3)?,
            },
        })
    }
}

#[component]
pub fn Partners() -> impl IntoView {
    let store = use_store();
    // The partner being edited: `Some(None)` for a new one.
    let editing = RwSignal::new(None::<Option<Code>>);
    let list = move || {
        store.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                doc.partners
                    .iter()
                    .map(|p| {
                        let code = p.code.clone();
                        view! {
                            <tr>
                                <td><code>{p.code.to_string()}</code></td>
                                <th scope="row">{p.name.clone()}</th>
                                <td>{p.sector.label()}</td>
                                <td>{p.level.label()}</td>
                                <td>
                                    <button type="button" class="link"
                                        aria-label=format!("Edit {}", p.name)
                                        on:click=move |_| editing.set(Some(Some(code.clone())))>"Edit"</button>
                                </td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <section class="partners">
            <div class="page-head">
                <h2>"Partners"</h2>
                <button type="button" on:click=move |_| editing.set(Some(None))>"Add a partner"</button>
            </div>
            {move || editing.get().map(|code| view! { <PartnerForm code editing/> })}
            <div class="table-wrap">
                <table class="list">
                    <thead>
                        <tr>
                            <th scope="col">"Code"</th>
                            <th scope="col">"Partner"</th>
                            <th scope="col">"Sector"</th>
                            <th scope="col">"Level of partnership"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{list}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PartnerForm(code: Option<Code>, editing: RwSignal<Option<Option<Code>>>) -> impl IntoView {
    let store = use_store();
    let is_new = code.is_none();
    let initial = code
        .as_ref()
        .and_then(|c| {
            store
                .doc
                .with_untracked(|d| d.as_ref().and_then(|d| d.partner(c)).map(Draft::from))
        })
        .unwrap_or_else(Draft::new);
    let draft = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = draft.with_untracked(Draft::build).and_then(|p| {
            store.change(|doc| {
                if is_new {
                    doc.add_partner(p)
                } else {
                    doc.put_partner(p)
                }
            })
        });
        match result {
            Ok(()) => editing.set(None),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let remove = move |_| {
        let Ok(code) = Code::parse(&draft.with_untracked(|d| d.code.clone())) else {
            return;
        };
        match store.change(|doc| doc.remove_partner(&code)) {
            Ok(_) => editing.set(None),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="editor partner-form" on:submit=save novalidate aria-label=if is_new { "New partner" } else { "Edit partner" }>
            <div class="form-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get()}</div>
            <div class="pair">
                <label class="field narrow">
                    <span>"Code"</span>
                    <input type="text" disabled=!is_new prop:value=move || draft.with(|d| d.code.clone())
                        on:input=move |ev| draft.update(|d| d.code = event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>"Name"</span>
                    <input type="text" prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                </label>
            </div>
            <div class="pair">
                <label class="field">
                    <span>"Sector"</span>
                    <select on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        draft.update(|d| d.sector = Sector::ALL[i.min(Sector::ALL.len() - 1)]);
                    }>
                        {Sector::ALL.iter().enumerate().map(|(i, &s)| view! {
                            <option value=i.to_string() selected=move || draft.with(|d| d.sector == s)>{s.label()}</option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label class="field">
                    <span>"Level of partnership"</span>
                    <select on:change=move |ev| {
                        let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                        draft.update(|d| d.level = PartnershipLevel::ALL[i.min(PartnershipLevel::ALL.len() - 1)]);
                    }>
                        {PartnershipLevel::ALL.iter().enumerate().map(|(i, &l)| view! {
                            <option value=i.to_string() selected=move || draft.with(|d| d.level == l)>
                                {format!("{}. {}", i + 1, l.label())}
                            </option>
                        }).collect::<Vec<_>>()}
                    </select>
                    <small>{move || draft.with(|d| d.level.explanation())}</small>
                </label>
            </div>
            <fieldset class="scales">
                <legend>"Characteristics, from light (1) to intense (5)"</legend>
                {SCALES.iter().enumerate().map(|(i, &(name, low, high))| view! {
                    <label class="field scale">
                        <span>{name}</span>
                        <small>{format!("1 {low} … 5 {high}")}</small>
                        <input type="range" min="1" max="5" step="1"
                            aria-valuetext=move || draft.with(|d| format!("{} of 5", d.scales[i]))
                            prop:value=move || draft.with(|d| d.scales[i].to_string())
                            on:input=move |ev| {
                                let v = event_target_value(&ev).parse().unwrap_or(3);
                                draft.update(|d| d.scales[i] = v);
                            }/>
                        <output>{move || draft.with(|d| d.scales[i])}</output>
                    </label>
                }).collect::<Vec<_>>()}
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">"Save partner"</button>
                <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button>
                <Show when=move || !is_new>
                    <button type="button" class="danger" on:click=remove>"Remove partner"</button>
                </Show>
            </div>
        </form>
    }
}

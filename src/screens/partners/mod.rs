//! The coalition's partners: who they are, and how deep each partnership runs.

use cairn_core::{Characteristics, Code, Error, Partner, PartnershipLevel, Scale, Sector};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Places, Problem, Problems};
use crate::state::use_store;

/// The partner form, as named when leaving it with unsaved work.
const FORM: &str = "the partner form";
const CODE: &str = "partner-code";
const NAME: &str = "partner-name";
const DATE: &str = "change-date";
const NOTE: &str = "change-note";

/// Where the core's refusals are shown.
const PLACES: Places = &[
    ("The partner's code", CODE, "Code"),
    ("invalid_code", CODE, "Code"),
    ("duplicate_code", CODE, "Code"),
    ("The partner's name", NAME, "Name"),
    ("invalid_date", DATE, "Date of the change"),
    ("history_out_of_order", DATE, "Date of the change"),
    ("A change's note", NOTE, "Note"),
    ("The note", NOTE, "Note"),
    ("change_needs_date", NOTE, "Note"),
];

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
        Ok(Partner::new(
            Code::parse(&self.code).map_err(|e| match e {
                // The core says "A code"; here it is the partner's.
                Error::Required { .. } => Error::Required {
                    field: "The partner's code",
                },
                e => e,
            })?,
            self.name.trim(),
            self.sector,
            self.level,
            Characteristics {
                structure: s(0)?,
                communication: s(1)?,
                decision_making: s(2)?,
                commitment: s(3)?,
            },
        ))
    }
}

#[component]
pub fn Partners() -> impl IntoView {
    let store = use_store();
    // The partner being edited: `Some(None)` for a new one.
    let editing = RwSignal::new(None::<Option<Code>>);
    // Opening another partner's form in place of one with unsaved work asks first.
    let open = move |code: Option<Code>| {
        if form::may_discard(FORM) {
            editing.set(Some(code));
        }
    };
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
                                    <button type="button" class="link" hidden=crate::components::role::not_administers()
                                        aria-label=format!("Edit {}", p.name)
                                        on:click=move |_| open(Some(code.clone()))>"Edit"</button>
                                    " "
                                    <a href=crate::route::Route::History(Some(cairn_core::sync::Record::Partner(p.code.clone()))).href()
                                        aria-label=format!("History of {}", p.name)>"History"</a>
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
                <Show when=crate::components::role::administers()>
                    <button type="button" on:click=move |_| open(None)>"Add a partner"</button>
                </Show>
            </div>
            {move || editing.get().map(|code| view! { <PartnerForm code editing/> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Partners">
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

/// A partner's path up (or down) the ladder, and the readiness answers kept for it.
#[component]
fn History(code: Code) -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let partner = doc.as_ref()?.partner(&code)?;
            let rows = partner
                .history
                .iter()
                .rev()
                .map(|c| {
                    view! {
                        <tr>
                            <th scope="row">{c.date.to_string()}</th>
                            <td>{c.level_before.label()}</td>
                            <td>{c.level_after.label()}</td>
                            <td>{c.note.clone()}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            let readiness = partner.readiness.clone();
            Some(view! {
                <section class="history" aria-label="Partnership history">
                    <h3>"History of the partnership"</h3>
                    {if rows.is_empty() {
                        view! { <p class="empty">"No changes recorded yet."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap" tabindex="0" role="region" aria-label="Partnership history">
                                <table class="list">
                                    <thead><tr><th scope="col">"Date"</th><th scope="col">"From"</th><th scope="col">"To"</th><th scope="col">"Note"</th></tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                    <Readiness code=partner.code.clone() answers=readiness/>
                    <crate::screens::updates::UpdatesAbout link=cairn_core::Link::Partner(partner.code.clone())/>
                </section>
            })
        })
    }
}

/// The seed's "Are you ready to take the next step?" questions, answered and kept.
#[component]
fn Readiness(code: Code, answers: Option<cairn_core::Readiness>) -> impl IntoView {
    let store = use_store();
    let texts: Vec<RwSignal<String>> = (0..cairn_core::READINESS_QUESTIONS.len())
        .map(|i| {
            RwSignal::new(
                answers
                    .as_ref()
                    .and_then(|r| r.answers.get(i).cloned())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let saved = RwSignal::new(answers.as_ref().map(|r| r.date.to_string()));
    let message = RwSignal::new(None::<String>);
    let fields = texts.clone();
    let save = move |_| {
        let date = crate::clock::today();
        let answers: Vec<String> = fields
            .iter()
            .map(|t| t.get_untracked().trim().to_string())
            .collect();
        let result = store.change(|doc| {
            let mut next = doc.clone();
            let partner = next
                .partners
                .iter_mut()
                .find(|p| p.code == code)
                .ok_or_else(|| cairn_core::Error::UnknownPartner(code.to_string()))?;
            partner.readiness = Some(cairn_core::Readiness { date, answers });
            partner.validate()?;
            *doc = next;
            Ok(date)
        });
        match result {
            Ok(date) => {
                saved.set(Some(date.to_string()));
                message.set(None);
            }
            Err(e) => message.set(Some(e.to_string())),
        }
    };
    view! {
        <details class="readiness">
            <summary>"Are you ready to take the next step? "{move || saved.get().map(|d| format!("(answered {d})"))}</summary>
            {cairn_core::READINESS_QUESTIONS.iter().zip(texts).map(|(question, text)| view! {
                <label class="field">
                    <span class="question">{*question}</span>
                    <textarea rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
            }).collect::<Vec<_>>()}
            <button type="button" on:click=save>"Save the answers"</button>
            {move || message.get().map(|m| view! { <p class="form-error">{m}</p> })}
        </details>
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
    let stored = initial.clone();
    let draft = RwSignal::new(initial);
    let problems = Problems::new("partner-error");
    // A change of level or characteristics is recorded in the history with a date and a note.
    let changed = {
        let stored = stored.clone();
        move || !is_new && draft.with(|d| d.level != stored.level || d.scales != stored.scales)
    };
    let change_date = RwSignal::new(crate::clock::today().to_string());
    let change_note = RwSignal::new(String::new());
    form::track(FORM, move || {
        draft.with(|d| d != &stored) || change_note.with(|n| !n.trim().is_empty())
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = draft.with_untracked(Draft::build).and_then(|p| {
            store.change(|doc| {
                if is_new {
                    return doc.add_partner(p);
                }
                // All or nothing: the name and the dated change are applied to a copy.
                let mut next = doc.clone();
                let (level, characteristics) = (p.level, p.characteristics);
                let current = next.partner(&p.code).cloned();
                let mut renamed = p.clone();
                if let Some(current) = &current {
                    renamed.level = current.level;
                    renamed.characteristics = current.characteristics;
                }
                next.put_partner(renamed)?;
                if current.is_some_and(|c| c.level != level || c.characteristics != characteristics)
                {
                    let date = cairn_core::Date::parse(&change_date.get_untracked())?;
                    next.change_partnership(
                        &p.code,
                        date,
                        level,
                        characteristics,
                        &change_note.get_untracked(),
                    )?;
                }
                *doc = next;
                Ok(())
            })
        });
        match result {
            Ok(()) => editing.set(None),
            Err(e) => problems.show(form::place(&e, PLACES)),
        }
    };
    let remove = move |_| {
        let Ok(code) = Code::parse(&draft.with_untracked(|d| d.code.clone())) else {
            return;
        };
        match store.change(|doc| doc.remove_partner(&code)) {
            Ok(_) => editing.set(None),
            Err(e) => problems.show(Problem::form(&e)),
        }
    };
    view! {
        <form class="editor partner-form" on:submit=save novalidate aria-label=if is_new { "New partner" } else { "Edit partner" }>
            <FormMessage problems/>
            <div class="pair">
                <div class="field narrow">
                    <label for=CODE>"Code"</label>
                    <input type="text" id=CODE disabled=!is_new prop:value=move || draft.with(|d| d.code.clone())
                        on:input=move |ev| draft.update(|d| d.code = event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for=NAME>"Name"</label>
                    <input type="text" id=NAME prop:value=move || draft.with(|d| d.name.clone())
                        on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))/>
                </div>
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
            <Show when=changed>
                <fieldset class="change">
                    <legend>"Record this change in the partnership's history"</legend>
                    <div class="pair">
                        <div class="field narrow">
                            <label for=DATE>"Date of the change"</label>
                            <input type="text" id=DATE placeholder="2026-11-29" prop:value=move || change_date.get() on:input=move |ev| change_date.set(event_target_value(&ev))/>
                        </div>
                        <div class="field">
                            <label for=NOTE>"Note"</label>
                            <input type="text" id=NOTE placeholder="What changed, and why" prop:value=move || change_note.get() on:input=move |ev| change_note.set(event_target_value(&ev))/>
                        </div>
                    </div>
                </fieldset>
            </Show>
            {code.clone().map(|code| view! { <History code/> })}
            <div class="actions">
                <button type="submit" class="primary">"Save partner"</button>
                <button type="button" on:click=move |_| if form::may_discard(FORM) { editing.set(None) }>"Cancel"</button>
                <Show when=move || !is_new>
                    <button type="button" class="danger" on:click=remove>"Remove partner"</button>
                </Show>
            </div>
        </form>
    }
}

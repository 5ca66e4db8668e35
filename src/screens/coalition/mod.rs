//! Coalition set-up: the common goal, the strategies and the fiscal year, review, the
//! breakdowns and small groups, the locked periods, then the partners.

mod breakdowns;
mod locks;
mod review;

use cairn_core::{partnership, Coalition, Code, Error, FiscalYearStart, Strategy};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Places, Problem, Problems};
use crate::screens::partners::Partners;
use crate::state::use_store;

#[derive(Clone, Debug, PartialEq)]
struct Draft {
    name: String,
    goal: String,
    fiscal_year_start: u8,
    tolerance: String,
    strategies: Vec<(String, String)>,
}

impl Draft {
    fn from(c: &Coalition) -> Draft {
        Draft {
            name: c.name.clone(),
            goal: c.goal.clone(),
            fiscal_year_start: c.fiscal_year_start.month(),
            tolerance: c.tolerance_percent.to_string(),
            strategies: c
                .strategies
                .iter()
                .map(|s| (s.code.to_string(), s.name.clone()))
                .collect(),
        }
    }

    fn build(&self) -> Result<Coalition, Problem> {
        let tolerance = self.tolerance.trim();
        let tolerance = tolerance.parse::<u8>().map_err(|_| {
            let e = Error::NotANumber {
                text: tolerance.to_string(),
            };
            Problem::at(TOLERANCE, "Tolerance band", &e)
        })?;
        let strategies = self
            .strategies
            .iter()
            .enumerate()
            .filter(|(_, (code, name))| !(code.trim().is_empty() && name.trim().is_empty()))
            .map(|(i, (code, name))| {
                let (id, label) = strategy_field(i, "code");
                Ok(Strategy {
                    code: Code::parse(code).map_err(|e| Problem::at(id, &label, &e))?,
                    name: name.trim().to_string(),
                })
            })
            .collect::<Result<_, Problem>>()?;
        Ok(Coalition {
            name: self.name.trim().to_string(),
            goal: self.goal.trim().to_string(),
            strategies,
            fiscal_year_start: FiscalYearStart::new(self.fiscal_year_start)
                .map_err(|e| Problem::form(&e))?,
            tolerance_percent: tolerance,
            // Saved reports are edited on the report screen, and locks, review, breakdowns and
            // small cells below this form; `save` keeps them.
            reports: Vec::new(),
            locked_periods: Vec::new(),
            lock_after_months: None,
            review: false,
            count_unapproved: false,
            breakdowns: Vec::new(),
            small_cells: Coalition::DEFAULT_SMALL_CELLS,
            hide_small_cells_from_viewers: false,
        })
    }

    /// Places a refusal by the core next to the field it is about; the core names a strategy
    /// by its code, or not at all, so the rows are searched.
    fn locate(&self, error: Error) -> Problem {
        let row = match &error {
            Error::Required { field } | Error::TooLong { field, .. }
                if *field == "A strategy's name" =>
            {
                // The first strategy with a code and no name, or a name too long.
                let i = self.strategies.iter().position(|(code, name)| {
                    !code.trim().is_empty() && name.trim().is_empty()
                        || name.trim().chars().count() > 120
                });
                i.map(|i| strategy_field(i, "name"))
            }
            Error::DuplicateCode { code, .. } => {
                // The second strategy with the code.
                let same = |c: &String| c.trim().eq_ignore_ascii_case(code);
                let rows = self.strategies.iter().enumerate();
                let i = rows.filter(|(_, s)| same(&s.0)).nth(1);
                i.map(|(i, _)| strategy_field(i, "code"))
            }
            _ => None,
        };
        match row {
            Some((id, label)) => Problem::at(id, &label, &error),
            None => form::place(&error, PLACES),
        }
    }
}

/// Where the core's other refusals are shown.
const PLACES: Places = &[
    ("The coalition's name", NAME, "Coalition name"),
    ("The common goal", "coalition-goal", "Common goal"),
    ("tolerance_out_of_range", TOLERANCE, "Tolerance band"),
];

const NAME: &str = "coalition-name";
const TOLERANCE: &str = "coalition-tolerance";

/// The id and label of strategy `i`'s code or name (`part`), numbered from 1 as on screen.
fn strategy_field(i: usize, part: &str) -> (String, String) {
    (
        format!("strategy-{}-{part}", i + 1),
        format!(
            "{} of strategy {}",
            if part == "code" { "Code" } else { "Name" },
            i + 1
        ),
    )
}

#[component]
pub fn CoalitionPage() -> impl IntoView {
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Coalition"</h1>
                <a class="button" href=crate::route::Route::History(Some(cairn_core::sync::Record::Coalition)).href()>"History of the settings"</a>
            </div>
            <CoalitionForm/>
            <review::ReviewSetting/>
            <breakdowns::Breakdowns/>
            <locks::LockedPeriods/>
            <PartnershipLevels/>
            <Partners/>
        </section>
    }
}

/// How many partners stood at each level at the end of each fiscal year, and today.
#[component]
fn PartnershipLevels() -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            if doc.partners.is_empty() {
                return None;
            }
            let today = crate::clock::today();
            let start = doc.coalition.fiscal_year_start;
            let current = start.fiscal_year_of(today.month_index());
            let first = doc
                .partners
                .iter()
                .filter_map(|p| p.history.first())
                .map(|c| start.fiscal_year_of(c.date.month_index()))
                .min()
                .unwrap_or(current)
                .min(current - 1);
            let mut dates = partnership::fiscal_year_ends(doc, first, current - 1);
            dates.push(today);
            let counts = partnership::levels_over_time(doc, &dates);
            let svg = cairn_charts::partnership_levels(&dates, &counts, cairn_charts::Size::FULL);
            Some(view! {
                <section class="levels" aria-labelledby="levels-title">
                    <h2 id="levels-title">"How deep the partnerships run"</h2>
                    <figure class="chart full">
                        <div inner_html=svg></div>
                        <figcaption>"Partners at each level of the ladder at the end of each fiscal year and today. Each partner's own path is under “Edit” in the list below."</figcaption>
                    </figure>
                </section>
            })
        })
    }
}

#[component]
fn CoalitionForm() -> impl IntoView {
    let store = use_store();
    let initial = store
        .doc
        .with_untracked(|d| d.as_ref().map(|d| Draft::from(&d.coalition)))
        .unwrap_or_else(|| Draft::from(&Coalition::empty()));
    let draft = RwSignal::new(initial);
    // Unsaved work is whatever differs from the coalition as stored.
    let stored = move || {
        store
            .doc
            .with_untracked(|d| d.as_ref().map(|d| Draft::from(&d.coalition)))
    };
    form::track("the coalition settings", move || {
        stored().is_some_and(|s| draft.with(|d| d != &s))
    });
    let problems = Problems::new("coalition-error");
    let message = RwSignal::new(None::<String>);
    let opened = store
        .doc
        .with_untracked(|d| d.as_ref().map(|d| d.coalition.clone()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = draft.with_untracked(Draft::build).and_then(|c| {
            store
                .change(|doc| {
                    // Keep what others changed (through sync) since this form opened, and the
                    // saved reports, locks and review, which this form does not edit.
                    let c = match &opened {
                        Some(opened) => {
                            let c = Coalition {
                                reports: opened.reports.clone(),
                                locked_periods: opened.locked_periods.clone(),
                                lock_after_months: opened.lock_after_months,
                                review: opened.review,
                                count_unapproved: opened.count_unapproved,
                                breakdowns: opened.breakdowns.clone(),
                                small_cells: opened.small_cells,
                                hide_small_cells_from_viewers: opened.hide_small_cells_from_viewers,
                                ..c
                            };
                            cairn_core::sync::merge_edit(opened, &c, &doc.coalition)?
                        }
                        None => c,
                    };
                    doc.may_move_fiscal_year(c.fiscal_year_start)?;
                    doc.set_coalition(c)
                })
                .map_err(|e| draft.with_untracked(|d| d.locate(e)))
        });
        match result {
            Ok(()) => {
                // The form shows what was stored: codes as the core writes them, no empty rows.
                if let Some(s) = stored() {
                    draft.set(s);
                }
                problems.clear();
                message.set(Some("Coalition saved.".to_string()));
            }
            Err(problem) => {
                message.set(None);
                problems.show(problem);
            }
        }
    };
    let text = |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        (
            move || draft.with(get),
            move |ev| draft.update(|d| set(d, event_target_value(&ev))),
        )
    };
    let (name, on_name) = text(|d| d.name.clone(), |d, v| d.name = v);
    let (goal, on_goal) = text(|d| d.goal.clone(), |d, v| d.goal = v);
    let (tolerance, on_tolerance) = text(|d| d.tolerance.clone(), |d, v| d.tolerance = v);
    view! {
        <Show when=crate::components::role::not_administers()>
            <crate::components::role::ReadOnlyNote what="the coalition's settings and partners"/>
        </Show>
        <form class="editor" on:submit=save novalidate>
            <fieldset disabled=crate::components::role::not_administers()>
                <legend>"Common agenda"</legend>
                <div class="field">
                    <label for=NAME>"Coalition name"</label>
                    <input type="text" id=NAME prop:value=name on:input=on_name/>
                </div>
                <div class="field">
                    <label for="coalition-goal">"Common goal"</label>
                    <small>"One sentence every partner signs up to."</small>
                    <textarea rows="2" id="coalition-goal" prop:value=goal on:input=on_goal></textarea>
                </div>
                <label class="field">
                    <span>"Fiscal year starts in"</span>
                    <small>"Quarters and years are counted from this month. A year is named after the year it ends in: with July, FY2026 runs July 2025 to June 2026."</small>
                    <select on:change=move |ev| {
                        let month = event_target_value(&ev).parse().unwrap_or(1);
                        draft.update(|d| d.fiscal_year_start = month);
                    }>
                        {(1..=12u8).map(|m| view! {
                            <option value=m.to_string() selected=move || draft.with(|d| d.fiscal_year_start == m)>
                                {cairn_core::period::MONTH_NAMES[usize::from(m - 1)]}
                            </option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <div class="field">
                    <label for=TOLERANCE>"Tolerance band (%)"</label>
                    <small>"How far short of the straight path to a target still counts as on track (15 is common)."</small>
                    <input type="text" id=TOLERANCE inputmode="numeric" prop:value=tolerance on:input=on_tolerance/>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Strategies"</legend>
                <small>"The few focus areas the common goal is broken into."</small>
                {move || (0..draft.with(|d| d.strategies.len())).map(|i| view! {
                    <div class="pair">
                        <StrategyInput i part=0 draft/>
                        <StrategyInput i part=1 draft/>
                        <button type="button" class="link" on:click=move |_| draft.update(|d| { if i < d.strategies.len() { d.strategies.remove(i); } })>
                            {format!("Remove strategy {}", i + 1)}
                        </button>
                    </div>
                }).collect::<Vec<_>>()}
                <button type="button" on:click=move |_| draft.update(|d| d.strategies.push((String::new(), String::new())))>
                    "Add a strategy"
                </button>
            </fieldset>
            <FormMessage problems/>
            <div class="actions">
                <button type="submit" class="primary">"Save coalition"</button>
                <span role="status" class="ok inline">{move || message.get()}</span>
            </div>
        </form>
    }
}

/// Strategy `i`'s code (`part` 0) or name (1).
#[component]
fn StrategyInput(i: usize, part: usize, draft: RwSignal<Draft>) -> impl IntoView {
    let (id, _) = strategy_field(i, ["code", "name"][part]);
    let label = format!("Strategy {} {}", i + 1, ["code", "name"][part]);
    view! {
        <div class="field" class:narrow=part == 0>
            <label for=id.clone()>{label}</label>
            <input type="text" id=id
                prop:value=move || draft.with(|d| d.strategies.get(i).map(|s| if part == 0 { s.0.clone() } else { s.1.clone() }).unwrap_or_default())
                on:input=move |ev| draft.update(|d| if let Some(s) = d.strategies.get_mut(i) {
                    *(if part == 0 { &mut s.0 } else { &mut s.1 }) = event_target_value(&ev);
                })/>
        </div>
    }
}

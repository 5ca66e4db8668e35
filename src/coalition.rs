//! Coalition set-up: the common goal, the strategies and the fiscal year, then the partners.

use cairn_core::{partnership, Coalition, Code, Error, FiscalYearStart, Strategy};
use leptos::prelude::*;

use crate::partners::Partners;
use crate::store::use_store;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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

    fn build(&self) -> Result<Coalition, Error> {
        let tolerance = self.tolerance.trim();
        let tolerance = tolerance.parse::<u8>().map_err(|_| Error::NotANumber {
            text: tolerance.to_string(),
        })?;
        let strategies = self
            .strategies
            .iter()
            .filter(|(code, name)| !(code.trim().is_empty() && name.trim().is_empty()))
            .map(|(code, name)| {
                Ok(Strategy {
                    code: Code::parse(code)?,
                    name: name.trim().to_string(),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Coalition {
            name: self.name.trim().to_string(),
            goal: self.goal.trim().to_string(),
            strategies,
            fiscal_year_start: FiscalYearStart::new(self.fiscal_year_start)?,
            tolerance_percent: tolerance,
        })
    }
}

#[component]
pub fn CoalitionPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Coalition"</h1>
            <CoalitionForm/>
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
    let message = RwSignal::new(None::<Result<String, String>>);
    let opened = store
        .doc
        .with_untracked(|d| d.as_ref().map(|d| d.coalition.clone()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = draft.with_untracked(Draft::build).and_then(|c| {
            store.change(|doc| {
                // Keep what others changed (through sync) since this form opened.
                let c = match &opened {
                    Some(opened) => cairn_core::sync::merge_edit(opened, &c, &doc.coalition)?,
                    None => c,
                };
                doc.set_coalition(c)
            })
        });
        message.set(Some(match result {
            Ok(()) => Ok("Coalition saved.".to_string()),
            Err(e) => Err(e.to_string()),
        }));
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
        <Show when=crate::access::not_administers()>
            <crate::access::ReadOnlyNote what="the coalition's settings and partners"/>
        </Show>
        <form class="editor" on:submit=save novalidate>
            <fieldset disabled=crate::access::not_administers()>
                <legend>"Common agenda"</legend>
                <label class="field">
                    <span>"Coalition name"</span>
                    <input type="text" prop:value=name on:input=on_name/>
                </label>
                <label class="field">
                    <span>"Common goal"</span>
                    <small>"One sentence every partner signs up to."</small>
                    <textarea rows="2" prop:value=goal on:input=on_goal></textarea>
                </label>
                <label class="field">
                    <span>"Fiscal year starts in"</span>
                    <small>"Quarters and years are counted from this month. A year is named after the year it ends in: with July, FY2026 runs July 2025 to June 2026."</small>
                    <select on:change=move |ev| {
                        let month = event_target_value(&ev).parse().unwrap_or(1);
                        draft.update(|d| d.fiscal_year_start = month);
                    }>
                        {(1..=12u8).map(|m| view! {
                            <option value=m.to_string() selected=move || draft.with(|d| d.fiscal_year_start == m)>
                                {MONTHS[usize::from(m - 1)]}
                            </option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label class="field">
                    <span>"Tolerance band (%)"</span>
                    <small>"How far short of the straight path to a target still counts as on track (15 is common)."</small>
                    <input type="text" inputmode="numeric" prop:value=tolerance on:input=on_tolerance/>
                </label>
            </fieldset>
            <fieldset>
                <legend>"Strategies"</legend>
                <small>"The few focus areas the common goal is broken into."</small>
                {move || (0..draft.with(|d| d.strategies.len())).map(|i| view! {
                    <div class="pair">
                        <label class="field narrow">
                            <span>{format!("Strategy {} code", i + 1)}</span>
                            <input type="text"
                                prop:value=move || draft.with(|d| d.strategies.get(i).map(|s| s.0.clone()).unwrap_or_default())
                                on:input=move |ev| draft.update(|d| if let Some(s) = d.strategies.get_mut(i) { s.0 = event_target_value(&ev) })/>
                        </label>
                        <label class="field">
                            <span>{format!("Strategy {} name", i + 1)}</span>
                            <input type="text"
                                prop:value=move || draft.with(|d| d.strategies.get(i).map(|s| s.1.clone()).unwrap_or_default())
                                on:input=move |ev| draft.update(|d| if let Some(s) = d.strategies.get_mut(i) { s.1 = event_target_value(&ev) })/>
                        </label>
                        <button type="button" class="link" on:click=move |_| draft.update(|d| { if i < d.strategies.len() { d.strategies.remove(i); } })>
                            {format!("Remove strategy {}", i + 1)}
                        </button>
                    </div>
                }).collect::<Vec<_>>()}
                <button type="button" on:click=move |_| draft.update(|d| d.strategies.push((String::new(), String::new())))>
                    "Add a strategy"
                </button>
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">"Save coalition"</button>
                <span role="status" class=move || match message.get() { Some(Err(_)) => "form-error inline", _ => "ok inline" }>
                    {move || message.get().map(|m| m.unwrap_or_else(|e| e))}
                </span>
            </div>
        </form>
    }
}

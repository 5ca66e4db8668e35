//! The choices a report is made of: its years, its measures, its sections, its paper and its
//! page limit. Each control edits the draft template directly; the preview follows.

use cairn_core::report::{Paper, ReportTemplate, Section, Selection};
use cairn_core::Code;
use leptos::prelude::*;

use crate::state::use_store;

#[component]
pub fn Composer(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    view! {
        <form class="report-composer" on:submit=|ev| ev.prevent_default()>
            <Years draft/>
            <Measures draft/>
            <Sections draft/>
            <PaperAndLimit draft/>
        </form>
    }
}

#[component]
fn Years(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    let store = use_store();
    let years = move || {
        let mut years = store.doc.with(|d| {
            d.as_ref()
                .map_or(Vec::new(), cairn_core::dashboard::years_with_data)
        });
        draft.with(|t| years.extend([t.from, t.to]));
        years.sort_unstable();
        years.dedup();
        years
    };
    let select = move |id: &'static str,
                       get: fn(&ReportTemplate) -> i32,
                       set: fn(&mut ReportTemplate, i32)| {
        view! {
            <select id=id on:change=move |ev| {
                if let Ok(year) = event_target_value(&ev).parse() {
                    draft.update(|t| set(t, year));
                }
            }>
                {move || years().into_iter().map(|y| view! {
                    <option value=y.to_string() selected=move || draft.with(|t| get(t) == y)>{format!("FY{y}")}</option>
                }).collect_view()}
            </select>
        }
    };
    view! {
        <fieldset>
            <legend>"Years"</legend>
            <label for="report-from">"From"</label>
            {select("report-from", |t| t.from, |t, y| t.from = y)}
            <label for="report-to">"to"</label>
            {select("report-to", |t| t.to, |t, y| t.to = y)}
            <label for="report-through">"Through"</label>
            <select id="report-through" aria-describedby="report-through-help" on:change=move |ev| {
                let quarter = event_target_value(&ev).parse().ok();
                draft.update(|t| t.through = quarter);
            }>
                <option value="" selected=move || draft.with(|t| t.through.is_none())>"The whole year"</option>
                {(1..=4u8).map(|q| view! {
                    <option value=q.to_string() selected=move || draft.with(|t| t.through == Some(q))>{format!("Quarter {q} (year to date)")}</option>
                }).collect_view()}
            </select>
            <small id="report-through-help">"A quarterly report counts what has ended by its quarter's end; a year still under way is left out."</small>
        </fieldset>
    }
}

#[component]
fn Measures(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    let store = use_store();
    let strategies = move || {
        store.doc.with(|d| {
            d.as_ref().map_or(Vec::new(), |d| {
                d.coalition
                    .strategies
                    .iter()
                    .map(|s| (s.code.clone(), s.name.clone()))
                    .collect()
            })
        })
    };
    let measures = move || {
        store.doc.with(|d| {
            d.as_ref().map_or(Vec::new(), |d| {
                d.measures
                    .iter()
                    .map(|m| (m.code.clone(), m.title.clone()))
                    .collect::<Vec<_>>()
            })
        })
    };
    let kind = move || {
        draft.with(|t| match t.measures {
            Selection::Key => "key",
            Selection::All => "all",
            Selection::Strategy(_) => "strategy",
            Selection::Chosen(_) => "chosen",
        })
    };
    let choose = move |value: &'static str| {
        let first_strategy = strategies().first().map(|s| s.0.clone());
        let chosen = measures().into_iter().map(|m| m.0).collect();
        draft.update(|t| {
            t.measures = match value {
                "key" => Selection::Key,
                "all" => Selection::All,
                "strategy" => match first_strategy {
                    Some(code) => Selection::Strategy(code),
                    None => Selection::All,
                },
                _ => Selection::Chosen(chosen),
            }
        });
    };
    let radio = move |value: &'static str, label: &'static str| {
        let id = format!("report-measures-{value}");
        view! {
            <span class="report-choice">
                <input type="radio" name="report-measures" id=id.clone() value=value
                    prop:checked=move || kind() == value on:change=move |_| choose(value)/>
                <label for=id>{label}</label>
            </span>
        }
    };
    let strategy_select = move || {
        draft.with(|t| match &t.measures {
            Selection::Strategy(current) => {
                let current = current.clone();
                Some(view! {
                    <label for="report-strategy" class="visually-hidden">"Strategy"</label>
                    <select id="report-strategy" on:change=move |ev| {
                        if let Ok(code) = Code::parse(&event_target_value(&ev)) {
                            draft.update(|t| t.measures = Selection::Strategy(code));
                        }
                    }>
                        {strategies().into_iter().map(|(code, name)| {
                            let selected = code == current;
                            view! { <option value=code.to_string() selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                })
            }
            _ => None,
        })
    };
    let chosen_list = move || {
        draft.with(|t| matches!(t.measures, Selection::Chosen(_))).then(|| {
            view! {
                <ul class="report-chosen">
                    {measures().into_iter().map(|(code, title)| view! { <ChosenMeasure draft code title/> }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <fieldset>
            <legend>"Measures"</legend>
            {radio("key", "Key measures")}
            {radio("all", "Every measure")}
            {radio("strategy", "One strategy")}
            {strategy_select}
            {radio("chosen", "Chosen measures")}
            {chosen_list}
        </fieldset>
    }
}

#[component]
fn ChosenMeasure(draft: RwSignal<ReportTemplate>, code: Code, title: String) -> impl IntoView {
    let id = format!("report-measure-{code}");
    let checked = {
        let code = code.clone();
        move || draft.with(|t| matches!(&t.measures, Selection::Chosen(c) if c.contains(&code)))
    };
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        draft.update(|t| {
            if let Selection::Chosen(codes) = &mut t.measures {
                codes.retain(|c| c != &code);
                if on {
                    codes.push(code.clone());
                }
            }
        });
    };
    view! {
        <li>
            <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle/>
            <label for=id>{title}</label>
        </li>
    }
}

#[component]
fn Sections(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    let item = move |section: Section| {
        let id = format!(
            "report-section-{}",
            Section::ALL.iter().position(|s| *s == section).unwrap_or(0)
        );
        let toggle = move |ev| {
            let on = event_target_checked(&ev);
            draft.update(|t| {
                t.sections.retain(|s| *s != section);
                if on {
                    t.sections.push(section);
                    t.sections
                        .sort_by_key(|s| Section::ALL.iter().position(|x| x == s));
                }
            });
        };
        view! {
            <li>
                <input type="checkbox" id=id.clone() prop:checked=move || draft.with(|t| t.has(section)) on:change=toggle/>
                <label for=id>{section.label()}</label>
            </li>
        }
    };
    view! {
        <fieldset>
            <legend>"Sections"</legend>
            <ul class="report-sections">{Section::ALL.map(item).into_iter().collect_view()}</ul>
        </fieldset>
    }
}

#[component]
fn PaperAndLimit(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    let paper = move |value: Paper| {
        let id = format!("report-paper-{}", value.css().to_ascii_lowercase());
        view! {
            <span class="report-choice">
                <input type="radio" name="report-paper" id=id.clone()
                    prop:checked=move || draft.with(|t| t.paper == value)
                    on:change=move |_| draft.update(|t| t.paper = value)/>
                <label for=id>{value.label()}</label>
            </span>
        }
    };
    let limit_problem = RwSignal::new(None::<&'static str>);
    let set_limit = move |ev| {
        let text = event_target_value(&ev);
        let text = text.trim();
        if text.is_empty() {
            limit_problem.set(None);
            draft.update(|t| t.page_limit = None);
            return;
        }
        match text.parse::<u8>() {
            Ok(n) if (1..=99).contains(&n) => {
                limit_problem.set(None);
                draft.update(|t| t.page_limit = Some(n));
            }
            _ => limit_problem.set(Some(
                "Enter a number of pages from 1 to 99, or leave it empty.",
            )),
        }
    };
    view! {
        <fieldset>
            <legend>"Paper"</legend>
            {paper(Paper::Letter)}
            {paper(Paper::A4)}
            <p>
                <label for="report-page-limit">"Page limit (optional)"</label>
                <input id="report-page-limit" type="number" min="1" max="99" inputmode="numeric"
                    aria-describedby="report-page-limit-problem"
                    prop:value=move || draft.with(|t| t.page_limit.map_or(String::new(), |n| n.to_string()))
                    on:change=set_limit/>
                <span id="report-page-limit-problem" role="alert">
                    {move || limit_problem.get().map(|t| view! { <span class="field-error">{t}</span> })}
                </span>
            </p>
        </fieldset>
    }
}

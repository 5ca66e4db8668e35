//! The backbone's landing page: the common goal, how its key measures stand (grouped by
//! strategy, each with a small chart, status, progress, trend and completeness) and filters.

mod charts;
pub use charts::preload as preload_charts;
pub mod completeness;

use cairn_core::dashboard::{dashboard, Dashboard as Computed, Filter, Row};
use cairn_core::goal::Tally;
use cairn_core::{Code, Document};
use leptos::prelude::*;

use crate::components::print_header::{print_page, PrintHeader};
use crate::components::status::StatusBadge;
use crate::route::Route;
use crate::state::use_store;
use charts::Chart;

#[component]
pub fn Dashboard() -> impl IntoView {
    let store = use_store();
    let filter = RwSignal::new(Filter {
        key_only: true,
        ..Filter::default()
    });
    let computed = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().map(|d| dashboard(d, &filter.get())))
    });
    let filters = Callback::new(move |()| {
        store.doc.with_untracked(|d| {
            d.as_ref()
                .map(|d| filter.with_untracked(|f| f.describe(d)))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="page dashboard">
            <PrintHeader what="Dashboard" filters/>
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <div class="actions">
                    <a class="button" href=Route::Present(0).href() on:click=|_| crate::full_screen::enter()>"Present"</a>
                    <button type="button" on:click=|_| print_page()>"Print"</button>
                    <a class="button" href=Route::Report.href()>"Funder report"</a>
                </div>
            </div>
            {move || store.doc.with(|doc| doc.as_ref().map(|doc| view! { <Goal goal=doc.coalition.goal.clone()/> }))}
            <crate::components::counting::CountingNote/>
            <Filters filter/>
            {move || {
                store.doc.with(|doc| {
                    computed.with(|c| match (doc, c) {
                        (Some(doc), Some(c)) => {
                            let mut charts = Vec::new();
                            let view = groups(doc, c, &mut charts);
                            charts::draw_later(store, computed, charts);
                            Some(view)
                        }
                        _ => None,
                    })
                })
            }}
        </section>
    }
}

#[component]
fn Goal(goal: String) -> impl IntoView {
    let goal = if goal.trim().is_empty() {
        "not written yet. Add it on the Coalition page.".to_string()
    } else {
        goal
    };
    view! {
        <p class="goal"><span class="label">"Common goal: "</span>{goal}</p>
    }
}

fn tally_text(tally: &Tally) -> String {
    tally.text()
}

/// The goal's tally and the strategies' sections of cards; each card's chart, drawn later, is
/// added to `charts`.
fn groups(doc: &Document, computed: &Computed, charts: &mut Vec<(usize, Chart)>) -> AnyView {
    let key_rows: Vec<(usize, &Row)> = computed
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| doc.measures[r.measure].key)
        .collect();
    if key_rows.is_empty() {
        return view! {
            <p class="empty">
                "No key measures match. "
                <Show when=crate::components::role::administers() fallback=|| "A backbone administrator defines them.">
                    <a href=Route::NewMeasure.href()>"Define a shared measure"</a>
                </Show>
                " and mark it as key, or change the filters."
            </p>
        }
        .into_any();
    }
    let overall = tally_text(&computed.goal.overall);
    let mut sections = Vec::new();
    for (code, tally) in &computed.goal.strategies {
        if tally.measures == 0 {
            continue;
        }
        let name = doc
            .coalition
            .strategy(code)
            .map_or(code.to_string(), |s| s.name.clone());
        let rows: Vec<(usize, &Row)> = key_rows
            .iter()
            .copied()
            .filter(|(_, r)| doc.measures[r.measure].strategies.contains(code))
            .collect();
        sections.push(section(
            doc,
            name,
            Some(code.clone()),
            tally_text(tally),
            &rows,
            charts,
        ));
    }
    let unlinked: Vec<(usize, &Row)> = key_rows
        .iter()
        .copied()
        .filter(|(_, r)| doc.measures[r.measure].strategies.is_empty())
        .collect();
    if !unlinked.is_empty() {
        sections.push(section(
            doc,
            "Not linked to a strategy".into(),
            None,
            String::new(),
            &unlinked,
            charts,
        ));
    }
    view! {
        <p class="tally overall" aria-label="Goal summary">{overall}</p>
        <div class="strategies">{sections}</div>
    }
    .into_any()
}

fn section(
    doc: &Document,
    name: String,
    code: Option<Code>,
    tally: String,
    rows: &[(usize, &Row)],
    charts: &mut Vec<(usize, Chart)>,
) -> impl IntoView {
    let cards = rows
        .iter()
        .map(|(index, row)| {
            let chart = Chart::new(None);
            charts.push((*index, chart));
            card(doc, row, chart)
        })
        .collect::<Vec<_>>();
    view! {
        <section class="strategy" data-strategy=code.map(|c| c.to_string())>
            <h2>{name}</h2>
            <p class="tally">{tally}</p>
            <ul class="cards">{cards}</ul>
        </section>
    }
}

fn card(doc: &Document, row: &Row, chart: Chart) -> impl IntoView {
    let measure = &doc.measures[row.measure];
    let summary = &row.summary;
    let start = doc.coalition.fiscal_year_start;
    let value = summary.value_text(measure);
    let when = summary
        .period
        .map(|p| format!("{} ({})", p.code(), p.label(start)))
        .unwrap_or_default();
    view! {
        <li class="card" data-measure=measure.code.to_string() data-status=summary.status.key()>
            <h3><a href=Route::Measure(measure.code.clone()).href()>{measure.title.clone()}</a></h3>
            <StatusBadge status=summary.status/>
            <p class="latest">
                <span class="value">{value}</span>
                <span class="when">{when}</span>
            </p>
            <div class="chart small" aria-hidden="true" inner_html=move || chart.get().map(|d| d.svg).unwrap_or_default()></div>
            <dl>
                <div><dt>"Progress"</dt><dd class="progress">{summary.progress_text(measure)}</dd></div>
                <div><dt>"Trend"</dt><dd class="trend">{summary.trend_text(measure)}</dd></div>
                <div><dt>"Since baseline"</dt><dd class="change">{summary.change_text(measure)}</dd></div>
                <div><dt>"Reporting"</dt><dd class="coverage">{summary.coverage_text()}</dd></div>
                {move || chart.get().and_then(|d| d.gap).map(|gap| view! {
                    <div><dt>"Largest gap"</dt><dd class="gap">{gap}</dd></div>
                })}
            </dl>
            {(summary.status == cairn_core::status::Status::Waiting).then(|| view! { <p class="waiting">{summary.waiting_text()}</p> })}
            {summary.pending_text(measure).map(|t| view! { <p class="pending">{t}</p> })}
            <p class="sentence visually-hidden">{summary.sentence.clone()}</p>
        </li>
    }
}

#[component]
fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let store = use_store();
    let options = move || {
        store.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                (
                    doc.coalition
                        .strategies
                        .iter()
                        .map(|s| (s.code.to_string(), s.name.clone()))
                        .collect::<Vec<_>>(),
                    doc.partners
                        .iter()
                        .map(|p| (p.code.to_string(), p.name.clone()))
                        .collect::<Vec<_>>(),
                    cairn_core::dashboard::years_with_data(doc),
                )
            })
        })
    };
    let code = |text: String| Code::parse(&text).ok();
    let year = |text: String| text.parse::<i32>().ok();
    view! {
        <form class="filters" aria-label="Filters" on:submit=|ev| ev.prevent_default()>
            {move || options().map(|(strategies, partners, years)| {
                let year_options = move |selected: Option<i32>| years.iter().map(|y| view! {
                    <option value=y.to_string() selected=selected == Some(*y)>{format!("FY{y}")}</option>
                }).collect::<Vec<_>>();
                view! {
                    <label class="field">
                        <span>"Strategy"</span>
                        <select id="filter-strategy" on:change=move |ev| filter.update(|f| f.strategy = code(event_target_value(&ev)))>
                            <option value="">"All strategies"</option>
                            {strategies.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect::<Vec<_>>()}
                        </select>
                    </label>
                    <label class="field">
                        <span>"Partner"</span>
                        <select id="filter-partner" on:change=move |ev| filter.update(|f| f.partner = code(event_target_value(&ev)))>
                            <option value="">"All partners"</option>
                            {partners.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect::<Vec<_>>()}
                        </select>
                    </label>
                    <label class="field">
                        <span>"From"</span>
                        <select id="filter-from" on:change=move |ev| filter.update(|f| f.from = year(event_target_value(&ev)))>
                            <option value="">"The start"</option>
                            {year_options.clone()(filter.get_untracked().from)}
                        </select>
                    </label>
                    <label class="field">
                        <span>"To"</span>
                        <select id="filter-to" on:change=move |ev| filter.update(|f| f.to = year(event_target_value(&ev)))>
                            <option value="">"Latest"</option>
                            {year_options(filter.get_untracked().to)}
                        </select>
                    </label>
                }
            })}
        </form>
    }
}

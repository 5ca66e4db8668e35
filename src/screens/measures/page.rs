//! One measure's page: where it stands in a sentence, its turn-the-curve chart or the same
//! numbers as a table, downloads, each partner's contribution, and the recorded values.

use cairn_charts::{contributions, turn_the_curve, Size};
use cairn_core::series::series;
use cairn_core::summary::summarize;
use cairn_core::table::{series_table, Table};
use cairn_core::{Code, Document, Frequency, Measure};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Places, Problem, Problems};
use crate::components::print_header::PrintHeader;
use crate::components::status::StatusBadge;
use crate::download::{download, download_csv};
use crate::route::Route;
use crate::state::use_store;

/// Everything the page shows for one frequency, computed once.
#[derive(Clone, PartialEq)]
struct View {
    measure: Measure,
    chart: String,
    partners_chart: String,
    table: Table,
    sentence: String,
    status: cairn_core::status::Status,
}

fn compute(doc: &Document, code: &Code, frequency: Option<Frequency>) -> Option<View> {
    let measure = doc.measure(code)?;
    let s = series(doc, measure, frequency.unwrap_or(measure.frequency));
    let summary = summarize(doc, measure, &s);
    Some(View {
        chart: turn_the_curve(doc, measure, &s, &summary, Size::FULL),
        partners_chart: contributions(doc, measure, &s, Size::FULL),
        table: series_table(doc, measure, &s),
        sentence: summary.sentence.clone(),
        status: summary.status,
        measure: measure.clone(),
    })
}

#[component]
pub fn MeasurePage(code: Code) -> impl IntoView {
    let store = use_store();
    let frequency = RwSignal::new(None::<Frequency>);
    let show_table = RwSignal::new(false);
    let key = code.clone();
    let view_data = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().and_then(|d| compute(d, &key, frequency.get())))
    });
    move || {
        let Some(data) = view_data.get() else {
            return view! { <MeasureNotFound code=code.clone()/> }.into_any();
        };
        let m = data.measure.clone();
        let frequencies: Vec<Frequency> = Frequency::ALL
            .into_iter()
            .filter(|f| *f >= m.frequency)
            .collect();
        let file = m.code.to_string().to_lowercase();
        let (svg, csv) = (data.chart.clone(), data.table.to_csv());
        let (svg_name, csv_name) = (format!("cairn-{file}.svg"), format!("cairn-{file}.csv"));
        let (partners_svg, partners_name) = (
            data.partners_chart.clone(),
            format!("cairn-{file}-partners.svg"),
        );
        view! {
            <section class="page measure-page">
                <PrintHeader what="Measure" filters=Callback::new(move |()| format!("Values by {}", frequency_name(frequency.get_untracked().unwrap_or(m.frequency))))/>
                <div class="page-head">
                    <h1>{m.title.clone()}</h1>
                    <span class="head-actions">
                        <a class="button" href=Route::EditMeasure(m.code.clone()).href() hidden=crate::components::role::not_administers()>"Edit measure"</a>
                        " "
                        <a class="button" href=Route::History(Some(cairn_core::sync::Record::Measure(m.code.clone()))).href()>"History"</a>
                    </span>
                </div>
                <crate::components::counting::CountingNote/>
                <super::continued::Lineage code=m.code.clone()/>
                <StatusBadge status=data.status/>
                <p class="sentence lead">{data.sentence.clone()}</p>
                <p class="definition">{m.definition.clone()}</p>
                <p class="meta">{format!(
                    "{} · {} · {} · roll-up: {} · reported {}",
                    m.value_type.label(), m.polarity.label(), m.accumulation.label(), m.rollup.label(), m.frequency.label()
                )}</p>
                <div class="chart-controls">
                    <div class="segmented" role="group" aria-label="Show">
                        <button type="button" aria-pressed=move || (!show_table.get()).to_string() on:click=move |_| show_table.set(false)>"Chart"</button>
                        <button type="button" aria-pressed=move || show_table.get().to_string() on:click=move |_| show_table.set(true)>"Table"</button>
                    </div>
                    <Show when={let n = frequencies.len(); move || n > 1}>
                        <label class="inline-field">
                            "By "
                            <select id="measure-frequency" on:change=move |ev| {
                                let f = match event_target_value(&ev).as_str() {
                                    "monthly" => Frequency::Monthly,
                                    "quarterly" => Frequency::Quarterly,
                                    _ => Frequency::Annual,
                                };
                                frequency.set(Some(f));
                            }>
                                {frequencies.iter().map(|f| {
                                    let f = *f;
                                    let name = frequency_name(f);
                                    view! { <option value=f.label() selected=move || frequency.get().unwrap_or(m.frequency) == f>{name}</option> }
                                }).collect::<Vec<_>>()}
                            </select>
                        </label>
                    </Show>
                    <button type="button" on:click=move |_| { download(&svg_name, "image/svg+xml", &svg); }>"Download chart (SVG)"</button>
                    <button type="button" on:click=move |_| { download_csv(&csv_name, &csv); }>"Download data (CSV)"</button>
                </div>
                <figure class="chart full print-also" hidden=move || show_table.get()>
                    <div inner_html=data.chart.clone()></div>
                    <figcaption>{data.sentence.clone()}</figcaption>
                </figure>
                <div class="table-wrap print-also" tabindex="0" role="region" aria-label="Values by period" hidden=move || !show_table.get()>
                    <DataTable table=data.table.clone() caption=format!("{}: values by period", m.title)/>
                </div>
                {
                    let own = m.frequency;
                    view! { <super::groups::ByGroup code=m.code.clone() frequency=Signal::derive(move || frequency.get().unwrap_or(own))/> }
                }
                <MeasureActivities code=m.code.clone()/>
                <Stories code=m.code.clone()/>
                <crate::screens::updates::UpdatesAbout link=cairn_core::Link::Measure(m.code.clone())/>
                <div class="page-head">
                    <h2>"Partner contributions"</h2>
                    <button type="button" on:click=move |_| { download(&partners_name, "image/svg+xml", &partners_svg); }>"Download chart (SVG)"</button>
                </div>
                <figure class="chart full">
                    <div inner_html=data.partners_chart.clone()></div>
                    <figcaption>"Each expected partner's own values over time. The table view above lists the same numbers, partner by partner."</figcaption>
                </figure>
                <Observations code=m.code.clone()/>
            </section>
        }
        .into_any()
    }
}

/// How the page's "By" choice names a frequency: "month", "quarter", "fiscal year".
fn frequency_name(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "month",
        Frequency::Quarterly => "quarter",
        Frequency::Annual => "fiscal year",
    }
}

/// The activities that aim to move the measure, as the chart's time axis shows them.
#[component]
fn MeasureActivities(code: Code) -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let items: Vec<_> = doc
                .activities
                .iter()
                .filter(|a| a.aims_at(&code))
                .map(|a| {
                    let lead = doc.partner(&a.lead).map_or(a.lead.to_string(), |p| p.name.clone());
                    let when = a.end.map_or(format!("from {}, ongoing", a.start), |e| format!("{} to {}", a.start, e));
                    view! {
                        <li>
                            <a href=Route::Activity(a.code.clone()).href()>{a.title.clone()}</a>
                            {format!(" · {lead} · {} · {when}", a.status.label())}
                        </li>
                    }
                })
                .collect();
            Some(view! {
                <section class="measure-activities" aria-label="Activities aiming at this measure">
                    <h2>"What the coalition is doing about it"</h2>
                    {if items.is_empty() {
                        view! { <p class="empty">"No activity aims to move this measure yet. "<a href=Route::NewActivity.href()>"Add one"</a></p> }.into_any()
                    } else {
                        view! { <ul>{items}</ul> }.into_any()
                    }}
                </section>
            })
        })
    }
}

/// The story behind the curve, period by period, and a form to tell one.
#[component]
fn Stories(code: Code) -> impl IntoView {
    let store = use_store();
    let period = RwSignal::new(String::new());
    let happened = RwSignal::new(String::new());
    let works = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    let partners = RwSignal::new(Vec::<Code>::new());
    // The texts are the work; a period alone is quickly typed again.
    form::track("the story", move || {
        [happened, works, next]
            .iter()
            .any(|s| s.with(|t| !t.trim().is_empty()))
    });
    let problems = Problems::new("story-error");
    let key = code.clone();
    let tell = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = cairn_core::Period::parse(&period.get_untracked())
            .map_err(|e| Problem::at(PERIOD, "Period", &e))
            .and_then(|p| {
                store
                    .change(|doc| {
                        doc.tell_story(cairn_core::Story {
                            measure: key.clone(),
                            period: p,
                            what_happened: happened.get_untracked().trim().to_string(),
                            partners: partners.get_untracked(),
                            what_works: works.get_untracked().trim().to_string(),
                            next_steps: next.get_untracked().trim().to_string(),
                        })
                    })
                    .map_err(|e| form::place(&e, PLACES))
            });
        match result {
            Ok(()) => {
                problems.clear();
                for s in [happened, works, next] {
                    s.set(String::new());
                }
            }
            Err(problem) => problems.show(problem),
        }
    };
    let list = move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let mut stories: Vec<_> = doc.stories.iter().filter(|s| s.measure == code).collect();
            stories.sort_by_key(|s| std::cmp::Reverse(s.period));
            Some(
                stories
                    .into_iter()
                    .map(|s| {
                        let partners = s
                            .partners
                            .iter()
                            .map(|p| doc.partner(p).map_or(p.to_string(), |p| p.name.clone()))
                            .collect::<Vec<_>>()
                            .join(", ");
                        view! {
                            <article class="story">
                                <h3>{s.period.code()}</h3>
                                <p><strong>"What happened: "</strong>{s.what_happened.clone()}</p>
                                {(!partners.is_empty()).then(|| view! { <p><strong>"Partners: "</strong>{partners}</p> })}
                                {(!s.what_works.is_empty()).then(|| view! { <p><strong>"What works: "</strong>{s.what_works.clone()}</p> })}
                                {(!s.next_steps.is_empty()).then(|| view! { <p><strong>"Next: "</strong>{s.next_steps.clone()}</p> })}
                            </article>
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
    };
    view! {
        <section class="stories" aria-labelledby="stories-title">
            <h2 id="stories-title">"The story behind the curve"</h2>
            {list}
            <details hidden=crate::components::role::not_administers()>
                <summary>"Tell the story of a period"</summary>
                <form class="editor" on:submit=tell novalidate>
                    <FormMessage problems/>
                    <div class="field narrow"><label for=PERIOD>"Period"</label>
                        <input type="text" id=PERIOD placeholder="FY2026-Q4" prop:value=move || period.get() on:input=move |ev| period.set(event_target_value(&ev))/></div>
                    <StoryText id=HAPPENED label="What happened" text=happened/>
                    <fieldset class="checks"><legend>"Which partners"</legend>
                        {move || store.doc.with(|d| d.as_ref().map(|d| d.partners.iter().map(|p| {
                            let (c, c2) = (p.code.clone(), p.code.clone());
                            view! {
                                <label class="check"><input type="checkbox" prop:checked=move || partners.with(|l| l.contains(&c2))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let c = c.clone(); partners.update(|l| { l.retain(|x| x != &c); if on { l.push(c); } }); }/>" "{p.name.clone()}</label>
                            }
                        }).collect::<Vec<_>>()))}
                    </fieldset>
                    <StoryText id=WORKS label="What works" text=works/>
                    <StoryText id=NEXT label="What the coalition will do next" text=next/>
                    <button type="submit">"Save the story"</button>
                </form>
            </details>
        </section>
    }
}

const PERIOD: &str = "story-period";
const HAPPENED: &str = "story-happened";
const WORKS: &str = "story-works";
const NEXT: &str = "story-next";

/// Where the core's refusals are shown.
const PLACES: Places = &[
    ("What happened", HAPPENED, "What happened"),
    ("What works", WORKS, "What works"),
    (
        "What the coalition will do next",
        NEXT,
        "What the coalition will do next",
    ),
    ("period_frequency_mismatch", PERIOD, "Period"),
];

/// One of a story's texts, with its message after a refused save.
#[component]
fn StoryText(id: &'static str, label: &'static str, text: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field"><label for=id>{label}</label>
            <textarea rows="2" id=id prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// Said where a link or address names a measure that does not exist (any more).
#[component]
pub fn MeasureNotFound(code: Code) -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Measure not found"</h1>
            <p>
                {format!("There is no measure with the code {code}. ")}
                <a href=Route::Measures.href()>"See all measures"</a>
            </p>
        </section>
    }
}

/// A core table as the page shows it: a caption, a header row, the first cell of each row as
/// its header, numbers aligned.
#[component]
pub fn DataTable(table: Table, caption: String) -> impl IntoView {
    view! {
        <table class="list data">
            <caption>{caption}</caption>
            <thead>
                <tr>{table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect::<Vec<_>>()}</tr>
            </thead>
            <tbody>
                {table.rows.iter().map(|row| view! {
                    <tr>
                        {row.iter().enumerate().map(|(i, cell)| if i == 0 {
                            view! { <th scope="row">{cell.text.clone()}</th> }.into_any()
                        } else {
                            view! { <td class:number=cell.number.is_some()>{cell.text.clone()}</td> }.into_any()
                        }).collect::<Vec<_>>()}
                    </tr>
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
    }
}

/// The values recorded for the measure, newest first.
#[component]
fn Observations(code: Code) -> impl IntoView {
    let store = use_store();
    let show_all = RwSignal::new(false);
    const FIRST: usize = 20;
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let measure = doc.measure(&code)?;
            let mut list: Vec<_> = doc.observations.of_measure(&code).collect();
            list.reverse();
            let total = list.len();
            let shown = if show_all.get() { total } else { total.min(FIRST) };
            let rows = list[..shown]
                .iter()
                .map(|o| {
                    let partner = doc.partner(&o.partner).map_or(o.partner.to_string(), |p| p.name.clone());
                    view! {
                        <tr>
                            <th scope="row">{o.period.code()}</th>
                            <td>{partner}</td>
                            <td class="number">{measure.format_value(measure.display(o.value))}</td>
                            <td class="number">{match o.value { cairn_core::Value::Number(_) => String::new(), _ => o.value.entry_text() }}</td>
                            <td>{o.entered_by.to_string()}</td>
                            <td>{o.entered_at.get(..10).unwrap_or("").to_string()}</td>
                            <td>{o.note.to_string()}</td>
                            <td><a href=Route::History(Some(cairn_core::sync::Record::Observation(o.key()))).href() aria-label=format!("History of the value for {} in {}", o.partner, o.period)>"History"</a></td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <h2>{format!("Recorded values ({total})")}</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Recorded values">
                    <table class="list observations">
                        <thead>
                            <tr>
                                <th scope="col">"Period"</th>
                                <th scope="col">"Partner"</th>
                                <th scope="col">"Value"</th>
                                <th scope="col">"Entered as"</th>
                                <th scope="col">"Entered by"</th>
                                <th scope="col">"On"</th>
                                <th scope="col">"Note"</th>
                                <th scope="col"><span class="visually-hidden">"History"</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Show when=move || { !show_all.get() && total > FIRST }>
                    <button type="button" on:click=move |_| show_all.set(true)>{format!("Show all {total} values")}</button>
                </Show>
            })
        })
    }
}

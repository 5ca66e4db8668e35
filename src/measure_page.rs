//! One measure's page: where it stands in a sentence, its turn-the-curve chart or the same
//! numbers as a table, downloads, each partner's contribution, and the recorded values.

use cairn_charts::{contributions, turn_the_curve, Size};
use cairn_core::series::series;
use cairn_core::summary::summarize;
use cairn_core::table::{series_table, Table};
use cairn_core::{Code, Document, Frequency, Measure};
use leptos::prelude::*;

use crate::download::download;
use crate::route::Route;
use crate::status::StatusBadge;
use crate::store::use_store;

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
                <div class="page-head">
                    <h1>{m.title.clone()}</h1>
                    <a class="button" href=Route::EditMeasure(m.code.clone()).href()>"Edit measure"</a>
                </div>
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
                                    let name = match f { Frequency::Monthly => "month", Frequency::Quarterly => "quarter", Frequency::Annual => "fiscal year" };
                                    view! { <option value=f.label() selected=move || frequency.get().unwrap_or(m.frequency) == f>{name}</option> }
                                }).collect::<Vec<_>>()}
                            </select>
                        </label>
                    </Show>
                    <button type="button" on:click=move |_| { download(&svg_name, "image/svg+xml", &svg); }>"Download chart (SVG)"</button>
                    <button type="button" on:click=move |_| { download(&csv_name, "text/csv;charset=utf-8", &csv); }>"Download data (CSV)"</button>
                </div>
                <figure class="chart full" hidden=move || show_table.get()>
                    <div inner_html=data.chart.clone()></div>
                    <figcaption>{data.sentence.clone()}</figcaption>
                </figure>
                <div class="table-wrap" hidden=move || !show_table.get()>
                    <DataTable table=data.table.clone() caption=format!("{}: values by period", m.title)/>
                </div>
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

#[component]
fn DataTable(table: Table, caption: String) -> impl IntoView {
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
                            <td class="number">{measure.format_value(o.value.display())}</td>
                            <td class="number">{match o.value { cairn_core::Value::Ratio { .. } => o.value.entry_text(), _ => String::new() }}</td>
                            <td>{o.entered_by.clone()}</td>
                            <td>{o.entered_at.get(..10).unwrap_or("").to_string()}</td>
                            <td>{o.note.clone()}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <h2>{format!("Recorded values ({total})")}</h2>
                <div class="table-wrap">
                    <table class="list observations">
                        <thead>
                            <tr>
                                <th scope="col">"Period"</th>
                                <th scope="col">"Partner"</th>
                                <th scope="col">"Value"</th>
                                <th scope="col">"Numerator/denominator"</th>
                                <th scope="col">"Entered by"</th>
                                <th scope="col">"On"</th>
                                <th scope="col">"Note"</th>
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

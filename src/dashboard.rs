//! The backbone's landing page: the common goal and where each key measure stands.

use cairn_core::{rollup, Document, Measure};
use leptos::prelude::*;

use crate::route::Route;
use crate::store::use_store;

#[component]
pub fn Dashboard() -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let cards: Vec<_> = doc
                .measures
                .iter()
                .filter(|m| m.key)
                .map(|m| measure_card(doc, m))
                .collect();
            let empty = cards.is_empty();
            Some(view! {
                <section class="page dashboard">
                    <h1>"Dashboard"</h1>
                    <p class="goal">
                        <span class="label">"Common goal: "</span>
                        {if doc.coalition.goal.trim().is_empty() {
                            "not written yet. Add it on the Coalition page.".to_string()
                        } else {
                            doc.coalition.goal.clone()
                        }}
                    </p>
                    <h2>"Key measures"</h2>
                    <Show when=move || empty>
                        <p class="empty">
                            "No key measures yet. "
                            <a href=Route::NewMeasure.href()>"Define a shared measure"</a>
                            " and mark it as key to see it here."
                        </p>
                    </Show>
                    <ul class="cards" aria-label="Key measures">{cards}</ul>
                </section>
            })
        })
    }
}

fn measure_card(doc: &Document, measure: &Measure) -> impl IntoView {
    let start = doc.coalition.fiscal_year_start;
    let latest = rollup::latest(doc, measure);
    let (value, when, coverage) = match &latest {
        Some((period, v)) => (
            measure.format_value(v.value),
            format!("{} ({})", period.code(), period.label(start)),
            format!(
                "{} of {} reporting partners",
                v.reporting.len(),
                v.reporting.len() + v.missing.len()
            ),
        ),
        None => ("No data yet".to_string(), String::new(), String::new()),
    };
    let baseline = measure.baseline.map_or("not set".to_string(), |b| {
        format!("{} in {}", measure.format_value(b.value), b.period)
    });
    let target = measure.end_target().map_or("not set".to_string(), |t| {
        format!("{} by {}", measure.format_value(t.value), t.period)
    });
    let strategies: Vec<String> = measure
        .strategies
        .iter()
        .filter_map(|s| doc.coalition.strategy(s).map(|s| s.name.clone()))
        .collect();
    view! {
        <li class="card" data-measure=measure.code.to_string()>
            <h3><a href=Route::Measure(measure.code.clone()).href()>{measure.title.clone()}</a></h3>
            <p class="strategies">{strategies.join(" · ")}</p>
            <p class="latest">
                <span class="value">{value}</span>
                <span class="when">{when}</span>
            </p>
            <dl>
                <div><dt>"Baseline"</dt><dd class="baseline">{baseline}</dd></div>
                <div><dt>"End target"</dt><dd class="target">{target}</dd></div>
                <div><dt>"Direction"</dt><dd>{measure.polarity.label()}</dd></div>
            </dl>
            <p class="coverage">{coverage}</p>
        </li>
    }
}

//! What one slide shows: the goal summary (slide 0) or one key measure.

use cairn_charts::KeyEntry;
use cairn_core::dashboard::{Dashboard as Computed, Row};
use cairn_core::{Code, Document};
use leptos::prelude::*;

use crate::components::status::StatusBadge;

/// The heading of slide `at`, for the slide counter screen readers announce.
pub fn title(doc: &Document, computed: &Computed, at: usize) -> String {
    match at.checked_sub(1).and_then(|i| computed.rows.get(i)) {
        Some(row) => doc.measures[row.measure].title.clone(),
        None => "Where the coalition stands".to_string(),
    }
}

/// Slide `at`: 0 is the goal summary, then the key measures in the document's order.
pub fn slide(doc: &Document, computed: &Computed, at: usize) -> AnyView {
    match at.checked_sub(1).and_then(|i| computed.rows.get(i)) {
        Some(row) => measure(doc, row).into_any(),
        None => goal(doc, computed).into_any(),
    }
}

fn goal(doc: &Document, computed: &Computed) -> impl IntoView {
    let goal = doc.coalition.goal.trim();
    let goal = if goal.is_empty() {
        "Not written yet: add it on the Coalition page.".to_string()
    } else {
        goal.to_string()
    };
    let strategies = computed
        .goal
        .strategies
        .iter()
        .filter(|(_, tally)| tally.measures > 0)
        .map(|(code, tally)| {
            let name = doc
                .coalition
                .strategy(code)
                .map_or(code.to_string(), |s| s.name.clone());
            view! { <li><strong>{name}</strong>" "<span>{tally.text()}</span></li> }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="slide-goal">
            <p class="kicker">{doc.coalition.name.clone()}</p>
            <h1>"Where the coalition stands"</h1>
            <p class="slide-goal-text"><span class="label">"Common goal: "</span>{goal}</p>
            <p class="tally overall">{computed.goal.overall.text()}</p>
            <ul class="strategy-tallies">{strategies}</ul>
            {cairn_core::review::counting_text(doc).map(|said| view! { <p class="slide-counting">{said}</p> })}
        </div>
    }
}

fn measure(doc: &Document, row: &Row) -> impl IntoView {
    let measure = &doc.measures[row.measure];
    let (chart, key) = cairn_charts::slide(doc, measure, &row.series, &row.summary);
    let strategies = measure
        .strategies
        .iter()
        .map(|c| {
            doc.coalition
                .strategy(c)
                .map_or(c.to_string(), |s| s.name.clone())
        })
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <div class="slide-measure" data-measure=measure.code.to_string()>
            <p class="kicker">{strategies}</p>
            <h1>{measure.title.clone()}</h1>
            <div class="slide-status">
                <StatusBadge status=row.summary.status/>
                <p class="sentence">{row.summary.sentence.clone()}</p>
            </div>
            <div class="slide-body">
                <div class="chart slide-chart" inner_html=chart></div>
                <aside>
                    {chart_key(key)}
                    {story(doc, &measure.code)}
                    {activities(doc, &measure.code)}
                </aside>
            </div>
        </div>
    }
}

/// The chart's key, in HTML so its text wraps in the narrow column beside the chart.
fn chart_key(key: Vec<KeyEntry>) -> impl IntoView {
    let items = key
        .into_iter()
        .map(|entry| {
            view! {
                <li><span class="swatch" aria-hidden="true" inner_html=entry.swatch></span>{entry.label}</li>
            }
        })
        .collect::<Vec<_>>();
    view! { <ul class="chart-key" aria-label="Key to the chart">{items}</ul> }
}

fn story(doc: &Document, measure: &Code) -> impl IntoView {
    let start = doc.coalition.fiscal_year_start;
    let story = doc.latest_story(measure).map(|s| {
        let parts = [("What works", &s.what_works), ("Next", &s.next_steps)]
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(what, text)| view! { <p><strong>{what}": "</strong>{text.clone()}</p> })
            .collect::<Vec<_>>();
        view! {
            <p class="story-period">{s.period.label(start)}</p>
            <p>{s.what_happened.clone()}</p>
            {parts}
        }
    });
    view! {
        <section class="slide-story">
            <h2>"The story behind the curve"</h2>
            {match story {
                Some(story) => story.into_any(),
                None => view! { <p class="empty">"No story told yet for this measure."</p> }.into_any(),
            }}
        </section>
    }
}

fn activities(doc: &Document, measure: &Code) -> impl IntoView {
    let items = doc
        .activities
        .iter()
        .filter(|a| a.aims_at(measure))
        .map(|a| {
            let lead = doc.partner(&a.lead).map_or(a.lead.to_string(), |p| p.name.clone());
            view! { <li><strong>{a.title.clone()}</strong>" · "{a.status.label()}" · led by "{lead}</li> }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="slide-activities">
            <h2>"Activities working on it"</h2>
            {if items.is_empty() {
                view! { <p class="empty">"No activity aims at this measure yet."</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
        </section>
    }
}

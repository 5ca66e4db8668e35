//! A measure by group: for each of its breakdowns, a line per category with the overall line,
//! the gap between the best-off group and the one furthest behind, and the same numbers as a
//! table (`cairn_core::equity`). A viewer of a coalition that hides small groups from viewers
//! sees the published table instead, as outside readers do (`cairn_core::publish`).

use cairn_core::access::Role;
use cairn_core::equity::{breakdowns_of, by_group, compares_groups};
use cairn_core::table::{group_table, Table};
use cairn_core::{Code, Document, Frequency};
use leptos::prelude::*;

use crate::components::role::use_grant;
use crate::download::download_csv;
use crate::state::use_store;

/// A breakdown's figures as members see them, each from `cairn_core::equity`.
#[derive(Clone, PartialEq)]
struct Figures {
    name: String,
    chart: String,
    gap: String,
    /// Each group against the overall value, when groups are compared.
    against: Option<String>,
    /// Each group with a target of its own against it.
    targets: Option<String>,
    table: Table,
}

/// What the section shows for one breakdown.
#[derive(Clone, PartialEq)]
enum Shown {
    /// Everything, for members who see the coalition's own figures.
    Whole(Figures),
    /// The published table only, small groups hidden.
    Published(cairn_core::publish::GroupTable),
    /// The published table cannot be shown: it would give a hidden figure away.
    Refused(String),
}

fn compute(doc: &Document, code: &Code, frequency: Frequency, published: bool) -> Vec<Shown> {
    let Some(measure) = doc.measure(code) else {
        return Vec::new();
    };
    breakdowns_of(doc, measure)
        .into_iter()
        .map(|breakdown| {
            let by = by_group(doc, measure, breakdown, frequency);
            if published {
                let series = cairn_core::series::series(doc, measure, frequency);
                let judged = series.judged_index(measure).map(|i| series.periods[i]);
                let index = judged.and_then(|p| by.periods.iter().position(|q| *q == p));
                let Some(index) = index else {
                    return Shown::Refused(format!(
                        "No period of “{}” can be judged yet, so nothing is shown by {}.",
                        measure.title,
                        breakdown.name.to_lowercase()
                    ));
                };
                let threshold = doc.coalition.small_cells;
                return match cairn_core::publish::group_table(
                    measure,
                    &by,
                    index,
                    breakdown.exhaustive,
                    threshold,
                ) {
                    Ok(table) => Shown::Published(table),
                    Err(e) => Shown::Refused(e.to_string()),
                };
            }
            let gap = by.gap_text(measure).unwrap_or_else(|| {
                if compares_groups(measure) {
                    "No period has two groups that can be judged yet, so there is no gap to tell of.".into()
                } else {
                    "A count or an amount grows with the size of each group, so groups are shown side by side and no gap is judged.".into()
                }
            });
            Shown::Whole(Figures {
                name: breakdown.name.clone(),
                chart: cairn_charts::by_group(doc, measure, &by, cairn_charts::Size::FULL),
                gap,
                against: by.against_overall_text(measure),
                targets: by.targets_text(measure),
                table: group_table(measure, &by),
            })
        })
        .collect()
}

#[component]
pub fn ByGroup(code: Code, frequency: Signal<Frequency>) -> impl IntoView {
    let store = use_store();
    let grant = use_grant();
    let shown = Memo::new(move |_| {
        let frequency = frequency.get();
        let viewer = grant.with(|g| g.role == Role::Viewer);
        store.doc.with(|d| {
            d.as_ref().map_or_else(Vec::new, |d| {
                let published = viewer && d.coalition.hide_small_cells_from_viewers;
                compute(d, &code, frequency, published)
            })
        })
    });
    move || {
        shown
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| match s {
                Shown::Whole(figures) => view! { <Whole index=i figures/> }.into_any(),
                Shown::Published(table) => view! { <Published table/> }.into_any(),
                Shown::Refused(why) => view! { <p class="notice" role="note">{why}</p> }.into_any(),
            })
            .collect::<Vec<_>>()
    }
}

#[component]
fn Whole(index: usize, figures: Figures) -> impl IntoView {
    let Figures {
        name,
        chart,
        gap,
        against,
        targets,
        table,
    } = figures;
    let heading = format!("groups-{index}");
    let csv = table.to_csv();
    let file = format!("cairn-by-{}.csv", cairn_core::code::slug(&name));
    let caption = format!("Values by {}", name.to_lowercase());
    let (heading_id, region) = (heading.clone(), caption.clone());
    view! {
        <section class="by-group" aria-labelledby=heading_id>
            <div class="page-head">
                <h2 id=heading>{format!("By {}", name.to_lowercase())}</h2>
                <button type="button" on:click=move |_| { download_csv(&file, &csv); }>"Download by group (CSV)"</button>
            </div>
            <p class="gap">{gap}</p>
            {against.map(|a| view! { <p class="against">{a}</p> })}
            {targets.map(|t| view! { <p class="group-target-note">{t}</p> })}
            <figure class="chart full print-also">
                <div inner_html=chart></div>
                <figcaption>"A line per group and the overall value (dark). Hollow, dashed points are partly reported. The table below lists the same numbers."</figcaption>
            </figure>
            <div class="table-wrap" tabindex="0" role="region" aria-label=region>
                <super::page::DataTable table caption/>
            </div>
        </section>
    }
}

#[component]
fn Published(table: cairn_core::publish::GroupTable) -> impl IntoView {
    view! {
        <section class="by-group published">
            <h2>{table.caption.clone()}</h2>
            <p class="hint">"As published: small groups are hidden."</p>
            <table class="list data">
                <caption>{table.caption.clone()}</caption>
                <tbody>
                    {table.rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.label.clone()}</th>
                            <td class="number" data-hidden=r.hidden.map(|h| h.code())>{r.text.clone()}</td>
                        </tr>
                    }).collect::<Vec<_>>()}
                </tbody>
            </table>
            {table.gap.clone().map(|g| view! { <p class="gap">{g}</p> })}
            {table.footnotes.iter().map(|f| view! { <p class="footnote">{f.clone()}</p> }).collect::<Vec<_>>()}
        </section>
    }
}

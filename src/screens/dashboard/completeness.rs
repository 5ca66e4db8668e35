//! The backbone's completeness view: for the current fiscal year, which values each partner has
//! sent and which it still owes, when it last entered anything, and a list to send partners.

use cairn_core::completeness::{expected, owed_text, Tally};
use cairn_core::{Document, Frequency, MonthIndex, Period};
use leptos::prelude::*;

use crate::components::clipboard::copy;
use crate::route::Route;
use crate::state::use_store;

/// The quarters of the current fiscal year that have ended or are under way.
fn quarters(doc: &Document, today: MonthIndex) -> Vec<Period> {
    let start = doc.coalition.fiscal_year_start;
    let current = Period::containing(today, Frequency::Quarterly, start);
    let fy = start.fiscal_year_of(today);
    (1..=4)
        .map(|quarter| Period::Quarter {
            fiscal_year: fy,
            quarter,
        })
        .filter(|q| *q <= current)
        .collect()
}

fn is_due(doc: &Document, period: Period, today: MonthIndex) -> bool {
    cairn_core::completeness::is_due(period, doc.coalition.fiscal_year_start, today)
}

#[component]
pub fn CompletenessPage() -> impl IntoView {
    let store = use_store();
    let show_owed = RwSignal::new(false);
    let today = crate::clock::this_month();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let periods = quarters(doc, today);
            let start = doc.coalition.fiscal_year_start;
            let header = periods
                .iter()
                .map(|p| view! { <th scope="col"><span class="code">{p.code()}</span><small>{p.label(start)}</small></th> })
                .collect::<Vec<_>>();
            let rows = doc
                .partners
                .iter()
                .filter(|p| doc.measures_reported_by(&p.code).next().is_some())
                .map(|partner| {
                    let cells = periods
                        .iter()
                        .map(|&q| {
                            let (due, later): (Vec<_>, Vec<_>) = expected(doc, &partner.code, q)
                                .into_iter()
                                .partition(|e| is_due(doc, e.period, today));
                            let present = due.iter().filter(|e| e.present).count();
                            let (class, symbol) = match (present, due.len()) {
                                (_, 0) => ("none", "–"),
                                (p, n) if p == n => ("complete", "✓"),
                                _ => ("missing", "!"),
                            };
                            let not_yet = (!later.is_empty()).then(|| {
                                view! { <small>{format!("{} more due when the period ends", later.len())}</small> }
                            });
                            // With review on: where the values that are in stand.
                            let stages = doc.coalition.review.then(|| Tally::of(doc, &partner.code, &due).stages_text())
                                .filter(|t| !t.is_empty())
                                .map(|t| view! { <small class="stages">{t}</small> });
                            view! {
                                <td class=format!("completeness {class}")>
                                    <span aria-hidden="true">{symbol}" "</span>
                                    {if due.is_empty() { "Nothing due yet".to_string() } else { format!("{present} of {} due in", due.len()) }}
                                    {stages}
                                    {not_yet}
                                </td>
                            }
                        })
                        .collect::<Vec<_>>();
                    let last = doc
                        .observations
                        .iter()
                        .filter(|o| o.partner == partner.code)
                        .map(|o| o.entered_at.get(..10).unwrap_or(""))
                        .max()
                        .unwrap_or("never")
                        .to_string();
                    view! {
                        <tr data-partner=partner.code.to_string()>
                            <th scope="row"><a href=Route::Entry(Some(partner.code.clone())).href()>{partner.name.clone()}</a></th>
                            {cells}
                            <td>{last}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            let text = owed_text(doc, &periods, today);
            let copied = RwSignal::new(None::<Result<&'static str, &'static str>>);
            let to_copy = text.clone();
            let fy = periods.first().map(|p| match p {
                Period::Quarter { fiscal_year, .. } => format!("FY{fiscal_year}"),
                _ => String::new(),
            });
            Some(view! {
                <section class="page completeness-page">
                    <crate::components::print_header::PrintHeader what="Who owes data"/>
                    <h1>"Who owes data"</h1>
                    <p class="hint">{format!("Values due from each partner in {} so far, by quarter: a value is due once its period has ended. A partner's name leads to its entry grid.", fy.unwrap_or_default())}</p>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Who has reported, by partner">
                        <table class="list">
                            <thead><tr><th scope="col">"Partner"</th>{header}<th scope="col">"Last entry"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <button type="button" on:click=move |_| show_owed.update(|s| *s = !*s)>"What each partner still owes"</button>
                    <Show when=move || show_owed.get()>
                        <label class="field">
                            <span>"Copy this into an e-mail"</span>
                            <textarea id="owed-text" readonly rows="12">{text.clone()}</textarea>
                        </label>
                        <div class="actions">
                            <button type="button" on:click={let to_copy = to_copy.clone(); move |_| copy(to_copy.clone(), "Copied. Paste it into your e-mail.", copied)}>"Copy"</button>
                            <p role="status" class=move || match copied.get() { Some(Err(_)) => "form-error inline", _ => "ok inline" }>
                                {move || copied.get().map(|said| said.unwrap_or_else(|e| e))}
                            </p>
                        </div>
                    </Show>
                </section>
            })
        })
    }
}

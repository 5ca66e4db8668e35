//! Import and export: a spreadsheet of values in (columns matched by header, a dry run, then
//! all or nothing), values, measures and partners out as CSV, partner templates, and a
//! whole-coalition backup with restore.

use std::time::Duration;

use cairn_core::csv::{read, Records};
use cairn_core::import::{
    apply, guess_columns, Change, DateOrder, DecimalMark, DryRun, Field, Options, Plan,
};
use cairn_core::{export, format, Code, Document, Frequency, Period};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::download::{download, download_csv};
use crate::state::storage;
use crate::state::{use_store, How, Store};
use cairn_core::history::Via;

/// Rows read between two repaints of the progress bar.
const CHUNK: usize = 5_000;

#[component]
pub fn DataPage() -> impl IntoView {
    view! {
        <section class="page data-page">
            <h1>"Import and export"</h1>
            <Show when=crate::components::role::writes()>
                <Import/>
            </Show>
            <Exports/>
            <Backup/>
        </section>
    }
}

/// Whether `text` is a DHIS2 data value set (JSON, or CSV with DHIS2's columns) rather than a
/// spreadsheet of Cairn's shape.
fn is_data_value_set(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let first = text.lines().next().unwrap_or("").to_ascii_lowercase();
    text.starts_with('{') || (first.contains("dataelement") && first.contains("orgunit"))
}

/// Reads the file chosen in an `<input type="file">` as text.
async fn read_file(input: web_sys::HtmlInputElement) -> Result<(String, String), String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("No file was chosen.")?;
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("The browser could not read {name}."))?
        .as_string()
        .ok_or_else(|| format!("{name} is not a text file."))?;
    Ok((name, text))
}

fn input_of(ev: &leptos::ev::Event) -> Option<web_sys::HtmlInputElement> {
    ev.target()?.dyn_into().ok()
}

#[component]
fn Import() -> impl IntoView {
    let store = use_store();
    let records = StoredValue::new(None::<Records>);
    let file_name = RwSignal::new(None::<String>);
    let headers = RwSignal::new(Vec::<(String, String)>::new());
    let fields = RwSignal::new(Vec::<Field>::new());
    let date_order = RwSignal::new(DateOrder::DayMonthYear);
    let decimal = RwSignal::new(DecimalMark::Point);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let plan = RwSignal::new(None::<Plan>);
    let message = RwSignal::new(None::<Result<String, String>>);

    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = input_of(&ev) else { return };
        plan.set(None);
        message.set(None);
        leptos::task::spawn_local(async move {
            match read_file(input).await.and_then(|(name, text)| {
                // A DHIS2 data value set is read as Cairn's own long-form values first.
                let text = if is_data_value_set(&text) {
                    store
                        .doc
                        .with_untracked(|d| d.as_ref().map(|d| cairn_core::dhis2::read(d, &text)))
                        .ok_or_else(|| "Open a coalition first.".to_string())?
                        .map_err(|e| format!("{name}: {e}"))?
                } else {
                    text
                };
                let r = read(&text).map_err(|e| format!("{name}: {e}"))?;
                Ok((name, r))
            }) {
                Ok((name, r)) => {
                    let header = r.rows.first().map(|(_, h)| h.clone()).unwrap_or_default();
                    let sample = r.rows.get(1).map(|(_, s)| s.clone()).unwrap_or_default();
                    let breakdowns = store.doc.with_untracked(|d| {
                        d.as_ref()
                            .map(|d| d.coalition.breakdowns.clone())
                            .unwrap_or_default()
                    });
                    fields.set(guess_columns(&header, &breakdowns));
                    headers.set(
                        header
                            .iter()
                            .enumerate()
                            .map(|(i, h)| (h.clone(), sample.get(i).cloned().unwrap_or_default()))
                            .collect(),
                    );
                    decimal.set(if r.separator == ';' {
                        DecimalMark::Comma
                    } else {
                        DecimalMark::Point
                    });
                    records.set_value(Some(r));
                    file_name.set(Some(name));
                }
                Err(e) => {
                    records.set_value(None);
                    file_name.set(None);
                    message.set(Some(Err(e)));
                }
            }
        });
    };

    let check = move |_| {
        let Some(r) = records.get_value() else { return };
        let options = Options {
            date_order: date_order.get_untracked(),
            decimal: decimal.get_untracked(),
            member: storage::member_name(),
            now: crate::clock::now(),
            this_month: crate::clock::this_month(),
        };
        plan.set(None);
        message.set(None);
        let started = store.doc.with_untracked(|d| {
            d.as_ref()
                .map(|d| DryRun::new(d, r, fields.get_untracked(), options))
        });
        match started {
            Some(Ok(dry)) => {
                progress.set(Some(dry.progress()));
                step_later(store, dry, progress, plan);
            }
            Some(Err(e)) => message.set(Some(Err(e))),
            None => {}
        }
    };

    let commit = move |_| {
        let result = plan.with_untracked(|p| match p {
            Some(p) => {
                let name = file_name.get_untracked().unwrap_or_default();
                let note = format!("Imported from {name}");
                let how = How {
                    via: Via::Import,
                    note: &note,
                    reverts: None,
                };
                store.change_via(how, |doc| apply(doc, p))
            }
            None => Ok(0),
        });
        message.set(Some(match result {
            Ok(n) => Ok(format!("Imported {n} values. The import is kept in the History (in the menu), where an administrator can revert it in one step.")),
            Err(e) => Err(e.to_string()),
        }));
        if message.with_untracked(|m| matches!(m, Some(Ok(_)))) {
            plan.set(None);
        }
    };

    view! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">"Import values from a spreadsheet"</h2>
            <p class="hint">"A CSV file with one row per value. Columns are found by their headers, in any order: measure (code or title), period (2026-03, Mar 2026, FY2026-Q1, Q1 2026, SY2025-26 or any date), partner (code or name), value, or numerator and denominator for percents, and a note. Nothing changes until you have seen what will."</p>
            <label class="field">
                <span>"CSV file"</span>
                <input type="file" id="import-file" accept=".csv,.txt,text/csv" on:change=choose/>
            </label>
            <Show when=move || file_name.with(Option::is_some)>
                <fieldset class="mapping">
                    <legend>{move || format!("Columns of {}", file_name.get().unwrap_or_default())}</legend>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Columns of the file">
                        <table class="list">
                            <thead><tr><th scope="col">"Column"</th><th scope="col">"First value"</th><th scope="col">"Imported as"</th></tr></thead>
                            <tbody>
                                {move || headers.get().into_iter().enumerate().map(|(i, (header, sample))| {
                                    let label = format!("Column “{header}” is imported as");
                                    let breakdowns = store.doc.with_untracked(|d| {
                                        d.as_ref().map(|d| d.coalition.breakdowns.clone()).unwrap_or_default()
                                    });
                                    let all = Field::all(&breakdowns);
                                    let chosen = all.clone();
                                    view! {
                                        <tr>
                                            <th scope="row">{header}</th>
                                            <td>{sample}</td>
                                            <td>
                                                <select aria-label=label on:change=move |ev| {
                                                    let last = chosen.len() - 1;
                                                    let choice = event_target_value(&ev).parse::<usize>().unwrap_or(last);
                                                    fields.update(|f| if let Some(slot) = f.get_mut(i) { *slot = chosen[choice.min(last)] });
                                                    plan.set(None);
                                                }>
                                                    {all.iter().enumerate().map(|(k, &field)| view! {
                                                        <option value=k.to_string() selected=move || fields.with(|f| f.get(i) == Some(&field))>{field.label_in(&breakdowns)}</option>
                                                    }).collect::<Vec<_>>()}
                                                </select>
                                            </td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                    </div>
                    <div class="pair">
                        <label class="field">
                            <span>"Dates like 03/04/2026 mean"</span>
                            <select on:change=move |ev| date_order.set(if event_target_value(&ev) == "mdy" { DateOrder::MonthDayYear } else { DateOrder::DayMonthYear })>
                                <option value="dmy" selected=move || date_order.get() == DateOrder::DayMonthYear>"3 April 2026 (day/month/year)"</option>
                                <option value="mdy" selected=move || date_order.get() == DateOrder::MonthDayYear>"March 4, 2026 (month/day/year)"</option>
                            </select>
                        </label>
                        <label class="field">
                            <span>"Decimal mark"</span>
                            <select on:change=move |ev| decimal.set(if event_target_value(&ev) == "comma" { DecimalMark::Comma } else { DecimalMark::Point })>
                                <option value="point" selected=move || decimal.get() == DecimalMark::Point>"1,234.5 (point)"</option>
                                <option value="comma" selected=move || decimal.get() == DecimalMark::Comma>"1.234,5 (comma)"</option>
                            </select>
                        </label>
                    </div>
                    <button type="button" class="primary" on:click=check>"Check the file"</button>
                </fieldset>
            </Show>
            {move || progress.get().filter(|_| plan.with(Option::is_none)).map(|(done, total)| view! {
                <p class="progress-line">
                    <label for="import-progress">{format!("Checking row {done} of {total}…")}</label>
                    <progress id="import-progress" max=total.max(1).to_string() value=done.to_string()></progress>
                </p>
            })}
            {move || plan.with(|p| p.as_ref().map(|p| summary(store, p)))}
            <Show when=move || plan.with(|p| p.as_ref().is_some_and(|p| p.errors.is_empty() && !p.changes.is_empty()))>
                <button type="button" class="primary" on:click=commit>
                    {move || plan.with(|p| format!("Import {} values", p.as_ref().map_or(0, |p| p.changes.len())))}
                </button>
            </Show>
            <Outcome message/>
        </section>
    }
}

/// Reads the next chunk of rows after the browser has had a chance to paint the progress bar.
/// The outcome of the last action, announced to screen readers: done, or what went wrong.
#[component]
fn Outcome(message: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite">
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="ok">{text}</p> }.into_any(),
                Err(text) => view! { <p class="form-error">{text}</p> }.into_any(),
            })}
        </div>
    }
}

fn step_later(
    store: Store,
    mut dry: DryRun,
    progress: RwSignal<Option<(usize, usize)>>,
    plan: RwSignal<Option<Plan>>,
) {
    set_timeout(
        move || {
            let more = store
                .doc
                .with_untracked(|d| d.as_ref().map(|d| dry.step(d, CHUNK)))
                .unwrap_or(false);
            progress.set(Some(dry.progress()));
            if more {
                step_later(store, dry, progress, plan);
            } else {
                let finished = store
                    .doc
                    .with_untracked(|d| d.as_ref().map(|d| dry.finish(d)));
                plan.set(finished);
            }
        },
        Duration::ZERO,
    );
}

fn summary(store: Store, plan: &Plan) -> impl IntoView {
    let errors = plan.errors.len();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let headline = format!(
        "{}: {}, {} changed, {} unchanged, {} without a value; {}.",
        plural(plan.rows, "row", "rows"),
        plural(plan.created(), "new value", "new values"),
        plan.updated(),
        plan.unchanged,
        plan.blank,
        plural(errors, "problem", "problems"),
    );
    let next = if errors > 0 {
        "Nothing will be imported until every problem is fixed: correct the file and choose it again."
    } else if plan.changes.is_empty() {
        "The file changes nothing."
    } else {
        "Check the changes below, then import them. All are applied together, or none."
    };
    let error_items = plan
        .errors
        .iter()
        .take(200)
        .map(|e| view! { <li><strong>{format!("Line {}: ", e.line)}</strong>{e.message.clone()}</li> })
        .collect::<Vec<_>>();
    let more_errors = (errors > 200).then(|| format!("… and {} more.", errors - 200));
    let notices = (!plan.notices.is_empty()).then(|| {
        let items = plan
            .notices
            .iter()
            .map(|n| view! { <li><strong>{format!("Line {}: ", n.line)}</strong>{n.message.clone()}</li> })
            .collect::<Vec<_>>();
        view! {
            <h4 id="dry-run-notices">"How some periods were read"</h4>
            <ul class="notices" aria-labelledby="dry-run-notices">{items}</ul>
        }
    });
    let preview = store.doc.with_untracked(|d| {
        let d = d.as_ref()?;
        Some(
            plan.changes
                .iter()
                .take(20)
                .map(|c| change_row(d, c))
                .collect::<Vec<_>>(),
        )
    });
    view! {
        <section class="dry-run" aria-labelledby="dry-run-title">
            <h3 id="dry-run-title">"What this import would do"</h3>
            <p class="headline">{headline}</p>
            <p>{next}</p>
            {(errors > 0).then(|| view! { <ul class="errors">{error_items}</ul> })}
            {more_errors}
            {notices}
            {(!plan.changes.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Changes the import makes">
                    <table class="list">
                        <caption>{format!("The first {} of {} changes", plan.changes.len().min(20), plan.changes.len())}</caption>
                        <thead><tr><th scope="col">"Measure"</th><th scope="col">"Period"</th><th scope="col">"Partner"</th><th scope="col">"Now"</th><th scope="col">"After import"</th></tr></thead>
                        <tbody>{preview}</tbody>
                    </table>
                </div>
            })}
        </section>
    }
}

fn change_row(doc: &Document, change: &Change) -> impl IntoView {
    let (before, after) = match change {
        Change::Create(o) => (None, o),
        Change::Update { before, after } => (Some(before), after),
    };
    let measure = doc.measure(&after.measure);
    let show = |o: &cairn_core::Observation| {
        measure.map_or(String::new(), |m| m.format_value(m.display(o.value)))
    };
    view! {
        <tr>
            <td>{after.measure.to_string()}</td>
            <td>{after.period.code()}</td>
            <td>{after.partner.to_string()}</td>
            <td>{before.map_or("—".to_string(), show)}</td>
            <td>{show(after)}</td>
        </tr>
    }
}

#[component]
fn Exports() -> impl IntoView {
    let store = use_store();
    let stamp = crate::clock::today;
    let save = move |name: &str, make: fn(&Document) -> String| {
        store.doc.with_untracked(|d| {
            if let Some(d) = d {
                download_csv(&format!("cairn-{name}-{}.csv", stamp()), &make(d));
            }
        });
    };
    let start = store.doc.with_untracked(|d| {
        d.as_ref()
            .map(|d| d.coalition.fiscal_year_start)
            .unwrap_or_default()
    });
    let template_partner = RwSignal::new(String::new());
    let template_period = RwSignal::new(
        Period::containing(crate::clock::this_month(), Frequency::Quarterly, start).code(),
    );
    let template_error = RwSignal::new(None::<String>);
    let template = move |_| {
        let result = Code::parse(&template_partner.get_untracked())
            .and_then(|p| Ok((p, Period::parse(&template_period.get_untracked())?)));
        match result {
            Ok((partner, period)) => {
                template_error.set(None);
                store.doc.with_untracked(|d| {
                    if let Some(d) = d {
                        let text = export::template_csv(d, &partner, period);
                        download_csv(
                            &format!(
                                "cairn-template-{}-{}.csv",
                                partner.as_str().to_lowercase(),
                                period.code().to_lowercase()
                            ),
                            &text,
                        );
                    }
                });
            }
            Err(e) => template_error.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="exports" aria-labelledby="export-title">
            <h2 id="export-title">"Export"</h2>
            <p class="hint">"CSV files that Excel, LibreOffice and Google Sheets open cleanly, with codes and names side by side."</p>
            <div class="actions">
                <button type="button" on:click=move |_| save("values", export::observations_csv)>"All values (CSV)"</button>
                <button type="button" on:click=move |_| save("measures", export::measures_csv)>"Measures (CSV)"</button>
                <button type="button" on:click=move |_| save("partners", export::partners_csv)>"Partners (CSV)"</button>
                <button type="button" on:click=move |_| save("activities", export::activities_csv)>"Activities (CSV)"</button>
            </div>
            <Dhis2Export/>
            <h3>"A partner's template"</h3>
            <p class="hint">"One row for each value a partner owes for a period, with the last value, baseline and target beside an empty value column. Filled in, it imports back as it is."</p>
            <div class="pair">
                <label class="field">
                    <span>"Partner"</span>
                    <select id="template-partner" on:change=move |ev| template_partner.set(event_target_value(&ev))>
                        <option value="">"Choose a partner"</option>
                        {move || store.doc.with(|d| d.as_ref().map(|d| d.partners.iter().map(|p| view! {
                            <option value=p.code.to_string()>{p.name.clone()}</option>
                        }).collect::<Vec<_>>()))}
                    </select>
                </label>
                <label class="field narrow">
                    <span>"Period"</span>
                    <input type="text" id="template-period" prop:value=move || template_period.get() on:input=move |ev| template_period.set(event_target_value(&ev))/>
                </label>
                <button type="button" on:click=template>"Download template"</button>
            </div>
            {move || template_error.get().map(|e| view! { <p class="form-error">{e}</p> })}
        </section>
    }
}

#[component]
fn Backup() -> impl IntoView {
    let store = use_store();
    let pending = StoredValue::new(None::<Document>);
    let offer = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<Result<String, String>>);
    let backup = move |_| {
        store.doc.with_untracked(|d| {
            if let Some(d) = d {
                let name = format!("cairn-backup-{}.json", crate::clock::today());
                download(&name, "application/json", &format::save(d));
            }
        });
    };
    let choose = move |ev: leptos::ev::Event| {
        let Some(input) = input_of(&ev) else { return };
        message.set(None);
        offer.set(None);
        leptos::task::spawn_local(async move {
            match read_file(input).await {
                Ok((name, text)) => match format::load(&text) {
                    Ok(doc) => {
                        offer.set(Some(format!(
                            "{name}: “{}”, {} partners, {} measures, {} values.",
                            doc.coalition.name,
                            doc.partners.len(),
                            doc.measures.len(),
                            doc.observations.len()
                        )));
                        pending.set_value(Some(doc));
                    }
                    Err(e) => message.set(Some(Err(format!(
                        "{name} was not restored: {e} Your current data is unchanged."
                    )))),
                },
                Err(e) => message.set(Some(Err(e))),
            }
        });
    };
    let restore = move |_| {
        if let Some(doc) = pending.get_value() {
            // Restoring into a shared coalition is an edit like any other: it syncs.
            store.replace(doc, How::via(Via::Restore));
            pending.set_value(None);
            offer.set(None);
            message.set(Some(Ok("The backup was restored.".into())));
        }
    };
    view! {
        <section class="backup" aria-labelledby="backup-title">
            <h2 id="backup-title">"Backup"</h2>
            <p class="hint">"The whole coalition as one file: keep it somewhere safe, or move Cairn to another browser."</p>
            <div class="actions">
                <button type="button" on:click=backup>"Download a backup"</button>
            </div>
            <label class="field" hidden=crate::components::role::not_administers()>
                <span>"Restore from a backup"</span>
                <input type="file" id="restore-file" accept=".json,application/json" on:change=choose/>
            </label>
            {move || offer.get().map(|text| view! {
                <div class="offer">
                    <p>{text}</p>
                    <p><strong>"Restoring replaces everything in this browser with the backup."</strong></p>
                    <button type="button" class="danger" on:click=restore>"Replace my data with this backup"</button>
                </div>
            })}
            <Outcome message/>
        </section>
    }
}

/// The values as a DHIS2 data value set, JSON or CSV, for a county or state system
/// (`cairn_core::dhis2`); the import reads either back.
#[component]
fn Dhis2Export() -> impl IntoView {
    let store = use_store();
    let message = RwSignal::new(None::<String>);
    let save = move |json: bool| {
        let made = store.doc.with_untracked(|d| {
            let d = d.as_ref()?;
            Some(if json {
                cairn_core::dhis2::to_json(d).map(|t| (t, "json", "application/json"))
            } else {
                cairn_core::dhis2::to_csv(d).map(|t| (t, "csv", "text/csv"))
            })
        });
        match made {
            Some(Ok((text, ext, mime))) => {
                let name = format!("cairn-dhis2-{}.{ext}", crate::clock::today());
                if ext == "csv" {
                    download_csv(&name, &text);
                } else {
                    download(&name, mime, &text);
                }
                message.set(Some(format!(
                    "Downloaded {name}: import it into DHIS2 with the identifier scheme “code”."
                )));
            }
            Some(Err(e)) => message.set(Some(e.to_string())),
            None => message.set(Some("Open a coalition first.".into())),
        }
    };
    view! {
        <h3>"For DHIS2"</h3>
        <p class="hint">"Every value as a DHIS2 data value set: the measure's code as data element, the partner's as organisation unit, and each group as a category option combination (a percent as two data elements, -NUM and -DEN). Cairn's import reads it back."</p>
        <div class="actions">
            <button type="button" on:click=move |_| save(true)>"Data value set (JSON)"</button>
            <button type="button" on:click=move |_| save(false)>"Data value set (CSV)"</button>
        </div>
        <p class="form-message" role="status">{move || message.get()}</p>
    }
}

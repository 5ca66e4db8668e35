//! The backbone's review screen: every round partners submitted, each value beside the
//! partner's earlier values and any outlier flag, and approve or return (with a comment) in one
//! step; then what was returned and waits for the partner. The rules are
//! `cairn_core::review`'s; this screen only lays them out.

use cairn_core::outlier;
use cairn_core::review::Stage;
use cairn_core::{CellKey, Code, Document, Period};
use leptos::prelude::*;

use crate::components::role::administers;
use crate::screens::entry::rounds::take_step;
use crate::state::{storage, use_store};

/// How many earlier values of the partner each value is shown beside.
const EARLIER: usize = 4;

/// One value of a round as the screen shows it.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    measure: String,
    value: String,
    earlier: String,
    flag: Option<String>,
}

/// The values of `partner`'s round for `period`, each with the partner's latest earlier values
/// of the same measure (oldest first) and its flag.
fn lines(doc: &Document, partner: &Code, period: Period) -> Vec<Line> {
    doc.measures_reported_by(partner)
        .filter(|m| m.frequency == period.frequency())
        .filter_map(|m| {
            let key = CellKey {
                group: cairn_core::Group::total(),
                measure: m.code.clone(),
                period,
                partner: partner.clone(),
            };
            let value = doc.observations.get(&key)?.value;
            let mut earlier: Vec<String> = doc
                .observations
                .of_measure(&m.code)
                .filter(|o| &o.partner == partner && o.period < period)
                .map(|o| format!("{} {}", o.period.code(), m.format_value(m.display(o.value))))
                .collect();
            earlier.drain(..earlier.len().saturating_sub(EARLIER));
            Some(Line {
                measure: m.title.clone(),
                value: m.format_value(m.display(value)),
                earlier: if earlier.is_empty() {
                    "none".into()
                } else {
                    earlier.join(" · ")
                },
                flag: outlier::flag(doc, &key).map(|f| format!("{}.", f.text())),
            })
        })
        .collect()
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let store = use_store();
    // The rounds waiting (submitted) and the ones sent back (returned).
    let rounds = Memo::new(move |_| {
        store.doc.with(|d| {
            let d = d.as_ref()?;
            // In the document's order: by partner, then period.
            let of = |stage: Stage| {
                d.reviews
                    .iter()
                    .filter(|r| r.stage() == stage)
                    .map(|r| (r.partner.clone(), r.period))
                    .collect::<Vec<_>>()
            };
            Some((
                d.coalition.review,
                of(Stage::Submitted),
                of(Stage::Returned),
            ))
        })
    });
    move || {
        let (on, waiting, returned) = rounds.get()?;
        let count = waiting.len();
        Some(view! {
            <section class="page review-page">
                <h1>"Review"</h1>
                {(!on).then(|| view! {
                    <p class="notice" role="note">"This coalition does not review values: every value counts as soon as it is entered. An administrator turns review on in "<a href="#/coalition">"the coalition's settings"</a>"."</p>
                })}
                <p class="hint">"Partners submit their values for a period; approve them to count them, or return them with a comment saying what to fix. ⚑ marks a value far from the partner's own earlier values."</p>
                <h2>{match count { 0 => "Nothing waits for review".to_string(), 1 => "1 period waits for review".into(), n => format!("{n} periods wait for review") }}</h2>
                {waiting.into_iter().map(|(partner, period)| view! { <Round partner period/> }).collect_view()}
                {(!returned.is_empty()).then(|| view! {
                    <h2>"Returned, waiting for the partner"</h2>
                    <ul class="returned-list">
                        {returned.into_iter().map(|(partner, period)| view! { <ReturnedItem partner period/> }).collect_view()}
                    </ul>
                })}
            </section>
        })
    }
}

/// One submitted round: its values and the two answers.
#[component]
fn Round(partner: Code, period: Period) -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let (name, start, submitted, values) = store
        .doc
        .with_untracked(|d| {
            let d = d.as_ref()?;
            let name = d.partner(&partner)?.name.clone();
            let step = d.review(&partner, period)?.steps.last()?.clone();
            Some((
                name,
                d.coalition.fiscal_year_start,
                step,
                lines(d, &partner, period),
            ))
        })
        .expect("a submitted round of a partner that exists");
    let comment = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let partner = StoredValue::new(partner);
    let answer = move |stage: Stage| {
        let done = partner.with_value(|p| {
            take_step(
                store,
                p,
                period,
                stage,
                &comment.get_untracked(),
                &storage::member_name(),
            )
        });
        message.set(done.err().map(|e| e.to_string()));
    };
    let id = partner.with_value(|p| format!("round-{p}-{}", period.code()));
    let heading = format!("{id}-heading");
    let flagged = values.iter().filter(|l| l.flag.is_some()).count();
    let said = if submitted.comment.is_empty() {
        String::new()
    } else {
        format!(": “{}”", submitted.comment)
    };
    // A member who has not given a name in a browser of their own signs nothing.
    let by = if submitted.by.is_empty() {
        String::new()
    } else {
        format!(" by {}", submitted.by)
    };
    let stands_out = match (flagged, values.len()) {
        (1, 1) => "⚑ This value stands out: check it before approving.".to_string(),
        (1, _) => "⚑ 1 value stands out: check it before approving.".to_string(),
        (n, all) => format!("⚑ {n} of {all} values stand out: check them before approving."),
    };
    view! {
        <article class="round-review" data-round=id.clone() aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{format!("{name}: {} ", period.code())}<small>{period.label(start)}</small></h3>
            <p>{format!("Submitted{by} on {}{said}", submitted.at.get(..10).unwrap_or(""))}</p>
            {(flagged > 0).then(|| view! { <p class="flag-note">{stands_out}</p> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{name}'s values for {}", period.code())>
                <table class="list">
                    <thead><tr><th scope="col">"Measure"</th><th scope="col">"Value"</th><th scope="col">"Earlier values"</th><th scope="col">"Check"</th></tr></thead>
                    <tbody>
                        {values.into_iter().map(|l| { let flagged = l.flag.is_some(); view! {
                            <tr class:flagged=flagged>
                                <th scope="row">{l.measure}</th>
                                <td class="num">{l.value}</td>
                                <td>{l.earlier}</td>
                                <td>{l.flag.map_or("–".to_string(), |f| format!("⚑ {f}"))}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            </div>
            <div class="review-answer" hidden=move || !admin()>
                <label class="field">
                    <span>"Comment to the partner (needed to return)"</span>
                    <textarea id=format!("{id}-comment") rows="2" prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                <div class="actions">
                    <button type="button" on:click=move |_| answer(Stage::Approved)>"Approve"</button>
                    <button type="button" class="secondary" on:click=move |_| answer(Stage::Returned)>"Return with comment"</button>
                </div>
            </div>
            <p hidden=admin>"Only a backbone administrator approves or returns values."</p>
            <p class="form-error" role="alert" hidden=move || message.with(Option::is_none)>{move || message.get()}</p>
        </article>
    }
}

#[component]
fn ReturnedItem(partner: Code, period: Period) -> impl IntoView {
    let store = use_store();
    store.doc.with_untracked(|d| {
        let d = d.as_ref()?;
        let name = d.partner(&partner)?.name.clone();
        let step = d.review(&partner, period)?.steps.last()?.clone();
        Some(view! {
            <li>{format!("{name}, {}: returned by {} on {}: “{}”", period.code(), step.by, step.at.get(..10).unwrap_or(""), step.comment)}</li>
        })
    })
}

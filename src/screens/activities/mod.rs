//! Mutually reinforcing activities: who does what (the partner × strategy matrix, its gaps and
//! possible duplication), the list of activities with filters, and each activity's page.

use cairn_core::matrix::{duplications, gaps, matrix, Gap};
use cairn_core::{
    Activity, ActivityStatus, Aim, Code, Date, Direction, Document, Error, StatusUpdate,
};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Places, Problem, Problems};
use crate::route::{navigate, Route};
use crate::screens::updates::UpdatesAbout;
use crate::state::storage;
use crate::state::use_store;

fn partner_name(doc: &Document, code: &Code) -> String {
    doc.partner(code)
        .map_or(code.to_string(), |p| p.name.clone())
}

fn dates(a: &Activity) -> String {
    match a.end {
        Some(end) => format!("{} to {}", a.start, end),
        None => format!("from {}, ongoing", a.start),
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    view! {
        <section class="page activities">
            <crate::components::print_header::PrintHeader what="Activities"/>
            <div class="page-head">
                <h1>"Activities"</h1>
                <Show when=crate::components::role::writes()>
                    <a class="button primary" href=Route::NewActivity.href()>"New activity"</a>
                </Show>
            </div>
            <Matrix/>
            <ActivityList/>
        </section>
    }
}

/// The partner × strategy grid, and what it shows in words.
#[component]
fn Matrix() -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let m = matrix(doc);
            let gap_list = gaps(doc);
            let doubles = duplications(doc);
            let header = m
                .strategies
                .iter()
                .map(|s| {
                    let gap = gap_list.contains(&Gap::Strategy(s.clone()));
                    view! {
                        <th scope="col" class:gap=gap>
                            {doc.coalition.strategy(s).map_or(s.to_string(), |s| s.name.clone())}
                            {gap.then(|| view! { <small class="flag">"⚠ gap: no active activity"</small> })}
                        </th>
                    }
                })
                .collect::<Vec<_>>();
            let rows = m
                .partners
                .iter()
                .zip(&m.cells)
                .map(|(partner, cells)| {
                    let cells = cells
                        .iter()
                        .map(|list| {
                            let items = list
                                .iter()
                                .map(|&i| {
                                    let a = &doc.activities[i];
                                    let role = if &a.lead == partner { "leads" } else { "supports" };
                                    let doubled = doubles.iter().any(|d| d.first == i || d.second == i);
                                    view! {
                                        <li>
                                            <a href=Route::Activity(a.code.clone()).href()>{a.title.clone()}</a>" "
                                            <small class="role">{format!("({role})")}</small>
                                            {doubled.then(|| view! { <small class="flag">" ⚠ possible duplication"</small> })}
                                        </li>
                                    }
                                })
                                .collect::<Vec<_>>();
                            view! { <td>{(!items.is_empty()).then(|| view! { <ul>{items}</ul> })}</td> }
                        })
                        .collect::<Vec<_>>();
                    view! { <tr data-partner=partner.to_string()><th scope="row">{partner_name(doc, partner)}</th>{cells}</tr> }
                })
                .collect::<Vec<_>>();
            let no_gaps = gap_list.is_empty();
            let findings: Vec<String> = gap_list
                .into_iter()
                .map(|gap| match gap {
                    Gap::Strategy(s) => format!(
                        "Gap: no active activity works on the strategy “{}”.",
                        doc.coalition.strategy(&s).map_or(s.to_string(), |s| s.name.clone())
                    ),
                    Gap::KeyMeasure(m) => format!(
                        "Gap: no active activity aims to move the key measure “{}”.",
                        doc.measure(&m).map_or(m.to_string(), |m| m.title.clone())
                    ),
                })
                .chain(doubles.iter().map(|d| {
                    let (a, b) = (&doc.activities[d.first], &doc.activities[d.second]);
                    format!(
                        "Possible duplication: “{}” ({}) and “{}” ({}) both aim to move “{}” for {} at the same time, without working together.",
                        a.title,
                        partner_name(doc, &a.lead),
                        b.title,
                        partner_name(doc, &b.lead),
                        doc.measure(&d.measure).map_or(d.measure.to_string(), |m| m.title.clone()),
                        a.audience.trim()
                    )
                }))
                .collect();
            Some(view! {
                <section class="matrix" aria-labelledby="matrix-title">
                    <h2 id="matrix-title">"Who does what"</h2>
                    <ul class="findings">
                        {no_gaps.then(|| view! { <li>"No gaps: every strategy and every key measure has an active activity working on it."</li> })}
                        {findings.into_iter().map(|f| view! { <li>{f}</li> }).collect::<Vec<_>>()}
                    </ul>
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Partners by strategy">
                        <table class="list matrix-grid">
                            <caption>"Partners by strategy: each cell lists the activities the partner leads or supports"</caption>
                            <thead><tr><th scope="col">"Partner"</th>{header}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            })
        })
    }
}

#[component]
fn ActivityList() -> impl IntoView {
    let store = use_store();
    let partner = RwSignal::new(String::new());
    let strategy = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let on = RwSignal::new(String::new());
    let rows = move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let p = Code::parse(&partner.get()).ok();
            let (s, st) = (strategy.get(), status.get());
            let day = Date::parse(&on.get()).ok();
            Some(
                doc.activities
                    .iter()
                    .filter(|a| p.as_ref().is_none_or(|c| a.involves(c)))
                    .filter(|a| s.is_empty() || a.strategy.as_ref().is_some_and(|x| x.as_str() == s))
                    .filter(|a| {
                        st.parse::<usize>()
                            .ok()
                            .is_none_or(|i| ActivityStatus::ALL.get(i) == Some(&a.status))
                    })
                    .filter(|a| day.is_none_or(|d| a.start <= d && a.end.is_none_or(|e| e >= d)))
                    .map(|a| view! {
                        <tr data-activity=a.code.to_string()>
                            <th scope="row"><a href=Route::Activity(a.code.clone()).href()>{a.title.clone()}</a></th>
                            <td>{partner_name(doc, &a.lead)}</td>
                            <td>{a.strategy.as_ref().and_then(|s| doc.coalition.strategy(s)).map(|s| s.name.clone()).unwrap_or_default()}</td>
                            <td>{a.status.label()}</td>
                            <td>{dates(a)}</td>
                        </tr>
                    })
                    .collect::<Vec<_>>(),
            )
        })
    };
    let options = move || {
        store.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                (
                    doc.partners
                        .iter()
                        .map(|p| (p.code.to_string(), p.name.clone()))
                        .collect::<Vec<_>>(),
                    doc.coalition
                        .strategies
                        .iter()
                        .map(|s| (s.code.to_string(), s.name.clone()))
                        .collect::<Vec<_>>(),
                )
            })
        })
    };
    view! {
        <section aria-labelledby="list-title">
            <h2 id="list-title">"All activities"</h2>
            <form class="filters" aria-label="Filter activities" on:submit=|ev| ev.prevent_default()>
                {move || options().map(|(partners, strategies)| view! {
                    <label class="field"><span>"Partner"</span>
                        <select on:change=move |ev| partner.set(event_target_value(&ev))>
                            <option value="">"All partners"</option>
                            {partners.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect::<Vec<_>>()}
                        </select>
                    </label>
                    <label class="field"><span>"Strategy"</span>
                        <select on:change=move |ev| strategy.set(event_target_value(&ev))>
                            <option value="">"All strategies"</option>
                            {strategies.into_iter().map(|(c, n)| view! { <option value=c>{n}</option> }).collect::<Vec<_>>()}
                        </select>
                    </label>
                })}
                <label class="field"><span>"Status"</span>
                    <select on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">"Any status"</option>
                        {ActivityStatus::ALL.iter().enumerate().map(|(i, s)| view! { <option value=i.to_string()>{s.label()}</option> }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label class="field"><span>"Running on (date)"</span>
                    <input type="text" placeholder="2026-11-29" on:input=move |ev| on.set(event_target_value(&ev))/>
                </label>
            </form>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Activities">
                <table class="list">
                    <thead><tr><th scope="col">"Activity"</th><th scope="col">"Lead"</th><th scope="col">"Strategy"</th><th scope="col">"Status"</th><th scope="col">"Dates"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The form's contents as typed.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    code: Code,
    title: String,
    description: String,
    lead: String,
    supporters: Vec<Code>,
    strategy: String,
    aims: Vec<(Code, Direction)>,
    audience: String,
    status: ActivityStatus,
    start: String,
    end: String,
    log: Vec<StatusUpdate>,
}

impl Draft {
    fn from(a: &Activity) -> Draft {
        Draft {
            code: a.code.clone(),
            title: a.title.clone(),
            description: a.description.clone(),
            lead: a.lead.to_string(),
            supporters: a.supporters.clone(),
            strategy: a.strategy.as_ref().map(Code::to_string).unwrap_or_default(),
            aims: a
                .aims
                .iter()
                .map(|x| (x.measure.clone(), x.direction))
                .collect(),
            audience: a.audience.clone(),
            status: a.status,
            start: a.start.to_string(),
            end: a.end.map(|d| d.to_string()).unwrap_or_default(),
            log: a.log.clone(),
        }
    }

    fn build(&self) -> Result<Activity, Problem> {
        let at = |id: &'static str, label: &'static str| move |e: Error| Problem::at(id, label, &e);
        Ok(Activity {
            code: self.code.clone(),
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            lead: Code::parse(&self.lead).map_err(|_| Problem {
                field: Some(LEAD.to_string()),
                message: "The lead partner is required: choose who leads the activity.".into(),
            })?,
            supporters: self.supporters.clone(),
            strategy: match self.strategy.as_str() {
                "" => None,
                s => Some(Code::parse(s).map_err(at("activity-strategy", "Strategy"))?),
            },
            aims: self
                .aims
                .iter()
                .map(|(m, d)| Aim {
                    measure: m.clone(),
                    direction: *d,
                })
                .collect(),
            audience: self.audience.trim().to_string(),
            status: self.status,
            start: Date::parse(&self.start).map_err(at(START, "Start"))?,
            end: match self.end.trim() {
                "" => None,
                e => Some(Date::parse(e).map_err(at(END, "End"))?),
            },
            log: self.log.clone(),
        })
    }
}

const TITLE: &str = "activity-title";
const DESCRIPTION: &str = "activity-description";
const AUDIENCE: &str = "activity-audience";
const LEAD: &str = "activity-lead";
const START: &str = "activity-start";
const END: &str = "activity-end";

/// Where the core's refusals are shown.
const PLACES: Places = &[
    ("The activity's title", TITLE, "Title"),
    ("The description", DESCRIPTION, "Description"),
    ("The audience", AUDIENCE, "Audience"),
    ("unknown_partner", LEAD, "Lead partner"),
    ("lead_also_supporting", LEAD, "Lead partner"),
    ("end_before_start", END, "End"),
];

#[component]
pub fn ActivityEditor(code: Option<Code>) -> impl IntoView {
    let store = use_store();
    let existing = code.as_ref().and_then(|c| {
        store
            .doc
            .with_untracked(|d| d.as_ref().and_then(|d| d.activity(c).cloned()))
    });
    let is_new = existing.is_none();
    let initial = existing.as_ref().map(Draft::from).unwrap_or_else(|| {
        let code = store
            .doc
            .with_untracked(|d| d.as_ref().map(Document::next_activity_code))
            .unwrap_or_else(|| Code::parse("A1").unwrap_or_else(|_| unreachable!("a valid code")));
        Draft {
            code,
            title: String::new(),
            description: String::new(),
            // A partner editor adds activities their own partner leads.
            lead: store
                .sync
                .grant
                .with_untracked(|g| g.partner.as_ref().map(Code::to_string))
                .unwrap_or_default(),
            supporters: Vec::new(),
            strategy: String::new(),
            aims: Vec::new(),
            audience: String::new(),
            status: ActivityStatus::Planned,
            start: crate::clock::today().to_string(),
            end: String::new(),
            log: Vec::new(),
        }
    });
    let draft = RwSignal::new(initial.clone());
    // Anything but what the form opened with is unsaved work, until it is saved.
    let done = RwSignal::new(false);
    form::track("the activity editor", move || {
        !done.get_untracked() && draft.with(|d| d != &initial)
    });
    let problems = Problems::new("activity-error");
    let opened = existing.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(Draft::build).and_then(|a| {
            let code = a.code.clone();
            store
                .change(|doc| {
                    // Keep what others changed (through sync) since this form opened.
                    let a = match (&opened, doc.activity(&code)) {
                        (Some(opened), Some(now)) => cairn_core::sync::merge_edit(opened, &a, now)?,
                        _ => a,
                    };
                    doc.put_activity(a)
                })
                .map(|_| code)
                .map_err(|e| form::place(&e, PLACES))
        }) {
            Ok(code) => {
                done.set(true);
                navigate(&Route::Activity(code));
            }
            Err(problem) => problems.show(problem),
        }
    };
    let text = |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        (
            move || draft.with(get),
            move |ev| draft.update(|d| set(d, event_target_value(&ev))),
        )
    };
    let (title, on_title) = text(|d| d.title.clone(), |d, v| d.title = v);
    let (description, on_description) = text(|d| d.description.clone(), |d, v| d.description = v);
    let (audience, on_audience) = text(|d| d.audience.clone(), |d, v| d.audience = v);
    let (start, on_start) = text(|d| d.start.clone(), |d, v| d.start = v);
    let (end, on_end) = text(|d| d.end.clone(), |d, v| d.end = v);
    let lists = move || {
        store.doc.with(|doc| {
            doc.as_ref().map(|doc| {
                (
                    doc.partners
                        .iter()
                        .map(|p| (p.code.clone(), p.name.clone()))
                        .collect::<Vec<_>>(),
                    doc.coalition
                        .strategies
                        .iter()
                        .map(|s| (s.code.clone(), s.name.clone()))
                        .collect::<Vec<_>>(),
                    doc.measures
                        .iter()
                        .map(|m| (m.code.clone(), m.title.clone()))
                        .collect::<Vec<_>>(),
                )
            })
        })
    };
    view! {
        <section class="page editor">
            <h1>{if is_new { "New activity".to_string() } else { format!("Edit “{}”", existing.as_ref().map_or("", |a| a.title.as_str())) }}</h1>
            <FormMessage problems/>
            <form on:submit=save novalidate>
                <div class="field"><label for=TITLE>"Title"</label>
                    <input type="text" id=TITLE prop:value=title on:input=on_title/></div>
                <div class="field"><label for=DESCRIPTION>"Description"</label>
                    <textarea rows="2" id=DESCRIPTION prop:value=description on:input=on_description></textarea></div>
                <div class="field"><label for=AUDIENCE>"Audience"</label><small>"Who it serves, such as “teens 13-18”."</small>
                    <input type="text" id=AUDIENCE prop:value=audience on:input=on_audience/></div>
                {move || lists().map(|(partners, strategies, measures)| {
                    let supporters = partners.clone();
                    view! {
                        <div class="pair">
                            <div class="field"><label for=LEAD>"Lead partner"</label>
                                <select id=LEAD disabled=crate::components::role::not_administers() on:change=move |ev| draft.update(|d| d.lead = event_target_value(&ev))>
                                    <option value="">"Choose the lead"</option>
                                    {partners.into_iter().map(|(c, n)| { let s = c.to_string(); let c2 = s.clone(); view! { <option value=s selected=move || draft.with(|d| d.lead == c2)>{n}</option> } }).collect::<Vec<_>>()}
                                </select>
                            </div>
                            <label class="field"><span>"Strategy"</span>
                                <select id="activity-strategy" on:change=move |ev| draft.update(|d| d.strategy = event_target_value(&ev))>
                                    <option value="">"No strategy"</option>
                                    {strategies.into_iter().map(|(c, n)| { let s = c.to_string(); let c2 = s.clone(); view! { <option value=s selected=move || draft.with(|d| d.strategy == c2)>{n}</option> } }).collect::<Vec<_>>()}
                                </select>
                            </label>
                        </div>
                        <fieldset class="checks"><legend>"Supporting partners"</legend>
                            {supporters.into_iter().map(|(c, n)| { let c2 = c.clone(); view! {
                                <label class="check"><input type="checkbox" prop:checked=move || draft.with(|d| d.supporters.contains(&c2))
                                    on:change=move |ev| { let on = event_target_checked(&ev); let c = c.clone(); draft.update(|d| { d.supporters.retain(|x| x != &c); if on { d.supporters.push(c); } }); }/>" "{n}</label>
                            } }).collect::<Vec<_>>()}
                        </fieldset>
                        <fieldset class="checks"><legend>"Measures it aims to move"</legend>
                            {measures.into_iter().map(|(c, n)| { let (c2, c3) = (c.clone(), c.clone()); view! {
                                <div class="aim">
                                    <label class="check"><input type="checkbox" prop:checked=move || draft.with(|d| d.aims.iter().any(|(m, _)| m == &c2))
                                        on:change=move |ev| { let on = event_target_checked(&ev); let c = c.clone(); draft.update(|d| { d.aims.retain(|(m, _)| m != &c); if on { d.aims.push((c, Direction::Up)); } }); }/>" "{n.clone()}</label>
                                    <select aria-label=format!("Direction for {n}") on:change=move |ev| { let dir = if event_target_value(&ev) == "down" { Direction::Down } else { Direction::Up }; let c = c3.clone(); draft.update(|d| if let Some(a) = d.aims.iter_mut().find(|(m, _)| m == &c) { a.1 = dir; }); }>
                                        <option value="up">"to go up"</option>
                                        <option value="down">"to go down"</option>
                                    </select>
                                </div>
                            } }).collect::<Vec<_>>()}
                        </fieldset>
                    }
                })}
                <div class="pair">
                    <label class="field"><span>"Status"</span>
                        <select id="activity-status" on:change=move |ev| { let i: usize = event_target_value(&ev).parse().unwrap_or(0); draft.update(|d| d.status = ActivityStatus::ALL[i.min(4)]); }>
                            {ActivityStatus::ALL.iter().enumerate().map(|(i, &s)| view! { <option value=i.to_string() selected=move || draft.with(|d| d.status == s)>{s.label()}</option> }).collect::<Vec<_>>()}
                        </select>
                    </label>
                    <div class="field narrow"><label for=START>"Start"</label>
                        <input type="text" id=START placeholder="2026-09-01" prop:value=start on:input=on_start/></div>
                    <div class="field narrow"><label for=END>"End (blank if ongoing)"</label>
                        <input type="text" id=END placeholder="2027-06-30" prop:value=end on:input=on_end/></div>
                </div>
                <div class="actions">
                    <button type="submit" class="primary">"Save activity"</button>
                    <a class="button" href=Route::Activities.href()>"Cancel"</a>
                </div>
            </form>
        </section>
    }
}

#[component]
pub fn ActivityPage(code: Code) -> impl IntoView {
    let store = use_store();
    let key = code.clone();
    // The log form starts at the activity's current status.
    let current = store.doc.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.activity(&code))
            .and_then(|a| ActivityStatus::ALL.iter().position(|s| *s == a.status))
    });
    let status = RwSignal::new(current.unwrap_or(0));
    let note = RwSignal::new(String::new());
    form::track("the status log", move || {
        note.with(|n| !n.trim().is_empty())
    });
    let error = RwSignal::new(None::<String>);
    let grant = crate::components::role::use_grant();
    let lead_code = code.clone();
    // Only the lead partner (or an administrator) changes an activity; the others read it.
    let may_change = Signal::derive(move || {
        let lead = store.doc.with(|d| {
            d.as_ref()
                .and_then(|d| d.activity(&lead_code))
                .map(|a| a.lead.clone())
        });
        lead.is_some_and(|lead| grant.with(|g| g.leads_for(&lead)))
    });
    let log_update = move |_| {
        let entry = StatusUpdate {
            date: crate::clock::today(),
            status: ActivityStatus::ALL[status.get_untracked().min(4)],
            note: note.get_untracked().trim().to_string(),
            author: storage::member_name(),
        };
        let result = store.change(|doc| {
            let mut activity = doc
                .activity(&key)
                .cloned()
                .ok_or_else(|| Error::UnknownActivity(key.to_string()))?;
            activity.status = entry.status;
            activity.log.push(entry);
            doc.put_activity(activity)
        });
        match result {
            Ok(()) => {
                note.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let code2 = code.clone();
    view! {
        {move || store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            let Some(a) = doc.activity(&code) else {
                return Some(view! { <section class="page"><h1>"Activity not found"</h1><p><a href=Route::Activities.href()>"See all activities"</a></p></section> }.into_any());
            };
            let supporters = a.supporters.iter().map(|s| partner_name(doc, s)).collect::<Vec<_>>().join(", ");
            let aims = a.aims.iter().map(|x| {
                let title = doc.measure(&x.measure).map_or(x.measure.to_string(), |m| m.title.clone());
                let way = match x.direction { Direction::Up => "up", Direction::Down => "down" };
                view! { <li><a href=Route::Measure(x.measure.clone()).href()>{title}</a>{format!(" (to go {way})")}</li> }
            }).collect::<Vec<_>>();
            let log = a.log.iter().rev().map(|u| view! {
                <li><strong>{u.date.to_string()}</strong>{format!(" · {} · {}: ", u.status.label(), u.author)}{u.note.clone()}</li>
            }).collect::<Vec<_>>();
            Some(view! {
                <section class="page activity">
                    <div class="page-head">
                        <h1>{a.title.clone()}</h1>
                        <span class="head-actions">
                            <a class="button" href=Route::EditActivity(a.code.clone()).href() hidden=move || !may_change.get()>"Edit activity"</a>
                            " "
                            <a class="button" href=Route::History(Some(cairn_core::sync::Record::Activity(a.code.clone()))).href()>"History"</a>
                        </span>
                    </div>
                    <p class="meta">{format!("{} · led by {} · {}", a.status.label(), partner_name(doc, &a.lead), dates(a))}</p>
                    <p>{a.description.clone()}</p>
                    <dl class="facts">
                        <div><dt>"Supporting partners"</dt><dd>{if supporters.is_empty() { "None".to_string() } else { supporters }}</dd></div>
                        <div><dt>"Strategy"</dt><dd>{a.strategy.as_ref().and_then(|s| doc.coalition.strategy(s)).map_or("None".to_string(), |s| s.name.clone())}</dd></div>
                        <div><dt>"Audience"</dt><dd>{a.audience.clone()}</dd></div>
                    </dl>
                    <h2>"Measures it aims to move"</h2>
                    <ul>{aims}</ul>
                    <h2>"Status log"</h2>
                    <ul class="log">{log}</ul>
                </section>
            }.into_any())
        })}
        <section class="page status-form" hidden=move || !may_change.get()>
            <h2>"Add to the status log"</h2>
            <div class="pair">
                <label class="field narrow"><span>"Status"</span>
                    <select on:change=move |ev| status.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {ActivityStatus::ALL.iter().enumerate().map(|(i, s)| view! { <option value=i.to_string() selected=move || status.get() == i>{s.label()}</option> }).collect::<Vec<_>>()}
                    </select>
                </label>
                <label class="field"><span>"What happened"</span><input type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/></label>
                <button type="button" on:click=log_update>"Add"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
        </section>
        <div class="page">
            <UpdatesAbout link=cairn_core::Link::Activity(code2.clone())/>
        </div>
    }
}

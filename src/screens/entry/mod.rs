//! The data entry grid for one partner: measures as rows, periods as columns, baseline and
//! target in view, spreadsheet-like keys, and every value checked before it is kept.

use cairn_core::entry::parse_entry;
use cairn_core::measure::format_number;
use cairn_core::{
    rollup, Accumulation, CellKey, Code, Document, FiscalYearStart, Frequency, Group, Measure,
    Observation, Period, ValueType,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

mod locked;
pub mod rounds;
mod values;

use locked::Locked;
use rounds::{ReturnedNotice, RoundsRow};
use values::CellValues;

use crate::route::{navigate, Route};
use crate::state::storage;
use crate::state::{use_store, How};
use cairn_core::history::Via;

/// What the grid is made of. It changes when measures change, not when values are entered, so
/// entering a value never redraws the grid under the cursor.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    start: FiscalYearStart,
    partner_name: String,
    tables: Vec<(Frequency, Vec<Line>)>,
}

/// One row of the grid: a measure's total, or one of its groups under it.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    measure: Measure,
    group: Group,
    /// The group's name ("13–15", "13–15 × North"); `None` for the total.
    label: Option<String>,
}

/// A measure's rows: its total, then each group its breakdowns ask values for.
fn lines(doc: &Document, measure: &Measure) -> Vec<Line> {
    let breakdowns = cairn_core::equity::breakdowns_of(doc, measure);
    let name = |group: &Group| {
        group
            .choices()
            .iter()
            .map(|c| {
                doc.coalition
                    .breakdown(&c.breakdown)
                    .and_then(|b| b.category(&c.category))
                    .map_or_else(|| c.category.to_string(), |c| c.label.clone())
            })
            .collect::<Vec<_>>()
            .join(" × ")
    };
    let total = Line {
        measure: measure.clone(),
        group: Group::total(),
        label: None,
    };
    std::iter::once(total)
        .chain(
            cairn_core::breakdown::groups_of(&breakdowns)
                .into_iter()
                .map(|group| Line {
                    measure: measure.clone(),
                    label: Some(name(&group)),
                    group,
                }),
        )
        .collect()
}

fn layout(doc: &Document, partner: &Code) -> Option<Layout> {
    let partner_name = doc.partner(partner)?.name.clone();
    let tables = Frequency::ALL
        .iter()
        .map(|&f| {
            let measures: Vec<Line> = doc
                .measures_reported_by(partner)
                .filter(|m| m.frequency == f)
                .flat_map(|m| lines(doc, m))
                .collect();
            (f, measures)
        })
        .filter(|(_, measures)| !measures.is_empty())
        .collect();
    Some(Layout {
        start: doc.coalition.fiscal_year_start,
        partner_name,
        tables,
    })
}

/// How many periods of each frequency the grid shows at once.
fn columns(frequency: Frequency) -> usize {
    match frequency {
        Frequency::Monthly => 6,
        Frequency::Quarterly => 4,
        Frequency::Annual => 3,
    }
}

#[component]
pub fn EntryPage() -> impl IntoView {
    let store = use_store();
    let member = RwSignal::new(storage::member_name());
    let route = crate::route::use_route();
    let partner = Memo::new(move |_| match route.get() {
        Route::Entry(partner) => partner,
        _ => None,
    });
    // The partners' names, so entering a value does not draw the picker again.
    let partners = Memo::new(move |_| {
        store.doc.with(|doc| {
            doc.as_ref().map_or(Vec::new(), |doc| {
                doc.partners
                    .iter()
                    .map(|p| (p.code.clone(), p.name.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let picker = move || {
        let selected = partner.get();
        partners.with(|partners| {
            partners
                .iter()
                .map(|(code, name)| {
                    let is_selected = selected.as_ref() == Some(code);
                    view! { <option value=code.to_string() selected=is_selected>{name.clone()}</option> }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page entry">
            <h1>"Enter data"</h1>
            <EntryRoleNote partner/>
            <div class="entry-controls">
                <label class="field">
                    <span>"Partner"</span>
                    <select id="entry-partner" on:change=move |ev| {
                        if let Ok(code) = Code::parse(&event_target_value(&ev)) {
                            navigate(&Route::Entry(Some(code)));
                        }
                    }>
                        <option value="" disabled selected=move || partner.with(Option::is_none)>"Choose your organisation"</option>
                        {picker}
                    </select>
                </label>
                <label class="field">
                    <span>"Your name"</span>
                    <small>{move || if store.sync.link.with(Option::is_some) {
                        "Your account's name, saved with each value you enter."
                    } else {
                        "Saved with each value you enter."
                    }}</small>
                    // In a shared coalition the name is the account's: the server signs changes with it.
                    <input type="text" autocomplete="name" prop:value=move || member.get()
                        readonly=move || store.sync.link.with(Option::is_some)
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            storage::set_member_name(&name);
                            member.set(name);
                        }/>
                </label>
            </div>
            <p class="hint">
                "Type a value and press Enter or Tab. Arrow keys move between cells; typing replaces a cell's value, F2 or a double click edits it, Escape undoes. Percents and rates are entered as numerator/denominator, such as 412/1000; a mean with its weight as 14.2@30. Clear a cell to remove its value."
            </p>
            <p id=KEYS_HINT class="visually-hidden">"Type to replace, F2 to edit, Escape to undo."</p>
            <p id=VOICE class="visually-hidden" aria-live="polite"></p>
            {move || partner.get().map(|partner| view! { <Grid partner member/> })}
        </section>
    }
}

/// Says whose values the member may enter, when it is not every partner's.
#[component]
fn EntryRoleNote(partner: Memo<Option<Code>>) -> impl IntoView {
    let grant = crate::components::role::use_grant();
    move || {
        grant.with(|g| {
            if g.administers() {
                return None;
            }
            let partner = partner.get();
            let text = match (&g.partner, &partner) {
                (None, _) => {
                    "As a viewer you can read every partner's values here but not change them."
                        .to_string()
                }
                (Some(own), Some(shown)) if own != shown => {
                    format!("You enter values for {own}; these are {shown}'s, shown read-only.")
                }
                (Some(own), _) => format!("You enter values for {own}."),
            };
            Some(view! { <p class="notice" role="note">{text}</p> })
        })
    }
}

#[component]
fn Grid(partner: Code, member: RwSignal<String>) -> impl IntoView {
    let store = use_store();
    provide_context(CellValues::follow(store));
    let locked = Locked::follow(store, partner.clone());
    provide_context(locked);
    let code = partner.clone();
    let layout = Memo::new(move |_| {
        store
            .doc
            .with(|d| d.as_ref().and_then(|d| layout(d, &code)))
    });
    let shift = RwSignal::new(0i32);
    let today = crate::clock::this_month();
    move || {
        let Some(layout) = layout.get() else {
            return view! { <p class="form-error">"There is no such partner. Choose one above."</p> }.into_any();
        };
        if layout.tables.is_empty() {
            return view! {
                <p class="empty">{format!("{} does not report any measure yet. Add it as a reporting partner on a measure's page.", layout.partner_name)}</p>
            }
            .into_any();
        }
        let partner = partner.clone();
        view! {
            {move || locked.summary().map(|periods| view! {
                <p class="notice" role="note">{format!("Locked, so read-only: {periods}.")}</p>
            })}
            <ReturnedNotice partner=partner.clone() start=layout.start/>
            <div class="period-nav">
                <button type="button" on:click=move |_| shift.update(|s| *s += 1)>"← Earlier periods"</button>
                <button type="button" disabled=move || shift.get() == 0 on:click=move |_| shift.update(|s| *s = (*s - 1).max(0))>"Later periods →"</button>
            </div>
            {layout.tables.iter().enumerate().map(|(t, (frequency, measures))| {
                let (frequency, measures, partner, name) = (*frequency, measures.clone(), partner.clone(), layout.partner_name.clone());
                let start = layout.start;
                move || {
                    let n = columns(frequency);
                    let periods: Vec<Period> = Period::recent(today, frequency, start, n)
                        .into_iter()
                        .map(|p| p.offset(-(shift.get() * n as i32), start))
                        .collect();
                    view! {
                        <Table index=t frequency measures=measures.clone() periods partner=partner.clone() partner_name=name.clone() start member/>
                    }
                }
            }).collect::<Vec<_>>()}
        }
        .into_any()
    }
}

#[component]
fn Table(
    index: usize,
    frequency: Frequency,
    measures: Vec<Line>,
    periods: Vec<Period>,
    partner: Code,
    partner_name: String,
    start: FiscalYearStart,
    member: RwSignal<String>,
) -> impl IntoView {
    let title = format!(
        "{}{} measures",
        frequency.label()[..1].to_uppercase(),
        &frequency.label()[1..]
    );
    let label = format!("{title} for {partner_name}");
    let headers = periods
        .iter()
        .map(|p| view! { <th scope="col"><span class="code">{p.code()}</span><small>{p.label(start)}</small></th> })
        .collect::<Vec<_>>();
    let rows = measures
        .into_iter()
        .enumerate()
        .map(|(r, line)| {
            let Line {
                measure,
                group,
                label,
            } = line;
            let cells = periods
                .iter()
                .enumerate()
                .map(|(c, &period)| {
                    view! { <Cell table=index row=r col=c measure=measure.clone() group=group.clone() group_label=label.clone() partner=partner.clone() period start member/> }
                })
                .collect::<Vec<_>>();
            if let Some(label) = label {
                // A group's row, under its measure: named for a screen reader with both.
                let group_path = group.path_parts().collect::<Vec<_>>().join("/");
                return view! {
                    <tr class="group-row" data-group-of=measure.code.to_string() data-group=group_path>
                        <th scope="row">
                            <span class="visually-hidden">{format!("{}: ", measure.title)}</span>
                            <span class="title">{label}</span>
                        </th>
                        <td class="reference"></td>
                        <td class="reference"></td>
                        {cells}
                    </tr>
                }
                .into_any();
            }
            let baseline = measure.baseline.map_or("—".to_string(), |b| {
                format!("{} ({})", measure.format_value(b.value), b.period)
            });
            let target = measure.end_target().map_or("—".to_string(), |t| {
                format!("{} by {}", measure.format_value(t.value), t.period)
            });
            let total_of = (!measure.breakdowns.is_empty()).then_some(" · total (or enter each group below)");
            view! {
                <tr data-measure=measure.code.to_string()>
                    <th scope="row">
                        <span class="title">{measure.title.clone()}</span>
                        <small>{format!("{} · {} · {}{}", measure.value_type.label(), measure.accumulation.label(), measure.polarity.label(), total_of.unwrap_or(""))}</small>
                        <small class="ref-inline">{format!("Baseline {baseline}; end target {target}")}</small>
                    </th>
                    <td class="reference">{baseline.clone()}</td>
                    <td class="reference">{target.clone()}</td>
                    {cells}
                </tr>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    view! {
        <h2>{title}</h2>
        <div class="table-wrap">
            <table class="grid" aria-label=label>
                <thead>
                    <tr>
                        <th scope="col" class="measure-col">"Measure"</th>
                        <th scope="col" class="reference">"Coalition baseline"</th>
                        <th scope="col" class="reference">"Coalition end target"</th>
                        {headers}
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <RoundsRow partner=partner.clone() periods=periods.clone() frequency member/>
                </tbody>
            </table>
        </div>
    }
}

/// How keys act in the focused cell.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// Arrows move between cells; typing replaces the value.
    Navigate,
    /// Left and Right move the caret within the text.
    Edit,
}

impl Mode {
    /// The cell's `data-mode`, which the style shows.
    fn name(self) -> &'static str {
        match self {
            Mode::Navigate => "navigating",
            Mode::Edit => "editing",
        }
    }
}

/// The id of the hidden text that tells screen reader users how the cells' keys work.
const KEYS_HINT: &str = "grid-keys";

/// The id of the polite live region the cells speak through when their mode changes.
const VOICE: &str = "grid-voice";

fn cell_id(table: usize, row: usize, col: usize) -> String {
    format!("cell-{table}-{row}-{col}")
}

/// Moves the focus to another cell of the same table, if it exists.
fn focus_cell(table: usize, row: isize, col: isize) -> bool {
    if row < 0 || col < 0 {
        return false;
    }
    let id = cell_id(table, row as usize, col as usize);
    let Some(input) = document()
        .get_element_by_id(&id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return false;
    };
    let _ = input.focus();
    input.select();
    true
}

#[component]
fn Cell(
    table: usize,
    row: usize,
    col: usize,
    measure: Measure,
    group: Group,
    group_label: Option<String>,
    partner: Code,
    period: Period,
    start: FiscalYearStart,
    member: RwSignal<String>,
) -> impl IntoView {
    let grant = crate::components::role::use_grant();
    let own = partner.clone();
    let store = use_store();
    let key = CellKey {
        group,
        measure: measure.code.clone(),
        period,
        partner: partner.clone(),
    };
    let arrived = expect_context::<CellValues>().watch(store, &key);
    let stored = arrived.get_untracked();
    let text = RwSignal::new(stored.map(|v| v.entry_text()).unwrap_or_default());
    let shown = RwSignal::new(stored);
    let error = RwSignal::new(None::<String>);
    let id = cell_id(table, row, col);
    let error_id = format!("{id}-error");
    let locked_id = format!("{id}-locked");
    let why_locked = expect_context::<Locked>().why(period, start);
    // A value far from the partner's own history is flagged, never refused
    // (`cairn_core::outlier`); judged again whenever the cell's value changes.
    let flag_id = format!("{id}-flag");
    let flag = {
        let key = key.clone();
        Memo::new(move |_| {
            shown.track();
            store.doc.with_untracked(|d| {
                d.as_ref()
                    .and_then(|d| cairn_core::outlier::flag(d, &key))
                    .map(|f| format!("{}: check it before submitting.", f.text()))
            })
        })
    };
    let value_type = measure.value_type;
    let decimals = measure.decimals;
    let accumulation = measure.accumulation;
    let target = measure
        .target_for(period)
        .map(|t| measure.format_value(t.value));
    // A value that arrives from another member (sync) shows at once, unless the member is
    // typing over this cell.
    Effect::new(move |_| {
        let now = arrived.get();
        let before = shown.get_untracked();
        let untouched = text.get_untracked() == before.map(|v| v.entry_text()).unwrap_or_default();
        if now != before && untouched && error.get_untracked().is_none() {
            text.set(now.map(|v| v.entry_text()).unwrap_or_default());
            shown.set(now);
        }
    });
    // The state of the measure's values: what the cell shows besides its own value (a running
    // total, what its groups add up to) is worked out again only when a value of its measure
    // changes, not on every change of the document (a grid of 600 cells did it 600 times).
    let values_of_measure = expect_context::<CellValues>().measure(store, &measure.code);
    // For a total with groups under it: what the groups give when the total is not entered,
    // and a note when an entered total and its groups disagree (kept, never refused).
    let from_groups = {
        let key = key.clone();
        let measure = measure.clone();
        Memo::new(move |_| {
            shown.track();
            if !key.group.is_total() || measure.breakdowns.is_empty() {
                return None;
            }
            values_of_measure.track();
            store.doc.with_untracked(|d| {
                let d = d.as_ref()?;
                let at = (&measure, &key.partner, key.period, &key.group);
                if let Some((entered, parts)) =
                    cairn_core::by_group::disagreement(d, at.0, at.1, at.2, at.3)
                {
                    return Some(format!(
                        "The groups add up to {}, not {}: check both.",
                        parts.entry_text(),
                        entered.entry_text()
                    ));
                }
                match cairn_core::by_group::value_of(d, at.0, at.1, at.2, at.3)? {
                    (_, true) => None,
                    (value, false) => Some(format!("= {} from the groups", value.entry_text())),
                }
            })
        })
    };
    let rules = measure.clone();
    // Keeps the typed text: on a change (the focus leaving a changed cell) and on Enter.
    let commit = std::rc::Rc::new(move || {
        if let Some(why) = why_locked.get_untracked() {
            // The cell is read-only while locked; a lock that arrived while it was being
            // typed in still refuses the change, and the text goes back to the value kept.
            text.set(
                shown
                    .get_untracked()
                    .map(|v| v.entry_text())
                    .unwrap_or_default(),
            );
            error.set(Some(why));
            return;
        }
        let typed = text.get_untracked();
        let result = parse_entry(&typed, &rules).and_then(|value| {
            if value == shown.get_untracked() {
                return Ok(());
            }
            store.change_via(How::via(Via::Grid), |doc| match value {
                None => {
                    doc.clear(&key);
                    Ok(())
                }
                Some(value) => doc
                    .record(Observation {
                        group: key.group.clone(),
                        measure: key.measure.clone(),
                        period: key.period,
                        partner: key.partner.clone(),
                        value,
                        note: Default::default(),
                        entered_by: member.get_untracked().into(),
                        entered_at: crate::clock::now().into(),
                    })
                    .map(|_| ()),
            })?;
            shown.set(value);
            Ok(())
        });
        error.set(result.err().map(|e| e.to_string()));
    });
    let changed = {
        let commit = commit.clone();
        move |_| commit()
    };
    // A focused cell starts in navigation mode, its text selected: keys move, and typing
    // replaces the value. F2 or a double click edits the text where it is.
    let mode = RwSignal::new(None::<Mode>);
    // The text when the cell was focused, which Escape brings back.
    let original = RwSignal::new(String::new());
    let say = |text: &str| {
        if let Some(voice) = document().get_element_by_id(VOICE) {
            voice.set_text_content(Some(text));
        }
    };
    let edit_at_end = move |input: &web_sys::HtmlInputElement| {
        let end = input.value().encode_utf16().count() as u32;
        let _ = input.set_selection_range(end, end);
        mode.set(Some(Mode::Edit));
        say("Editing: Left and Right move within the text, Escape undoes.");
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let (r, c) = (row as isize, col as isize);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let editing = mode.get_untracked() == Some(Mode::Edit);
        let key = ev.key();
        let handled = match key.as_str() {
            "Enter" => {
                // Kept here rather than by taking the focus away first: a blur makes the
                // browser lay the grid out once more before the next cell takes the focus.
                // The change event the move then fires finds nothing new to keep.
                commit();
                focus_cell(table, r + if ev.shift_key() { -1 } else { 1 }, c) || {
                    // The last row: the cell starts again, its text selected. Leaving it and
                    // coming back ends the browser's edit, or it would fire a change event
                    // later, even as the screen goes (and its cell with it).
                    let _ = input.blur();
                    input.focus().is_ok()
                }
            }
            "Escape" => {
                let before = original.get_untracked();
                input.set_value(&before);
                text.set(before);
                input.select();
                mode.set(Some(Mode::Navigate));
                say("Value restored.");
                true
            }
            "F2" => {
                edit_at_end(&input);
                true
            }
            // At the grid's edge the cell keeps the focus and, in navigation mode, its
            // selection.
            "ArrowUp" => focus_cell(table, r - 1, c) || !editing,
            "ArrowDown" => focus_cell(table, r + 1, c) || !editing,
            "ArrowLeft" if !editing => {
                focus_cell(table, r, c - 1);
                true
            }
            "ArrowRight" if !editing => {
                focus_cell(table, r, c + 1);
                true
            }
            // A character, Backspace or Delete replaces the whole value, as in a spreadsheet,
            // even if a click moved the caret.
            k if !editing
                && !input.read_only()
                && !ev.ctrl_key()
                && !ev.meta_key()
                && !ev.alt_key()
                && (k.chars().count() == 1 || k == "Backspace" || k == "Delete") =>
            {
                input.select();
                mode.set(Some(Mode::Edit));
                false
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let focused = move |ev: leptos::ev::FocusEvent| {
        original.set(text.get_untracked());
        mode.set(Some(Mode::Navigate));
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    // A click places the caret when the mouse button comes up; in navigation mode the whole
    // value stays selected instead. The second click of a double click edits.
    let mouseup = move |ev: leptos::ev::MouseEvent| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if ev.detail() > 1 {
            ev.prevent_default();
            edit_at_end(&input);
        } else if mode.get_untracked() == Some(Mode::Navigate) {
            ev.prevent_default();
            input.select();
        }
    };
    let label = match &group_label {
        Some(group) => format!(
            "{}, {group}, {} ({})",
            measure.title,
            period.code(),
            period.label(start)
        ),
        None => format!(
            "{}, {} ({})",
            measure.title,
            period.code(),
            period.label(start)
        ),
    };
    let placeholder = match (value_type, measure.rollup) {
        (ValueType::Percent | ValueType::Rate, _) => "n/d",
        (_, cairn_core::Rollup::WeightedMean) => "mean@weight",
        _ => "",
    };
    view! {
        <td class="cell" class:invalid=move || error.with(Option::is_some)
            class:locked=move || why_locked.with(Option::is_some)
            class:flagged=move || flag.with(Option::is_some)
            title=move || why_locked.get()
            data-mode=move || mode.get().map(Mode::name)>
            <input type="text" id=id inputmode=if placeholder.is_empty() { "decimal" } else { "text" }
                aria-label=label
                readonly=move || !grant.with(|g| g.enters_for(&own)) || why_locked.with(Option::is_some)
                placeholder=placeholder
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby={
                    let locked_id = locked_id.clone();
                    let flag_id = flag_id.clone();
                    move || {
                        let mut ids = vec![KEYS_HINT.to_string()];
                        if flag.with(Option::is_some) {
                            ids.insert(0, flag_id.clone());
                        }
                        if error.with(Option::is_some) {
                            ids.insert(0, error_id.clone());
                        }
                        if why_locked.with(Option::is_some) {
                            ids.insert(0, locked_id.clone());
                        }
                        ids.join(" ")
                    }
                }
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    // Pasting or any other input edits too.
                    if mode.get_untracked() == Some(Mode::Navigate) {
                        mode.set(Some(Mode::Edit));
                    }
                }
                on:change=changed
                on:focus=focused
                on:mouseup=mouseup
                on:keydown=keydown/>
            {move || {
                let value = shown.get()?;
                if error.with(Option::is_some) {
                    return None;
                }
                let text = match (value_type, accumulation) {
                    (ValueType::Percent | ValueType::Rate, _) => {
                        format!("= {}", measure.format_value(measure.display(value)))
                    }
                    (_, Accumulation::RunningTotal) => {
                        values_of_measure.track();
                        let total = store.doc.with_untracked(|d| {
                            d.as_ref().and_then(|d| rollup::partner_value(d, &measure, &partner, period))
                        })?;
                        format!("{} to date", format_number(measure.display(total), decimals))
                    }
                    _ => return None,
                };
                Some(view! { <small class="computed">{text}</small> })
            }}
            {move || from_groups.get().map(|text| view! { <small class="computed">{text}</small> })}
            {target.clone().filter(|_| group_label.is_none()).map(|t| view! { <small class="cell-target">{format!("coalition target {t}")}</small> })}
            {move || why_locked.get().map(|why| view! {
                <span class="visually-hidden" id=locked_id.clone()>{why}</span>
            })}
            {move || flag.get().map(|text| view! {
                <small class="cell-flag" id=flag_id.clone()><span aria-hidden="true">"⚑ "</span>{text}</small>
            })}
            {
                let error_id = format!("cell-{table}-{row}-{col}-error");
                move || error.get().map(|message| view! {
                    <span class="cell-error" id=error_id.clone() role="alert">{message}</span>
                })
            }
        </td>
    }
}

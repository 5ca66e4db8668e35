//! The editor for one shared measure, with every field and a line explaining each rule.

use cairn_core::entry::parse_number;
use cairn_core::{
    Accumulation, Baseline, Code, Error, Frequency, Group, GroupTarget, Measure, Period, Polarity,
    Range, Rollup, Target, ValueType,
};
use leptos::prelude::*;

use crate::components::form::{self, FormMessage, Places, Problem, Problems};
use crate::route::{navigate, Route};
use crate::screens::measures::page::MeasureNotFound;
use crate::state::use_store;

/// The form's contents as typed, turned into a [`Measure`] only on save.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Draft {
    code: String,
    title: String,
    definition: String,
    unit: String,
    value_type: ValueType,
    polarity: Polarity,
    accumulation: Accumulation,
    rollup: Rollup,
    frequency: Frequency,
    strategies: Vec<Code>,
    /// The coalition's breakdowns the measure is entered by, in the order chosen.
    pub(super) breakdowns: Vec<Code>,
    steward: String,
    reporters: Vec<Code>,
    key: bool,
    decimals: String,
    baseline_period: String,
    baseline_value: String,
    targets: Vec<(String, String)>,
    /// A target per group, as typed: the group, its period and its value.
    pub(super) group_targets: Vec<(Group, String, String)>,
    rate_per: String,
    range_low: String,
    range_high: String,
    /// Why the baseline, targets, unit or definition change, asked for once they were set.
    reason: String,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            code: String::new(),
            title: String::new(),
            definition: String::new(),
            unit: String::new(),
            value_type: ValueType::Count,
            polarity: Polarity::HigherIsBetter,
            accumulation: Accumulation::PerPeriod,
            rollup: Rollup::Sum,
            frequency: Frequency::Quarterly,
            strategies: Vec::new(),
            breakdowns: Vec::new(),
            steward: String::new(),
            reporters: Vec::new(),
            key: true,
            decimals: "0".into(),
            baseline_period: String::new(),
            baseline_value: String::new(),
            targets: vec![(String::new(), String::new())],
            group_targets: Vec::new(),
            rate_per: "1000".into(),
            range_low: String::new(),
            range_high: String::new(),
            reason: String::new(),
        }
    }

    fn from_measure(m: &Measure) -> Draft {
        Draft {
            code: m.code.to_string(),
            title: m.title.clone(),
            definition: m.definition.clone(),
            unit: m.unit.clone(),
            value_type: m.value_type,
            polarity: m.polarity,
            accumulation: m.accumulation,
            rollup: m.rollup,
            frequency: m.frequency,
            strategies: m.strategies.clone(),
            breakdowns: m.breakdowns.clone(),
            steward: m.steward.as_ref().map(Code::to_string).unwrap_or_default(),
            reporters: m.reporters.clone(),
            key: m.key,
            decimals: m.decimals.to_string(),
            baseline_period: m.baseline.map(|b| b.period.code()).unwrap_or_default(),
            baseline_value: m.baseline.map(|b| b.value.to_string()).unwrap_or_default(),
            targets: m
                .targets
                .iter()
                .map(|t| (t.period.code(), t.value.to_string()))
                .collect(),
            group_targets: m
                .group_targets
                .iter()
                .map(|t| (t.group.clone(), t.period.code(), t.value.to_string()))
                .collect(),
            rate_per: m.rate_per.to_string(),
            range_low: m.range.map(|r| r.low.to_string()).unwrap_or_default(),
            range_high: m.range.map(|r| r.high.to_string()).unwrap_or_default(),
            reason: String::new(),
        }
    }

    /// Returns the measure the form describes, or the first thing to fix, in the form's order.
    fn build(&self) -> Result<Measure, Problem> {
        let code = Code::parse(&self.code).map_err(|e| Problem::at(CODE, "Code", &e))?;
        let decimals = self.decimals.trim().parse::<u8>().map_err(|_| {
            let e = Error::NotANumber {
                text: self.decimals.clone(),
            };
            Problem::at(DECIMALS, "Decimals", &e)
        })?;
        let baseline = level(
            ("measure-baseline-period", "Baseline period"),
            ("measure-baseline-value", "Baseline value"),
            &self.baseline_period,
            &self.baseline_value,
        )?
        .map(|(period, value)| Baseline { period, value });
        let mut targets = Vec::new();
        // A within-range measure's range is its target; the targets typed stay in the form in
        // case the direction is changed back, but are not saved.
        let typed_targets = match self.polarity {
            Polarity::WithinRange => &[][..],
            _ => &self.targets[..],
        };
        for (i, (period, value)) in typed_targets.iter().enumerate() {
            let (p, v) = (target_field(i, "period"), target_field(i, "value"));
            if let Some((period, value)) = level((&p.0, &p.1), (&v.0, &v.1), period, value)? {
                targets.push(Target { period, value });
            }
        }
        targets.sort_by_key(|t| t.period);
        let group_targets = self.build_group_targets()?;
        let rate_per = match self.value_type {
            ValueType::Rate => {
                let at = |e: &Error| Problem::at(RATE_PER, "Rate per", e);
                let n = parse_number(&self.rate_per).map_err(|e| at(&e))?;
                if n.fract() != 0.0 || !(1.0..=1_000_000.0).contains(&n) {
                    return Err(at(&Error::RatePerOutOfRange(
                        n.clamp(0.0, f64::from(u32::MAX)) as u32,
                    )));
                }
                n as u32
            }
            _ => 1000,
        };
        let end = |id: &'static str, label: &str, text: &str| {
            if text.trim().is_empty() {
                return Err(Problem::at(id, label, &Error::Required { field: "" }));
            }
            parse_number(text).map_err(|e| Problem::at(id, label, &e))
        };
        let range = match self.polarity {
            Polarity::WithinRange => Some(Range {
                low: end(RANGE_LOW, "Range from", &self.range_low)?,
                high: end(RANGE_HIGH, "Range to", &self.range_high)?,
            }),
            _ => None,
        };
        Ok(Measure {
            code,
            title: self.title.trim().to_string(),
            definition: self.definition.trim().to_string(),
            unit: self.unit.trim().to_string(),
            value_type: self.value_type,
            polarity: self.polarity,
            accumulation: self.accumulation,
            rollup: self.rollup,
            frequency: self.frequency,
            strategies: self.strategies.clone(),
            steward: match self.steward.as_str() {
                "" => None,
                code => Some(Code::parse(code).map_err(|e| Problem::form(&e))?),
            },
            reporters: self.reporters.clone(),
            key: self.key,
            decimals,
            baseline,
            targets,
            rate_per,
            range,
            // Kept on save from the measure the form opened ([`Measure::keep_earlier_version`]).
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: self.breakdowns.clone(),
            group_targets,
        })
    }

    /// The targets by group typed for breakdowns the measure uses (a breakdown unticked keeps
    /// its targets in the form, not in the measure), or the first to fix.
    fn build_group_targets(&self) -> Result<Vec<GroupTarget>, Problem> {
        let mut targets = Vec::new();
        if self.polarity == Polarity::WithinRange {
            return Ok(targets);
        }
        for (group, period, value) in &self.group_targets {
            let chosen = group
                .choices()
                .iter()
                .all(|c| self.breakdowns.contains(&c.breakdown));
            if !chosen {
                continue;
            }
            let (p, v) = super::group_targets::fields(group);
            if let Some((period, value)) = level((&p.0, &p.1), (&v.0, &v.1), period, value)? {
                targets.push(GroupTarget {
                    group: group.clone(),
                    period,
                    value,
                });
            }
        }
        Ok(targets)
    }

    /// Places a refusal by the core next to the field it is about. The core names a target
    /// by its period, so the period finds the row.
    fn locate(&self, error: Error) -> Problem {
        let period = match &error {
            Error::PeriodFrequencyMismatch { period, .. }
            | Error::TargetBeforeBaseline { target: period, .. }
            | Error::DuplicateTarget(period) => Some(period),
            _ => None,
        };
        let is = |text: &str, code: &str| text.trim().eq_ignore_ascii_case(code);
        let row = period.and_then(|code| {
            if is(&self.baseline_period, code) && !self.targets.iter().any(|t| is(&t.0, code)) {
                return Some(("measure-baseline-period".into(), "Baseline period".into()));
            }
            let i = self.targets.iter().rposition(|t| is(&t.0, code))?;
            Some(target_field(i, "period"))
        });
        match row {
            Some((id, label)) => Problem::at(id, &label, &error),
            None => form::place(&error, PLACES),
        }
    }
}

/// Where the core's other refusals are shown.
const PLACES: Places = &[
    ("duplicate_code", CODE, "Code"),
    ("invalid_code", CODE, "Code"),
    ("The measure's title", TITLE, "Title"),
    ("The definition", "measure-definition", "Definition"),
    ("The unit", "measure-unit", "Unit"),
    ("decimals_out_of_range", DECIMALS, "Decimals"),
    ("The baseline", "measure-baseline-value", "Baseline value"),
    ("rate_per_out_of_range", RATE_PER, "Rate per"),
    ("The low end of the range", RANGE_LOW, "Range from"),
    ("The high end of the range", RANGE_HIGH, "Range to"),
    ("range_empty", RANGE_LOW, "Range from"),
];

const RATE_PER: &str = "measure-rate-per";
const REASON: &str = "measure-target-reason";
const RANGE_LOW: &str = "measure-range-low";
const RANGE_HIGH: &str = "measure-range-high";

const CODE: &str = "measure-code";
const TITLE: &str = "measure-title";
const DECIMALS: &str = "measure-decimals";

/// The id and label of target `i`'s period or value (`part`), numbered from 1 as on screen.
fn target_field(i: usize, part: &str) -> (String, String) {
    (
        format!("target-{}-{part}", i + 1),
        format!("Target {} {part}", i + 1),
    )
}

/// Reads a baseline or target: both its period and value, or neither.
fn level(
    period_field: (&str, &str),
    value_field: (&str, &str),
    period: &str,
    value: &str,
) -> Result<Option<(Period, f64)>, Problem> {
    let missing =
        |(id, label): (&str, &str)| Problem::at(id, label, &Error::Required { field: "" });
    match (period.trim().is_empty(), value.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some((
            Period::parse(period).map_err(|e| Problem::at(period_field.0, period_field.1, &e))?,
            parse_number(value).map_err(|e| Problem::at(value_field.0, value_field.1, &e))?,
        ))),
        (true, false) => Err(missing(period_field)),
        (false, true) => Err(missing(value_field)),
    }
}

/// An example period code of `frequency`, to show what to type.
fn example_period(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => "e.g. 2026-03",
        Frequency::Quarterly => "e.g. FY2026-Q1",
        Frequency::Annual => "e.g. FY2026",
    }
}

#[component]
pub fn MeasureEditor(code: Option<Code>) -> impl IntoView {
    let store = use_store();
    let existing = code.as_ref().and_then(|code| {
        store
            .doc
            .with_untracked(|d| d.as_ref().and_then(|d| d.measure(code).cloned()))
    });
    if let (Some(code), None) = (&code, &existing) {
        return view! { <MeasureNotFound code=code.clone()/> }.into_any();
    }
    let is_new = existing.is_none();
    let initial = existing
        .as_ref()
        .map_or_else(Draft::new, Draft::from_measure);
    let draft = RwSignal::new(initial.clone());
    let problems = Problems::new("measure-error");
    // Set when a save is refused because values were recorded as the measure was.
    let offer = RwSignal::new(None::<Measure>);
    // Set when a save is refused because values count a breakdown the measure would drop.
    let regroup = RwSignal::new(None::<Measure>);
    // Anything but what the form opened with is unsaved work, until it is saved or deleted.
    let done = RwSignal::new(false);
    form::track("the measure editor", move || {
        !done.get_untracked() && draft.with(|d| d != &initial)
    });
    let opened = existing.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = draft.with_untracked(Draft::build).and_then(|mut measure| {
            if let Some(opened) = &opened {
                let reason = draft.with_untracked(|d| d.reason.clone());
                measure
                    .keep_earlier_version(opened, &reason, crate::clock::today())
                    .map_err(|e| Problem::at(REASON, "Why this changes", &e))?;
            }
            let built = measure.clone();
            store
                .change(|doc| {
                    let now = doc.measure(&measure.code).cloned();
                    match (is_new, &opened, now) {
                        (true, _, _) => doc.add_measure(measure),
                        // Keep what others changed (through sync) since this form opened.
                        (false, Some(opened), Some(now)) => {
                            doc.put_measure(cairn_core::sync::merge_edit(opened, &measure, &now)?)
                        }
                        (false, _, _) => doc.put_measure(measure),
                    }
                })
                .map_err(|e| {
                    match e {
                        cairn_core::Error::MeaningChangedUnderValues { .. } => {
                            offer.set(Some(built))
                        }
                        cairn_core::Error::BreakdownUnderValues { .. } => regroup.set(Some(built)),
                        _ => {}
                    }
                    draft.with_untracked(|d| d.locate(e))
                })
        });
        match result {
            Ok(()) => {
                done.set(true);
                navigate(&Route::Measures);
            }
            Err(problem) => problems.show(problem),
        }
    };
    let delete = move |_| {
        let Ok(code) = Code::parse(&draft.with_untracked(|d| d.code.clone())) else {
            return;
        };
        match store.change(|doc| doc.remove_measure(&code)) {
            Ok(_) => {
                // Nothing is left to save.
                done.set(true);
                navigate(&Route::Measures);
            }
            Err(e) => problems.show(Problem::form(&e)),
        }
    };
    let title = if is_new {
        "New shared measure".to_string()
    } else {
        format!("Edit “{}”", existing.as_ref().map_or("", |m| &m.title))
    };
    view! {
        <section class="page editor">
            <h1>{title}</h1>
            <FormMessage problems/>
            <super::continued::ContinueOffer offer done/>
            <super::regroup::RegroupOffer offer=regroup done/>
            <form on:submit=save novalidate>
                <fieldset>
                    <legend>"What it measures"</legend>
                    <TextField id=CODE label="Code" hint="Short and stable, used in spreadsheets: letters, digits, - and _." draft get=|d| d.code.clone() set=|d, v| d.code = v disabled=!is_new/>
                    <TextField id=TITLE label="Title" hint="" draft get=|d| d.title.clone() set=|d, v| d.title = v disabled=false/>
                    <div class="field">
                        <label for="measure-definition">"Definition"</label>
                        <small>"Exactly what is counted, so every partner reports it the same way."</small>
                        <textarea rows="3" id="measure-definition"
                            prop:value=move || draft.with(|d| d.definition.clone())
                            on:input=move |ev| draft.update(|d| d.definition = event_target_value(&ev))></textarea>
                    </div>
                    <TextField id="measure-unit" label="Unit" hint="What one unit is: sessions, teens, % of students." draft get=|d| d.unit.clone() set=|d, v| d.unit = v disabled=false/>
                </fieldset>
                <div class="rules">
                <Choice legend="Value type" name="value-type" options=&ValueType::ALL label=ValueType::label explain=ValueType::explanation draft get=|d| d.value_type set=|d, v| d.value_type = v/>
                <Choice legend="Direction" name="polarity" options=&Polarity::ALL label=Polarity::label explain=Polarity::explanation draft get=|d| d.polarity set=|d, v| d.polarity = v/>

                <Choice legend="Accumulation" name="accumulation" options=&Accumulation::ALL label=Accumulation::label explain=Accumulation::explanation draft get=|d| d.accumulation set=|d, v| d.accumulation = v/>
                <Choice legend="Roll-up across partners" name="rollup" options=&Rollup::ALL label=Rollup::label explain=Rollup::explanation draft get=|d| d.rollup set=|d, v| d.rollup = v/>
                </div>
                <Show when=move || draft.with(|d| d.value_type == ValueType::Rate)>
                    <fieldset>
                        <legend>"Rate"</legend>
                        <TextField id=RATE_PER label="Rate per" hint="Per how many people the rate is given, such as 1000 for “per 1,000 teens”." draft get=|d| d.rate_per.clone() set=|d, v| d.rate_per = v disabled=false/>
                    </fieldset>
                </Show>
                <Show when=move || draft.with(|d| d.polarity == Polarity::WithinRange)>
                    <fieldset>
                        <legend>"Range to stay in"</legend>
                        <p class="hint">"Both ends count as inside. The range is this measure's target: it takes no other targets."</p>
                        <div class="pair">
                            <TextField id=RANGE_LOW label="Range from" hint="The low end." draft get=|d| d.range_low.clone() set=|d, v| d.range_low = v disabled=false/>
                            <TextField id=RANGE_HIGH label="Range to" hint="The high end." draft get=|d| d.range_high.clone() set=|d, v| d.range_high = v disabled=false/>
                        </div>
                    </fieldset>
                </Show>
                <fieldset>
                    <legend>"Reporting"</legend>
                    <label class="field">
                        <span>"Frequency"</span>
                        <small>"Quarters and years follow the coalition's fiscal year."</small>
                        <select on:change=move |ev| {
                            let f = match event_target_value(&ev).as_str() {
                                "monthly" => Frequency::Monthly,
                                "annual" => Frequency::Annual,
                                _ => Frequency::Quarterly,
                            };
                            draft.update(|d| d.frequency = f);
                        }>
                            {Frequency::ALL.map(|f| view! {
                                <option value=f.label() selected=move || draft.with(|d| d.frequency == f)>{f.label()}</option>
                            })}
                        </select>
                    </label>
                    <CodeChecks legend="Reporting partners" hint="Who is expected to enter values." draft kind=Kind::Reporters/>
                    <label class="field">
                        <span>"Steward"</span>
                        <small>"The partner who looks after the definition and the data."</small>
                        <select on:change=move |ev| draft.update(|d| d.steward = event_target_value(&ev))>
                            <option value="" selected=move || draft.with(|d| d.steward.is_empty())>"No steward"</option>
                            {move || store.doc.with(|doc| doc.as_ref().map(|doc| doc.partners.iter().map(|p| {
                                let code = p.code.to_string();
                                let c = code.clone();
                                view! { <option value=code selected=move || draft.with(|d| d.steward == c)>{p.name.clone()}</option> }
                            }).collect::<Vec<_>>()))}
                        </select>
                    </label>
                    <CodeChecks legend="Strategies" hint="The focus areas of the common agenda this measure tracks." draft kind=Kind::Strategies/>
                    <CodeChecks legend="Breakdowns" hint="Enter values by group: choose one, or two to cross them (age band × area). Values for each category go under the measure in the grid." draft kind=Kind::Breakdowns/>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || draft.with(|d| d.key)
                            on:change=move |ev| draft.update(|d| d.key = event_target_checked(&ev))/>
                        " Key measure: lead the dashboard with it"
                    </label>
                    <TextField id=DECIMALS label="Decimals" hint="How many decimals values are shown (and judged) with, 0 to 4." draft get=|d| d.decimals.clone() set=|d, v| d.decimals = v disabled=false/>
                </fieldset>
                <fieldset>
                    <legend>"Baseline and targets"</legend>
                    <p class="hint">{move || format!(
                        "Periods are written {}. Percents are entered as a percent, such as 41.5.",
                        example_period(draft.with(|d| d.frequency))
                    )}</p>
                    <div class="pair">
                        <TextField id="measure-baseline-period" label="Baseline period" hint="" draft get=|d| d.baseline_period.clone() set=|d, v| d.baseline_period = v disabled=false/>
                        <TextField id="measure-baseline-value" label="Baseline value" hint="" draft get=|d| d.baseline_value.clone() set=|d, v| d.baseline_value = v disabled=false/>
                    </div>
                    <Show when=move || draft.with(|d| d.polarity != Polarity::WithinRange)>
                        <Targets draft/>
                    </Show>
                    <Show when=move || draft.with(|d| d.polarity != Polarity::WithinRange)>
                        <super::group_targets::GroupTargets draft/>
                    </Show>
                    {existing.clone().map(|m| view! { <TargetChange draft opened=m/> })}
                </fieldset>
                <div class="actions">
                    <button type="submit" class="primary">"Save measure"</button>
                    <a class="button" href=Route::Measures.href()>"Cancel"</a>
                    <Show when=move || !is_new>
                        <button type="button" class="danger" on:click=delete>"Delete measure"</button>
                    </Show>
                </div>
            </form>
        </section>
    }
    .into_any()
}

/// A labelled text input with its hint and, after a refused save, its message.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    draft: RwSignal<Draft>,
    get: fn(&Draft) -> String,
    set: fn(&mut Draft, String),
    disabled: bool,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {(!hint.is_empty()).then_some(view! { <small>{hint}</small> })}
            <input type="text" id=id disabled=disabled
                prop:value=move || draft.with(get)
                on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))/>
        </div>
    }
}

/// Asks why an existing measure's baseline, targets, unit or definition change, by the core's
/// rule ([`Measure::needs_change_reason`]) applied to the form as it reads now, and lists the
/// earlier targets kept. While the form does not yet make a valid measure the field waits:
/// saving reports that problem first.
#[component]
fn TargetChange(draft: RwSignal<Draft>, opened: Measure) -> impl IntoView {
    let earlier: Vec<String> = opened
        .earlier
        .iter()
        .rev()
        .filter_map(|v| {
            let t = v.end_target()?;
            Some(cairn_core::measure::earlier_target_text(v, t))
        })
        .collect();
    let changed = move || draft.with(|d| d.build().is_ok_and(|m| m.needs_change_reason(&opened)));
    view! {
        <Show when=changed>
            <TextField id=REASON label="Why this changes" hint="Required. The earlier targets, unit and definition are kept with this reason, and charts show an earlier target beside the new one." draft get=|d| d.reason.clone() set=|d, v| d.reason = v disabled=false/>
        </Show>
        {(!earlier.is_empty()).then(|| view! {
            <div class="earlier-targets">
                <small>"Earlier targets, kept:"</small>
                <ul>{earlier.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            </div>
        })}
    }
}

#[component]
fn Choice<T>(
    legend: &'static str,
    name: &'static str,
    options: &'static [T],
    label: fn(T) -> &'static str,
    explain: fn(T) -> &'static str,
    draft: RwSignal<Draft>,
    get: fn(&Draft) -> T,
    set: fn(&mut Draft, T),
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <fieldset class="choice-group">
            <legend>{legend}</legend>
            {options.iter().map(|&option| view! {
                <label class="radio">
                    <input type="radio" name=name
                        prop:checked=move || draft.with(get) == option
                        on:change=move |_| draft.update(|d| set(d, option))/>
                    <span class="option">{label(option)}</span>
                    <small>{explain(option)}</small>
                </label>
            }).collect::<Vec<_>>()}
        </fieldset>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Reporters,
    Strategies,
    Breakdowns,
}

impl Kind {
    fn list(self, d: &mut Draft) -> &mut Vec<Code> {
        match self {
            Kind::Reporters => &mut d.reporters,
            Kind::Strategies => &mut d.strategies,
            Kind::Breakdowns => &mut d.breakdowns,
        }
    }
}

/// Checkboxes choosing partners, strategies or breakdowns by code.
#[component]
fn CodeChecks(
    legend: &'static str,
    hint: &'static str,
    draft: RwSignal<Draft>,
    kind: Kind,
) -> impl IntoView {
    let store = use_store();
    let options = move || {
        store.doc.with(|doc| {
            let Some(doc) = doc else { return Vec::new() };
            match kind {
                Kind::Reporters => doc
                    .partners
                    .iter()
                    .map(|p| (p.code.clone(), p.name.clone()))
                    .collect(),
                Kind::Strategies => doc
                    .coalition
                    .strategies
                    .iter()
                    .map(|s| (s.code.clone(), s.name.clone()))
                    .collect::<Vec<_>>(),
                Kind::Breakdowns => doc
                    .coalition
                    .breakdowns
                    .iter()
                    .map(|b| (b.code.clone(), b.name.clone()))
                    .collect::<Vec<_>>(),
            }
        })
    };
    view! {
        <fieldset class="checks">
            <legend>{legend}</legend>
            <small>{hint}</small>
            {move || {
                let options = options();
                if options.is_empty() {
                    return view! { <p class="empty">"None defined yet: add them on the "<a href=Route::Coalition.href()>"Coalition"</a>" page."</p> }.into_any();
                }
                options.into_iter().map(|(code, name)| {
                    let c = code.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox"
                                prop:checked=move || draft.with(|d| match kind {
                                    Kind::Reporters => d.reporters.contains(&c),
                                    Kind::Strategies => d.strategies.contains(&c),
                                    Kind::Breakdowns => d.breakdowns.contains(&c),
                                })
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = code.clone();
                                    draft.update(|d| {
                                        let list = kind.list(d);
                                        list.retain(|x| x != &code);
                                        if on {
                                            list.push(code);
                                        }
                                    });
                                }/>
                            " " {name}
                        </label>
                    }
                }).collect::<Vec<_>>().into_any()
            }}
        </fieldset>
    }
}

#[component]
fn Targets(draft: RwSignal<Draft>) -> impl IntoView {
    let count = move || draft.with(|d| d.targets.len());
    // One input of target `i`: its period (`part` 0) or value (1).
    let input = move |i: usize, part: usize| {
        let (id, label) = target_field(i, ["period", "value"][part]);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input type="text" id=id
                    prop:value=move || draft.with(|d| d.targets.get(i).map(|t| if part == 0 { t.0.clone() } else { t.1.clone() }).unwrap_or_default())
                    on:input=move |ev| draft.update(|d| if let Some(t) = d.targets.get_mut(i) {
                        *(if part == 0 { &mut t.0 } else { &mut t.1 }) = event_target_value(&ev);
                    })/>
            </div>
        }
    };
    view! {
        <div class="targets">
            <h2>"Targets"</h2>
            <small>"Interim targets and the end target (the latest one)."</small>
            {move || (0..count()).map(|i| view! {
                <div class="pair target-row">
                    {input(i, 0)}
                    {input(i, 1)}
                    <button type="button" class="link" on:click=move |_| draft.update(|d| { if i < d.targets.len() { d.targets.remove(i); } })>
                        {format!("Remove target {}", i + 1)}
                    </button>
                </div>
            }).collect::<Vec<_>>()}
            <button type="button" on:click=move |_| draft.update(|d| d.targets.push((String::new(), String::new())))>"Add a target"</button>
        </div>
    }
}

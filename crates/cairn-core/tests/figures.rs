//! Every figure a user sees, checked against the oracle (`oracle/`, a second and deliberately
//! simple implementation of `docs/numbers.md`) on generated coalitions: every value type,
//! accumulation, roll-up, direction and frequency, any fiscal-year start, with missing and
//! partly reported periods. What is compared is what the screens and exports print: the
//! dashboard's rows (with and without a time filter), the measure page's series and summary at
//! every frequency it offers, its table and that table's CSV, and the values export. Some
//! coalitions review their values and count approved values only, or all of them.

mod oracle;

use cairn_core::dashboard::{dashboard, Filter};
use cairn_core::export::observations_csv;
use cairn_core::series::series;
use cairn_core::summary::summarize;
use cairn_core::table::series_table;
use cairn_core::{
    sample, Accumulation, Baseline, Code, Document, FiscalYearStart, Frequency, Measure,
    Observation, Period, Polarity, Range, Rollup, Target, Value, ValueType,
};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The rules of one generated measure, before it meets the document.
#[derive(Clone, Debug)]
struct Rules {
    value_type: ValueType,
    rollup: Rollup,
    accumulation: Accumulation,
    frequency: Frequency,
    polarity: Polarity,
    reporters: Vec<usize>,
    steward: Option<usize>,
    decimals: u8,
    baseline: Option<(i32, f64)>,
    target: Option<(i32, f64)>,
    range: (f64, f64),
    rate_per: u32,
}

const PARTNERS: [&str; 4] = ["LIB", "SCI", "ART", "YOUTH"];

fn rules() -> impl Strategy<Value = Rules> {
    let kind = prop_oneof![
        Just((ValueType::Count, Rollup::Sum)),
        Just((ValueType::Count, Rollup::Mean)),
        Just((ValueType::Count, Rollup::None)),
        Just((ValueType::Amount, Rollup::Sum)),
        Just((ValueType::Percent, Rollup::RatioOfSums)),
        Just((ValueType::Percent, Rollup::None)),
        Just((ValueType::Rate, Rollup::RatioOfSums)),
        Just((ValueType::Average, Rollup::Mean)),
        Just((ValueType::Average, Rollup::WeightedMean)),
        Just((ValueType::Average, Rollup::None)),
    ];
    (
        kind,
        0..3usize,
        prop::sample::select(Frequency::ALL.to_vec()),
        prop::sample::select(vec![
            Polarity::HigherIsBetter,
            Polarity::LowerIsBetter,
            Polarity::WithinRange,
        ]),
        prop::sample::subsequence(vec![0usize, 1, 2, 3], 1..=4),
        prop::option::of(0..4usize),
        0..3u8,
        (
            prop::option::of((0..6i32, 0..100u32)),
            prop::option::of((8..30i32, 0..100u32)),
        ),
        (
            0..60u32,
            1..40u32,
            prop::sample::select(vec![100u32, 1000, 100_000]),
        ),
    )
        .prop_map(
            |(
                (value_type, rollup),
                acc,
                frequency,
                polarity,
                reporters,
                steward,
                decimals,
                (baseline, target),
                (low, width, rate_per),
            )| {
                let accumulation = match (value_type, acc) {
                    (ValueType::Count | ValueType::Amount, 2) => Accumulation::RunningTotal,
                    (_, 1) => Accumulation::Snapshot,
                    _ => Accumulation::PerPeriod,
                };
                let level = |v: u32| match value_type {
                    ValueType::Percent => f64::from(v),
                    _ => f64::from(v) * 3.0,
                };
                Rules {
                    value_type,
                    rollup,
                    accumulation,
                    frequency,
                    polarity,
                    reporters,
                    steward,
                    decimals,
                    baseline: baseline.map(|(at, v)| (at, level(v))),
                    target: target.map(|(at, v)| (at, level(v))),
                    range: (f64::from(low), f64::from(low + width)),
                    rate_per,
                }
            },
        )
}

/// One cell's raw numbers: whether it is there, then two numbers to make a value from.
type Cells = Vec<(bool, u32, u32)>;

fn cells() -> impl Strategy<Value = Cells> {
    prop::collection::vec((prop::bool::weighted(0.75), 0..500u32, 1..400u32), 48 * 4)
}

fn value(value_type: ValueType, rollup: Rollup, a: u32, b: u32) -> Value {
    match (value_type, rollup) {
        (ValueType::Percent, _) => Value::Ratio {
            numerator: f64::from(a.min(b)),
            denominator: f64::from(b),
        },
        (ValueType::Rate, _) => Value::Ratio {
            numerator: f64::from(a % 40),
            denominator: f64::from(b * 10),
        },
        (ValueType::Count, _) => Value::Number(f64::from(a)),
        (ValueType::Amount, _) => Value::Number(f64::from(a) / 4.0),
        (ValueType::Average, Rollup::WeightedMean) => Value::Weighted {
            mean: f64::from(a) / 7.0 - 10.0,
            weight: f64::from(b),
        },
        (ValueType::Average, _) => Value::Number(f64::from(a) / 7.0 - 10.0),
    }
}

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

/// A coalition with the sample's partners, no measures of its own, a fiscal year starting in
/// `start`, and the generated measures with their values.
fn coalition(start: u8, measures: &[(Rules, Cells)]) -> Document {
    let mut doc = sample::coalition();
    doc.activities.clear();
    doc.stories.clear();
    doc.updates.clear();
    doc.measures.clear();
    doc.observations = Default::default();
    doc.coalition.fiscal_year_start = FiscalYearStart::new(start).unwrap();
    let start = doc.coalition.fiscal_year_start;
    let first = |f: Frequency| Period::containing(start.first_month_of(2024), f, start);
    for (i, (r, cells)) in measures.iter().enumerate() {
        let at = |n: i32| first(r.frequency).offset(n, start);
        let within = r.polarity == Polarity::WithinRange;
        let measure = Measure {
            code: code(&format!("M{i}")),
            title: format!("Measure {i}"),
            definition: String::new(),
            unit: "units".into(),
            value_type: r.value_type,
            polarity: r.polarity,
            accumulation: r.accumulation,
            rollup: r.rollup,
            frequency: r.frequency,
            strategies: vec![],
            steward: r.steward.map(|s| code(PARTNERS[s])),
            reporters: r.reporters.iter().map(|&p| code(PARTNERS[p])).collect(),
            key: true,
            decimals: r.decimals,
            baseline: r.baseline.map(|(n, value)| Baseline {
                period: at(n),
                value,
            }),
            targets: r
                .target
                .filter(|_| !within)
                .map(|(n, value)| Target {
                    period: at(n),
                    value,
                })
                .into_iter()
                .collect(),
            rate_per: r.rate_per,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            range: within.then_some(Range {
                low: r.range.0,
                high: r.range.1,
            }),
        };
        measure.validate().unwrap();
        doc.add_measure(measure.clone()).unwrap();
        let periods = 36 / r.frequency.months() as usize + 1;
        for (k, partner) in measure.reporters.iter().enumerate() {
            for n in 0..periods {
                let (present, a, b) = cells[(k * 48 + n) % cells.len()];
                if present {
                    doc.record(Observation {
                        group: cairn_core::Group::total(),
                        measure: measure.code.clone(),
                        period: at(n as i32),
                        partner: partner.clone(),
                        value: value(r.value_type, r.rollup, a, b),
                        note: Default::default(),
                        entered_by: Default::default(),
                        entered_at: Default::default(),
                    })
                    .unwrap();
                }
            }
        }
    }
    doc
}

/// How a generated coalition counts: review off, approved values only, or review on counting
/// every value; `stages` picks each round's stage in turn (draft, submitted, approved,
/// returned, approved), so some rounds are approved and some not.
fn reviewed(mut doc: Document, counting: u8, stages: &[u8]) -> Document {
    use cairn_core::review::{Review, Stage};
    doc.coalition.review = counting > 0;
    doc.coalition.count_unapproved = counting == 2;
    let mut rounds: Vec<(Code, Period)> = doc
        .observations
        .iter()
        .map(|o| (o.partner.clone(), o.period))
        .collect();
    rounds.sort();
    rounds.dedup();
    let paths: [&[Stage]; 5] = [
        &[],
        &[Stage::Submitted],
        &[Stage::Submitted, Stage::Approved],
        &[Stage::Submitted, Stage::Approved, Stage::Returned],
        &[
            Stage::Submitted,
            Stage::Returned,
            Stage::Submitted,
            Stage::Approved,
        ],
    ];
    for (i, (partner, period)) in rounds.into_iter().enumerate() {
        let path = paths[usize::from(stages[i % stages.len()]) % paths.len()];
        let mut review = Review::new(partner, period);
        for &stage in path {
            review = review.then(stage, "Because", "Ada", "2026-12-01T00:00:00Z");
        }
        if !review.steps.is_empty() {
            doc.put_review(review).unwrap();
        }
    }
    doc
}

fn coalitions() -> impl Strategy<Value = Document> {
    (
        prop::sample::select(vec![1u8, 7, 9, 10, 4]),
        prop::collection::vec((rules(), cells()), 1..4),
        prop::sample::select(vec![0u8, 0, 1, 2]),
        prop::collection::vec(0..5u8, 1..12),
    )
        .prop_map(|(start, measures, counting, stages)| {
            reviewed(coalition(start, &measures), counting, &stages)
        })
}

/// The measure page at `frequency`: its series, summary, table and CSV against the oracle.
/// A series (the total's or a group's) against the oracle's figures: its periods, the
/// coalition's value with its coverage in each, and each partner's.
fn check_series(
    m: &Measure,
    s: &cairn_core::series::Series,
    o: &oracle::Figures,
    frequency: Frequency,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(&s.periods, &o.periods, "{} by {:?}", m.code, frequency);
    for (i, period) in s.periods.iter().enumerate() {
        match (&s.coalition[i], &o.coalition[i]) {
            (Some(real), Some(want)) => {
                prop_assert!(
                    close(real.value, want.value),
                    "{} {period}: {} vs {}",
                    m.code,
                    real.value,
                    want.value
                );
                prop_assert_eq!(
                    (real.reporting, real.partial, real.missing),
                    (want.reporting, want.partial, want.missing),
                    "{} {}",
                    m.code,
                    period
                );
                prop_assert_eq!(s.is_judgeable(m, i), want.judgeable);
                prop_assert_eq!(real.ratio.is_some(), want.ratio.is_some());
                if let (Some(real), Some(want)) = (real.ratio, want.ratio) {
                    prop_assert!(close(real.0, want.0) && close(real.1, want.1));
                }
            }
            (None, None) => {}
            (real, want) => prop_assert!(false, "{} {period}: {real:?} vs {want:?}", m.code),
        }
        for (k, partner) in s.partners.iter().enumerate() {
            let (real, want) = (partner.values[i], o.partners[k][i]);
            prop_assert_eq!(real.is_some(), want.is_some());
            if let (Some(real), Some(want)) = (real, want) {
                prop_assert!(close(m.display(real.value), want.shown));
                prop_assert_eq!(real.complete, want.complete);
            }
        }
    }
    Ok(())
}

fn check_page(doc: &Document, m: &Measure, frequency: Frequency) -> Result<(), TestCaseError> {
    let s = series(doc, m, frequency);
    let o = oracle::figures(doc, m, frequency, None, None);
    check_series(m, &s, &o, frequency)?;
    let summary = summarize(doc, m, &s);
    check_summary(&summary, &oracle::judge(doc, m, &o))?;
    let table = series_table(doc, m, &s);
    let csv = cairn_core::csv::read(&table.to_csv()).unwrap();
    for (i, row) in table.rows.iter().enumerate() {
        let want = o.coalition[i];
        prop_assert_eq!(row[0].text.clone(), o.periods[i].code());
        prop_assert_eq!(row[2].number.is_some(), want.is_some());
        if let (Some(n), Some(w)) = (row[2].number, want) {
            prop_assert!(close(n, w.value));
            prop_assert_eq!(row[2].text.clone(), m.format_value(w.value));
            // The CSV prints the value as the page does, then exact.
            prop_assert_eq!(&csv.rows[i + 1].1[2], &m.format_value(w.value));
            let field: f64 = csv.rows[i + 1].1[3].parse().unwrap();
            prop_assert!(close(field, w.value));
            prop_assert_eq!(row[4].number, Some(w.reporting as f64));
            prop_assert_eq!(row[3].text == "Yes", w.partial == 0 && w.missing == 0);
        }
        if oracle::totals(m, o.frequency) {
            prop_assert_eq!(row[5].text.as_str(), "");
            prop_assert_eq!(row[6].text.as_str(), "");
        }
        let partners = &row[7..7 + o.partners.len()];
        for (k, cell) in partners.iter().enumerate() {
            prop_assert_eq!(cell.number.is_some(), o.partners[k][i].is_some());
            if let (Some(n), Some(w)) = (cell.number, o.partners[k][i]) {
                prop_assert!(close(n, w.shown));
            }
        }
        // A ratio of sums ends with the coalition's numerator and denominator.
        let sums = row[7 + o.partners.len()..]
            .iter()
            .map(|c| c.number)
            .collect::<Vec<_>>();
        match want.and_then(|w| w.ratio) {
            Some((n, d)) => {
                prop_assert!(
                    sums.len() == 2 && close(sums[0].unwrap(), n) && close(sums[1].unwrap(), d)
                )
            }
            None if m.rollup == cairn_core::Rollup::RatioOfSums => {
                prop_assert_eq!(sums, vec![None, None])
            }
            None => prop_assert!(sums.is_empty()),
        }
    }
    Ok(())
}

fn check_summary(
    real: &cairn_core::summary::MeasureSummary,
    want: &oracle::Judgement,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(real.period, want.period);
    prop_assert_eq!(real.value, want.value);
    prop_assert_eq!(real.status, want.status, "{:?} vs {:?}", real, want);
    prop_assert_eq!(real.progress.is_some(), want.progress.is_some());
    if let (Some(a), Some(b)) = (real.progress, want.progress) {
        prop_assert!(close(a, b));
    }
    prop_assert_eq!(real.streak, want.streak);
    prop_assert_eq!(real.change, want.change);
    prop_assert_eq!(real.better_than_baseline, want.better);
    prop_assert_eq!(
        (real.reporting, real.expected),
        (want.reporting, want.expected)
    );
    Ok(())
}

#[test]
fn every_figure_of_the_sample_coalition_equals_the_oracles() {
    let doc = sample::coalition();
    for m in &doc.measures {
        for frequency in Frequency::ALL.into_iter().filter(|f| *f >= m.frequency) {
            check_page(&doc, m, frequency).unwrap();
        }
    }
}

/// Every (value type × accumulation × roll-up) the rules allow, at every frequency, shown at
/// every frequency the page offers, on both fiscal-year starts: the same fixed cells each time,
/// with gaps and partly reported periods, against the oracle.
#[test]
fn every_value_type_accumulation_roll_up_and_frequency_equals_the_oracle() {
    let cells: Cells = (0..48 * 4)
        .map(|i: u32| {
            (
                i % 7 != 3 && i % 11 != 5,
                (i * 37) % 500,
                1 + (i * 53) % 399,
            )
        })
        .collect();
    let mut checked = 0;
    for value_type in ValueType::ALL {
        for accumulation in Accumulation::ALL {
            for rollup in Rollup::ALL {
                for frequency in Frequency::ALL {
                    for polarity in [Polarity::HigherIsBetter, Polarity::WithinRange] {
                        let rules = Rules {
                            value_type,
                            rollup,
                            accumulation,
                            frequency,
                            polarity,
                            reporters: vec![0, 1, 2],
                            steward: Some(1),
                            decimals: 1,
                            baseline: Some((1, 40.0)),
                            target: Some((20, 60.0)),
                            range: (30.0, 50.0),
                            rate_per: 1000,
                        };
                        let mut measure = sample::coalition().measures[0].clone();
                        measure.value_type = value_type;
                        measure.accumulation = accumulation;
                        measure.rollup = rollup;
                        measure.targets.clear();
                        measure.baseline = None;
                        if measure.validate().is_err() {
                            continue;
                        }
                        for start in [7, 9] {
                            let doc = coalition(start, &[(rules.clone(), cells.clone())]);
                            let m = &doc.measures[0];
                            for shown in Frequency::ALL.into_iter().filter(|f| *f >= frequency) {
                                check_page(&doc, m, shown).unwrap();
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    // 32 allowed combinations of value type, accumulation and roll-up (9 for counts, 9 for
    // amounts, 4 for percents, 4 for rates, 6 for averages), 6 pairs of own and shown frequency,
    // 2 directions and 2 fiscal-year starts.
    assert_eq!(checked, 32 * 6 * 2 * 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn every_figure_of_the_measure_page_equals_the_oracles(doc in coalitions()) {
        for m in &doc.measures {
            for frequency in Frequency::ALL.into_iter().filter(|f| *f >= m.frequency) {
                check_page(&doc, m, frequency)?;
            }
        }
    }

    #[test]
    fn every_dashboard_card_equals_the_oracles_with_and_without_a_time_filter(
        doc in coalitions(), to in prop::option::of(2024..2028i32), from in prop::option::of(2023..2026i32)
    ) {
        for (from, to) in [(None, None), (from, to)] {
            let filter = Filter { from, to, ..Filter::default() };
            let d = dashboard(&doc, &filter);
            prop_assert_eq!(d.rows.len(), doc.measures.len());
            let mut on_track = 0;
            for row in &d.rows {
                let m = &doc.measures[row.measure];
                let o = oracle::figures(&doc, m, m.frequency, from, to);
                let want = oracle::judge(&doc, m, &o);
                check_summary(&row.summary, &want)?;
                on_track += usize::from(want.status == cairn_core::status::Status::OnTrack);
            }
            prop_assert_eq!(d.goal.overall.on_track, on_track);
        }
    }

    #[test]
    fn every_figure_of_a_funder_report_equals_the_oracles(
        doc in coalitions(), from in 2023..2027i32, span in 0..3i32, chosen in prop::collection::vec(any::<bool>(), 8),
        through in prop::option::of(1..=4u8)
    ) {
        use cairn_core::report::{report, ReportTemplate, Selection};
        let codes: Vec<_> = doc.measures.iter().zip(chosen.iter().cycle())
            .filter(|(_, c)| **c).map(|(m, _)| m.code.clone()).collect();
        let template = ReportTemplate {
            measures: if codes.is_empty() { Selection::All } else { Selection::Chosen(codes.clone()) },
            ..ReportTemplate { to: from + span, through, ..ReportTemplate::new("Report", from) }
        };
        let start = doc.coalition.fiscal_year_start;
        // The last month of the quarter, counted here from the fiscal year's first month.
        let last = through.map(|q| start.first_month_of(from + span).plus(3 * i32::from(q) - 1));
        let r = report(&doc, &template);
        let expected = doc.measures.iter().filter(|m| codes.is_empty() || codes.contains(&m.code)).count();
        prop_assert_eq!(r.dashboard.rows.len(), expected);
        prop_assert_eq!(r.indicators.len(), expected);
        for (row, indicator) in r.dashboard.rows.iter().zip(&r.indicators) {
            let m = &doc.measures[row.measure];
            let o = oracle::figures_until(&doc, m, m.frequency, Some(template.from), Some(template.to), last);
            let want = oracle::judge(&doc, m, &o);
            check_summary(&row.summary, &want)?;
            prop_assert_eq!(indicator.status, want.status);
            match (want.period, want.value) {
                (Some(p), Some(v)) => prop_assert_eq!(&indicator.actual, &format!("{} ({p})", m.format_value(v))),
                _ => prop_assert_eq!(indicator.actual.as_str(), "No data"),
            }
        }
    }

    #[test]
    fn every_value_in_the_values_export_is_the_value_as_entered(doc in coalitions()) {
        let csv = cairn_core::csv::read(&observations_csv(&doc)).unwrap();
        let header = &csv.rows[0].1;
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let observations: Vec<&Observation> =
            doc.observations.iter().filter(|o| oracle::counted(&doc, o)).collect();
        prop_assert_eq!(csv.rows.len() - 1, observations.len());
        for (row, o) in csv.rows[1..].iter().zip(observations) {
            let m = doc.measure(&o.measure).unwrap();
            let field = |name: &str| row.1[col(name)].parse::<f64>().ok();
            prop_assert!(close(field("value").unwrap(), oracle::shown(m, o.value)));
            match o.value {
                Value::Ratio { numerator, denominator } => {
                    prop_assert_eq!(field("numerator"), Some(numerator));
                    prop_assert_eq!(field("denominator"), Some(denominator));
                }
                Value::Weighted { weight, .. } => prop_assert_eq!(field("weight"), Some(weight)),
                Value::Number(_) => prop_assert_eq!(field("numerator"), None),
            }
        }
    }
}

/// The generated coalition with breakdowns (§17): age band (two categories, covering
/// everyone) and area (three, covering everyone or not, as `areas_cover` says). Each measure
/// takes none, age, area, or both crossed (`picks`, in turn); each of its totals is then kept
/// alone, replaced by every group, kept beside every group, or replaced by all groups but one
/// (`modes`, in turn), each group with a value of its own.
fn broken_down(mut doc: Document, areas_cover: bool, picks: &[u8], modes: &[u8]) -> Document {
    let breakdown =
        |code_text: &str, categories: &[&str], exhaustive: bool| cairn_core::Breakdown {
            code: code(code_text),
            name: code_text.to_string(),
            categories: categories
                .iter()
                .map(|c| cairn_core::Category {
                    code: code(c),
                    label: c.to_string(),
                })
                .collect(),
            exhaustive,
        };
    let mut settings = doc.coalition.clone();
    settings.breakdowns = vec![
        breakdown("AGE", &["YOUNG", "OLD"], true),
        breakdown("AREA", &["N", "C", "S"], areas_cover),
    ];
    doc.set_coalition(settings).unwrap();
    let age = doc.coalition.breakdowns[0].clone();
    let area = doc.coalition.breakdowns[1].clone();
    let mut turn = 0usize;
    for i in 0..doc.measures.len() {
        let mut m = doc.measures[i].clone();
        let chosen: Vec<&cairn_core::Breakdown> = match picks[i % picks.len()] % 4 {
            0 => vec![],
            1 => vec![&age],
            2 => vec![&area],
            _ => vec![&age, &area],
        };
        m.breakdowns = chosen.iter().map(|b| b.code.clone()).collect();
        doc.put_measure(m.clone()).unwrap();
        let groups = cairn_core::breakdown::groups_of(&chosen);
        if groups.is_empty() {
            continue;
        }
        let totals: Vec<Observation> = doc.observations.of_measure(&m.code).cloned().collect();
        for total in totals {
            turn += 1;
            let mode = modes[turn % modes.len()] % 4;
            if mode == 0 {
                continue;
            }
            if mode != 2 {
                doc.clear(&total.key());
            }
            let skip = if mode == 3 {
                turn % groups.len()
            } else {
                usize::MAX
            };
            for (j, group) in groups.iter().enumerate().filter(|(j, _)| *j != skip) {
                let (a, b) = (
                    turn as u32 * 37 + j as u32 * 11,
                    1 + (turn as u32 * 13 + j as u32 * 7) % 300,
                );
                doc.record(Observation {
                    group: group.clone(),
                    value: value(m.value_type, m.rollup, a % 500, b),
                    ..total.clone()
                })
                .unwrap();
            }
        }
    }
    doc
}

fn broken_down_coalitions() -> impl Strategy<Value = Document> {
    (
        coalitions(),
        any::<bool>(),
        prop::collection::vec(0..4u8, 1..4),
        prop::collection::vec(0..4u8, 1..9),
    )
        .prop_map(|(doc, cover, picks, modes)| broken_down(doc, cover, &picks, &modes))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_groups_figures_and_every_total_from_categories_equal_the_oracles(
        doc in broken_down_coalitions()
    ) {
        for m in &doc.measures {
            let chosen = cairn_core::equity::breakdowns_of(&doc, m);
            let mut groups = vec![cairn_core::Group::total()];
            for b in &chosen {
                groups.extend(b.categories.iter().map(|c| cairn_core::Group::one(b.code.clone(), c.code.clone())));
            }
            groups.extend(cairn_core::breakdown::groups_of(&chosen).into_iter().filter(|g| g.choices().len() == 2));
            for group in &groups {
                for frequency in Frequency::ALL.into_iter().filter(|f| *f >= m.frequency) {
                    let s = cairn_core::series::series_of_group(&doc, m, frequency, group);
                    let o = oracle::figures_of_group(&doc, m, frequency, group);
                    check_series(m, &s, &o, frequency).map_err(|e| {
                        TestCaseError::fail(format!(
                            "{group} of {} ({:?}, {:?}, {:?}, {:?}) by {frequency:?}: {e}",
                            m.code, m.value_type, m.accumulation, m.rollup, m.breakdowns
                        ))
                    })?;
                }
            }
        }
    }
}

/// A coalition value rounded far below any display unit, with how many partners reported it
/// whole and in part.
type Shown = Option<(i64, usize, usize)>;

/// The coalition's values of `series` in every period, as [`Shown`].
fn shown(series: &cairn_core::series::Series) -> Vec<(Period, Shown)> {
    series
        .periods
        .iter()
        .zip(&series.coalition)
        .map(|(p, v)| {
            let v = v
                .as_ref()
                .map(|v| ((v.value * 1e6).round() as i64, v.reporting, v.partial));
            (*p, v)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// §17, "When a measure's breakdowns change": folding a breakdown into the totals keeps
    /// every value it does not touch, moves or combines every value it does, and leaves the
    /// total's figures as they were; where it cannot, it changes nothing at all.
    #[test]
    fn folding_a_breakdown_into_the_totals_keeps_the_totals_figures_or_changes_nothing(
        doc in broken_down_coalitions()
    ) {
        use cairn_core::regroup::Mapping;
        let area = code("AREA");
        for m in doc.measures.iter().filter(|m| m.breakdowns == vec![area.clone()]) {
            let mut after = doc.clone();
            let mut changed = m.clone();
            changed.breakdowns.clear();
            let by_area = doc.observations.of_measure(&m.code).filter(|o| !o.group.is_total()).count();
            let untouched: Vec<Observation> = doc.observations.iter().filter(|o| o.measure != m.code || o.group.is_total()).cloned().collect();
            match after.regroup_measure(changed, &[Mapping::IntoTotal { from: area.clone() }], "Test", "2026-12-04T10:00:00Z") {
                Err(_) => prop_assert_eq!(&after, &doc, "a refused regrouping changes nothing"),
                Ok(done) => {
                    prop_assert_eq!(done.moved + done.combined_from + done.superseded, by_area);
                    for o in &untouched {
                        prop_assert_eq!(after.observations.get(&o.key()), Some(o), "an entered total stays");
                    }
                    prop_assert!(after.observations.of_measure(&m.code).all(|o| o.group.is_total()));
                    let m_after = after.measure(&m.code).unwrap();
                    for frequency in Frequency::ALL.into_iter().filter(|f| *f >= m.frequency) {
                        prop_assert_eq!(
                            shown(&series(&after, m_after, frequency)),
                            shown(&series(&doc, m, frequency)),
                            "{} by {:?}", m.code, frequency
                        );
                    }
                }
            }
        }
    }
}

//! The worked examples of `docs/numbers.md`, section by section, run against the real code. If
//! one of these fails, either the code or the document is wrong.

use cairn_core::series::series;
use cairn_core::status::Status;
use cairn_core::summary::{summarize, MeasureSummary, Reason};
use cairn_core::{
    sample, Accumulation, Baseline, Code, Document, FiscalYearStart, Frequency, Measure,
    Observation, Period, Polarity, Range, Rollup, Target, Value, ValueType,
};

fn code(s: &str) -> Code {
    Code::parse(s).unwrap()
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn ratio(numerator: f64, denominator: f64) -> Value {
    Value::Ratio {
        numerator,
        denominator,
    }
}

fn weighted(mean: f64, weight: f64) -> Value {
    Value::Weighted { mean, weight }
}

/// A monthly count summed over the library and the science museum; examples change what they
/// need.
fn measure() -> Measure {
    Measure {
        code: code("M"),
        title: "Example".into(),
        definition: String::new(),
        unit: String::new(),
        value_type: ValueType::Count,
        polarity: Polarity::HigherIsBetter,
        accumulation: Accumulation::PerPeriod,
        rollup: Rollup::Sum,
        frequency: Frequency::Monthly,
        strategies: vec![],
        steward: None,
        reporters: vec![code("LIB"), code("SCI")],
        key: true,
        decimals: 1,
        baseline: None,
        targets: vec![],
        rate_per: 1000,
        earlier: Vec::new(),
        replaced: None,
        change_reason: String::new(),
        closed: None,
        continued_as: None,
        closing_reason: String::new(),
        breakdowns: Vec::new(),
        group_targets: Vec::new(),
        range: None,
    }
}

/// The sample's partners with `measure` alone and `values` recorded, on a July fiscal year.
fn coalition(measure: &Measure, values: &[(&str, &str, Value)]) -> Document {
    let mut doc = sample::coalition();
    doc.activities.clear();
    doc.stories.clear();
    doc.updates.clear();
    doc.measures.clear();
    doc.observations = Default::default();
    doc.coalition.fiscal_year_start = FiscalYearStart::JULY;
    doc.add_measure(measure.clone()).unwrap();
    for (partner, period, value) in values {
        doc.record(Observation {
            group: cairn_core::Group::total(),
            measure: measure.code.clone(),
            period: p(period),
            partner: code(partner),
            value: *value,
            note: Default::default(),
            entered_by: Default::default(),
            entered_at: Default::default(),
        })
        .unwrap();
    }
    doc
}

/// The coalition's value in `period` of the series at `frequency`.
fn value(doc: &Document, frequency: Frequency, period: &str) -> f64 {
    let m = &doc.measures[0];
    let s = series(doc, m, frequency);
    let i = s.periods.iter().position(|x| *x == p(period)).unwrap();
    s.coalition[i].as_ref().unwrap().value
}

fn summary(doc: &Document, frequency: Frequency) -> MeasureSummary {
    let m = &doc.measures[0];
    summarize(doc, m, &series(doc, m, frequency))
}

fn assert_close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} is not {b}");
}

/// A quarter of monthly values from the library: July, August and September 2026 (FY2027-Q1).
fn quarter_of(m: &Measure, values: [Value; 3]) -> Document {
    let months = ["2026-07", "2026-08", "2026-09"];
    let cells: Vec<(&str, &str, Value)> = months
        .iter()
        .zip(values)
        .map(|(month, v)| ("LIB", *month, v))
        .collect();
    coalition(
        &Measure {
            reporters: vec![code("LIB")],
            ..m.clone()
        },
        &cells,
    )
}

#[test]
fn section_1_a_rate_shows_per_n_and_a_weighted_mean_shows_its_mean() {
    let rate = Measure {
        value_type: ValueType::Rate,
        rollup: Rollup::RatioOfSums,
        ..measure()
    };
    assert_close(rate.display(ratio(3.0, 1200.0)), 2.5);
    assert_eq!(rate.format_value(2.5), "2.5 per 1,000");
    let wait = Measure {
        value_type: ValueType::Average,
        rollup: Rollup::WeightedMean,
        ..measure()
    };
    assert_close(wait.display(weighted(14.2, 30.0)), 14.2);
}

#[test]
fn section_2_a_quarter_of_a_monthly_measure_follows_its_value_type_and_accumulation() {
    let q = "FY2027-Q1";
    let visits = quarter_of(&measure(), [n(120.0), n(130.0), n(150.0)]);
    assert_close(value(&visits, Frequency::Quarterly, q), 400.0);
    let average = Measure {
        value_type: ValueType::Average,
        rollup: Rollup::Mean,
        ..measure()
    };
    let days = quarter_of(&average, [n(14.4), n(14.4), n(14.4)]);
    assert_close(value(&days, Frequency::Quarterly, q), 14.4);
    let weighted_days = quarter_of(
        &Measure {
            rollup: Rollup::WeightedMean,
            ..average.clone()
        },
        [
            weighted(10.0, 30.0),
            weighted(20.0, 10.0),
            weighted(12.0, 10.0),
        ],
    );
    assert_close(value(&weighted_days, Frequency::Quarterly, q), 12.4);
    let percent = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        ..measure()
    };
    let full = quarter_of(
        &percent,
        [ratio(10.0, 100.0), ratio(30.0, 100.0), ratio(20.0, 200.0)],
    );
    assert_close(value(&full, Frequency::Quarterly, q), 15.0);
    let snapshot = Measure {
        accumulation: Accumulation::Snapshot,
        ..measure()
    };
    let members = quarter_of(&snapshot, [n(50.0), n(55.0), n(53.0)]);
    assert_close(value(&members, Frequency::Quarterly, q), 53.0);
    let running = Measure {
        accumulation: Accumulation::RunningTotal,
        value_type: ValueType::Amount,
        ..measure()
    };
    let hours = quarter_of(&running, [n(10.0), n(20.0), n(5.0)]);
    assert_close(value(&hours, Frequency::Quarterly, q), 35.0);
}

#[test]
fn section_3_a_partner_that_sent_two_of_three_months_has_partly_reported() {
    let doc = coalition(
        &measure(),
        &[
            ("LIB", "2026-07", n(120.0)),
            ("LIB", "2026-08", n(130.0)),
            ("LIB", "2026-09", n(150.0)),
            ("SCI", "2026-07", n(40.0)),
            ("SCI", "2026-08", n(45.0)),
        ],
    );
    let s = series(&doc, &doc.measures[0], Frequency::Quarterly);
    let v = s.coalition[0].as_ref().unwrap();
    assert_close(v.value, 485.0);
    assert_eq!((v.reporting, v.partial, v.missing), (1, 1, 0));
    assert!(!v.is_complete());
}

#[test]
fn section_4_partners_combine_by_the_roll_up_rule() {
    let percent = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        frequency: Frequency::Quarterly,
        ..measure()
    };
    let q = "FY2027-Q1";
    let absent = coalition(
        &percent,
        &[
            ("LIB", q, ratio(10.0, 100.0)),
            ("SCI", q, ratio(90.0, 300.0)),
        ],
    );
    assert_close(value(&absent, Frequency::Quarterly, q), 25.0);
    let rate = Measure {
        value_type: ValueType::Rate,
        ..percent.clone()
    };
    let incidents = coalition(
        &rate,
        &[
            ("LIB", q, ratio(3.0, 1200.0)),
            ("SCI", q, ratio(9.0, 1800.0)),
        ],
    );
    assert_close(value(&incidents, Frequency::Quarterly, q), 4.0);
    let wait = Measure {
        value_type: ValueType::Average,
        rollup: Rollup::WeightedMean,
        ..percent
    };
    let days = coalition(
        &wait,
        &[
            ("LIB", q, weighted(10.0, 30.0)),
            ("SCI", q, weighted(20.0, 10.0)),
        ],
    );
    assert_close(value(&days, Frequency::Quarterly, q), 12.5);
}

#[test]
fn section_5_a_summed_measure_is_judged_at_its_latest_complete_quarter() {
    let doc = sample::coalition();
    let m = doc.measure(&code("CO-DELIVERED")).unwrap();
    let s = summarize(&doc, m, &series(&doc, m, m.frequency));
    assert_eq!(s.period, Some(p("FY2026-Q4")));
    assert_eq!(s.coverage_text(), "5 of 5 partners reported");
    let pending = s.pending_text(m).unwrap();
    assert!(
        pending.starts_with("FY2027-Q1: ")
            && pending.ends_with("; 3 of 5 partners have reported. It is judged once complete."),
        "{pending}"
    );
}

#[test]
fn section_5_a_year_of_five_months_is_not_judged_and_the_year_before_is() {
    let percent = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        reporters: vec![code("LIB")],
        ..measure()
    };
    let mut cells = Vec::new();
    let months: Vec<String> = (0..17)
        .map(|i| {
            let m = cairn_core::MonthIndex::new(2025, 7).plus(i);
            format!("{:04}-{:02}", m.year(), m.month())
        })
        .collect();
    for month in &months {
        cells.push(("LIB", month.as_str(), ratio(40.0, 100.0)));
    }
    let doc = coalition(&percent, &cells);
    let s = summary(&doc, Frequency::Annual);
    assert_eq!(s.period, Some(p("FY2026")));
    assert_eq!(s.pending.unwrap().period, p("FY2027"));
}

#[test]
fn section_6_population_data_is_the_stewards_value_or_nothing() {
    let population = Measure {
        rollup: Rollup::None,
        steward: Some(code("LIB")),
        frequency: Frequency::Annual,
        ..measure()
    };
    let doc = coalition(&population, &[("SCI", "FY2026", n(5000.0))]);
    let s = series(&doc, &doc.measures[0], Frequency::Annual);
    assert_eq!(s.coalition, vec![None]);
    let nobody = Measure {
        steward: None,
        ..population
    };
    let doc = coalition(&nobody, &[("SCI", "FY2026", n(5000.0))]);
    let s = summary(&doc, Frequency::Annual);
    assert_eq!(
        (s.status, s.reason),
        (Status::NotJudged, Some(Reason::NoStandingPartner))
    );
}

#[test]
fn section_7_status_follows_the_path_and_the_range() {
    use cairn_core::status::{path_value, range_status, status};
    let cards = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        frequency: Frequency::Annual,
        baseline: Some(Baseline {
            period: p("FY2024"),
            value: 41.0,
        }),
        targets: vec![Target {
            period: p("FY2028"),
            value: 60.0,
        }],
        ..measure()
    };
    let july = FiscalYearStart::JULY;
    assert_eq!(path_value(&cards, p("FY2026"), july), Some(50.5));
    let at = |v| status(&cards, p("FY2026"), Some(v), july, 15);
    assert_eq!(
        [at(47.7), at(47.6), at(44.8), at(44.7)],
        [
            Status::OnTrack,
            Status::AtRisk,
            Status::AtRisk,
            Status::OffTrack
        ]
    );
    let absenteeism = Measure {
        polarity: Polarity::LowerIsBetter,
        frequency: Frequency::Quarterly,
        baseline: Some(Baseline {
            period: p("FY2024-Q4"),
            value: 24.0,
        }),
        targets: vec![Target {
            period: p("FY2028-Q4"),
            value: 15.0,
        }],
        ..cards.clone()
    };
    assert_eq!(
        status(&absenteeism, p("FY2028-Q4"), Some(14.2), july, 15),
        Status::OnTrack
    );
    let ratio_measure = Measure {
        value_type: ValueType::Average,
        rollup: Rollup::Mean,
        polarity: Polarity::WithinRange,
        decimals: 2,
        range: Some(Range {
            low: 0.9,
            high: 1.1,
        }),
        targets: vec![],
        ..cards
    };
    let r = |v| range_status(&ratio_measure, v, 15);
    assert_eq!(
        [r(1.0), r(1.1), r(1.13), r(0.87), r(1.14)],
        [
            Status::OnTrack,
            Status::OnTrack,
            Status::AtRisk,
            Status::AtRisk,
            Status::OffTrack
        ]
    );
}

#[test]
fn section_8_progress_is_the_share_of_the_way_from_baseline_to_target_or_range() {
    use cairn_core::status::progress;
    let cards = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        baseline: Some(Baseline {
            period: p("2024-06"),
            value: 41.0,
        }),
        ..measure()
    };
    assert_eq!(
        (progress(&cards, 52.8, 60.0).unwrap() * 100.0).round(),
        62.0
    );
    let within = Measure {
        value_type: ValueType::Average,
        rollup: Rollup::Mean,
        polarity: Polarity::WithinRange,
        decimals: 2,
        range: Some(Range {
            low: 0.9,
            high: 1.1,
        }),
        baseline: Some(Baseline {
            period: p("2024-06"),
            value: 1.3,
        }),
        ..measure()
    };
    assert_close(progress(&within, 1.2, 0.0).unwrap(), 0.5);
}

#[test]
fn section_9_the_trend_counts_good_moves_up_to_the_judged_period_only() {
    let absenteeism = Measure {
        value_type: ValueType::Percent,
        rollup: Rollup::RatioOfSums,
        polarity: Polarity::LowerIsBetter,
        frequency: Frequency::Quarterly,
        ..measure()
    };
    let quarters = [
        "FY2026-Q1",
        "FY2026-Q2",
        "FY2026-Q3",
        "FY2026-Q4",
        "FY2027-Q1",
    ];
    let percents = [24.0, 25.0, 23.0, 22.5, 22.0];
    let mut cells: Vec<(&str, &str, Value)> = Vec::new();
    for (q, v) in quarters.iter().zip(percents) {
        cells.push(("LIB", q, ratio(v * 10.0, 1000.0)));
        cells.push(("SCI", q, ratio(v * 10.0, 1000.0)));
    }
    let doc = coalition(&absenteeism, &cells);
    assert_eq!(summary(&doc, Frequency::Quarterly).streak, 3);
    // A later quarter in which a summed partner is missing: for a ratio it is still judged,
    // so make it a summed count to see the run end where the judgement ends.
    let count = Measure {
        frequency: Frequency::Quarterly,
        ..measure()
    };
    let mut cells: Vec<(&str, &str, Value)> = Vec::new();
    for (q, v) in quarters.iter().zip([10.0, 11.0, 12.0, 13.0, 14.0]) {
        cells.push(("LIB", q, n(v)));
        cells.push(("SCI", q, n(v)));
    }
    cells.push(("LIB", "FY2027-Q2", n(1.0)));
    let doc = coalition(&count, &cells);
    let s = summary(&doc, Frequency::Quarterly);
    assert_eq!((s.period, s.streak), (Some(p("FY2027-Q1")), 4));
    assert_eq!(s.trend_text(&count), "Better 4 periods in a row");
}

#[test]
fn section_10_a_measure_without_a_complete_period_says_who_it_waits_for() {
    let count = Measure {
        frequency: Frequency::Quarterly,
        reporters: vec![code("LIB"), code("SCI"), code("ART")],
        baseline: Some(Baseline {
            period: p("FY2026-Q1"),
            value: 10.0,
        }),
        targets: vec![Target {
            period: p("FY2028-Q4"),
            value: 30.0,
        }],
        ..measure()
    };
    let doc = coalition(&count, &[("LIB", "FY2027-Q1", n(12.0))]);
    let s = summary(&doc, Frequency::Quarterly);
    assert_eq!(s.status, Status::Waiting);
    assert_eq!(
        s.waiting_text(),
        "Waiting for 2 of 3 partners (Discovery Science Museum, City Art Museum)"
    );
    assert_eq!(
        s.sentence,
        "12.0 so far in FY2027-Q1; waiting for 2 of 3 partners (Discovery Science Museum, City Art Museum) before it can be judged."
    );
    let no_baseline = Measure {
        baseline: None,
        ..count
    };
    let doc = coalition(
        &no_baseline,
        &[
            ("LIB", "FY2027-Q1", n(12.0)),
            ("SCI", "FY2027-Q1", n(2.0)),
            ("ART", "FY2027-Q1", n(1.0)),
        ],
    );
    let s = summary(&doc, Frequency::Quarterly);
    assert_eq!(s.status, Status::NotJudged);
    assert_eq!(s.value, Some(15.0));
    assert!(s
        .sentence
        .contains("no baseline to judge against (target 30.0 for FY2028-Q4)"));
    let empty = coalition(&no_baseline, &[]);
    assert_eq!(summary(&empty, Frequency::Quarterly).status, Status::NoData);
}

#[test]
fn section_11_a_years_total_of_a_monthly_flow_is_shown_and_not_judged() {
    let visits = Measure {
        reporters: vec![code("LIB")],
        decimals: 0,
        baseline: Some(Baseline {
            period: p("2025-06"),
            value: 2100.0,
        }),
        targets: vec![Target {
            period: p("2028-06"),
            value: 3200.0,
        }],
        ..measure()
    };
    let months: Vec<String> = (0..12)
        .map(|i| {
            let m = cairn_core::MonthIndex::new(2025, 7).plus(i);
            format!("{:04}-{:02}", m.year(), m.month())
        })
        .collect();
    let cells: Vec<(&str, &str, Value)> = months
        .iter()
        .map(|m| ("LIB", m.as_str(), n(3200.0)))
        .collect();
    let doc = coalition(&visits, &cells);
    let s = summary(&doc, Frequency::Annual);
    assert_eq!(s.value, Some(38400.0));
    assert_eq!(
        (s.status, s.reason, s.progress, s.change),
        (
            Status::NotJudged,
            Some(Reason::TotalsOverPeriods),
            None,
            None
        )
    );
    assert!(!s.sentence.contains("of the way"), "{}", s.sentence);
    let by_month = summary(&doc, Frequency::Monthly);
    assert_eq!(by_month.status, Status::OnTrack);
}

#[test]
fn section_15_approved_only_counting_leaves_an_unapproved_round_out_as_missing() {
    use cairn_core::review::{Review, Stage};
    let mut doc = coalition(
        &measure(),
        &[("LIB", "2026-07", n(120.0)), ("SCI", "2026-07", n(80.0))],
    );
    let step = |doc: &mut Document, partner: &str, stages: &[Stage]| {
        let mut review = doc
            .review(&code(partner), p("2026-07"))
            .cloned()
            .unwrap_or_else(|| Review::new(code(partner), p("2026-07")));
        for &stage in stages {
            review = review.then(stage, "Check July", "Ada", "");
        }
        doc.put_review(review).unwrap();
    };
    doc.coalition.review = true;
    step(&mut doc, "LIB", &[Stage::Submitted, Stage::Approved]);
    step(&mut doc, "SCI", &[Stage::Submitted]);
    let july = |doc: &Document| {
        let m = &doc.measures[0];
        let s = series(doc, m, Frequency::Monthly);
        let i = s.periods.iter().position(|x| *x == p("2026-07")).unwrap();
        let v = s.coalition[i].clone().unwrap();
        (v.value, v.reporting, v.missing)
    };
    assert_eq!(july(&doc), (120.0, 1, 1));
    assert_eq!(doc.uncounted(), 1);
    doc.coalition.count_unapproved = true;
    assert_eq!(july(&doc), (200.0, 2, 0));
    assert_eq!(doc.unapproved_counted(), 1);
    doc.coalition.count_unapproved = false;
    step(&mut doc, "SCI", &[Stage::Approved]);
    assert_eq!(july(&doc), (200.0, 2, 0));
    step(&mut doc, "SCI", &[Stage::Returned]);
    assert_eq!(july(&doc), (120.0, 1, 1));
}

#[test]
fn section_16_a_changed_target_judges_against_the_target_now_and_keeps_the_earlier_one() {
    use cairn_core::measure::{earlier_target_text, targets_in_force_note};
    use cairn_core::status::status;
    let doc = sample::coalition();
    let before = doc.measure(&code("ABSENT")).unwrap().clone();
    let mut now = before.clone();
    now.targets
        .iter_mut()
        .filter(|t| t.period == p("FY2028-Q4"))
        .for_each(|t| t.value = 13.0);
    let day = cairn_core::Date::parse("2026-11-03").unwrap();
    let reason = "The district adopted a stricter goal";
    now.keep_earlier_version(&before, reason, day).unwrap();

    let (version, target) = now.earlier_end_target().unwrap();
    assert_eq!(
        earlier_target_text(version, target),
        "Earlier target: 15.0% by FY2028-Q4 (until 2026-11-03: The district adopted a stricter goal)"
    );
    assert_eq!(
        targets_in_force_note(&now).unwrap(),
        "in force since 2026-11-03: The district adopted a stricter goal"
    );
    // 19.0% in FY2027-Q1: on the path to 15.0% it is on track, on the path to 13.0% at risk.
    let july = FiscalYearStart::JULY;
    let judged = |m: &Measure| status(m, p("FY2027-Q1"), Some(19.0), july, 15);
    assert_eq!(judged(&before), Status::OnTrack);
    assert_eq!(judged(&now), Status::AtRisk);
}

#[test]
fn section_16_a_measure_continued_by_quarter_keeps_its_monthly_values_off_the_dashboard() {
    let mut doc = sample::coalition();
    let old = doc.measure(&code("TEEN-VISITS")).unwrap().clone();
    let monthly = doc.observations.of_measure(&old.code).count();
    let mut next = Measure {
        code: code("TEEN-VISITS-Q"),
        frequency: cairn_core::Frequency::Quarterly,
        baseline: None,
        targets: Vec::new(),
        ..old.clone()
    };
    next.title.push_str(" (by quarter)");
    let day = cairn_core::Date::parse("2026-12-04").unwrap();
    doc.continue_measure(
        &old.code,
        next,
        "Partners count visits by quarter from FY2027",
        day,
    )
    .unwrap();

    assert_eq!(doc.observations.of_measure(&old.code).count(), monthly);
    let exported = cairn_core::export::observations_csv(&doc);
    assert_eq!(exported.matches("\nTEEN-VISITS,").count(), monthly);
    let shown = cairn_core::dashboard::dashboard(&doc, &Default::default());
    let codes: Vec<&str> = shown
        .rows
        .iter()
        .map(|r| doc.measures[r.measure].code.as_str())
        .collect();
    assert!(!codes.contains(&"TEEN-VISITS") && codes.contains(&"TEEN-VISITS-Q"));
    let row = shown
        .rows
        .iter()
        .find(|r| doc.measures[r.measure].code.as_str() == "TEEN-VISITS-Q")
        .unwrap();
    assert_eq!(row.summary.status, Status::NoData);

    let mut edit = doc
        .observations
        .of_measure(&old.code)
        .next()
        .unwrap()
        .clone();
    edit.value = cairn_core::Value::Number(1.0);
    let refused = doc.record(edit).unwrap_err().to_string();
    assert!(
        refused.contains(
            "continues as “Teen visits to partner programs (by quarter)”: enter this value there"
        ),
        "{refused}"
    );
}

/// The absenteeism of §17: a quarterly percent, lower is better, by area (`AREA`, whose
/// categories are `areas`, covering everyone), at the two high schools, with `values` as
/// (partner, period, area or "" for the total, numerator, denominator).
fn by_area(areas: &[(&str, &str)], values: &[(&str, &str, &str, f64, f64)]) -> Document {
    let mut m = measure();
    m.code = code("ABS");
    m.title = "Chronic absenteeism".into();
    m.value_type = ValueType::Percent;
    m.polarity = Polarity::LowerIsBetter;
    m.accumulation = Accumulation::Snapshot;
    m.rollup = Rollup::RatioOfSums;
    m.frequency = Frequency::Quarterly;
    m.reporters = vec![code("HS-NORTH"), code("HS-EAST")];
    m.baseline = Some(Baseline {
        period: p("FY2026-Q1"),
        value: 21.4,
    });
    m.breakdowns = vec![code("AREA")];
    let mut doc = coalition(&measure(), &[]);
    doc.measures.clear();
    let mut settings = doc.coalition.clone();
    settings.breakdowns = vec![cairn_core::Breakdown {
        code: code("AREA"),
        name: "Area".into(),
        categories: areas
            .iter()
            .map(|(c, label)| cairn_core::Category {
                code: code(c),
                label: label.to_string(),
            })
            .collect(),
        exhaustive: true,
    }];
    doc.set_coalition(settings).unwrap();
    doc.add_measure(m.clone()).unwrap();
    for &(partner, period, area, numerator, denominator) in values {
        let group = match area {
            "" => cairn_core::Group::total(),
            a => cairn_core::Group::one(code("AREA"), code(a)),
        };
        doc.record(Observation {
            group,
            measure: m.code.clone(),
            period: p(period),
            partner: code(partner),
            value: ratio(numerator, denominator),
            note: Default::default(),
            entered_by: Default::default(),
            entered_at: Default::default(),
        })
        .unwrap();
    }
    doc
}

#[test]
fn section_17_a_total_comes_from_the_categories_and_the_gap_between_areas_narrows() {
    let doc = first_example();
    let m = &doc.measures[0];
    let area = doc.coalition.breakdown(&code("AREA")).unwrap();
    let by = cairn_core::equity::by_group(&doc, m, area, Frequency::Quarterly);
    let at = |period: &str| by.periods.iter().position(|x| *x == p(period)).unwrap();
    let (first, latest) = (at("FY2026-Q1"), at("FY2027-Q1"));
    let shown = |line: usize, i: usize| by.groups[line].values[i].as_ref().unwrap().value;
    assert_close(shown(0, first), 15.0);
    assert_close(shown(1, first), 30.0);
    assert_close(
        by.overall[first].as_ref().unwrap().value,
        100.0 * 150.0 / 700.0,
    );
    assert_close(shown(0, latest), 100.0 * 50.0 / 380.0);
    assert_close(shown(1, latest), 100.0 * 75.0 / 270.0);
    let overall = by.overall[latest].as_ref().unwrap();
    assert_close(overall.value, 100.0 * 125.0 / 650.0);
    assert_eq!(overall.ratio, Some((125.0, 650.0)));
    assert_eq!(
        by.gap_text(m).unwrap(),
        "In FY2027-Q1 the gap between South and North was 14.6 points, 0.4 points narrower than in FY2026-Q1."
    );
    assert_eq!(
        by.against_overall_text(m).unwrap(),
        "Against all (19.2%) in FY2027-Q1: North 6.1 points better off, South 8.5 points behind."
    );
    // The dashboard's figure is the same total.
    assert_close(
        value(&doc, Frequency::Quarterly, "FY2027-Q1"),
        overall.value,
    );
}

#[test]
fn section_17_a_small_group_is_hidden_with_the_next_smallest_beside_it() {
    let doc = four_areas();
    // One school reports it here, so the coalition's figures are its own.
    let mut only = doc.measures[0].clone();
    only.reporters = vec![code("HS-NORTH")];
    let mut doc = doc;
    doc.put_measure(only).unwrap();
    let m = &doc.measures[0];
    let area = doc.coalition.breakdown(&code("AREA")).unwrap();
    let by = cairn_core::equity::by_group(&doc, m, area, Frequency::Quarterly);
    let i = by
        .periods
        .iter()
        .position(|x| *x == p("FY2027-Q1"))
        .unwrap();
    let table = cairn_core::publish::group_table(m, &by, i, true, 10).unwrap();
    let texts: Vec<&str> = table.rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["13.2%", "23.8%", "D", "C", "20.9%"]);
    assert_eq!(
        table.footnotes,
        [
            "C: fewer than 11; hidden to protect privacy.",
            "D: hidden so that a hidden figure cannot be worked out from the others."
        ]
    );
    let gap = table.gap.unwrap();
    assert!(gap.contains("between Central and North"), "{gap}");
    assert!(!gap.contains("South") && !gap.contains("Hill"), "{gap}");
}

/// The second example of §17: one school's absenteeism in four areas, one of them tiny.
fn four_areas() -> Document {
    by_area(
        &[
            ("NORTH", "North"),
            ("CENTRAL", "Central"),
            ("SOUTH", "South"),
            ("HILLS", "Hill villages"),
        ],
        &[
            ("HS-NORTH", "FY2027-Q1", "NORTH", 50.0, 380.0),
            ("HS-NORTH", "FY2027-Q1", "CENTRAL", 100.0, 420.0),
            ("HS-NORTH", "FY2027-Q1", "SOUTH", 75.0, 270.0),
            ("HS-NORTH", "FY2027-Q1", "HILLS", 4.0, 25.0),
        ],
    )
}

/// The first example of §17: two schools' absenteeism by area over two first quarters.
fn first_example() -> Document {
    by_area(
        &[("NORTH", "North"), ("SOUTH", "South")],
        &[
            ("HS-NORTH", "FY2026-Q1", "NORTH", 30.0, 200.0),
            ("HS-NORTH", "FY2026-Q1", "SOUTH", 50.0, 150.0),
            ("HS-EAST", "FY2026-Q1", "NORTH", 30.0, 200.0),
            ("HS-EAST", "FY2026-Q1", "SOUTH", 40.0, 150.0),
            ("HS-NORTH", "FY2027-Q1", "NORTH", 30.0, 200.0),
            ("HS-NORTH", "FY2027-Q1", "SOUTH", 45.0, 150.0),
            ("HS-EAST", "FY2027-Q1", "", 50.0, 300.0),
            ("HS-EAST", "FY2027-Q1", "NORTH", 20.0, 180.0),
            ("HS-EAST", "FY2027-Q1", "SOUTH", 30.0, 120.0),
        ],
    )
}

const BY: &str = "Ana";
const AT: &str = "2026-12-04T10:00:00Z";

#[test]
fn section_17_a_breakdown_folded_into_the_totals_keeps_every_figure_of_the_total() {
    use cairn_core::regroup::Mapping;
    let mut doc = first_example();
    let before = value(&doc, Frequency::Quarterly, "FY2027-Q1");
    let mut m = doc.measures[0].clone();
    m.breakdowns.clear();
    // Saved as an edit, the measure cannot drop a breakdown its values count.
    let refused = doc.clone().put_measure(m.clone()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "8 recorded values count groups of Area: choose where they go (into the totals, or onto the breakdown that takes its place) before the measure stops using it."
    );
    let done = doc
        .regroup_measure(m, &[Mapping::IntoTotal { from: code("AREA") }], BY, AT)
        .unwrap();
    assert_eq!(
        done.text(),
        "3 values are made from 6 (their sums). 2 values were entered beside a value the partner entered for the whole: that value stays, and they are removed (the history keeps them)."
    );
    let total = |partner: &str, period: &str| {
        doc.observations
            .get(&cairn_core::CellKey::total(
                code("ABS"),
                p(period),
                code(partner),
            ))
            .unwrap()
            .value
    };
    assert_eq!(total("HS-NORTH", "FY2026-Q1"), ratio(80.0, 350.0));
    assert_eq!(total("HS-EAST", "FY2026-Q1"), ratio(70.0, 350.0));
    assert_eq!(total("HS-NORTH", "FY2027-Q1"), ratio(75.0, 150.0 + 200.0));
    assert_eq!(total("HS-EAST", "FY2027-Q1"), ratio(50.0, 300.0));
    assert_eq!(doc.observations.len(), 4);
    assert_close(value(&doc, Frequency::Quarterly, "FY2027-Q1"), before);
    assert_close(before, 100.0 * 125.0 / 650.0);
}

#[test]
fn section_17_areas_mapped_onto_fewer_areas_move_or_add_up() {
    use cairn_core::regroup::Mapping;
    let mut doc = four_areas();
    let mut settings = doc.coalition.clone();
    settings.breakdowns.push(cairn_core::Breakdown {
        code: code("AREA-2028"),
        name: "Area from 2028".into(),
        categories: [
            ("NC", "North and Central"),
            ("S", "South"),
            ("H", "Hill villages"),
        ]
        .iter()
        .map(|(c, l)| cairn_core::Category {
            code: code(c),
            label: l.to_string(),
        })
        .collect(),
        exhaustive: true,
    });
    doc.set_coalition(settings).unwrap();
    let mut m = doc.measures[0].clone();
    m.breakdowns = vec![code("AREA-2028")];
    let onto = |pairs: &[(&str, &str)]| Mapping::Onto {
        from: code("AREA"),
        to: code("AREA-2028"),
        categories: pairs.iter().map(|(a, b)| (code(a), code(b))).collect(),
    };
    // Every old area needs a new one.
    let unmapped = doc
        .clone()
        .regroup_measure(
            m.clone(),
            &[onto(&[("NORTH", "NC"), ("CENTRAL", "NC")])],
            BY,
            AT,
        )
        .unwrap_err();
    assert!(
        unmapped
            .to_string()
            .contains("South is given no category of Area from 2028 to go to."),
        "{unmapped}"
    );
    let mapping = onto(&[
        ("NORTH", "NC"),
        ("CENTRAL", "NC"),
        ("SOUTH", "S"),
        ("HILLS", "H"),
    ]);
    let done = doc.regroup_measure(m, &[mapping], BY, AT).unwrap();
    assert_eq!(
        done.text(),
        "2 values move as they are. 1 value is made from 2 (their sum)."
    );
    let of = |category: &str| {
        let key = cairn_core::CellKey {
            group: cairn_core::Group::one(code("AREA-2028"), code(category)),
            ..cairn_core::CellKey::total(code("ABS"), p("FY2027-Q1"), code("HS-NORTH"))
        };
        doc.observations.get(&key).unwrap().clone()
    };
    assert_eq!(of("NC").value, ratio(150.0, 800.0));
    assert_eq!(of("NC").entered_by, BY);
    assert_eq!(of("S").value, ratio(75.0, 270.0));
    assert_eq!(of("H").value, ratio(4.0, 25.0));
    // The total, from the new categories, is the total it was: 229 of 1,095.
    assert_close(
        value(&doc, Frequency::Quarterly, "FY2027-Q1"),
        100.0 * 229.0 / 1095.0,
    );
}

#[test]
fn section_17_a_value_that_cannot_be_moved_exactly_refuses_the_change_and_changes_nothing() {
    use cairn_core::regroup::Mapping;
    let mut doc = first_example();
    let south = cairn_core::CellKey {
        group: cairn_core::Group::one(code("AREA"), code("SOUTH")),
        ..cairn_core::CellKey::total(code("ABS"), p("FY2026-Q1"), code("HS-EAST"))
    };
    doc.clear(&south);
    let before = doc.clone();
    let mut m = doc.measures[0].clone();
    m.breakdowns.clear();
    let refused = doc
        .regroup_measure(m, &[Mapping::IntoTotal { from: code("AREA") }], BY, AT)
        .unwrap_err();
    assert_eq!(
        refused.to_string(),
        "The 7 values by area cannot be moved: Eastbrook High School in FY2026-Q1 has North but not South, and all of them are needed to make its value for everyone. Enter what is missing or clear those values, or choose another way. Nothing was changed."
    );
    assert_eq!(doc, before);
}

#[test]
fn section_17_a_group_meets_its_target_or_says_how_far_it_is() {
    let mut doc = first_example();
    let mut m = doc.measures[0].clone();
    let target = |area: &str, value: f64| cairn_core::GroupTarget {
        group: cairn_core::Group::one(code("AREA"), code(area)),
        period: p("FY2028-Q4"),
        value,
    };
    m.group_targets = vec![target("NORTH", 15.0), target("SOUTH", 20.0)];
    doc.put_measure(m.clone()).unwrap();
    let m = &doc.measures[0];
    let area = doc.coalition.breakdown(&code("AREA")).unwrap();
    let by = cairn_core::equity::by_group(&doc, m, area, Frequency::Quarterly);
    assert_eq!(
        by.targets_text(m).unwrap(),
        "North: 13.2% in FY2027-Q1, its target of 15.0% by FY2028-Q4 met. South: 27.8% in FY2027-Q1, 7.8 points from its target of 20.0% by FY2028-Q4."
    );
    // A target names one category the coalition defines, of a breakdown the measure uses.
    let mut unknown = m.clone();
    unknown.group_targets = vec![target("EAST", 15.0)];
    assert_eq!(
        doc.clone().put_measure(unknown).unwrap_err().to_string(),
        "“EAST” is not a category of Area: use one of NORTH, SOUTH."
    );
}

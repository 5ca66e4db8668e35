//! Every chart stays quick to draw for any value the core accepts: the largest and smallest
//! numbers, negative averages, rates over the smallest populations, long runs of periods.
//! (One value of 1.8e308 once froze every member's app; the core now refuses it, and these
//! tests keep every accepted value safe.)

use std::time::{Duration, Instant};

use cairn_charts::{contributions, small_multiple, turn_the_curve, Size};
use cairn_core::observation::{LARGEST, SMALLEST_DIVISOR};
use cairn_core::series::series;
use cairn_core::summary::summarize;
use cairn_core::{sample, Document, Frequency, Observation, Period, Value};
use proptest::prelude::*;

/// A value at one of the extremes the core accepts for `measure`'s type.
fn extreme(measure: &cairn_core::Measure, pick: u8) -> Value {
    use cairn_core::ValueType::*;
    let big = [LARGEST, 0.0, 1e-12, LARGEST / 3.0][usize::from(pick % 4)];
    match measure.value_type {
        Percent => Value::Ratio {
            numerator: [LARGEST, 0.0, SMALLEST_DIVISOR][usize::from(pick % 3)],
            denominator: [LARGEST, LARGEST, SMALLEST_DIVISOR][usize::from(pick % 3)],
        },
        Rate => Value::Ratio {
            numerator: [LARGEST, 0.0, 1.0][usize::from(pick % 3)],
            denominator: [SMALLEST_DIVISOR, LARGEST, SMALLEST_DIVISOR][usize::from(pick % 3)],
        },
        Count => Value::Number(big.round()),
        Amount => Value::Number(big),
        Average if measure.rollup == cairn_core::Rollup::WeightedMean => Value::Weighted {
            mean: if pick.is_multiple_of(2) {
                -LARGEST
            } else {
                big
            },
            weight: [LARGEST, SMALLEST_DIVISOR][usize::from(pick % 2)],
        },
        Average => Value::Number(if pick.is_multiple_of(2) {
            -LARGEST
        } else {
            big
        }),
    }
}

/// The sample with every value of `measure` replaced by extremes.
fn with_extremes(measure: usize, picks: &[u8]) -> Document {
    let mut doc = sample::coalition();
    let m = doc.measures[measure].clone();
    let cells: Vec<Observation> = doc.observations.of_measure(&m.code).cloned().collect();
    for (i, mut o) in cells.into_iter().enumerate() {
        o.value = extreme(&m, picks[i % picks.len()]);
        doc.record(o).unwrap();
    }
    doc
}

fn draw_all(doc: &Document, measure: usize) -> Duration {
    let m = &doc.measures[measure];
    let started = Instant::now();
    for frequency in Frequency::ALL.into_iter().filter(|f| *f >= m.frequency) {
        let s = series(doc, m, frequency);
        let summary = summarize(doc, m, &s);
        for svg in [
            turn_the_curve(doc, m, &s, &summary, Size::FULL),
            small_multiple(doc, m, &s, &summary),
            contributions(doc, m, &s, Size::FULL),
        ] {
            assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{}", m.code);
        }
    }
    started.elapsed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn every_chart_of_a_measure_full_of_extreme_values_draws_quickly(
        measure in 0..8usize,
        picks in prop::collection::vec(0..12u8, 1..6),
    ) {
        let doc = with_extremes(measure, &picks);
        let took = draw_all(&doc, measure);
        prop_assert!(took < Duration::from_secs(2), "{} took {took:?}", doc.measures[measure].code);
    }
}

#[test]
fn a_long_run_of_monthly_periods_still_draws_quickly() {
    // Ten years of months for one measure: the axis and every point.
    let mut doc = sample::coalition();
    let m = doc
        .measures
        .iter()
        .position(|m| m.frequency == Frequency::Monthly)
        .unwrap();
    let code = doc.measures[m].code.clone();
    let reporter = doc.measures[m].reporters[0].clone();
    let start = doc.coalition.fiscal_year_start;
    let first = Period::containing(
        cairn_core::MonthIndex::new(2016, 1),
        Frequency::Monthly,
        start,
    );
    for i in 0..120 {
        doc.record(Observation {
            group: cairn_core::Group::total(),
            measure: code.clone(),
            period: first.offset(i, start),
            partner: reporter.clone(),
            value: Value::Number(LARGEST),
            note: Default::default(),
            entered_by: Default::default(),
            entered_at: Default::default(),
        })
        .unwrap();
    }
    assert!(draw_all(&doc, m) < Duration::from_secs(3));
}

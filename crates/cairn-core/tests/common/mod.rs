//! Generators shared by the property tests.

use cairn_core::{sample, Document, MonthIndex, Observation, Period, Value, ValueType};
use proptest::prelude::*;

/// Documents built from the sample coalition's definitions with random recorded values.
pub fn document() -> impl Strategy<Value = Document> {
    let cell = (
        0..6usize,
        0..8usize,
        0..40i32,
        0..5000u32,
        1..5000u32,
        ".{0,20}",
    );
    prop::collection::vec(cell, 0..60).prop_map(|cells| {
        let mut doc = sample::coalition();
        doc.observations = Default::default();
        let start = doc.coalition.fiscal_year_start;
        for (m, r, back, a, b, note) in cells {
            let measure = doc.measures[m].clone();
            let partner = measure.reporters[r % measure.reporters.len()].clone();
            let period = Period::containing(MonthIndex::new(2026, 6), measure.frequency, start)
                .offset(-back, start);
            let value = match measure.value_type {
                ValueType::Percent => Value::Ratio {
                    numerator: f64::from(a.min(b)),
                    denominator: f64::from(b),
                },
                ValueType::Count => Value::Number(f64::from(a)),
                _ => Value::Number(f64::from(a) / 7.0),
            };
            doc.record(Observation {
                group: cairn_core::Group::total(),
                measure: measure.code.clone(),
                period,
                partner,
                value,
                note: note.into(),
                entered_by: "Prop".into(),
                entered_at: "2026-01-01T00:00:00Z".into(),
            })
            .unwrap();
        }
        doc
    })
}

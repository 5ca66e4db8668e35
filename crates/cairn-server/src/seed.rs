//! The benchmark's coalition: 50 partners reporting one monthly count, 20,000 values, the same
//! records json-server is given in `bench/make-json-db.mjs`.

use cairn_core::{Document, Observation};
use serde_json::json;

pub const ID: &str = "bench";
pub const RECORDS: usize = 20_000;
const PARTNERS: usize = 50;

/// The partner code of record `i`: `P01` to `P50`.
fn partner(i: usize) -> String {
    format!("P{:02}", i % PARTNERS + 1)
}

/// The month of record `i`: 2000-01 onwards, one month per 50 records.
fn month(i: usize) -> String {
    let m = i / PARTNERS;
    format!("{}-{:02}", 2000 + m / 12, m % 12 + 1)
}

/// The benchmark coalition with its first `records` values.
pub fn document(records: usize) -> Document {
    let mut doc = Document::empty();
    doc.coalition.name = "Benchmark coalition".into();
    let partners: Vec<_> = (0..PARTNERS)
        .map(|i| {
            json!({"code": partner(i), "name": format!("Partner {}", i + 1), "sector": "nonprofit",
                   "level": "networking",
                   "characteristics": {"structure": 3, "communication": 3, "decision_making": 3, "commitment": 3},
                   "history": [], "readiness": null})
        })
        .collect();
    doc.partners = serde_json::from_value(json!(partners)).expect("bench partners are valid");
    let measure = json!({"code": "W1", "title": "Workshops held", "definition": "", "unit": "workshops",
        "value_type": "count", "polarity": "higher_is_better", "accumulation": "per_period",
        "rollup": "sum", "frequency": "monthly", "strategies": [], "steward": null,
        "reporters": (0..PARTNERS).map(partner).collect::<Vec<_>>(), "key": true, "decimals": 0,
        "baseline": null, "targets": []});
    doc.measures = vec![serde_json::from_value(measure).expect("the bench measure is valid")];
    doc.observations = (0..records)
        .map(|i| {
            serde_json::from_value::<Observation>(json!({"measure": "W1", "period": month(i),
                "partner": partner(i), "value": (i % 1000) as f64}))
            .expect("bench values are valid")
        })
        .collect();
    doc.validate().expect("the bench coalition is valid");
    doc
}

/// The benchmark coalition with its first `records` values, each entered by one of its
/// partners' members at a time of its month, as values entered in Cairn are: what a loaded
/// coalition costs in memory includes these texts.
pub fn attributed_document(records: usize) -> Document {
    let mut doc = document(records);
    let list = doc
        .observations
        .iter()
        .enumerate()
        .map(|(i, o)| Observation {
            entered_by: format!("Member of partner {}", i % PARTNERS + 1).into(),
            entered_at: format!("{}-14T09:{:02}:00.000Z", month(i), i % 60).into(),
            ..o.clone()
        })
        .collect();
    doc.observations =
        cairn_core::observation::Observations::from_list(list).expect("one value per cell");
    doc
}

//! Two coalitions written by someone who had read only `docs/numbers.md` (not the code), with
//! every figure worked out by hand (`tests/fixtures/handmade/WORKING.md`): one with a July fiscal
//! year, one with a September one, between them every value type, accumulation, roll-up,
//! direction and frequency. Cairn must show exactly those figures.

use cairn_core::format::load;
use cairn_core::measure::format_number;
use cairn_core::series::series;
use cairn_core::summary::summarize;
use cairn_core::{Code, Document, Frequency, Period};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/handmade/");

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn rows(name: &str) -> Vec<Vec<String>> {
    cairn_core::csv::read(&read(name))
        .unwrap()
        .rows
        .into_iter()
        .skip(1)
        .map(|(_, r)| r)
        .collect()
}

fn frequency(text: &str) -> Frequency {
    match text {
        "monthly" => Frequency::Monthly,
        "quarterly" => Frequency::Quarterly,
        _ => Frequency::Annual,
    }
}

fn document(name: &str) -> Document {
    load(&read(&format!("{name}.json"))).unwrap()
}

/// Every period's coalition value and completeness, as the measure page's table shows them.
fn check_series(name: &str) {
    let doc = document(name);
    let expected = rows(&format!("{name}.expected.csv"));
    assert!(expected.len() > 30, "{name}");
    for row in expected {
        let m = doc.measure(&Code::parse(&row[0]).unwrap()).unwrap();
        let s = series(&doc, m, frequency(&row[1]));
        let what = format!("{name}: {} by {} in {}", row[0], row[1], row[2]);
        let i = s
            .periods
            .iter()
            .position(|p| *p == Period::parse(&row[2]).unwrap())
            .unwrap_or_else(|| panic!("{what}: no such period in {:?}", s.periods));
        let counts = |v: &cairn_core::rollup::CoalitionValue| {
            format!("{},{},{}", v.reporting, v.partial, v.missing)
        };
        match (&s.coalition[i], row[3].as_str()) {
            (None, "") => {}
            (Some(v), want) if !want.is_empty() => {
                let want: f64 = want.parse().unwrap();
                assert!(
                    (v.value - want).abs() <= 1e-4 * want.abs().max(1.0),
                    "{what}: {} vs {want}",
                    v.value
                );
                assert_eq!(counts(v), row[4..7].join(","), "{what}");
                assert_eq!(v.is_complete(), row[7] == "yes", "{what}");
            }
            (real, want) => panic!("{what}: {real:?} vs {want:?}"),
        }
    }
}

/// Every card's judged period, value, status, progress, trend and change.
fn check_cards(name: &str) {
    let doc = document(name);
    let cards = rows(&format!("{name}.cards.csv"));
    assert!(cards.len() > 10, "{name}");
    for row in cards {
        let m = doc.measure(&Code::parse(&row[0]).unwrap()).unwrap();
        let s = summarize(&doc, m, &series(&doc, m, frequency(&row[1])));
        let what = format!("{name}: {} by {}", row[0], row[1]);
        let printed = |v: Option<f64>| v.map_or(String::new(), |v| format_number(v, m.decimals));
        assert_eq!(
            s.period.map_or(String::new(), |p| p.code()),
            row[2],
            "{what}"
        );
        assert_eq!(printed(s.value).replace(',', ""), row[3], "{what}");
        assert_eq!(s.status.key(), row[4], "{what}: {}", s.sentence);
        assert_eq!(
            s.progress
                .map_or(String::new(), |p| format!("{}", (p * 100.0).round())),
            row[5],
            "{what}"
        );
        assert_eq!(s.streak.to_string(), row[6], "{what}");
        assert_eq!(printed(s.change).replace(',', ""), row[7], "{what}");
    }
}

#[test]
fn a_coalition_with_a_july_year_shows_the_hand_computed_series() {
    check_series("july");
}

#[test]
fn a_coalition_with_a_july_year_shows_the_hand_computed_cards() {
    check_cards("july");
}

#[test]
fn a_coalition_with_a_september_year_shows_the_hand_computed_series() {
    check_series("september");
}

#[test]
fn a_coalition_with_a_september_year_shows_the_hand_computed_cards() {
    check_cards("september");
}

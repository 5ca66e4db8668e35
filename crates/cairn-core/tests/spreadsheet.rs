//! Property tests for the spreadsheet round trip: exports import back as they are, and the
//! readers never panic.

mod common;

use cairn_core::csv::read;
use cairn_core::export::observations_csv;
use cairn_core::import::{
    apply, guess_columns, parse_cell_number, parse_period, DateOrder, DecimalMark, DryRun, Options,
    Plan,
};
use cairn_core::{sample, Document, FiscalYearStart, Frequency, MonthIndex};
use proptest::prelude::*;

fn options() -> Options {
    Options {
        date_order: DateOrder::DayMonthYear,
        decimal: DecimalMark::Point,
        member: "Round trip".into(),
        now: "2026-01-01T00:00:00Z".into(),
        // After every period the generated and sample coalitions hold.
        this_month: MonthIndex::new(2026, 12),
    }
}

fn dry_run(doc: &Document, text: &str) -> Plan {
    let records = read(text).unwrap();
    let fields = guess_columns(&records.rows[0].1, &doc.coalition.breakdowns);
    DryRun::new(doc, records, fields, options())
        .unwrap()
        .finish(doc)
}

/// Exports `doc`, imports the file into the same coalition emptied of values, and checks the
/// result is `doc` again; importing it into `doc` itself changes nothing.
fn round_trip(doc: &Document) -> Result<(), TestCaseError> {
    let csv = observations_csv(doc);
    let same = dry_run(doc, &csv);
    prop_assert_eq!(&same.errors, &vec![]);
    prop_assert_eq!(same.changes.len(), 0);
    prop_assert_eq!(same.unchanged, doc.observations.len());
    let mut empty = doc.clone();
    empty.observations = Default::default();
    let plan = dry_run(&empty, &csv);
    prop_assert_eq!(&plan.errors, &vec![]);
    apply(&mut empty, &plan).unwrap();
    prop_assert_eq!(&empty, doc);
    Ok(())
}

#[test]
fn the_sample_coalition_survives_export_then_import() {
    round_trip(&sample::coalition()).unwrap();
}

proptest! {
    #[test]
    fn a_generated_coalition_survives_export_then_import(doc in common::document()) {
        round_trip(&doc)?;
    }

    #[test]
    fn reading_csv_never_panics(text in ".{0,400}") {
        let _ = read(&text);
    }

    #[test]
    fn reading_csv_made_of_tricky_characters_never_panics(text in "[\",;\t\r\n a1\u{feff}]{0,200}") {
        let _ = read(&text);
    }

    #[test]
    fn reading_a_period_never_panics(text in ".{0,40}", month in 1..=12u8) {
        let start = FiscalYearStart::new(month).unwrap();
        for frequency in Frequency::ALL {
            let _ = parse_period(&text, frequency, start, DateOrder::MonthDayYear);
        }
    }

    #[test]
    fn reading_a_period_like_text_never_panics(text in "(FY|SY|Q)?[0-9]{0,6}[-/. Q]?[0-9]{0,4}[-/.]?[0-9]{0,4}") {
        let _ = parse_period(&text, Frequency::Monthly, FiscalYearStart::JULY, DateOrder::DayMonthYear);
    }

    #[test]
    fn reading_a_number_never_panics(text in "[0-9 ,.%\u{a0}-]{0,20}|.{0,20}") {
        let _ = parse_cell_number(&text, DecimalMark::Comma);
        let _ = parse_cell_number(&text, DecimalMark::Point);
    }
}

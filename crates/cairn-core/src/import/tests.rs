use super::*;
use crate::csv::read;
use crate::{export, sample, Period};

fn options() -> Options {
    Options {
        date_order: DateOrder::DayMonthYear,
        decimal: DecimalMark::Point,
        member: "Importer".into(),
        now: "2026-11-29T12:00:00Z".into(),
    }
}

fn dry_run(doc: &Document, text: &str) -> Plan {
    let records = read(text).unwrap();
    let fields = guess_fields(&records.rows[0].1);
    DryRun::new(doc, records, fields, options())
        .unwrap()
        .finish(doc)
}

#[test]
fn columns_are_found_by_header_in_any_order_and_case() {
    let headers: Vec<String> = ["Value", "PARTNER", "Period", "Measure", "Notes", "Colour"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        guess_fields(&headers),
        vec![
            Field::Value,
            Field::Partner,
            Field::Period,
            Field::Measure,
            Field::Note,
            Field::Ignore
        ]
    );
}

#[test]
fn a_code_column_wins_over_a_title_column() {
    let headers: Vec<String> = ["measure_code", "measure", "partner", "partner_code"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        guess_fields(&headers),
        vec![Field::Measure, Field::Ignore, Field::Ignore, Field::Partner]
    );
}

#[test]
fn a_dry_run_counts_creates_changes_and_unchanged_cells() {
    let doc = sample::coalition();
    let existing = doc
        .observations
        .get(&CellKey {
            measure: Code::parse("CO-DELIVERED").unwrap(),
            period: Period::parse("FY2026-Q4").unwrap(),
            partner: Code::parse("LIB").unwrap(),
        })
        .unwrap()
        .value
        .entry_text();
    let text = format!(
        "measure,period,partner,value\n\
         co-delivered,FY2026-Q4,lib,{existing}\n\
         Teen program sessions co-delivered by two or more partners,Apr 2026,Discovery Science Museum,99\n\
         CO-DELIVERED,2026Q4,LIB,12\n\
         TEEN-VISITS,2026-10-15,SCI,\n"
    );
    let plan = dry_run(&doc, &text);
    assert_eq!(plan.errors, vec![]);
    assert_eq!(plan.unchanged, 1);
    assert_eq!(
        plan.updated(),
        1,
        "Apr 2026 is in FY2026-Q4, which SCI reported"
    );
    assert_eq!(
        plan.created(),
        1,
        "calendar 2026 Q4 is FY2027-Q2, not reported yet"
    );
    assert_eq!(plan.blank, 1);
    assert_eq!(plan.rows, 4);
}

#[test]
fn a_file_of_bad_rows_gives_one_error_per_problem_on_the_right_lines_and_changes_nothing() {
    let mut doc = sample::coalition();
    let before = doc.clone();
    let text = "measure,period,partner,value,numerator,denominator\n\
        NO-SUCH,FY2027-Q2,LIB,3,,\n\
        CO-DELIVERED,someday,LIB,3,,\n\
        CO-DELIVERED,FY2027-Q2,LIB,three,,\n\
        CO-DELIVERED,FY2027-Q2,SCI,4,,\n\
        CO-DELIVERED,FY2027-Q2,SCI,5,,\n\
        NEW-SKILL,FY2027-Q2,LIB,,3,0\n\
        CO-DELIVERED,FY2027-Q2,ART,\"7,,\n\
        \n\
        CO-DELIVERED,FY2027-Q2,YOUTH,6,,\n";
    let plan = dry_run(&doc, text);
    let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 3, 4, 6, 7, 8], "{:#?}", plan.errors);
    assert!(plan.errors[0].message.contains("no measure “NO-SUCH”"));
    assert!(plan.errors[1].message.contains("“someday” is not a period"));
    assert!(plan.errors[2].message.contains("“three” is not a number"));
    assert!(plan.errors[3].message.contains("same cell as line 5"));
    assert!(plan.errors[4].message.contains("denominator is 0"));
    assert!(plan.errors[5].message.contains("never closed"));
    // Line 9 is empty and line 10 is fine: they add no error.
    assert_eq!(plan.created(), 2);
    assert!(matches!(
        apply(&mut doc, &plan),
        Err(Error::ImportHasErrors { count: 6, line: 2 })
    ));
    assert_eq!(doc, before);
}

#[test]
fn a_percent_takes_numerator_and_denominator_or_a_ratio_but_not_a_bare_percent() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure;period;partner;value;numerator;denominator\n\
         NEW-SKILL;FY2027-Q2;LIB;;30;40\n\
         NEW-SKILL;FY2027-Q2;SCI;31/40;;\n\
         NEW-SKILL;FY2027-Q2;ART;75%;;\n",
    );
    assert_eq!(plan.created(), 2);
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(plan.errors[0].line, 4);
    assert!(plan.errors[0].message.contains("numerator/denominator"));
}

#[test]
fn applying_a_clean_plan_changes_every_cell() {
    let mut doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value\nCO-DELIVERED,FY2027-Q2,LIB,12\n",
    );
    assert_eq!(apply(&mut doc, &plan), Ok(1));
    let key = CellKey {
        measure: Code::parse("CO-DELIVERED").unwrap(),
        period: Period::parse("FY2027-Q2").unwrap(),
        partner: Code::parse("LIB").unwrap(),
    };
    let o = doc.observations.get(&key).unwrap();
    assert_eq!(o.value, Value::Number(12.0));
    assert_eq!(o.entered_by, "Importer");
}

#[test]
fn a_missing_column_is_named_before_any_row_is_read() {
    let doc = sample::coalition();
    let records = read("measure,partner,value\nX,Y,1\n").unwrap();
    let fields = guess_fields(&records.rows[0].1);
    let err = DryRun::new(&doc, records, fields, options()).err().unwrap();
    assert!(err.contains("No column is the period"));
}

#[test]
fn the_partner_template_imports_back_once_filled_in() {
    let doc = sample::coalition();
    let lib = Code::parse("LIB").unwrap();
    let template = export::template_csv(&doc, &lib, Period::parse("FY2027-Q2").unwrap());
    let unchanged = dry_run(&doc, &template);
    assert_eq!(unchanged.errors, vec![]);
    assert_eq!(unchanged.changes.len(), 0);
    assert!(unchanged.blank >= 3);
    // Fill in every row: a count in the value column, 30/40 for percents.
    let records = read(&template).unwrap();
    let mut filled = String::new();
    for (i, (_, row)) in records.rows.iter().enumerate() {
        let mut row = row.clone();
        if i > 0 {
            if row[1].contains("numerator") {
                row[11] = "30".into();
                row[12] = "40".into();
            } else {
                row[10] = "12".into();
            }
        }
        filled.push_str(&crate::csv::record(
            row.iter().map(|c| crate::csv::text_field(c)),
        ));
    }
    let plan = dry_run(&doc, &filled);
    assert_eq!(plan.errors, vec![]);
    assert_eq!(plan.created(), records.rows.len() - 1);
}

use super::*;
use crate::csv::read;
use crate::{export, sample, MonthIndex, Period};

fn options() -> Options {
    Options {
        date_order: DateOrder::DayMonthYear,
        decimal: DecimalMark::Point,
        member: "Importer".into(),
        now: "2026-11-29T12:00:00Z".into(),
        this_month: MonthIndex::new(2026, 11),
    }
}

fn dry_run(doc: &Document, text: &str) -> Plan {
    dry_run_with(doc, text, options())
}

fn dry_run_with(doc: &Document, text: &str, options: Options) -> Plan {
    let records = read(text).unwrap();
    let fields = guess_columns(&records.rows[0].1, &doc.coalition.breakdowns);
    DryRun::new(doc, records, fields, options)
        .unwrap()
        .finish(doc)
}

fn messages(plan: &Plan) -> Vec<(usize, &str)> {
    plan.errors
        .iter()
        .map(|e| (e.line, e.message.as_str()))
        .collect()
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

/// The sample's value of CO-DELIVERED for LIB in FY2026-Q4, as it is typed.
fn lib_co_delivered_in_fy2026_q4(doc: &Document) -> String {
    doc.observations
        .get(&CellKey {
            group: Group::total(),
            measure: Code::parse("CO-DELIVERED").unwrap(),
            period: Period::parse("FY2026-Q4").unwrap(),
            partner: Code::parse("LIB").unwrap(),
        })
        .unwrap()
        .value
        .entry_text()
}

#[test]
fn a_dry_run_counts_creates_changes_and_unchanged_cells() {
    let doc = sample::coalition();
    let existing = lib_co_delivered_in_fy2026_q4(&doc);
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
        group: Group::total(),
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
    let fields = guess_columns(&records.rows[0].1, &doc.coalition.breakdowns);
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
    // Fill in every row: a count in the value column, 30/40 for percents and rates, a mean and
    // its weight for weighted means.
    let records = read(&template).unwrap();
    let mut filled = String::new();
    for (i, (_, row)) in records.rows.iter().enumerate() {
        let mut row = row.clone();
        if i > 0 {
            if row[1].contains("numerator") {
                row[11] = "30".into();
                row[12] = "40".into();
            } else if row[1].contains("weight") {
                row[10] = "1.05".into();
                row[13] = "40".into();
            } else {
                row[10] = "12".into();
            }
        }
        filled.push_str(&crate::csv::record(
            row.iter().map(|c| crate::csv::text_field(c)),
        ));
    }
    // Filled in once the quarter's last month (December, for the monthly measures) has begun.
    let december = Options {
        this_month: MonthIndex::new(2026, 12),
        ..options()
    };
    let plan = dry_run_with(&doc, &filled, december);
    assert_eq!(plan.errors, vec![]);
    assert_eq!(plan.created(), records.rows.len() - 1);
}

#[test]
fn a_percent_row_whose_value_disagrees_with_its_ratio_is_an_error() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value,numerator,denominator\n\
         NEW-SKILL,FY2027-Q2,LIB,45,412,1000\n\
         NEW-SKILL,FY2027-Q2,SCI,41.26%,412,1000\n\
         NEW-SKILL,FY2027-Q2,ART,0.45,412,1000\n\
         NEW-SKILL,FY2027-Q2,YOUTH,3/4,412,1000\n",
    );
    assert_eq!(
        messages(&plan),
        vec![
            (2, "The value 45% does not match 412/1000 (41.2%): correct the value or the numerator and denominator, or clear the value column."),
            (3, "The value 41.26% does not match 412/1000 (41.2%): correct the value or the numerator and denominator, or clear the value column."),
            (4, "The value 0.45 does not match 412/1000 (41.2%): correct the value or the numerator and denominator, or clear the value column."),
            (5, "The value 3/4 does not match 412/1000 (41.2%): correct the value or the numerator and denominator, or clear the value column."),
        ]
    );
    assert_eq!(plan.changes, vec![]);
}

#[test]
fn a_percent_value_that_agrees_with_its_ratio_as_printed_as_a_fraction_or_as_the_ratio_is_accepted()
{
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value,numerator,denominator\n\
         NEW-SKILL,FY2027-Q2,LIB,41.2,412,1000\n\
         NEW-SKILL,FY2027-Q2,SCI,41.24 %,412,1000\n\
         NEW-SKILL,FY2027-Q2,ART,0.412,412,1000\n\
         NEW-SKILL,FY2027-Q2,YOUTH,206/500,412,1000\n\
         NEW-SKILL,FY2027-Q1,LIB,,412,1000\n",
    );
    assert_eq!(plan.errors, vec![]);
    assert_eq!(plan.changes.len(), 5);
}

#[test]
fn a_value_beside_a_ratio_that_is_not_a_number_is_an_error() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value,numerator,denominator\n\
         NEW-SKILL,FY2027-Q2,LIB,about half,412,1000\n",
    );
    assert_eq!(messages(&plan), vec![(2, "“about half” is not a number.")]);
}

#[test]
fn a_value_for_a_period_that_has_not_started_is_refused_but_the_current_period_is_not() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value\n\
         CO-DELIVERED,FY2027-Q3,LIB,3\n\
         TEEN-VISITS,2026-12,LIB,40\n\
         CO-DELIVERED,FY2027-Q2,LIB,4\n\
         TEEN-VISITS,2026-11,LIB,41\n\
         CO-DELIVERED,FY2028-Q1,SCI,\n",
    );
    assert_eq!(
        messages(&plan),
        vec![
            (2, "FY2027-Q3 (Jan–Mar 2027) has not started yet: values can be entered once it begins."),
            (3, "2026-12 (Dec 2026) has not started yet: values can be entered once it begins."),
        ]
    );
    assert_eq!(
        plan.changes.len(),
        2,
        "November 2026 and the quarter it is in"
    );
    assert_eq!(
        plan.blank, 1,
        "a future period without a value changes nothing"
    );
}

#[test]
fn a_bare_quarter_gets_one_notice_for_each_text_naming_the_months_it_was_read_as() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value\n\
         CO-DELIVERED,Q1 2026,LIB,3\n\
         CO-DELIVERED,Q1 2026,SCI,3\n\
         CO-DELIVERED,q1 2026,ART,3\n\
         CO-DELIVERED,FY2026-Q1,LIB,3\n\
         CO-DELIVERED,2026-Q2,LIB,3\n",
    );
    assert_eq!(plan.errors, vec![]);
    assert_eq!(
        plan.notices,
        vec![
            Notice {
                line: 2,
                message: "“Q1 2026” was read as the calendar quarter Jan–Mar 2026, which is \
                    FY2026-Q3 in your coalition's fiscal year (it starts in July). If it means \
                    fiscal quarter 1 of FY2026, Jul–Sep 2025, write FY2026-Q1 instead."
                    .into()
            },
            Notice {
                line: 6,
                message: "“2026-Q2” was read as the calendar quarter Apr–Jun 2026, which is \
                    FY2026-Q4 in your coalition's fiscal year (it starts in July). If it means \
                    fiscal quarter 2 of FY2026, Oct–Dec 2025, write FY2026-Q2 instead."
                    .into()
            },
        ]
    );
}

#[test]
fn nothing_is_ambiguous_when_the_fiscal_year_starts_in_january() {
    let mut doc = sample::coalition();
    doc.coalition.fiscal_year_start = crate::FiscalYearStart::JANUARY;
    let plan = dry_run(
        &doc,
        "measure,period,partner,value\nCO-DELIVERED,Q1 2026,LIB,3\n",
    );
    assert_eq!(plan.errors, vec![]);
    assert_eq!(plan.notices, vec![]);
}

#[test]
fn a_misspelled_measure_or_partner_gets_did_you_mean() {
    let doc = sample::coalition();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value\n\
         TEEN-VISIT,2026-10,LIB,3\n\
         teen visits to partner program,2026-10,LIB,3\n\
         TEEN-VISITS,2026-10,Discovery Science Musuem,3\n\
         TEEN-VISITS,2026-10,LBI,3\n\
         NO-SUCH,2026-10,LIB,3\n\
         TEEN-VISITS,2026-10,Town Hall,3\n",
    );
    assert_eq!(
        messages(&plan),
        vec![
            (2, "There is no measure “TEEN-VISIT”: did you mean TEEN-VISITS (Teen visits to partner programs)?"),
            (3, "There is no measure “teen visits to partner program”: did you mean TEEN-VISITS (Teen visits to partner programs)?"),
            (4, "There is no partner “Discovery Science Musuem”: did you mean SCI (Discovery Science Museum)?"),
            (5, "There is no partner “LBI”: did you mean LIB (Riverside County Public Library)?"),
            (6, "There is no measure “NO-SUCH”: use a measure's code or title."),
            (7, "There is no partner “Town Hall”: use a partner's code or name."),
        ]
    );
}

#[test]
fn tied_suggestions_are_listed_up_to_three() {
    let mut doc = sample::coalition();
    for (i, m) in doc.measures.iter_mut().enumerate() {
        m.code = Code::parse(&format!("M-{i}")).unwrap();
    }
    let plan = dry_run(&doc, "measure,period,partner,value\nM-,2026-10,LIB,3\n");
    let titles: Vec<&str> = doc.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        plan.errors[0].message,
        format!(
            "There is no measure “M-”: did you mean M-0 ({}), M-1 ({}) or M-2 ({})?",
            titles[0], titles[1], titles[2]
        )
    );
}

/// The sample with its new-skill measure turned into a rate per 1,000 and its mentoring hours
/// into an average days-waited measure rolled up as a weighted mean, both without values.
fn with_rate_and_weighted_mean() -> Document {
    let mut doc = sample::coalition();
    let rate = Code::parse("NEW-SKILL").unwrap();
    let wait = Code::parse("MENTOR-HOURS").unwrap();
    doc.observations = doc
        .observations
        .iter()
        .filter(|o| o.measure != rate && o.measure != wait)
        .cloned()
        .collect();
    for m in &mut doc.measures {
        if m.code == rate {
            m.value_type = ValueType::Rate;
            m.baseline = None;
            m.targets.clear();
        }
        if m.code == wait {
            m.value_type = ValueType::Average;
            m.rollup = crate::Rollup::WeightedMean;
            m.accumulation = crate::Accumulation::PerPeriod;
            m.baseline = None;
            m.targets.clear();
        }
    }
    doc.validate().unwrap();
    doc
}

#[test]
fn a_rate_imports_from_numerator_and_denominator_and_its_value_must_agree() {
    let doc = with_rate_and_weighted_mean();
    let plan = dry_run(
        &doc,
        "measure,period,partner,numerator,denominator,value\n\
         NEW-SKILL,FY2026-Q1,SCI,3,1200,2.5\n\
         NEW-SKILL,FY2026-Q2,SCI,3,1200,25\n\
         NEW-SKILL,FY2026-Q3,SCI,,,2.5\n",
    );
    assert_eq!(
        messages(&plan),
        vec![
            (
                3,
                "The value 25 does not match 3/1200 (2.5 per 1,000): correct the value or the numerator and denominator, or clear the value column."
            ),
            (4, Error::RateNeedsRatio.to_string().as_str()),
        ]
    );
    assert_eq!(plan.created(), 1);
}

#[test]
fn a_weighted_mean_imports_from_a_weight_column_or_mean_at_weight_and_exports_back() {
    let mut doc = with_rate_and_weighted_mean();
    let plan = dry_run(
        &doc,
        "measure,period,partner,value,weight\n\
         MENTOR-HOURS,FY2026-Q1,YOUTH,14.2,30\n\
         MENTOR-HOURS,FY2026-Q2,YOUTH,12@10,\n\
         MENTOR-HOURS,FY2026-Q3,YOUTH,12,\n",
    );
    assert_eq!(
        messages(&plan),
        vec![(4, Error::WeightNeeded.to_string().as_str())]
    );
    let values: Vec<Value> = plan
        .changes
        .iter()
        .map(|c| match c {
            Change::Create(o) => o.value,
            Change::Update { after, .. } => after.value,
        })
        .collect();
    assert_eq!(
        values,
        vec![
            Value::Weighted {
                mean: 14.2,
                weight: 30.0
            },
            Value::Weighted {
                mean: 12.0,
                weight: 10.0
            }
        ]
    );
    let clean = Plan {
        errors: vec![],
        ..plan
    };
    apply(&mut doc, &clean).unwrap();
    let exported = export::observations_csv(&doc);
    let mut empty = with_rate_and_weighted_mean();
    let again = dry_run(&empty, &exported);
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    apply(&mut empty, &again).unwrap();
    assert_eq!(empty.observations, doc.observations);
}

#[test]
fn a_row_that_would_change_a_locked_period_is_refused_with_the_reason_and_a_repeated_value_is_not()
{
    let mut doc = sample::coalition();
    doc.coalition
        .locked_periods
        .push(Period::parse("FY2026-Q4").unwrap());
    let existing = lib_co_delivered_in_fy2026_q4(&doc);
    let text = format!(
        "measure,period,partner,value\n\
         CO-DELIVERED,FY2026-Q4,LIB,{existing}\n\
         CO-DELIVERED,FY2026-Q4,SCI,99\n\
         CO-DELIVERED,FY2027-Q1,SCI,7\n"
    );
    let plan = dry_run(&doc, &text);
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.changes.len(), 1);
    let errors = messages(&plan);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, 3);
    assert!(errors[0].1.contains("FY2026-Q4"), "{}", errors[0].1);
    assert!(errors[0].1.contains("locked"), "{}", errors[0].1);
}

#[test]
fn a_row_that_would_change_a_submitted_round_is_refused_with_the_reason() {
    use crate::review::{Review, Stage};
    let mut doc = sample::coalition();
    let q4 = Period::parse("FY2026-Q4").unwrap();
    let sci = Code::parse("SCI").unwrap();
    doc.put_review(Review::new(sci, q4).then(Stage::Submitted, "", "Sam", ""))
        .unwrap();
    let text = "measure,period,partner,value\n\
         CO-DELIVERED,FY2026-Q4,SCI,99\n\
         CO-DELIVERED,FY2026-Q4,LIB,99\n";
    let plan = dry_run(&doc, text);
    let errors = messages(&plan);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, 2);
    assert!(
        errors[0].1.contains("submitted for review"),
        "{}",
        errors[0].1
    );
    assert_eq!(plan.changes.len(), 1, "the library's round is a draft");
}

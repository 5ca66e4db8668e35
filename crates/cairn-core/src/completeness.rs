//! Completeness: which values each partner owes for a period, and which are in.

use crate::review::Stage;
use crate::Group;
use crate::{Code, Document, FiscalYearStart, MonthIndex, Period};

/// Returns whether a value for `period` is due in the month `today`: if and only if its period
/// has ended (a value for March is due from April on).
pub fn is_due(period: Period, start: FiscalYearStart, today: MonthIndex) -> bool {
    period.last_month(start) < today
}

/// One expected value: a measure's period inside the period asked about, and whether it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub measure: Code,
    pub period: Period,
    pub present: bool,
}

/// Returns every value `partner` is expected to report whose period ends within `within`: for
/// each measure the partner reports, each of the measure's own periods ending in `within` (three
/// months of a monthly measure in a quarter; an annual measure only in the period its fiscal
/// year ends in), in the document's order of measures, then by period.
pub fn expected(document: &Document, partner: &Code, within: Period) -> Vec<Expected> {
    let start = document.coalition.fiscal_year_start;
    let (first, last) = (within.first_month(start), within.last_month(start));
    let mut out = Vec::new();
    for measure in document.measures_reported_by(partner) {
        let mut period = Period::containing(first, measure.frequency, start);
        while period.first_month(start) <= last {
            let end = period.last_month(start);
            if end >= first && end <= last {
                out.push(Expected {
                    measure: measure.code.clone(),
                    period,
                    present: crate::by_group::is_in(
                        document,
                        measure,
                        partner,
                        period,
                        &Group::total(),
                    ),
                });
            }
            period = period.offset(1, start);
        }
    }
    out
}

/// How many of a partner's expected values stand where: missing, or in a round that is a
/// draft, submitted, returned or approved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub missing: usize,
    pub draft: usize,
    pub submitted: usize,
    pub returned: usize,
    pub approved: usize,
}

impl Tally {
    /// Counts `expected` (values `partner` owes) by where each stands.
    pub fn of(document: &Document, partner: &Code, expected: &[Expected]) -> Tally {
        let mut tally = Tally::default();
        for e in expected {
            let count = match (e.present, document.stage(partner, e.period)) {
                (false, _) => &mut tally.missing,
                (true, Stage::Draft) => &mut tally.draft,
                (true, Stage::Submitted) => &mut tally.submitted,
                (true, Stage::Returned) => &mut tally.returned,
                (true, Stage::Approved) => &mut tally.approved,
            };
            *count += 1;
        }
        tally
    }

    /// The values that are in, by stage, as a short line ("2 approved, 1 submitted"); empty
    /// when none is in.
    pub fn stages_text(&self) -> String {
        [
            (self.approved, "approved"),
            (self.submitted, "submitted"),
            (self.returned, "returned"),
            (self.draft, "draft"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// What each partner still owes within `periods` (only values already due in the month
/// `today`), as text to paste into an e-mail: one paragraph per partner that owes anything,
/// periods named as people say them ("Jul–Sep 2026"), measures by their titles. For example:
///
/// "Riverside County Public Library still owes 2 values: for Jul–Sep 2026, Teen library cards
/// and Program attendance."
pub fn owed_text(document: &Document, periods: &[Period], today: MonthIndex) -> String {
    let start = document.coalition.fiscal_year_start;
    let mut paragraphs = Vec::new();
    for partner in &document.partners {
        let owed: Vec<Expected> = periods
            .iter()
            .flat_map(|&within| expected(document, &partner.code, within))
            .filter(|e| !e.present && is_due(e.period, start, today))
            .collect();
        if owed.is_empty() {
            continue;
        }
        let mut by_period: Vec<(Period, Vec<String>)> = Vec::new();
        for e in &owed {
            let title = document
                .measure(&e.measure)
                .map_or(e.measure.to_string(), |m| m.title.clone());
            match by_period.iter_mut().find(|(p, _)| *p == e.period) {
                Some((_, titles)) => titles.push(title),
                None => by_period.push((e.period, vec![title])),
            }
        }
        by_period.sort_by_key(|(p, _)| (p.last_month(start), p.frequency().months()));
        let parts: Vec<String> = by_period
            .iter()
            .map(|(p, titles)| format!("for {}, {}", p.label(start), in_words(titles)))
            .collect();
        let count = match owed.len() {
            1 => "1 value".to_string(),
            n => format!("{n} values"),
        };
        paragraphs.push(format!(
            "{} still owes {count}: {}.",
            partner.name,
            parts.join("; ")
        ));
    }
    if paragraphs.is_empty() {
        "Every partner is up to date.".to_string()
    } else {
        paragraphs.join("\n\n")
    }
}

/// "A", "A and B", "A, B and C".
fn in_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn what_is_owed_reads_as_one_paragraph_per_partner_with_periods_in_words() {
        let mut doc = sample::coalition();
        let start = doc.coalition.fiscal_year_start;
        let periods = [p("FY2026-Q1"), p("FY2026-Q2")];
        let today = p("FY2026-Q3").first_month(start);
        assert_eq!(
            owed_text(&doc, &periods, today),
            "Every partner is up to date."
        );
        let removed: Vec<_> = doc
            .observations
            .iter()
            .filter(|o| o.partner.as_str() == "SCI" && o.measure.as_str() == "TEEN-VISITS")
            .filter(|o| o.period.last_month(start) <= p("FY2026-Q2").last_month(start))
            .filter(|o| o.period.last_month(start) >= p("FY2026-Q1").first_month(start))
            .map(|o| o.key())
            .collect();
        assert_eq!(removed.len(), 6);
        for key in &removed {
            doc.observations.remove(key);
        }
        let text = owed_text(&doc, &periods, today);
        let sci = doc.partner(&code("SCI")).unwrap().name.clone();
        let title = doc.measure(&code("TEEN-VISITS")).unwrap().title.clone();
        let months = removed
            .iter()
            .map(|k| k.period.label(start))
            .collect::<Vec<_>>();
        assert!(
            text.starts_with(&format!(
                "{sci} still owes 6 values: for {}, {title}; ",
                months[0]
            )),
            "{text}"
        );
        assert!(
            text.ends_with(&format!("for {}, {title}.", months[5])),
            "{text}"
        );
        assert!(
            !text.contains("FY2026"),
            "periods are said as people say them: {text}"
        );
        assert_eq!(text.split("\n\n").count(), 1);
    }

    #[test]
    fn a_quarter_expects_three_months_of_a_monthly_measure() {
        let doc = sample::coalition();
        let owed = expected(&doc, &code("SCI"), p("FY2026-Q1"));
        let visits = owed
            .iter()
            .filter(|e| e.measure.as_str() == "TEEN-VISITS")
            .count();
        assert_eq!(visits, 3);
        assert!(owed.iter().all(|e| e.present));
    }

    #[test]
    fn an_annual_measure_is_owed_in_the_quarter_its_year_ends() {
        let doc = sample::coalition();
        let in_q4 = expected(&doc, &code("LIB"), p("FY2026-Q4"));
        let in_q3 = expected(&doc, &code("LIB"), p("FY2026-Q3"));
        assert!(in_q4.iter().any(|e| e.measure.as_str() == "LIB-CARD"));
        assert!(!in_q3.iter().any(|e| e.measure.as_str() == "LIB-CARD"));
    }

    #[test]
    fn a_value_is_due_once_its_period_has_ended() {
        let july = FiscalYearStart::JULY;
        assert!(!is_due(p("2026-03"), july, MonthIndex::new(2026, 3)));
        assert!(is_due(p("2026-03"), july, MonthIndex::new(2026, 4)));
        assert!(!is_due(p("FY2027-Q2"), july, MonthIndex::new(2026, 11)));
        assert!(is_due(p("FY2027-Q1"), july, MonthIndex::new(2026, 11)));
    }

    #[test]
    fn a_late_partners_values_are_missing() {
        let doc = sample::coalition();
        let owed = expected(&doc, &code("ART"), p("FY2027-Q1"));
        assert!(!owed.is_empty());
        assert!(owed.iter().all(|e| !e.present));
    }
}

//! Completeness: which values each partner owes for a period, and which are in.

use crate::{CellKey, Code, Document, FiscalYearStart, MonthIndex, Period};

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
                let key = CellKey {
                    measure: measure.code.clone(),
                    period,
                    partner: partner.clone(),
                };
                out.push(Expected {
                    measure: measure.code.clone(),
                    period,
                    present: document.observations.get(&key).is_some(),
                });
            }
            period = period.offset(1, start);
        }
    }
    out
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

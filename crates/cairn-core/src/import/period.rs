//! Reading a period the way people write it in spreadsheets.

use crate::period::MONTH_NAMES;
use crate::{Error, FiscalYearStart, Frequency, MonthIndex, Period};

/// How to read dates written with slashes or dots.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// 31/03/2026
    #[default]
    DayMonthYear,
    /// 03/31/2026
    MonthDayYear,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// What a text names: a run of calendar months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    first: MonthIndex,
    months: i32,
}

fn year(text: &str) -> Option<i32> {
    let y: i32 = (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())??;
    crate::period::YEARS.contains(&y).then_some(y)
}

fn number(text: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    let n: u32 = (!text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())??;
    range.contains(&n).then_some(n)
}

/// The English name of `month` (1 to 12), such as `July`.
pub(super) fn full_month_name(month: u8) -> &'static str {
    MONTH_NAMES[usize::from(month.clamp(1, 12) - 1)]
}

fn month_name(text: &str) -> Option<u8> {
    let t = text.to_ascii_lowercase();
    (0..12)
        .find(|&i| {
            t == MONTHS[i] || t == MONTH_NAMES[i].to_ascii_lowercase() || (i == 8 && t == "sept")
        })
        .map(|i| i as u8 + 1)
}

/// Reads a calendar quarter written without `FY`: `2026-Q1`, `2026Q1`, `2026 Q1`, `Q1 2026`,
/// `Q1-2026` or `Q1/2026` (any letter case). Returns the year and the quarter.
pub(super) fn calendar_quarter(text: &str) -> Option<(i32, u8)> {
    let upper = text.trim().to_ascii_uppercase();
    let quarter = |y: &str, q: &str| Some((year(y.trim())?, number(q.trim(), 1..=4)? as u8));
    if let Some((y, q)) = upper.split_once("-Q").or_else(|| upper.split_once('Q')) {
        if let Some(found) = quarter(y, q) {
            return Some(found);
        }
    }
    let (q, y) = upper.strip_prefix('Q')?.split_once([' ', '-', '/'])?;
    quarter(y, q)
}

/// Reads the months a text names, or `None`.
fn span(text: &str, start: FiscalYearStart, order: DateOrder) -> Option<Span> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let month = |y: i32, m: u32| Span {
        first: MonthIndex::new(y, m as u8),
        months: 1,
    };
    // The stable codes first: 2026-03, FY2026-Q1, FY2026.
    if let Ok(p) = Period::parse(t) {
        let months = p.frequency().months();
        return Some(Span {
            first: p.first_month(start),
            months,
        });
    }
    // School years: SY2025-26 is the fiscal year ending in 2026.
    if let Some(sy) = upper.strip_prefix("SY") {
        let (a, b) = sy.split_once(['-', '/'])?;
        let first = year(a)?;
        let second = number(b, 0..=99)? as i32;
        if (first + 1) % 100 != second {
            return None;
        }
        let p = Period::Year {
            fiscal_year: first + 1,
        };
        return Some(Span {
            first: p.first_month(start),
            months: 12,
        });
    }
    // Calendar quarters: 2026-Q1, 2026Q1, Q1 2026, Q1-2026.
    if let Some((y, q)) = calendar_quarter(t) {
        return Some(Span {
            first: MonthIndex::new(y, 1).plus(3 * (i32::from(q) - 1)),
            months: 3,
        });
    }
    if upper.starts_with('Q') {
        return None;
    }
    // 202603
    if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
        return Some(month(year(&t[..4])?, number(&t[4..], 1..=12)?));
    }
    // Mar 2026, March 2026, Mar-2026
    if let Some((m, y)) = t.split_once([' ', '-']) {
        if let (Some(m), Some(y)) = (month_name(m.trim()), year(y.trim())) {
            return Some(month(y, u32::from(m)));
        }
    }
    // ISO dates: 2026-03-15
    let parts: Vec<&str> = t.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        let (y, m) = (year(y)?, number(m, 1..=12)?);
        number(d, 1..=31)?;
        return Some(month(y, m));
    }
    // 15/03/2026 or 03/15/2026 (also with dots)
    let parts: Vec<&str> = t.split(['/', '.']).collect();
    if let [a, b, y] = parts.as_slice() {
        let y = year(y)?;
        let (d, m) = match order {
            DateOrder::DayMonthYear => (a, b),
            DateOrder::MonthDayYear => (b, a),
        };
        number(d, 1..=31)?;
        return Some(month(y, number(m, 1..=12)?));
    }
    None
}

/// Reads `text` as a period of `frequency`, accepting the forms people write: `2026-03`,
/// `202603`, `Mar 2026`, calendar quarters (`2026-Q1`, `2026Q1`, `Q1 2026`), `FY2026`,
/// `FY2026-Q1`, school years (`SY2025-26`), and any date inside the period (ISO, or with
/// slashes in `order`).
///
/// Returns the period of `frequency` that the text names exactly, or that contains the month or
/// date it names. Refused: text naming none of these, a longer span than one period (a quarter
/// for a monthly measure), and a calendar quarter that is not one of the coalition's fiscal
/// quarters.
pub fn parse_period(
    text: &str,
    frequency: Frequency,
    start: FiscalYearStart,
    order: DateOrder,
) -> Result<Period, Error> {
    let unknown = || Error::InvalidPeriod {
        text: text.trim().to_string(),
    };
    let span = span(text, start, order).ok_or_else(unknown)?;
    let period = Period::containing(span.first, frequency, start);
    if span.months == 1
        || (span.months == frequency.months() && period.first_month(start) == span.first)
    {
        return Ok(period);
    }
    if span.months == 3 && frequency == Frequency::Quarterly {
        return Err(Error::QuarterNotFiscal {
            text: text.trim().to_string(),
        });
    }
    Err(Error::PeriodFrequencyMismatch {
        period: text.trim().to_string(),
        expected: frequency.label(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JULY: FiscalYearStart = FiscalYearStart::JULY;

    fn q(text: &str) -> Result<String, Error> {
        parse_period(text, Frequency::Quarterly, JULY, DateOrder::DayMonthYear).map(Period::code)
    }

    fn m(text: &str, order: DateOrder) -> Result<String, Error> {
        parse_period(text, Frequency::Monthly, JULY, order).map(Period::code)
    }

    #[test]
    fn every_form_of_a_month_is_read() {
        for text in [
            "2026-03",
            "202603",
            "Mar 2026",
            "March 2026",
            "mar-2026",
            "2026-03-15",
            "15/03/2026",
            "15.03.2026",
        ] {
            assert_eq!(
                m(text, DateOrder::DayMonthYear),
                Ok("2026-03".into()),
                "{text}"
            );
        }
        assert_eq!(
            m("03/15/2026", DateOrder::MonthDayYear),
            Ok("2026-03".into())
        );
        assert!(m("03/15/2026", DateOrder::DayMonthYear).is_err());
    }

    #[test]
    fn calendar_quarters_become_fiscal_quarters() {
        for text in ["2026-Q1", "2026Q1", "Q1 2026", "q1-2026"] {
            assert_eq!(q(text), Ok("FY2026-Q3".into()), "{text}");
        }
        assert_eq!(q("FY2026-Q1"), Ok("FY2026-Q1".into()));
        assert_eq!(q("2025-08-01"), Ok("FY2026-Q1".into()));
        assert_eq!(q("Aug 2025"), Ok("FY2026-Q1".into()));
    }

    #[test]
    fn school_and_fiscal_years_are_read_for_annual_measures() {
        let y =
            |t| parse_period(t, Frequency::Annual, JULY, DateOrder::DayMonthYear).map(Period::code);
        assert_eq!(y("SY2025-26"), Ok("FY2026".into()));
        assert_eq!(y("FY2026"), Ok("FY2026".into()));
        assert!(y("SY2025-27").is_err());
    }

    #[test]
    fn a_quarter_is_refused_for_a_monthly_measure() {
        assert!(matches!(
            m("FY2026-Q1", DateOrder::DayMonthYear),
            Err(Error::PeriodFrequencyMismatch { .. })
        ));
    }

    #[test]
    fn a_calendar_quarter_across_fiscal_quarters_is_refused() {
        let august = FiscalYearStart::new(8).unwrap();
        assert!(matches!(
            parse_period(
                "2026-Q1",
                Frequency::Quarterly,
                august,
                DateOrder::DayMonthYear
            ),
            Err(Error::QuarterNotFiscal { .. })
        ));
    }

    #[test]
    fn nonsense_is_not_a_period() {
        for text in [
            "",
            "soon",
            "2026-13",
            "Q5 2026",
            "31/13/2026",
            "Marchish 2026",
            "FY26",
        ] {
            assert!(q(text).is_err(), "{text}");
        }
    }
}

//! Calendar dates, as activities and updates carry them.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Error, MonthIndex};

/// A calendar date, written `2026-03-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Returns the date if and only if it exists in the calendar and its year is 1900 to 2999.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, Error> {
        let invalid = || Error::InvalidDate {
            text: format!("{year:04}-{month:02}-{day:02}"),
        };
        if !crate::period::YEARS.contains(&year) || !(1..=12).contains(&month) {
            return Err(invalid());
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(invalid());
        }
        Ok(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`, surrounding spaces ignored.
    pub fn parse(text: &str) -> Result<Date, Error> {
        let invalid = || Error::InvalidDate {
            text: text.trim().to_string(),
        };
        let t = text.trim();
        let parts: Vec<&str> = t.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(invalid());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid());
        }
        let number = |s: &str| -> Result<u32, Error> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        Date::new(number(y)? as i32, number(m)? as u8, number(d)? as u8).map_err(|_| invalid())
    }

    /// The last day of `month`, leap years counted. Returns an error outside the years a
    /// [`Date`] holds (1900 to 2999).
    pub fn last_of(month: MonthIndex) -> Result<Date, Error> {
        let (year, month) = (month.year(), month.month());
        Date::new(year, month, days_in_month(year, month))
    }

    pub fn month_index(self) -> MonthIndex {
        MonthIndex::new(self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Date {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_of_february_counts_leap_years() {
        use crate::MonthIndex;
        assert_eq!(
            super::Date::last_of(MonthIndex::new(2028, 2))
                .unwrap()
                .to_string(),
            "2028-02-29"
        );
        assert_eq!(
            super::Date::last_of(MonthIndex::new(2027, 2))
                .unwrap()
                .to_string(),
            "2027-02-28"
        );
        assert_eq!(
            super::Date::last_of(MonthIndex::new(2026, 6))
                .unwrap()
                .to_string(),
            "2026-06-30"
        );
    }

    use super::*;

    #[test]
    fn a_date_reads_and_prints_as_iso() {
        let d = Date::parse(" 2026-03-15 ").unwrap();
        assert_eq!(d.to_string(), "2026-03-15");
        assert_eq!(d.month_index(), MonthIndex::new(2026, 3));
    }

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        for bad in [
            "2026-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn dates_order_as_the_calendar() {
        assert!(Date::parse("2026-01-31").unwrap() < Date::parse("2026-02-01").unwrap());
    }
}

//! Reporting periods: months, fiscal quarters and fiscal years, with stable human codes.
//!
//! Codes never depend on the coalition's settings, so a stored `FY2026-Q1` means the same thing
//! tomorrow: `2026-03` is March 2026, `FY2026-Q1` is the first quarter of fiscal year 2026, and
//! `FY2026` is the fiscal year 2026. A fiscal year is named after the calendar year it ends in
//! (with a July start, FY2026 runs from July 2025 to June 2026), as libraries, cities and
//! schools name theirs. Which calendar months a fiscal period covers depends on the coalition's
//! [`FiscalYearStart`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Error;

/// The first and last years a period may fall in. Four-digit years keep codes unambiguous.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// How often a measure is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual];

    /// The number of calendar months one period of this frequency covers.
    pub fn months(self) -> i32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Annual => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
        }
    }
}

/// The English names of the months, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The calendar month (1 to 12) a coalition's fiscal year starts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct FiscalYearStart(u8);

impl FiscalYearStart {
    pub const JANUARY: FiscalYearStart = FiscalYearStart(1);
    pub const JULY: FiscalYearStart = FiscalYearStart(7);

    /// Returns the start month if and only if `month` is from 1 to 12.
    pub fn new(month: u8) -> Result<FiscalYearStart, Error> {
        if (1..=12).contains(&month) {
            Ok(FiscalYearStart(month))
        } else {
            Err(Error::InvalidFiscalYearStart(month))
        }
    }

    pub fn month(self) -> u8 {
        self.0
    }

    /// Returns the fiscal year that `month` falls in.
    pub fn fiscal_year_of(self, month: MonthIndex) -> i32 {
        let shifted = (month.0 - (i32::from(self.0) - 1)).div_euclid(12);
        if self.0 == 1 {
            shifted
        } else {
            shifted + 1
        }
    }

    /// Returns the first calendar month of fiscal year `fiscal_year`.
    pub fn first_month_of(self, fiscal_year: i32) -> MonthIndex {
        let last = fiscal_year * 12 + (i32::from(self.0) + 10) % 12;
        MonthIndex(last - 11)
    }
}

impl Default for FiscalYearStart {
    fn default() -> Self {
        FiscalYearStart::JANUARY
    }
}

impl TryFrom<u8> for FiscalYearStart {
    type Error = Error;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        FiscalYearStart::new(value)
    }
}

impl From<FiscalYearStart> for u8 {
    fn from(value: FiscalYearStart) -> u8 {
        value.0
    }
}

/// A calendar month counted from January of year 0, so that months can be subtracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthIndex(pub i32);

impl MonthIndex {
    /// Returns the index of `month` (1 to 12) in `year`.
    pub fn new(year: i32, month: u8) -> MonthIndex {
        MonthIndex(year * 12 + i32::from(month) - 1)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The calendar month, 1 to 12.
    pub fn month(self) -> u8 {
        (self.0.rem_euclid(12) + 1) as u8
    }

    pub fn plus(self, months: i32) -> MonthIndex {
        MonthIndex(self.0 + months)
    }

    /// The English short name of the month, such as `Mar`.
    pub fn short_name(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        NAMES[usize::from(self.month() - 1)]
    }
}

/// One reporting period. Periods of one frequency order as the calendar does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    Month { year: i32, month: u8 },
    Quarter { fiscal_year: i32, quarter: u8 },
    Year { fiscal_year: i32 },
}

impl Period {
    /// Returns the period a code names if and only if the code is one of `YYYY-MM`,
    /// `FYYYYY-Qn` or `FYYYYY` (any letter case, surrounding spaces ignored) with a year from
    /// 1900 to 2999, a month from 01 to 12 and a quarter from 1 to 4.
    pub fn parse(text: &str) -> Result<Period, Error> {
        let invalid = || Error::InvalidPeriod {
            text: text.trim().to_string(),
        };
        let code = text.trim().to_ascii_uppercase();
        let year = |digits: &str| -> Result<i32, Error> {
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            let year: i32 = digits.parse().map_err(|_| invalid())?;
            if YEARS.contains(&year) {
                Ok(year)
            } else {
                Err(invalid())
            }
        };
        if let Some(fiscal) = code.strip_prefix("FY") {
            return match fiscal.split_once("-Q") {
                Some((y, q)) => {
                    let quarter = match q {
                        "1" => 1,
                        "2" => 2,
                        "3" => 3,
                        "4" => 4,
                        _ => return Err(invalid()),
                    };
                    Ok(Period::Quarter {
                        fiscal_year: year(y)?,
                        quarter,
                    })
                }
                None => Ok(Period::Year {
                    fiscal_year: year(fiscal)?,
                }),
            };
        }
        let (y, m) = code.split_once('-').ok_or_else(invalid)?;
        if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let month: u8 = m.parse().map_err(|_| invalid())?;
        if !(1..=12).contains(&month) {
            return Err(invalid());
        }
        Ok(Period::Month {
            year: year(y)?,
            month,
        })
    }

    /// The stable code of this period, such as `2026-03`, `FY2026-Q1` or `FY2026`.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year:04}-{month:02}"),
            Period::Quarter {
                fiscal_year,
                quarter,
            } => format!("FY{fiscal_year:04}-Q{quarter}"),
            Period::Year { fiscal_year } => format!("FY{fiscal_year:04}"),
        }
    }

    pub fn frequency(self) -> Frequency {
        match self {
            Period::Month { .. } => Frequency::Monthly,
            Period::Quarter { .. } => Frequency::Quarterly,
            Period::Year { .. } => Frequency::Annual,
        }
    }

    /// Returns the period of `frequency` that contains `month`.
    pub fn containing(month: MonthIndex, frequency: Frequency, start: FiscalYearStart) -> Period {
        match frequency {
            Frequency::Monthly => Period::Month {
                year: month.year(),
                month: month.month(),
            },
            Frequency::Quarterly => {
                let fiscal_year = start.fiscal_year_of(month);
                let offset = month.0 - start.first_month_of(fiscal_year).0;
                Period::Quarter {
                    fiscal_year,
                    quarter: (offset / 3 + 1) as u8,
                }
            }
            Frequency::Annual => Period::Year {
                fiscal_year: start.fiscal_year_of(month),
            },
        }
    }

    /// The first calendar month this period covers.
    pub fn first_month(self, start: FiscalYearStart) -> MonthIndex {
        match self {
            Period::Month { year, month } => MonthIndex::new(year, month),
            Period::Quarter {
                fiscal_year,
                quarter,
            } => start
                .first_month_of(fiscal_year)
                .plus(3 * (i32::from(quarter) - 1)),
            Period::Year { fiscal_year } => start.first_month_of(fiscal_year),
        }
    }

    /// The last calendar month this period covers.
    pub fn last_month(self, start: FiscalYearStart) -> MonthIndex {
        self.first_month(start).plus(self.frequency().months() - 1)
    }

    /// Returns the period `n` periods after this one (before it when `n` is negative).
    pub fn offset(self, n: i32, start: FiscalYearStart) -> Period {
        let months = self.frequency().months();
        Period::containing(
            self.first_month(start).plus(n * months),
            self.frequency(),
            start,
        )
    }

    /// A label for people, such as `Mar 2026`, `Jul–Sep 2025` or `Jul 2025–Jun 2026`.
    pub fn label(self, start: FiscalYearStart) -> String {
        let first = self.first_month(start);
        let last = self.last_month(start);
        match self {
            Period::Month { .. } => format!("{} {}", first.short_name(), first.year()),
            _ if first.year() == last.year() => format!(
                "{}–{} {}",
                first.short_name(),
                last.short_name(),
                last.year()
            ),
            _ => format!(
                "{} {}–{} {}",
                first.short_name(),
                first.year(),
                last.short_name(),
                last.year()
            ),
        }
    }

    /// Returns `Ok` if and only if this period is of `frequency`.
    pub fn expect_frequency(self, frequency: Frequency) -> Result<(), Error> {
        if self.frequency() == frequency {
            Ok(())
        } else {
            Err(Error::PeriodFrequencyMismatch {
                period: self.code(),
                expected: frequency.label(),
            })
        }
    }

    /// Returns the `count` periods of `frequency` that end with the one containing `month`,
    /// oldest first.
    pub fn recent(
        month: MonthIndex,
        frequency: Frequency,
        start: FiscalYearStart,
        count: usize,
    ) -> Vec<Period> {
        let last = Period::containing(month, frequency, start);
        (0..count as i32)
            .rev()
            .map(|back| last.offset(-back, start))
            .collect()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl TryFrom<String> for Period {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Period::parse(&value)
    }
}

impl From<Period> for String {
    fn from(period: Period) -> String {
        period.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(code: &str) -> Period {
        Period::parse(code).unwrap()
    }

    #[test]
    fn the_three_code_forms_parse() {
        assert_eq!(
            p("2026-03"),
            Period::Month {
                year: 2026,
                month: 3
            }
        );
        assert_eq!(
            p(" fy2026-q1 "),
            Period::Quarter {
                fiscal_year: 2026,
                quarter: 1
            }
        );
        assert_eq!(p("FY2026"), Period::Year { fiscal_year: 2026 });
    }

    #[test]
    fn malformed_codes_are_refused_with_the_forms_to_use() {
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-3",
            "FY2026-Q5",
            "FY26",
            "FY2026-Q",
            "Q1 2026",
            "1899-01",
            "3000-01",
            "２０２６-03",
        ] {
            let err = Period::parse(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidPeriod { .. }), "{bad}");
            assert!(err.to_string().contains("FY2026-Q1"));
        }
    }

    #[test]
    fn a_july_fiscal_year_is_named_after_the_year_it_ends_in() {
        let july = FiscalYearStart::JULY;
        assert_eq!(p("FY2026").label(july), "Jul 2025–Jun 2026");
        assert_eq!(p("FY2026-Q1").label(july), "Jul–Sep 2025");
        assert_eq!(p("FY2026-Q3").label(july), "Jan–Mar 2026");
        assert_eq!(
            Period::containing(MonthIndex::new(2025, 7), Frequency::Annual, july),
            p("FY2026")
        );
        assert_eq!(
            Period::containing(MonthIndex::new(2025, 6), Frequency::Annual, july),
            p("FY2025")
        );
    }

    #[test]
    fn a_january_fiscal_year_is_the_calendar_year() {
        let jan = FiscalYearStart::JANUARY;
        assert_eq!(p("FY2026").label(jan), "Jan–Dec 2026");
        assert_eq!(p("FY2026-Q4").label(jan), "Oct–Dec 2026");
    }

    #[test]
    fn offset_crosses_fiscal_years() {
        let july = FiscalYearStart::JULY;
        assert_eq!(p("FY2026-Q4").offset(1, july), p("FY2027-Q1"));
        assert_eq!(p("FY2026-Q1").offset(-1, july), p("FY2025-Q4"));
        assert_eq!(p("2026-01").offset(-1, july), p("2025-12"));
    }

    #[test]
    fn recent_periods_end_with_the_current_one() {
        let recent = Period::recent(
            MonthIndex::new(2026, 11),
            Frequency::Quarterly,
            FiscalYearStart::JULY,
            3,
        );
        assert_eq!(recent, vec![p("FY2026-Q4"), p("FY2027-Q1"), p("FY2027-Q2")]);
    }

    #[test]
    fn a_fiscal_year_start_outside_1_to_12_is_refused() {
        assert!(FiscalYearStart::new(0).is_err());
        assert!(FiscalYearStart::new(13).is_err());
        assert!(serde_json::from_str::<FiscalYearStart>("13").is_err());
    }

    #[test]
    fn a_wrong_frequency_names_the_expected_one() {
        let err = p("2026-03")
            .expect_frequency(Frequency::Quarterly)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "“2026-03” does not name one quarterly period: this measure is reported quarterly."
        );
    }
}

//! Locked periods: once a period is reported and checked, an administrator locks it, and no
//! one (administrators included) may change a value in it until it is unlocked. A lock is set
//! on the coalition ([`crate::Coalition::locked_periods`] and `lock_after_months`, two plain
//! fields rather than one record: the app reads every coalition at start, and a record of its
//! own cost the first download 1 KiB of decoding code), so it syncs like any setting, and it is
//! checked wherever a value changes: on the server for every pushed change (so an edit queued
//! offline before the lock arrives comes back refused, with the reason), and in the browser by
//! the entry grid and the import before anything is sent.

use serde_json::Value as Json;

use crate::sync::{value_at, Path, Record};
use crate::{Document, Error, FiscalYearStart, MonthIndex, Period};

/// What is locked: periods an administrator chose, and, as a rule, every period that ended
/// more than `after_months` months before the current month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Locks<'a> {
    /// Locked periods, of any frequency: a value is locked when its period lies within one.
    pub periods: &'a [Period],
    /// Lock every period once this many whole months have passed since it ended.
    pub after_months: Option<u8>,
}

impl Locks<'_> {
    /// The longest a rule may wait before it locks a period: ten years.
    pub const LONGEST_WAIT: u8 = 120;

    /// Returns `Ok` if and only if the rule, if any, waits 1 to 120 months.
    pub fn validate(&self) -> Result<(), Error> {
        match self.after_months {
            Some(n) if !(1..=Self::LONGEST_WAIT).contains(&n) => Err(Error::LockRule),
            _ => Ok(()),
        }
    }

    /// Why a value for `period` cannot change in `this_month`, or `None` if it can. A value is
    /// locked when every month of its period lies in a locked period (locking FY2026-Q1 locks
    /// its months and the quarter, not the year it opens), or when its period ended more than
    /// `after_months` months ago.
    pub fn why_locked(
        &self,
        period: Period,
        start: FiscalYearStart,
        this_month: MonthIndex,
    ) -> Option<String> {
        let (first, last) = (period.first_month(start), period.last_month(start));
        let covering = self
            .periods
            .iter()
            .find(|l| l.first_month(start) <= first && last <= l.last_month(start));
        if let Some(lock) = covering {
            return Some(format!(
                "{} ({}) is locked: its values were checked and closed",
                lock.code(),
                lock.label(start)
            ));
        }
        let n = self.after_months?;
        (this_month.0 - last.0 > i32::from(n)).then(|| {
            format!(
                "{} ({}) is locked: the coalition locks every period {n} months after it ends",
                period.code(),
                period.label(start)
            )
        })
    }
}

/// Returns `Ok` unless writing `value` (a stored observation, or `None` to empty the cell) at
/// `path` would change a value in a locked period of `doc` in `this_month`; then the error says
/// which period, why, and who can unlock it. Writing the value the cell already holds is no
/// change (a restored backup sends every value again). Only values are locked: measures,
/// partners and the locks themselves are not.
pub fn check(
    doc: &Document,
    path: &Path,
    value: Option<&Json>,
    this_month: MonthIndex,
) -> Result<(), Error> {
    let Record::Observation(cell) = &path.record else {
        return Ok(());
    };
    let start = doc.coalition.fiscal_year_start;
    let Some(why) = doc
        .coalition
        .locks()
        .why_locked(cell.period, start, this_month)
    else {
        return Ok(());
    };
    if changes_value(doc, path, value) {
        Err(Error::PeriodLocked(why))
    } else {
        Ok(())
    }
}

/// Whether writing `value` (a stored observation, or `None` to empty the cell) at the
/// observation's `path` changes the value it reports: a note or a signature alone does not,
/// and a restored backup sends every value again unchanged.
pub(crate) fn changes_value(doc: &Document, path: &Path, value: Option<&Json>) -> bool {
    let reported = |v: Option<&Json>| v.map(|v| v.get("value").cloned());
    reported(value) != reported(value_at(doc, path).as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> FiscalYearStart {
        FiscalYearStart::new(7).unwrap()
    }

    fn quarter(fiscal_year: i32, quarter: u8) -> Period {
        Period::Quarter {
            fiscal_year,
            quarter,
        }
    }

    const DECEMBER_2026: MonthIndex = MonthIndex(2026 * 12 + 11);

    #[test]
    fn a_locked_quarter_locks_its_months_and_itself_but_not_its_year() {
        let periods = [quarter(2026, 1)];
        let locks = Locks {
            periods: &periods,
            after_months: None,
        };
        let locked = |p| locks.why_locked(p, start(), DECEMBER_2026).is_some();
        assert!(locked(quarter(2026, 1)));
        assert!(locked(Period::Month {
            year: 2025,
            month: 8
        }));
        assert!(!locked(Period::Month {
            year: 2025,
            month: 10
        }));
        assert!(!locked(quarter(2026, 2)));
        assert!(!locked(Period::Year { fiscal_year: 2026 }));
    }

    #[test]
    fn a_locked_year_locks_every_quarter_and_month_in_it() {
        let periods = [Period::Year { fiscal_year: 2026 }];
        let locks = Locks {
            periods: &periods,
            after_months: None,
        };
        for q in 1..=4 {
            assert!(locks
                .why_locked(quarter(2026, q), start(), DECEMBER_2026)
                .is_some());
        }
        assert!(locks
            .why_locked(quarter(2027, 1), start(), DECEMBER_2026)
            .is_none());
    }

    #[test]
    fn the_rule_locks_a_period_once_its_months_have_passed_and_says_so() {
        let locks = Locks {
            periods: &[],
            after_months: Some(3),
        };
        // FY2027-Q1 ended in September 2026: locked in January 2027, not in December 2026.
        assert!(locks
            .why_locked(quarter(2027, 1), start(), DECEMBER_2026)
            .is_none());
        let why = locks
            .why_locked(quarter(2027, 1), start(), DECEMBER_2026.plus(1))
            .unwrap();
        assert!(why.contains("FY2027-Q1"), "{why}");
        assert!(why.contains("3 months after it ends"), "{why}");
    }

    #[test]
    fn a_rule_of_no_months_or_of_more_than_ten_years_is_refused() {
        for n in [0, 121] {
            let locks = Locks {
                periods: &[],
                after_months: Some(n),
            };
            assert!(locks.validate().is_err());
        }
    }

    #[test]
    fn only_values_are_locked() {
        let mut doc = crate::sample::coalition();
        doc.coalition.locked_periods.push(quarter(2026, 1));
        let goal = Path::parse("coalition/goal").unwrap();
        assert!(check(&doc, &goal, Some(&Json::from("A goal")), DECEMBER_2026).is_ok());
        let held = doc
            .observations
            .iter()
            .find(|o| o.period == quarter(2026, 1))
            .expect("a FY2026-Q1 value in the sample");
        let path = Path::record(Record::Observation(held.key()));
        let mut changed = serde_json::to_value(held).unwrap();
        changed["value"] = Json::from(12345.0);
        let refused = check(&doc, &path, Some(&changed), DECEMBER_2026)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("FY2026-Q1"), "{refused}");
        assert!(refused.contains("administrator"), "{refused}");
        assert!(check(&doc, &path, None, DECEMBER_2026).is_err(), "emptied");
    }

    #[test]
    fn sending_a_locked_cell_the_value_it_holds_is_no_change() {
        let mut doc = crate::sample::coalition();
        doc.coalition.locked_periods.push(quarter(2026, 1));
        let held = doc
            .observations
            .iter()
            .find(|o| o.period == quarter(2026, 1))
            .unwrap();
        let path = Path::record(Record::Observation(held.key()));
        let mut again = serde_json::to_value(held).unwrap();
        again["entered_by"] = Json::from("Someone restoring a backup");
        assert!(check(&doc, &path, Some(&again), DECEMBER_2026).is_ok());
    }
}

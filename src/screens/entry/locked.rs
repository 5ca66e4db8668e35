//! Which of the grid's periods are locked, followed from the coalition's locks
//! (`cairn_core::lock`) by one memo for the whole grid: an edit to a value wakes no cell's
//! lock, and a lock set on the coalition screen, or arriving by sync, shows at once.

use cairn_core::lock::Locks;
use cairn_core::{FiscalYearStart, MonthIndex, Period};

/// The coalition's locked periods and its lock rule, as `cairn_core::Coalition` holds them.
type Held = (Vec<Period>, Option<u8>);
use leptos::prelude::*;

use crate::state::Store;

/// The locks the cells of one grid obey, counted from the month the grid opened in.
#[derive(Clone, Copy)]
pub struct Locked {
    locks: Memo<Held>,
    this_month: MonthIndex,
}

impl Locked {
    /// The locks of `store`'s coalition, followed from now on.
    pub fn follow(store: Store) -> Locked {
        Locked {
            locks: Memo::new(move |_| {
                store
                    .doc
                    .with(|d| {
                        d.as_ref().map(|d| {
                            (
                                d.coalition.locked_periods.clone(),
                                d.coalition.lock_after_months,
                            )
                        })
                    })
                    .unwrap_or_default()
            }),
            this_month: crate::clock::this_month(),
        }
    }

    /// The locked periods and the rule in a few words ("FY2026, FY2027-Q1, and every period
    /// 6 months after it ends"), or `None` if nothing is locked.
    pub fn summary(self) -> Option<String> {
        self.locks.with(|(periods, after_months)| {
            let mut said: Vec<String> = periods.iter().map(|p| p.code()).collect();
            if let Some(n) = after_months {
                said.push(format!("every period {n} months after it ends"));
            }
            (!said.is_empty()).then(|| said.join(", "))
        })
    }

    /// Why a value for `period` cannot change, or `None` while it can.
    pub fn why(self, period: Period, start: FiscalYearStart) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.locks.with(|(periods, after_months)| {
                let locks = Locks {
                    periods,
                    after_months: *after_months,
                };
                locks.why_locked(period, start, self.this_month)
            })
        })
    }
}

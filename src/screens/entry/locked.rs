//! Which of the grid's values cannot change, and why: the coalition's locks (`cairn_core::lock`)
//! and the rounds submitted or approved (`cairn_core::review`), followed by one memo for the
//! whole grid: an edit to a value wakes no cell's lock, and a lock set on the coalition screen,
//! a round submitted, or either arriving by sync, shows at once.

use cairn_core::lock::Locks;
use cairn_core::review::{frozen_text, Stage};
use cairn_core::{Code, Error, FiscalYearStart, MonthIndex, Period};

/// The coalition's locked periods and its lock rule, as `cairn_core::Coalition` holds them,
/// the grid's partner's name, and each of its frozen rounds: the period and the stage.
type Held = (Vec<Period>, Option<u8>, String, Vec<(Period, Stage)>);
use leptos::prelude::*;

use crate::state::Store;

/// The locks the cells of one grid obey, counted from the month the grid opened in.
#[derive(Clone, Copy)]
pub struct Locked {
    locks: Memo<Held>,
    this_month: MonthIndex,
}

impl Locked {
    /// The locks of `store`'s coalition and the frozen rounds of `partner` (the grid's: only
    /// its rounds are copied on each change), followed from now on.
    pub fn follow(store: Store, partner: Code) -> Locked {
        Locked {
            locks: Memo::new(move |_| {
                store
                    .doc
                    .with(|d| {
                        d.as_ref().map(|d| {
                            let frozen = d
                                .reviews
                                .iter()
                                .filter(|r| r.partner == partner && r.stage().freezes())
                                .map(|r| (r.period, r.stage()))
                                .collect();
                            let name = d.partner(&partner).map_or("", |p| &p.name);
                            (
                                d.coalition.locked_periods.clone(),
                                d.coalition.lock_after_months,
                                name.to_string(),
                                frozen,
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
        self.locks.with(|(periods, after_months, _, _)| {
            let mut said: Vec<String> = periods.iter().map(|p| p.code()).collect();
            if let Some(n) = after_months {
                said.push(format!("every period {n} months after it ends"));
            }
            (!said.is_empty()).then(|| said.join(", "))
        })
    }

    /// Why the grid's value for `period` cannot change (the whole message, as the server
    /// would refuse it), or `None` while it can.
    pub fn why(self, period: Period, start: FiscalYearStart) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.locks.with(|(periods, after_months, name, frozen)| {
                let locks = Locks {
                    periods,
                    after_months: *after_months,
                };
                if let Some(why) = locks.why_locked(period, start, self.this_month) {
                    return Some(Error::PeriodLocked(why).to_string());
                }
                let (_, stage) = frozen.iter().find(|(at, _)| *at == period)?;
                frozen_text(name, period, *stage).map(|why| Error::UnderReview(why).to_string())
            })
        })
    }
}

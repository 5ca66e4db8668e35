//! Locked periods (`cairn_core::lock`): an administrator locks a period once its values are
//! checked, or sets a rule that locks every period some months after it ends; no one can then
//! change a value in it until it is unlocked. Everyone sees what is locked.

use cairn_core::{Coalition, Error, Period};
use leptos::prelude::*;

use crate::components::role::administers;
use crate::state::use_store;

#[component]
pub fn LockedPeriods() -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let locks = Memo::new(move |_| {
        store.doc.with(|d| {
            d.as_ref().map(|d| {
                (
                    d.coalition.locked_periods.clone(),
                    d.coalition.lock_after_months,
                    d.coalition.fiscal_year_start,
                )
            })
        })
    });
    let message = RwSignal::new(None::<String>);
    let change = move |edit: &dyn Fn(&mut Coalition) -> Result<String, Error>| {
        let done = store.change(|doc| {
            let mut coalition = doc.coalition.clone();
            let said = edit(&mut coalition)?;
            doc.set_coalition(coalition)?;
            Ok(said)
        });
        message.set(Some(done.unwrap_or_else(|e| e.to_string())));
    };
    let period = RwSignal::new(String::new());
    let lock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change(&|c| {
            let p = Period::parse(&period.get_untracked())?;
            if !c.locked_periods.contains(&p) {
                c.locked_periods.push(p);
                let start = c.fiscal_year_start;
                c.locked_periods
                    .sort_by_key(|p| (p.first_month(start), p.last_month(start)));
            }
            Ok(format!("Locked {}.", p.code()))
        });
    };
    let rule = RwSignal::new(String::new());
    Effect::new(move |_| {
        let months = locks.with(|l| l.as_ref().and_then(|(_, after, _)| *after));
        rule.set(months.map_or(String::new(), |n| n.to_string()));
    });
    let save_rule = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change(&|c| {
            let text = rule.get_untracked();
            c.lock_after_months = match text.trim() {
                "" => None,
                n => Some(n.parse().map_err(|_| Error::LockRule)?),
            };
            c.locks().validate()?;
            Ok(match c.lock_after_months {
                Some(n) => format!("Every period now locks {n} months after it ends."),
                None => "No period locks by itself now.".into(),
            })
        });
    };
    view! {
        <section class="locks" aria-labelledby="locks-heading">
            <h2 id="locks-heading">"Locked periods"</h2>
            <p>"No one can change a value in a locked period until it is unlocked."</p>
            {move || locks.get().map(|(periods, _, start)| if periods.is_empty() {
                view! { <p>"No period is locked."</p> }.into_any()
            } else {
                view! {
                    <ul class="lock-list">
                        {periods.into_iter().map(|p| view! {
                            <li>
                                {format!("{} ({}) ", p.code(), p.label(start))}
                                <button type="button" hidden=move || !admin()
                                    on:click=move |_| change(&|c| {
                                        c.locked_periods.retain(|q| *q != p);
                                        Ok(format!("Unlocked {}.", p.code()))
                                    })>{format!("Unlock {}", p.code())}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <form on:submit=lock hidden=move || !admin()>
                <label for="lock-period">"Period to lock"</label>
                <input id="lock-period" type="text" placeholder="FY2026-Q1" aria-describedby="lock-period-hint"
                    prop:value=move || period.get() on:input=move |ev| period.set(event_target_value(&ev))/>
                <button type="submit">"Lock"</button>
                <small id="lock-period-hint">"2026-03, FY2026-Q1 or FY2026"</small>
            </form>
            <form on:submit=save_rule hidden=move || !admin() novalidate>
                <label for="lock-rule">"Lock every period this many months after it ends"</label>
                <input id="lock-rule" type="number" min="1" max="120" aria-describedby="lock-rule-hint"
                    prop:value=move || rule.get() on:input=move |ev| rule.set(event_target_value(&ev))/>
                <button type="submit">"Save the rule"</button>
                <small id="lock-rule-hint">"Leave it empty for no rule."</small>
            </form>
            <p class="form-message" role="status">{move || message.get()}</p>
        </section>
    }
}

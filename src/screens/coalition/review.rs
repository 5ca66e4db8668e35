//! Whether partners' values wait for the backbone's approval before they count
//! (`cairn_core::review`), and, with review on, whether the figures count approved values only
//! (the default) or every value. Administrators change it; everyone sees it.

use leptos::prelude::*;

use crate::components::role::administers;
use crate::state::use_store;

#[component]
pub fn ReviewSetting() -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let held = Memo::new(move |_| {
        store.doc.with(|d| {
            d.as_ref().map_or((false, false), |d| {
                (d.coalition.review, d.coalition.count_unapproved)
            })
        })
    });
    let message = RwSignal::new(None::<String>);
    let set = move |review: bool, count_unapproved: bool| {
        let done = store.change(|doc| {
            let mut coalition = doc.coalition.clone();
            coalition.review = review;
            coalition.count_unapproved = count_unapproved;
            doc.set_coalition(coalition)
        });
        message.set(Some(match done {
            Ok(()) if !review => "Review is off: every value counts as soon as it is entered.".into(),
            Ok(()) if count_unapproved => "The figures now count every value, and say when they include values not yet approved.".into(),
            Ok(()) => "The figures now count approved values only.".into(),
            Err(e) => e.to_string(),
        }));
    };
    view! {
        <section class="review-setting" aria-labelledby="review-setting-heading">
            <h2 id="review-setting-heading">"Review before values count"</h2>
            <p>"Partners submit each period's values; a backbone administrator approves them or returns them with a comment. Submitted and approved values are read-only until returned."</p>
            <label class="check">
                <input type="checkbox" id="review-on" disabled=move || !admin()
                    prop:checked=move || held.get().0
                    on:change=move |ev| set(event_target_checked(&ev), held.get_untracked().1)/>
                " Review partners' values before they count"
            </label>
            <p class="hint" hidden=move || !held.get().0>"Values entered before review was turned on count once their period is submitted and approved; until then, approved-only figures leave them out. To keep counting them meanwhile, choose all values."</p>
            <fieldset hidden=move || !held.get().0 disabled=move || !admin()>
                <legend>"The dashboard, charts, reports and exports count"</legend>
                <label class="check">
                    <input type="radio" name="counting" id="count-approved"
                        prop:checked=move || !held.get().1
                        on:change=move |_| set(true, false)/>
                    " approved values only"
                </label>
                <label class="check">
                    <input type="radio" name="counting" id="count-all"
                        prop:checked=move || held.get().1
                        on:change=move |_| set(true, true)/>
                    " all values, saying when they include values not yet approved"
                </label>
            </fieldset>
            <p class="form-message" role="status">{move || message.get()}</p>
        </section>
    }
}

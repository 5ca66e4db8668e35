//! A measure continued as another: when what it measures changes under recorded values (its
//! frequency or value type), the editor offers to close it and continue it as a new measure
//! ([`cairn_core::Document::continue_measure`]). The closed measure keeps its values,
//! labelled; the new one takes the values from then on. Each one's page says which it is.

use cairn_core::{Code, Measure};
use leptos::prelude::*;

use crate::route::{navigate, Route};
use crate::state::use_store;

/// The offer the editor shows when a save is refused because values were recorded as the
/// measure was: `offer` holds the measure as the form would save it.
#[component]
pub fn ContinueOffer(offer: RwSignal<Option<Measure>>, done: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let code = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(m) = offer.get() {
            code.set(free_code(&m.code));
        }
    });
    let go = move |_| {
        let Some(edited) = offer.get_untracked() else {
            return;
        };
        let next_code = match Code::parse(code.get_untracked().trim()) {
            Ok(c) => c,
            Err(e) => return error.set(Some(e.to_string())),
        };
        let next = edited.as_new(next_code.clone());
        let today = crate::clock::today();
        let why = reason.get_untracked();
        match store.change(|doc| doc.continue_measure(&edited.code, next, &why, today)) {
            Ok(()) => {
                done.set(true);
                navigate(&Route::Measure(next_code));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <Show when=move || offer.with(Option::is_some)>
            <section class="continue-offer" aria-labelledby="continue-title">
                <h2 id="continue-title">"Continue it as a new measure"</h2>
                <p>"The values recorded so far stay with this measure: it is closed, labelled with the day and your reason, and kept on its page and in every export. A new measure with the frequency and value type you chose takes the values from now on, on the dashboard and in the grid."</p>
                <label for="continue-code">"Code of the new measure"</label>
                <input id="continue-code" type="text" prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))/>
                <label for="continue-reason">"Why it changes (kept with the closed measure)"</label>
                <textarea id="continue-reason" prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <div role="alert">
                    {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
                </div>
                <button type="button" class="primary" on:click=go>"Close this measure and start the new one"</button>
            </section>
        </Show>
    }
}

/// `code` with the first of -2, -3… that no measure has yet.
fn free_code(code: &Code) -> String {
    let store = use_store();
    store.doc.with_untracked(|d| {
        (2..)
            .map(|n| format!("{code}-{n}"))
            .find(|c| {
                Code::parse(c).is_ok_and(|c| d.as_ref().is_none_or(|d| d.measure(&c).is_none()))
            })
            .unwrap_or_default()
    })
}

/// On a measure's page: that it is closed and which measure continues it, or which closed
/// measure it continues.
#[component]
pub fn Lineage(code: Code) -> impl IntoView {
    let store = use_store();
    move || {
        store.doc.with(|d| {
            let d = d.as_ref()?;
            let m = d.measure(&code)?;
            let title = |c: &Code| {
                d.measure(c)
                    .map_or_else(|| c.to_string(), |m| format!("“{}” ({c})", m.title))
            };
            if let (Some(on), Some(next)) = (m.closed, &m.continued_as) {
                let reason = m.closing_reason.clone();
                return Some(view! {
                    <p class="notice closed-note">
                        {format!("Closed on {on}: {reason}. Its values stay as they were recorded; new values go to ")}
                        <a href=Route::Measure(next.clone()).href()>{title(next)}</a>"."
                    </p>
                }.into_any());
            }
            let earlier = d.measures.iter().find(|x| x.continued_as.as_ref() == Some(&code))?;
            let on = earlier.closed.map(|d| d.to_string()).unwrap_or_default();
            Some(view! {
                <p class="notice">
                    "Continues "
                    <a href=Route::Measure(earlier.code.clone()).href()>{title(&earlier.code)}</a>
                    {format!(", closed on {on}: {}.", earlier.closing_reason)}
                </p>
            }.into_any())
        })
    }
}

//! Saved reports: the report's name, saving it as a template on the coalition (so it syncs),
//! and the saved ones to open, run for the period after, or delete. Only administrators save
//! and delete; everyone can open and run them.

use cairn_core::report::ReportTemplate;
use leptos::prelude::*;

use crate::components::role::administers;
use crate::state::use_store;

#[component]
pub fn SavedReports(draft: RwSignal<ReportTemplate>) -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let message = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let template = draft.get_untracked();
        let result = store.change(|doc| {
            let coalition = doc.coalition.with_report(template.clone())?;
            doc.set_coalition(coalition)
        });
        message.set(Some(match result {
            Ok(()) => format!(
                "Saved “{}”: it can be run again from this list.",
                template.name
            ),
            Err(e) => e.to_string(),
        }));
    };
    let saved = move || {
        store.doc.with(|d| {
            d.as_ref()
                .map_or(Vec::new(), |d| d.coalition.reports.clone())
        })
    };
    view! {
        <section class="report-saved" aria-labelledby="report-saved-heading">
            <form on:submit=save>
                <p>
                    <label for="report-name">"Report name"</label>
                    <input id="report-name" type="text" maxlength="120"
                        prop:value=move || draft.with(|t| t.name.clone())
                        on:input=move |ev| draft.update(|t| t.name = event_target_value(&ev))/>
                </p>
                <button type="submit" hidden=move || !admin()>"Save report"</button>
                <p class="form-message" role="status">{move || message.get()}</p>
            </form>
            <h2 id="report-saved-heading">"Saved reports"</h2>
            {move || {
                let saved = saved();
                if saved.is_empty() {
                    view! { <p>"None yet. An administrator saves a report here to run it again next period."</p> }.into_any()
                } else {
                    view! {
                        <ul class="report-saved-list">
                            {saved.into_iter().map(|t| view! { <SavedReport template=t draft message/> }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn SavedReport(
    template: ReportTemplate,
    draft: RwSignal<ReportTemplate>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = use_store();
    let admin = administers();
    let later = template.later();
    let run_later = format!("Run for {}", later.period_label());
    let name = template.name.clone();
    let open = {
        let template = template.clone();
        move |_| {
            message.set(Some(format!("Opened “{}”.", template.name)));
            draft.set(template.clone());
        }
    };
    let run = {
        let later = later.clone();
        move |_| {
            message.set(Some(format!(
                "“{}” for {}: save it to keep these years.",
                later.name,
                later.period_label()
            )));
            draft.set(later.clone());
        }
    };
    let delete = {
        let name = name.clone();
        move |_| {
            let asked = format!("Delete the saved report “{name}”? Reports already printed or downloaded are not affected.");
            if !window().confirm_with_message(&asked).unwrap_or(false) {
                return;
            }
            let result = store.change(|doc| {
                let coalition = doc.coalition.without_report(&name);
                doc.set_coalition(coalition)
            });
            message.set(Some(match result {
                Ok(()) => format!("Deleted “{name}”."),
                Err(e) => e.to_string(),
            }));
        }
    };
    view! {
        <li>
            <span class="report-saved-name">{name.clone()}</span>
            <span class="report-saved-years">{template.period_label()}</span>
            <button type="button" class="quiet" on:click=open aria-label=format!("Open {name}")>"Open"</button>
            <button type="button" class="quiet" on:click=run aria-label=format!("{run_later}: {name}")>{run_later.clone()}</button>
            <button type="button" class="quiet danger" hidden=move || !admin() on:click=delete aria-label=format!("Delete {name}")>"Delete"</button>
        </li>
    }
}

//! The list of shared measures.

pub mod continued;
pub mod editor;
pub mod group_targets;
pub mod groups;
pub mod page;
pub mod regroup;

use leptos::prelude::*;

use crate::route::Route;
use crate::state::use_store;

#[component]
pub fn MeasuresPage() -> impl IntoView {
    let store = use_store();
    let rows = move || {
        store.doc.with(|doc| {
            let doc = doc.as_ref()?;
            Some(
                doc.measures
                    .iter()
                    .map(|m| {
                        let reporters = m.reporters.len();
                        view! {
                            <tr>
                                <td><code>{m.code.to_string()}</code></td>
                                <th scope="row">
                                    <a href=Route::Measure(m.code.clone()).href()>{m.title.clone()}</a>
                                    {m.key.then_some(view! { <span class="badge">"Key"</span> })}
                                    {m.closed.map(|on| view! { <span class="badge closed">{format!("Closed {on}")}</span> })}
                                </th>
                                <td>{m.value_type.label()}</td>
                                <td>{m.polarity.label()}</td>
                                <td>{m.accumulation.label()}</td>
                                <td>{m.frequency.label()}</td>
                                <td>{reporters}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>(),
            )
        })
    };
    let empty = move || {
        store
            .doc
            .with(|d| d.as_ref().is_none_or(|d| d.measures.is_empty()))
    };
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Shared measures"</h1>
                <Show when=crate::components::role::administers()>
                    <a class="button primary" href=Route::NewMeasure.href()>"New measure"</a>
                </Show>
            </div>
            <Show
                when=move || !empty()
                fallback=|| view! {
                    <p class="empty">"No shared measures yet. A few measures every partner reports the same way are the heart of shared measurement."</p>
                }
            >
                <div class="table-wrap" tabindex="0" role="region" aria-label="Measures">
                    <table class="list">
                        <thead>
                            <tr>
                                <th scope="col">"Code"</th>
                                <th scope="col">"Measure"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"Direction"</th>
                                <th scope="col">"Accumulation"</th>
                                <th scope="col">"Frequency"</th>
                                <th scope="col">"Partners"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

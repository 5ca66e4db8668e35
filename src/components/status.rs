//! The status badge: a measure's standing in a word and a symbol, so it never depends on colour
//! alone. Every text about a measure's standing comes from the core's `MeasureSummary`.

use cairn_core::status::Status;
use leptos::prelude::*;

/// The status in words with a symbol, so it never depends on colour alone.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! {
        <span class=format!("status status-{}", status.key())>
            <span class="symbol" aria-hidden="true">{status.symbol()}</span>
            " "
            <span class="word">{status.label()}</span>
        </span>
    }
}

//! How a measure's standing is put into words: the status badge and the short texts of the
//! dashboard and the measure page, all from the core's summary.

use cairn_core::measure::format_number;
use cairn_core::status::Status;
use cairn_core::summary::MeasureSummary;
use cairn_core::{Measure, ValueType};
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

pub fn trend_text(summary: &MeasureSummary) -> String {
    match (summary.value, summary.streak) {
        (None, _) => "No data yet".to_string(),
        (Some(_), 0) => "Not better than the period before".to_string(),
        (Some(_), 1) => "Better than the period before".to_string(),
        (Some(_), n) => format!("Better {n} periods in a row"),
    }
}

pub fn change_text(measure: &Measure, summary: &MeasureSummary) -> String {
    let Some(change) = summary.change else {
        return "No baseline".to_string();
    };
    let sign = if change > 0.0 { "+" } else { "" };
    let amount = format_number(change, measure.decimals);
    let unit = match measure.value_type {
        ValueType::Percent => " points",
        _ => "",
    };
    let judgement = match summary.better_than_baseline {
        Some(true) => " (better)",
        Some(false) if change != 0.0 => " (worse)",
        _ => "",
    };
    format!("{sign}{amount}{unit}{judgement}")
}

pub fn pending_text(summary: &MeasureSummary) -> Option<String> {
    summary.pending.map(|(period, reported)| {
        format!(
            "{period}: {reported} of {} partners have reported so far.",
            summary.expected
        )
    })
}

//! How many pages the report prints on: the preview is laid out at the printable width of the
//! paper (the stylesheet sizes it in millimetres, its text in points, as on paper), and its
//! units are packed into pages of the printable height the way Chromium breaks them: a unit
//! (`.unit`: the heading, a measure, a table row) that does not fit moves whole to the next
//! page unless it starts one; a heading marked `.glue` moves with the unit after it; a table
//! row that starts a page gets the table's header repeated above it. A browser test prints the
//! report to PDF and compares.

use cairn_core::report::{Paper, ReportTemplate};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// CSS pixels per millimetre (96 per inch), the unit the browser lays out and prints in.
const PX_PER_MM: f64 = 96.0 / 25.4;

/// The printed report, as the printer will get it.
#[component]
pub fn Sheet(
    article: String,
    draft: RwSignal<ReportTemplate>,
    pages: RwSignal<Option<usize>>,
    styled: RwSignal<bool>,
) -> impl IntoView {
    let sheet = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        // Counted again once the stylesheet arrives: before it, nothing is at its printed size.
        let styled = styled.get();
        if let Some(div) = sheet.get() {
            // Never a count of the article this one replaced.
            pages.set(None);
            let paper = draft.with_untracked(|t| t.paper);
            request_animation_frame(move || {
                pages.set(styled.then(|| count(&div, paper)));
            });
        }
    });
    view! { <div class="report-sheet" node_ref=sheet inner_html=article></div> }
}

/// The page count, and a warning when it passes the report's limit.
#[component]
pub fn PageCount(draft: RwSignal<ReportTemplate>, pages: RwSignal<Option<usize>>) -> impl IntoView {
    let text = move || {
        let paper = draft.with(|t| t.paper.label());
        match pages.get() {
            Some(1) => format!("Prints on 1 page of {paper}."),
            Some(n) => format!("Prints on {n} pages of {paper}."),
            None => "Counting pages…".to_string(),
        }
    };
    let over = move || {
        match (pages.get(), draft.with(|t| t.page_limit)) {
        (Some(n), Some(limit)) if n > usize::from(limit) => Some(format!(
            "That is more than the limit of {limit} pages set for this report: leave out sections or measures, or raise the limit."
        )),
        _ => None,
    }
    };
    view! {
        <div class="no-print report-pages">
            <p class="page-count" aria-live="polite">{text}</p>
            {move || over().map(|t| view! { <p class="notice warning over-limit" role="alert">{t}</p> })}
        </div>
    }
}

/// The number of pages `sheet`'s report takes on `paper`.
fn count(sheet: &Element, paper: Paper) -> usize {
    let (_, height) = paper.millimetres();
    let (top, _, bottom, _) = cairn_report::MARGINS_MM;
    let page = (height - top - bottom) * PX_PER_MM;
    // The article's top, where the first page's printable area starts (the sheet around it
    // draws the margins on screen).
    let Some(article) = sheet.first_element_child() else {
        return 1;
    };
    let origin = article.get_bounding_client_rect().top();
    let Ok(nodes) = sheet.query_selector_all(".unit, .glue") else {
        return 1;
    };
    let mut pages = 1usize;
    let mut shift = 0.0;
    let mut covered = f64::NEG_INFINITY;
    let mut glue = None;
    for i in 0..nodes.length() {
        let Some(el) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let rect = el.get_bounding_client_rect();
        let (t, b) = (rect.top() - origin, rect.bottom() - origin);
        if b <= covered + 0.5 {
            continue; // inside a unit already placed
        }
        if el.matches(".glue").unwrap_or(false) {
            glue = Some(t);
            continue;
        }
        let glued = glue.take();
        let repeat = match glued {
            None if el.tag_name() == "TR" => header_height(&el),
            _ => 0.0,
        };
        let start = glued.unwrap_or(t) + shift;
        let end = pages as f64 * page;
        if b + shift > end + 0.5 && start > end - page + 0.5 {
            shift += end - start + repeat;
            pages += 1;
        }
        while b + shift > pages as f64 * page + 0.5 {
            pages += 1;
        }
        covered = b;
    }
    pages
}

/// The height of the header of the table `row` is in, which the printer repeats on each page.
fn header_height(row: &Element) -> f64 {
    row.closest("table")
        .ok()
        .flatten()
        .and_then(|table| table.query_selector("thead").ok().flatten())
        .map_or(0.0, |head| head.get_bounding_client_rect().height())
}

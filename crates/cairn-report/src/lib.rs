//! The funder report as HTML: one `<article>` the app previews and prints, and the same
//! article as a whole, self-contained page (inline style, inline SVG charts, no script) that
//! opens anywhere. The figures are those of `cairn_core::report::report`; this crate lays them
//! out and escapes every text a member typed.
//!
//! Units the page count keeps whole carry the class `unit`; a heading that must stay with what
//! follows carries `glue` (see the app's `screens/report/pages.rs`). The stylesheet is
//! `report.css`, given to [`page`] by the caller (the app reads the copy it loaded, so the
//! first download does not carry it twice).

pub mod archive;
pub mod card;
mod html;
mod sections;

use cairn_core::report::{Report, ReportTemplate, Section};
use cairn_core::series::Series;
use cairn_core::table::Table;
use cairn_core::{Document, Measure};

pub use html::esc;

/// The page margins in millimetres (top, right, bottom, left), as `report.css` sets them.
/// The app's page count lays the preview out at the width these leave.
pub const MARGINS_MM: (f64, f64, f64, f64) = (16.0, 16.0, 18.0, 16.0);

/// The stylesheet of a report, for a caller that has no copy of its own (the server).
pub const STYLE: &str = include_str!("report.css");

/// When the report's data is from and when it was made, as the reader's clock writes them
/// ("Data as of 1 December 2026 at 16:02").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub data_as_of: String,
    pub made: String,
}

/// The report as one `<article class="report paper-…">`, in this order: the heading, missing
/// measures, the goal summary, each measure, the indicator table, activities, partners (each
/// as the template chooses).
pub fn article(
    doc: &Document,
    template: &ReportTemplate,
    report: &Report,
    stamp: &Stamp,
) -> String {
    let look = Look {
        when: format!("{} · made {}", stamp.data_as_of, stamp.made),
        table: cairn_core::table::coalition_table,
        table_says: "the coalition's values",
        wrap_table: |_, table| table.to_string(),
        narrow_charts: false,
    };
    article_with(doc, template, report, &look)
}

/// What differs between a funder report and a public report card: the line saying when, which
/// table each measure shows, and how a table is set in the page.
pub(crate) struct Look {
    /// When the data is from and when the page was made, as one line.
    pub when: String,
    /// Each measure's data table: the coalition's figures, or with each partner's too.
    pub table: fn(&Document, &Measure, &Series) -> Table,
    /// What the table's caption says it holds.
    pub table_says: &'static str,
    /// A table (its caption, and its HTML) as the page sets it.
    pub wrap_table: fn(&str, &str) -> String,
    /// Whether each chart is drawn a second time for narrow screens.
    pub narrow_charts: bool,
}

impl Look {
    /// `measure`'s data table for the report's years, captioned with what it holds, as the
    /// page sets it.
    pub(crate) fn data_table(
        &self,
        doc: &Document,
        measure: &Measure,
        series: &Series,
        template: &ReportTemplate,
    ) -> String {
        let caption = format!(
            "{}: {}, {}",
            measure.title,
            self.table_says,
            template.period_label()
        );
        let table = html::core_table(&caption, &(self.table)(doc, measure, series));
        (self.wrap_table)(&caption, &table)
    }
}

/// The article of a report in `look`.
pub(crate) fn article_with(
    doc: &Document,
    template: &ReportTemplate,
    report: &Report,
    look: &Look,
) -> String {
    let mut out = format!(
        "<article class=\"report paper-{}\">",
        template.paper.css().to_ascii_lowercase()
    );
    out.push_str(&sections::heading(doc, template, &look.when));
    if let Some(refusal) = &report.refusal {
        // Nothing else: a report that would give a hidden figure away is not shown at all.
        out.push_str(&html::text("p", "r-refused", &refusal.to_string()));
        out.push_str("</article>");
        return out;
    }
    out.push_str(&sections::missing(report));
    if template.has(Section::Goal) {
        out.push_str(&sections::goal(doc, report));
    }
    if Section::ALL
        .iter()
        .any(|s| s.per_measure() && template.has(*s))
    {
        for (row, m) in report.dashboard.rows.iter().zip(&report.measures) {
            out.push_str(&sections::measure(doc, template, row, m, look));
        }
    }
    if template.has(Section::Indicators) {
        out.push_str(&sections::indicators(doc, report));
    }
    if template.has(Section::Activities) {
        out.push_str(&sections::activities(doc, report));
    }
    if template.has(Section::Partners) {
        out.push_str(&sections::partners(doc, report));
    }
    out.push_str("</article>");
    out
}

/// The report as a whole HTML page with `style` (the text of `report.css`) inline; printed,
/// it takes the template's paper (the stylesheet's named pages).
pub fn page(
    doc: &Document,
    template: &ReportTemplate,
    report: &Report,
    stamp: &Stamp,
    style: &str,
) -> String {
    let title = format!("{} · {}", template.name, doc.coalition.name);
    whole_page(
        &title,
        "report-page",
        style,
        &article(doc, template, report, stamp),
    )
}

/// A whole HTML page titled `title` whose body (of class `body_class`) is `body`, with `style`
/// inline.
pub(crate) fn whole_page(title: &str, body_class: &str, style: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{style}</style></head>\
         <body class=\"{body_class}\">{body}</body></html>",
        esc(title)
    )
}

#[cfg(test)]
mod tests;

//! The public report card: a published report as a small folder of pages, the same files
//! whether the coalition's server serves them or an administrator puts them on any web host.
//! `index.html` is the card; `embed/<measure>.html` is one measure's chart for a partner's
//! website to frame. Every page is whole and self-contained (its stylesheet inline, its charts
//! inline SVG, no script), and every chart comes with its data table and status in words, so
//! nothing is told by colour alone or only in a picture.

use cairn_charts::{turn_the_curve, Size};
use cairn_core::publication::Publication;
use cairn_core::report::{report, ReportTemplate, Section};
use cairn_core::{Code, Document};

use crate::html::{element, esc, text};
use crate::{article_with, sections, whole_page, Look};

/// The card's own page in the folder.
pub const INDEX: &str = "index.html";

/// When the card was published and when its data is from, as the reader's clock (or the
/// server's, in UTC) writes them: "2 December 2026 at 15:20 UTC".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub published: String,
    pub data_as_of: String,
}

impl Published {
    /// When a card published at `published_at` holding values entered up to `data_as_of`
    /// (RFC 3339 times; `None` if no value is entered) says it was, each time as `write` puts
    /// it (the reader's clock in the browser, [`utc_text`] on the server).
    pub fn written(
        published_at: &str,
        data_as_of: Option<&str>,
        write: impl Fn(&str) -> String,
    ) -> Published {
        Published {
            published: write(published_at),
            data_as_of: data_as_of.map_or("no value entered yet".to_string(), &write),
        }
    }
}

/// One file of the folder: its path inside it (`index.html`, `embed/…`), its title (what a
/// frame showing it is named) and its HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardFile {
    pub path: String,
    pub title: String,
    pub html: String,
}

/// The path of `measure`'s embeddable chart inside the folder.
pub fn embed_path(measure: &Code) -> String {
    format!("embed/{}.html", cairn_core::code::slug(measure.as_str()))
}

/// The card of `publication` on `doc` as its folder: the card first, then an embeddable page
/// for each measure it charts, in the card's order. `style` is the text of `report.css`.
///
/// Refused, with nothing made, if a table by group would let a reader work out a figure it
/// hides ([`cairn_core::suppression::audit`]).
pub fn folder(
    doc: &Document,
    publication: &Publication,
    when: &Published,
    style: &str,
) -> Result<Vec<CardFile>, cairn_core::Error> {
    let shown = publication.shown();
    let run = report(doc, &shown);
    if let Some(refusal) = run.refusal.clone() {
        return Err(refusal);
    }
    let look = look(publication, when);
    let title = format!("{} · {}", shown.name, doc.coalition.name);
    let article = article_with(doc, &shown, &run, &look);
    let body = format!("<main>{article}</main>");
    let mut files = vec![CardFile {
        path: INDEX.to_string(),
        html: whole_page(&title, "report-page report-card", style, &body),
        title,
    }];
    if shown.has(Section::Chart) {
        for (row, m) in run.dashboard.rows.iter().zip(&run.measures) {
            let measure = &doc.measures[row.measure];
            let title = format!("{} · {}", measure.title, doc.coalition.name);
            files.push(CardFile {
                path: embed_path(&measure.code),
                html: embed(doc, &shown, row, m, &look, &title, style),
                title,
            });
        }
    }
    Ok(files)
}

fn look(publication: &Publication, when: &Published) -> Look {
    let (table, table_says): (fn(&_, &_, &_) -> _, _) = if publication.partner_values {
        (
            cairn_core::table::series_table,
            "the coalition's and each partner's values",
        )
    } else {
        (cairn_core::table::coalition_table, "the coalition's values")
    };
    Look {
        when: format!(
            "Published {} · data as of {}",
            when.published, when.data_as_of
        ),
        table,
        table_says,
        wrap_table: scrolling,
        narrow_charts: true,
    }
}

/// A table in a region that scrolls sideways on a narrow screen, which a keyboard can reach
/// and a screen reader names by the table's caption.
fn scrolling(caption: &str, table: &str) -> String {
    format!(
        "<div class=\"r-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">{table}</div>",
        esc(caption)
    )
}

/// The embeddable page of one measure's chart, titled `title`.
fn embed(
    doc: &Document,
    shown: &ReportTemplate,
    row: &cairn_core::dashboard::Row,
    m: &cairn_core::report::MeasureReport,
    look: &Look,
    title: &str,
    style: &str,
) -> String {
    let measure = &doc.measures[row.measure];
    let svg = turn_the_curve(doc, measure, &m.history, &row.summary, Size::FULL);
    let anchor = format!(
        "../{INDEX}#m-{}",
        cairn_core::code::slug(measure.code.as_str())
    );
    let inner = [
        text("p", "r-coalition", &doc.coalition.name),
        text("h1", "", &measure.title),
        sections::standing(&row.summary),
        element("figure", "r-chart", &svg),
        format!(
            "<details><summary>Data table</summary>{}</details>",
            look.data_table(doc, measure, &row.series, shown)
        ),
        format!(
            "<p class=\"r-as-of\">{} · <a href=\"{}\" target=\"_blank\" rel=\"noopener\">The whole report card</a></p>",
            esc(&look.when),
            esc(&anchor)
        ),
    ]
    .concat();
    let body =
        format!("<main><article class=\"report report-embed-chart\">{inner}</article></main>");
    whole_page(title, "report-page report-card report-embed", style, &body)
}

/// An RFC 3339 UTC time (`2026-12-02T15:20:07Z`) as the card says it: "2 December 2026 at
/// 15:20 UTC". Text that is not such a time is returned as it is.
pub fn utc_text(rfc3339: &str) -> String {
    match time_parts(rfc3339) {
        Some([y, m, d, h, mi, _]) if rfc3339.ends_with('Z') => format!(
            "{d} {} {y} at {h:02}:{mi:02} UTC",
            cairn_core::period::MONTH_NAMES[usize::from(m) - 1]
        ),
        _ => rfc3339.to_string(),
    }
}

/// The year, month, day, hour, minute and second an RFC 3339 time begins with
/// (`2026-12-02T15:20:07…`), each within its range; `None` if it does not.
pub(crate) fn time_parts(rfc3339: &str) -> Option<[u16; 6]> {
    let part = |range: std::ops::Range<usize>| rfc3339.get(range)?.parse::<u16>().ok();
    let parts = [
        part(0..4)?,
        part(5..7)?,
        part(8..10)?,
        part(11..13)?,
        part(14..16)?,
        part(17..19)?,
    ];
    let [_, month, day, hour, minute, second] = parts;
    let fits = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    fits.then_some(parts)
}

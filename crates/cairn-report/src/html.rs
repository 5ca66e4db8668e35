//! Small builders for the report's HTML. Every text from a document goes through [`esc`].

use cairn_core::table::Table;

pub use cairn_charts::escape as esc;

/// `<tag class="class">inner</tag>`, with `inner` already HTML.
pub fn element(tag: &str, class: &str, inner: &str) -> String {
    if class.is_empty() {
        format!("<{tag}>{inner}</{tag}>")
    } else {
        format!("<{tag} class=\"{class}\">{inner}</{tag}>")
    }
}

/// `<tag class="class">text</tag>`, with `text` escaped.
pub fn text(tag: &str, class: &str, text: &str) -> String {
    element(tag, class, &esc(text))
}

/// A table with a caption, a header row and rows of cells given as text. Numeric columns
/// (`numeric[i]`) are right-aligned. Each body row is a unit the page count keeps whole.
pub fn table(caption: &str, headers: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let class = |i: usize| {
        if numeric.get(i) == Some(&true) {
            " class=\"r-n\""
        } else {
            ""
        }
    };
    let mut out = format!("<table><caption>{}</caption><thead><tr>", esc(caption));
    for (i, h) in headers.iter().enumerate() {
        out.push_str(&format!("<th scope=\"col\"{}>{}</th>", class(i), esc(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr class=\"unit\">");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            out.push_str(&format!("<{tag}{}>{}</{close}>", class(i), esc(cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// A core table (see `cairn_core::table`) as HTML: numbers as the page prints them.
pub fn core_table(caption: &str, table: &Table) -> String {
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect();
    let numeric: Vec<bool> = (0..table.headers.len())
        .map(|i| table.rows.iter().any(|r| r[i].number.is_some()) && i > 1)
        .collect();
    self::table(caption, &table.headers, &rows, &numeric)
}

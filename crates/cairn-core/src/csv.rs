//! CSV as spreadsheet programs write and read it: reading with any common separator, quotes and
//! a byte-order mark, and writing fields that open cleanly and safely.

/// A CSV file read into records, each with the line number it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Records {
    pub separator: char,
    /// The records in file order: (line number of the record's first line, fields).
    pub rows: Vec<(usize, Vec<String>)>,
    /// Lines whose quoted field is never closed. Each is skipped, and reading goes on at the
    /// next line, so one stray quote costs one line, not the rest of the file.
    pub unclosed: Vec<usize>,
}

/// A CSV file that cannot be read at all.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("The file is empty.")]
    Empty,
}

/// Returns the separator of a CSV text: whichever of comma, semicolon and tab appears most often
/// outside quotes in its first line (comma when none does).
pub fn detect_separator(text: &str) -> char {
    let first_line = text.lines().next().unwrap_or("");
    let mut counts = [(',', 0), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in first_line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in &mut counts {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .copied()
        .max_by_key(|&(sep, n)| (n, sep == ','))
        .map_or(',', |(sep, _)| sep)
}

/// Reads CSV text: strips a UTF-8 byte-order mark, detects the separator, honours quoted
/// fields (with `""` for a quote, and line breaks inside quotes), accepts LF and CRLF line ends,
/// and skips lines that are entirely empty. A quote opening a field is a quoting quote; a quote
/// inside a field is kept as text. Never panics, whatever the input.
pub fn read(text: &str) -> Result<Records, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let separator = detect_separator(text);
    let mut records = Records {
        separator,
        rows: Vec::new(),
        unclosed: Vec::new(),
    };
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        match read_record(rest, separator) {
            Ok((fields, consumed, lines)) => {
                if !(fields.len() == 1 && fields[0].trim().is_empty()) {
                    records.rows.push((line, fields));
                }
                rest = &rest[consumed..];
                line += lines;
            }
            Err(()) => {
                records.unclosed.push(line);
                let next = rest.find('\n').map_or(rest.len(), |i| i + 1);
                rest = &rest[next..];
                line += 1;
            }
        }
    }
    if records.rows.is_empty() && records.unclosed.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(records)
}

/// The most lines one quoted field may span.
const MAX_QUOTED_LINES: usize = 50;

/// Reads one record from the start of `text`. Returns its fields, the bytes it used (with its
/// line end) and the lines it spans; `Err` if a quoted field is still open at the end of text.
fn read_record(text: &str, separator: char) -> Result<(Vec<String>, usize, usize), ()> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_field_start = true;
    let mut lines = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek().map(|&(_, c)| c) == Some('"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    lines += 1;
                    // A quoted field this long is a stray quote, not a note: give up early so
                    // that many stray quotes cannot make reading slow.
                    if lines > MAX_QUOTED_LINES {
                        return Err(());
                    }
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek().map(|&(_, c)| c) == Some('\n') => {}
            '\n' | '\r' => {
                fields.push(field);
                return Ok((fields, i + 1, lines));
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(());
    }
    fields.push(field);
    Ok((fields, text.len(), lines))
}

/// Returns `text` as one CSV field: quoted when it holds a comma, quote or line break, and
/// neutralised with a leading apostrophe when it starts like a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return), so a spreadsheet shows it as text instead of running it. Text that
/// starts with an apostrophe gets one more, so [`text_cell`] can undo exactly this.
pub fn text_field(text: &str) -> String {
    // A leading apostrophe is escaped the same way, so that reading back is exact.
    if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        shown_field(&format!("'{text}"))
    } else {
        shown_field(text)
    }
}

/// Returns a number Cairn formatted for reading ("-1,234.5", "48.1%", "12 per 1,000") as one
/// CSV field: quoted when it holds a comma, never neutralised, since a minus sign there starts
/// a number, not a formula. Only for text made by `Measure::format_value` and the like, never
/// for text a member typed.
pub fn shown_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Returns a text cell as it was before [`text_field`] neutralised it: without the apostrophe
/// put before a leading `=`, `+`, `-`, `@`, tab, carriage return or apostrophe.
pub fn text_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// Returns a number as a CSV field, in full precision and without thousands separators.
pub fn number_field(value: f64) -> String {
    value.to_string()
}

/// Returns one CSV record, fields joined by commas and ended by CRLF (RFC 4180).
pub fn record<I: IntoIterator<Item = String>>(fields: I) -> String {
    let mut line = fields.into_iter().collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_a_bom_semicolons_and_quotes_is_read() {
        let r = read("\u{feff}a;b\r\n\"x;1\";\"say \"\"hi\"\"\"\r\n").unwrap();
        assert_eq!(r.separator, ';');
        assert_eq!(r.rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(
            r.rows[1],
            (2, vec!["x;1".to_string(), "say \"hi\"".to_string()])
        );
    }

    #[test]
    fn tabs_are_detected_and_empty_lines_skipped_with_line_numbers_kept() {
        let r = read("a\tb\n\n1\t2\n").unwrap();
        assert_eq!(r.separator, '\t');
        assert_eq!(r.rows[1], (3, vec!["1".to_string(), "2".to_string()]));
    }

    #[test]
    fn a_line_break_inside_quotes_stays_in_the_field() {
        let r = read("a,b\n\"two\nlines\",x\ny,z").unwrap();
        assert_eq!(r.rows[1].1[0], "two\nlines");
        assert_eq!(r.rows[2].0, 4);
    }

    #[test]
    fn an_unclosed_quote_costs_only_its_own_line() {
        let r = read("a,b\n1,\"oops\n2,3\n").unwrap();
        assert_eq!(r.unclosed, vec![2]);
        assert_eq!(
            r.rows,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["2".into(), "3".into()])
            ]
        );
        assert_eq!(read("  \n"), Err(ReadError::Empty));
    }

    #[test]
    fn a_quote_inside_a_field_is_text() {
        let r = read("a,b\n12\",x\n").unwrap();
        assert_eq!(r.rows[1].1, vec!["12\"".to_string(), "x".to_string()]);
    }

    #[test]
    fn plain_text_is_left_as_it_is() {
        assert_eq!(text_field("Riverside Library"), "Riverside Library");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(text_field("a, b"), "\"a, b\"");
        assert_eq!(text_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn text_that_looks_like_a_formula_is_neutralised() {
        assert_eq!(
            text_field("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(text_field("+1"), "'+1");
        assert_eq!(text_field("-2"), "'-2");
        assert_eq!(text_field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn a_neutralised_cell_reads_back_as_typed() {
        for text in ["=1+1", "+1", "-2", "@x", "'quoted", "'\r", "'", "plain"] {
            let field = text_field(text);
            let cell = read(&format!("h\n{field}\n")).unwrap().rows[1].1[0].clone();
            assert_eq!(text_cell(&cell), text);
        }
    }

    #[test]
    fn a_record_ends_with_crlf() {
        assert_eq!(record(["a".into(), number_field(-1.5)]), "a,-1.5\r\n");
    }
}

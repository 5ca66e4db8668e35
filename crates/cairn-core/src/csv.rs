//! Writing CSV that spreadsheet programs open cleanly.

/// Returns `text` as one CSV field: quoted when it holds a comma, quote or line break, and
/// neutralised with a leading apostrophe when it starts like a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return), so a spreadsheet shows it as text instead of running it.
pub fn text_field(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
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
    fn a_record_ends_with_crlf() {
        assert_eq!(record(["a".into(), number_field(-1.5)]), "a,-1.5\r\n");
    }
}

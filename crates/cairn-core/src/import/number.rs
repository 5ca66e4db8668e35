//! Reading numbers the way spreadsheets write them.

use crate::entry::parse_number;
use crate::Error;

/// Which mark separates decimals: `1,234.5` or `1.234,5`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DecimalMark {
    #[default]
    Point,
    Comma,
}

/// A number read from a cell, and whether it was written as a percent (`41%`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Read {
    pub value: f64,
    pub percent: bool,
}

/// Reads a cell as a number: spaces (also non-breaking) between digit groups are ignored,
/// thousands separators are the other mark than `mark`, and a trailing `%` is noted.
///
/// Returns `Ok(None)` if and only if the cell is blank.
pub fn parse_cell_number(text: &str, mark: DecimalMark) -> Result<Option<Read>, Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let (body, percent) = match trimmed.strip_suffix('%') {
        Some(body) => (body.trim_end(), true),
        None => (trimmed, false),
    };
    let compact: String = body
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let normal = match mark {
        DecimalMark::Point => compact,
        // Swap the marks so that the one grammar for `1,234.5` reads `1.234,5` too.
        DecimalMark::Comma => compact
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    };
    let value = parse_number(&normal).map_err(|_| Error::NotANumber {
        text: trimmed.to_string(),
    })?;
    Ok(Some(Read { value, percent }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str, mark: DecimalMark) -> Option<f64> {
        parse_cell_number(text, mark)
            .ok()
            .flatten()
            .map(|r| r.value)
    }

    #[test]
    fn both_decimal_marks_and_grouping_spaces_are_read() {
        assert_eq!(n("1,234.5", DecimalMark::Point), Some(1234.5));
        assert_eq!(n("1.234,5", DecimalMark::Comma), Some(1234.5));
        assert_eq!(n("1 234,5", DecimalMark::Comma), Some(1234.5));
        assert_eq!(n("12\u{a0}000", DecimalMark::Point), Some(12000.0));
        assert_eq!(n("0,5", DecimalMark::Comma), Some(0.5));
    }

    #[test]
    fn a_percent_sign_is_noted() {
        assert_eq!(
            parse_cell_number("41 %", DecimalMark::Point),
            Ok(Some(Read {
                value: 41.0,
                percent: true
            }))
        );
    }

    #[test]
    fn a_blank_cell_is_no_number_and_text_is_an_error() {
        assert_eq!(parse_cell_number("  ", DecimalMark::Point), Ok(None));
        assert_eq!(
            parse_cell_number("twelve", DecimalMark::Point),
            Err(Error::NotANumber {
                text: "twelve".into()
            })
        );
        assert!(parse_cell_number("1,5", DecimalMark::Point).is_err());
    }
}

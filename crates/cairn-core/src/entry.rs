//! Reading what a member types into a cell of the entry grid.

use crate::{Error, Value, ValueType};

/// Reads the text typed for a measure of `value_type`.
///
/// Returns `Ok(None)` if and only if the text is blank (the member cleared the cell). Numbers
/// may carry thousands separators (`1,200`). Percents are typed as numerator and denominator,
/// `412/1000` or `412 of 1000`. The value is validated as [`Value::validate`] does.
pub fn parse_entry(text: &str, value_type: ValueType) -> Result<Option<Value>, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let lower = text.to_ascii_lowercase();
    let split = match text.split_once('/') {
        Some(parts) => Some(parts),
        None => lower.find(" of ").map(|at| (&text[..at], &text[at + 4..])),
    };
    let value = match split {
        Some((numerator, denominator)) => Value::Ratio {
            numerator: parse_number(numerator)?,
            denominator: parse_number(denominator)?,
        },
        None if value_type == ValueType::Percent => {
            // Still say whether the text was a number at all, which is the bigger problem.
            parse_number(text.trim_end_matches('%'))?;
            return Err(Error::PercentNeedsRatio);
        }
        None => Value::Number(parse_number(text)?),
    };
    if value_type == ValueType::Count {
        if let Value::Number(n) = value {
            if n.fract() != 0.0 {
                return Err(Error::NotWholeNumber {
                    text: text.to_string(),
                });
            }
        }
    }
    value.validate(value_type)?;
    Ok(Some(value))
}

/// Reads a plain decimal number such as `1,234.5` or `-3`.
///
/// Returns the number if and only if the text is an optional minus sign, digits (grouped by
/// commas in threes, or not at all) and an optional decimal part.
pub fn parse_number(text: &str) -> Result<f64, Error> {
    let text = text.trim();
    let not_a_number = || Error::NotANumber {
        text: text.to_string(),
    };
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !grouped_well
        || !groups.iter().all(|g| digits(g))
        || fraction.is_some_and(|f| f.is_empty() || !digits(f))
    {
        return Err(not_a_number());
    }
    let plain: String = text.chars().filter(|&c| c != ',').collect();
    plain.parse::<f64>().map_err(|_| not_a_number())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_cell_means_no_value() {
        assert_eq!(parse_entry("  ", ValueType::Count), Ok(None));
    }

    #[test]
    fn numbers_may_have_thousands_separators() {
        assert_eq!(
            parse_entry("1,200", ValueType::Count),
            Ok(Some(Value::Number(1200.0)))
        );
        assert_eq!(parse_number("-1,234.5"), Ok(-1234.5));
        assert_eq!(parse_number("0.25"), Ok(0.25));
    }

    #[test]
    fn text_that_is_not_a_number_says_so() {
        for bad in [
            "abc",
            "1,2",
            "12,34,567",
            "1.",
            ".5",
            "1e3",
            "NaN",
            "inf",
            "--1",
            ",100",
        ] {
            assert!(
                matches!(parse_number(bad), Err(Error::NotANumber { .. })),
                "{bad}"
            );
        }
        assert_eq!(
            parse_entry("twelve", ValueType::Count)
                .unwrap_err()
                .to_string(),
            "“twelve” is not a number."
        );
    }

    #[test]
    fn a_percent_is_typed_as_numerator_and_denominator() {
        let expected = Some(Value::Ratio {
            numerator: 412.0,
            denominator: 1000.0,
        });
        assert_eq!(parse_entry("412/1,000", ValueType::Percent), Ok(expected));
        assert_eq!(parse_entry("412 of 1000", ValueType::Percent), Ok(expected));
    }

    #[test]
    fn a_bare_percent_asks_for_numerator_and_denominator() {
        assert_eq!(
            parse_entry("41%", ValueType::Percent),
            Err(Error::PercentNeedsRatio)
        );
    }

    #[test]
    fn a_percent_with_a_zero_denominator_is_explained() {
        assert_eq!(
            parse_entry("0/0", ValueType::Percent),
            Err(Error::ZeroDenominator)
        );
    }

    #[test]
    fn a_fractional_count_is_refused_with_what_was_typed() {
        assert_eq!(
            parse_entry("2.5", ValueType::Count),
            Err(Error::NotWholeNumber { text: "2.5".into() })
        );
    }

    #[test]
    fn a_ratio_for_a_count_is_refused() {
        assert_eq!(
            parse_entry("1/2", ValueType::Count),
            Err(Error::RatioNotAllowed)
        );
    }
}

//! Reading what a member types into a cell of the entry grid.

use crate::{Error, Measure, Value, ValueType};

/// Reads the text typed for a cell of `measure`.
///
/// Returns `Ok(None)` if and only if the text is blank (the member cleared the cell). Numbers
/// may carry thousands separators (`1,200`). Percents and rates are typed as numerator and
/// denominator, `412/1000` or `412 of 1000`; a mean with its weight as `14.2@30` or
/// `14.2 for 30`. The value is validated as [`Value::validate`] does.
pub fn parse_entry(text: &str, measure: &Measure) -> Result<Option<Value>, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let lower = text.to_ascii_lowercase();
    let split = |sign: char, word: &str| match text.split_once(sign) {
        Some(parts) => Some(parts),
        None => lower
            .find(word)
            .map(|at| (&text[..at], &text[at + word.len()..])),
    };
    let value = if let Some((numerator, denominator)) = split('/', " of ") {
        Value::Ratio {
            numerator: parse_number(numerator)?,
            denominator: parse_number(denominator)?,
        }
    } else if let Some((mean, weight)) = split('@', " for ") {
        Value::Weighted {
            mean: parse_number(mean)?,
            weight: parse_number(weight)?,
        }
    } else {
        // Still say whether the text was a number at all, which is the bigger problem.
        let number = parse_number(text.trim_end_matches('%'))?;
        if measure.value_type != ValueType::Percent {
            parse_number(text)?;
        }
        Value::Number(number)
    };
    if measure.value_type == ValueType::Count {
        if let Value::Number(n) = value {
            if n.fract() != 0.0 {
                return Err(Error::NotWholeNumber {
                    text: text.to_string(),
                });
            }
        }
    }
    value.validate(measure)?;
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
    use crate::measure::tests::measure;
    use crate::Rollup;

    fn of(value_type: ValueType) -> Measure {
        let rollup = match value_type {
            ValueType::Percent | ValueType::Rate => Rollup::RatioOfSums,
            ValueType::Average => Rollup::Mean,
            _ => Rollup::Sum,
        };
        measure(value_type, rollup)
    }

    #[test]
    fn a_blank_cell_means_no_value() {
        assert_eq!(parse_entry("  ", &of(ValueType::Count)), Ok(None));
    }

    #[test]
    fn numbers_may_have_thousands_separators() {
        assert_eq!(
            parse_entry("1,200", &of(ValueType::Count)),
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
            parse_entry("twelve", &of(ValueType::Count))
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
        assert_eq!(
            parse_entry("412/1,000", &of(ValueType::Percent)),
            Ok(expected)
        );
        assert_eq!(
            parse_entry("412 of 1000", &of(ValueType::Percent)),
            Ok(expected)
        );
    }

    #[test]
    fn a_bare_percent_asks_for_numerator_and_denominator() {
        assert_eq!(
            parse_entry("41%", &of(ValueType::Percent)),
            Err(Error::PercentNeedsRatio)
        );
    }

    #[test]
    fn a_percent_with_a_zero_denominator_is_explained() {
        assert_eq!(
            parse_entry("0/0", &of(ValueType::Percent)),
            Err(Error::ZeroDenominator)
        );
    }

    #[test]
    fn a_fractional_count_is_refused_with_what_was_typed() {
        assert_eq!(
            parse_entry("2.5", &of(ValueType::Count)),
            Err(Error::NotWholeNumber { text: "2.5".into() })
        );
    }

    #[test]
    fn a_ratio_for_a_count_is_refused() {
        assert_eq!(
            parse_entry("1/2", &of(ValueType::Count)),
            Err(Error::RatioNotAllowed)
        );
    }

    #[test]
    fn a_weighted_mean_is_typed_as_mean_at_weight() {
        let m = measure(ValueType::Average, Rollup::WeightedMean);
        let expected = Some(Value::Weighted {
            mean: 14.2,
            weight: 30.0,
        });
        assert_eq!(parse_entry("14.2@30", &m), Ok(expected));
        assert_eq!(parse_entry("14.2 for 30", &m), Ok(expected));
        assert_eq!(parse_entry("14.2", &m), Err(Error::WeightNeeded));
    }

    #[test]
    fn a_rate_is_typed_as_count_over_population() {
        assert_eq!(
            parse_entry("3/1,200", &of(ValueType::Rate)),
            Ok(Some(Value::Ratio {
                numerator: 3.0,
                denominator: 1200.0
            }))
        );
        assert_eq!(
            parse_entry("2.5", &of(ValueType::Rate)),
            Err(Error::RateNeedsRatio)
        );
    }
}

//! How partnerships deepen over time: how many partners stand at each level on given dates.

use crate::{Date, Document, PartnershipLevel};

/// For each date, how many partners stood at each level of the ladder (in the ladder's order).
pub fn levels_over_time(document: &Document, dates: &[Date]) -> Vec<[usize; 7]> {
    dates
        .iter()
        .map(|&date| {
            let mut counts = [0; 7];
            for partner in &document.partners {
                let level = partner.level_on(date);
                let i = PartnershipLevel::ALL
                    .iter()
                    .position(|l| *l == level)
                    .expect("every level is on the ladder");
                counts[i] += 1;
            }
            counts
        })
        .collect()
}

/// The last day of each fiscal year from `first` to `last` (inclusive), for charts over years.
pub fn fiscal_year_ends(document: &Document, first: i32, last: i32) -> Vec<Date> {
    let start = document.coalition.fiscal_year_start;
    (first..=last)
        .filter_map(|fy| Date::last_of(start.first_month_of(fy).plus(11)).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn the_sample_partnerships_deepen_year_by_year() {
        let doc = sample::coalition();
        let dates = fiscal_year_ends(&doc, 2024, 2026);
        assert_eq!(dates[0].to_string(), "2024-06-30");
        let counts = levels_over_time(&doc, &dates);
        assert!(counts
            .iter()
            .all(|c| c.iter().sum::<usize>() == doc.partners.len()));
        // The art museum starts at networking and has moved up by FY2026.
        assert_eq!(counts[0][0], 1);
        assert_eq!(counts[2][0], 0);
    }
}

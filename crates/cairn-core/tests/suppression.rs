//! Small-cell suppression against a deliberately simple oracle: a hidden cell can be worked out
//! from a table exactly when no way of moving amounts between hidden cells keeps every sum and
//! changes it. The oracle tries every such move of -1, 0 or +1 per hidden cell, which is enough
//! for tables whose sums have coefficients of 1 (their smallest moves are of that form).

use cairn_core::suppression::{audit, one_way, recoverable, suppress, two_way, Hidden, Mask, Sum};
use proptest::prelude::*;

/// The hidden cells no move of -1, 0 or +1 per hidden cell can change while keeping every sum.
fn oracle_recoverable(cells: usize, sums: &[Sum], mask: &Mask) -> Vec<usize> {
    let hidden: Vec<usize> = (0..cells).filter(|&i| mask[i].is_some()).collect();
    let mut movable = vec![false; hidden.len()];
    let mut moves = vec![-1i64; hidden.len()];
    let total = 3usize.pow(hidden.len() as u32);
    for n in 0..total {
        let mut k = n;
        for m in moves.iter_mut() {
            *m = (k % 3) as i64 - 1;
            k /= 3;
        }
        let moved = |cell: usize| {
            hidden
                .iter()
                .position(|&h| h == cell)
                .map_or(0, |i| moves[i])
        };
        let keeps = sums
            .iter()
            .all(|s| moved(s.total) == s.parts.iter().map(|&p| moved(p)).sum::<i64>());
        if keeps {
            for (i, &m) in moves.iter().enumerate() {
                movable[i] |= m != 0;
            }
        }
    }
    hidden
        .iter()
        .zip(movable)
        .filter(|(_, m)| !m)
        .map(|(&h, _)| h)
        .collect()
}

/// A one-way table of counts: categories, then their total.
fn one_way_table() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<Sum>)> {
    prop::collection::vec(prop_oneof![0u32..4, 0u32..15, 0u32..200], 2..7).prop_map(|parts| {
        let total: u32 = parts.iter().sum();
        let counts = parts
            .iter()
            .chain(std::iter::once(&total))
            .map(|&n| vec![f64::from(n)])
            .collect();
        (counts, one_way(parts.len()))
    })
}

/// A two-way table: inner cells row-major, row totals, column totals, the grand total. Up to
/// 3 × 3 so the oracle stays quick.
fn two_way_table() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<Sum>)> {
    (2usize..4, 2usize..4).prop_flat_map(|(rows, columns)| {
        prop::collection::vec(prop_oneof![0u32..4, 0u32..15, 0u32..120], rows * columns).prop_map(
            move |inner| {
                let at = |r: usize, c: usize| inner[r * columns + c];
                let row_totals: Vec<u32> = (0..rows)
                    .map(|r| (0..columns).map(|c| at(r, c)).sum())
                    .collect();
                let column_totals: Vec<u32> = (0..columns)
                    .map(|c| (0..rows).map(|r| at(r, c)).sum())
                    .collect();
                let grand: u32 = row_totals.iter().sum();
                let counts = inner
                    .iter()
                    .chain(&row_totals)
                    .chain(&column_totals)
                    .chain(std::iter::once(&grand))
                    .map(|&n| vec![f64::from(n)])
                    .collect();
                (counts, two_way(rows, columns))
            },
        )
    })
}

fn check(counts: &[Vec<f64>], sums: &[Sum], threshold: u32) -> Result<(), TestCaseError> {
    let mask = suppress(counts, sums, threshold);
    for (cell, (c, m)) in counts.iter().zip(&mask).enumerate() {
        let small = c.iter().any(|&n| n >= 1.0 && n <= f64::from(threshold));
        prop_assert!(
            !small || *m == Some(Hidden::Small),
            "cell {cell} is small but shown"
        );
        prop_assert!(
            small || *m != Some(Hidden::Small),
            "cell {cell} marked small but is not"
        );
    }
    prop_assert!(audit(sums, &mask).is_ok());
    if mask.iter().filter(|m| m.is_some()).count() <= 9 {
        prop_assert_eq!(
            oracle_recoverable(counts.len(), sums, &mask),
            Vec::<usize>::new()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_published_cell_of_a_one_way_table_is_small_and_no_hidden_cell_can_be_worked_out(
        (counts, sums) in one_way_table(),
        threshold in 0u32..15,
    ) {
        check(&counts, &sums, threshold)?;
    }

    #[test]
    fn no_published_cell_of_a_crossed_table_is_small_and_no_hidden_cell_can_be_worked_out(
        (counts, sums) in two_way_table(),
        threshold in 0u32..15,
    ) {
        check(&counts, &sums, threshold)?;
    }

    #[test]
    fn the_audit_finds_exactly_the_cells_the_oracle_can_work_out(
        (counts, sums) in two_way_table(),
        hide in prop::collection::vec(any::<bool>(), 16),
    ) {
        let mask: Mask = (0..counts.len())
            .map(|i| hide[i % hide.len()].then_some(Hidden::Small))
            .collect();
        prop_assume!(mask.iter().filter(|m| m.is_some()).count() <= 9);
        prop_assert_eq!(recoverable(&sums, &mask), oracle_recoverable(counts.len(), &sums, &mask));
    }
}

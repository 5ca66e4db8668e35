//! Small-cell suppression: hiding, wherever figures leave the coalition, every figure that
//! rests on so few people that one of them could be recognised, and the further figures that
//! would give a hidden one back.
//!
//! A published table is a list of cells, each with the counts behind it (a count; or a
//! percent's numerator, denominator and those not counted; or a mean's weight), and the sums
//! that tie them together (the categories of an exhaustive breakdown add up to the total). The
//! rules, with a worked example, are in `docs/numbers.md` ("Small cells"):
//!
//! 1. **Primary:** a cell is hidden if any count behind it is from 1 to the threshold. Zero may
//!    be shown: nobody is recognised in an empty group.
//! 2. **Complementary:** a hidden cell must not be recomputable from what is published. Cairn
//!    hides further cells, a few as it can (the smallest first, totals last), until
//!    [`audit`] finds no hidden cell that the published cells and the sums determine.
//! 3. **Audit:** [`audit`] checks the output itself, by linear algebra over the sums, so a
//!    publication is refused ([`crate::Error::RecoverableCell`]) if it would let anyone solve
//!    for a hidden cell, whatever made it.
//!
//! Suppression never changes a published figure: it only hides.

use crate::Error;

/// Why a cell is hidden, as the footnote says it. Codes follow the SDMX confidentiality
/// status list: `C` for a cell hidden for itself, `D` for one hidden so that another cannot be
/// recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hidden {
    Small,
    Complementary,
}

impl Hidden {
    /// The mark printed in the cell.
    pub fn code(self) -> &'static str {
        match self {
            Hidden::Small => "C",
            Hidden::Complementary => "D",
        }
    }

    /// The footnote for the mark, with the coalition's threshold.
    pub fn footnote(self, threshold: u32) -> String {
        match self {
            Hidden::Small => format!(
                "C: fewer than {}; hidden to protect privacy.",
                threshold + 1
            ),
            Hidden::Complementary => {
                "D: hidden so that a hidden figure cannot be worked out from the others.".into()
            }
        }
    }
}

/// One sum a published table holds: the cell at `total` is the sum of the cells at `parts`
/// (for percents: its numerator and denominator are the sums of theirs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Which cells of a table are hidden, and why: one entry per cell, `None` for a published one.
pub type Mask = Vec<Option<Hidden>>;

/// Whether a count is small: from 1 to `threshold`. A threshold of 0 hides nothing.
pub fn is_small(count: f64, threshold: u32) -> bool {
    count >= 1.0 && count <= f64::from(threshold)
}

/// The cells to hide in a table of `counts` (the counts behind each cell) tied by `sums`, for
/// a `threshold`: every cell with a small count behind it ([`is_small`]), and further cells,
/// one at a time, until [`audit`] passes. Each further cell is the one whose hiding leaves the
/// fewest hidden cells recoverable; among equals, one sharing a sum with a recoverable cell,
/// not a total, with the smallest count. Finding the fewest cells for certain is a hard
/// problem in general; this greedy rule finds them for one-way tables and stays close for
/// crossed ones.
pub fn suppress(counts: &[Vec<f64>], sums: &[Sum], threshold: u32) -> Mask {
    let mut mask: Mask = counts
        .iter()
        .map(|c| {
            c.iter()
                .any(|&n| is_small(n, threshold))
                .then_some(Hidden::Small)
        })
        .collect();
    let is_total = |i: usize| sums.iter().any(|s| s.total == i);
    let size = |i: usize| counts[i].iter().copied().fold(0.0, f64::max);
    // Every round hides one more cell, and a table with every cell hidden gives nothing away,
    // so this ends after at most one round per cell.
    while let Some(&exposed) = recoverable(sums, &mask).first() {
        let shares_sum = |i: usize| {
            sums.iter().any(|s| {
                let has = |c: usize| s.total == c || s.parts.contains(&c);
                has(i) && has(exposed)
            })
        };
        // The published cell whose hiding leaves the fewest cells recoverable; among those,
        // one beside the exposed cell, not a total, the smallest.
        let choice = (0..mask.len())
            .filter(|&i| mask[i].is_none())
            .map(|c| {
                let mut trial = mask.clone();
                trial[c] = Some(Hidden::Complementary);
                let left = recoverable(sums, &trial).len();
                (left, !shares_sum(c), is_total(c), size(c), c)
            })
            .min_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let Some((.., choice)) = choice else {
            break;
        };
        mask[choice] = Some(Hidden::Complementary);
    }
    mask
}

/// Returns `Ok` if and only if no hidden cell of a table tied by `sums` can be recomputed from
/// its published cells; otherwise the error names how many can.
pub fn audit(sums: &[Sum], mask: &Mask) -> Result<(), Error> {
    match recoverable(sums, mask).len() {
        0 => Ok(()),
        cells => Err(Error::RecoverableCell { cells }),
    }
}

/// The hidden cells that the published cells and the sums determine, in cell order.
///
/// Each sum is a linear equation over the cells. With the published cells known, the hidden
/// cells satisfy `A x = b`, and a hidden cell is determined exactly when its unit vector lies
/// in the row space of `A`: in the reduced row echelon form, a row whose only entry is that
/// cell's. Worked in exact integers (entries stay small: sums have coefficients of 1).
pub fn recoverable(sums: &[Sum], mask: &Mask) -> Vec<usize> {
    let hidden: Vec<usize> = (0..mask.len()).filter(|&i| mask[i].is_some()).collect();
    if hidden.is_empty() {
        return Vec::new();
    }
    let column = |cell: usize| hidden.iter().position(|&h| h == cell);
    let mut rows: Vec<Vec<i64>> = sums
        .iter()
        .map(|s| {
            let mut row = vec![0i64; hidden.len()];
            if let Some(c) = column(s.total) {
                row[c] += 1;
            }
            for &p in &s.parts {
                if let Some(c) = column(p) {
                    row[c] -= 1;
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&x| x != 0))
        .collect();
    reduce(&mut rows, hidden.len());
    hidden
        .iter()
        .enumerate()
        .filter(|&(c, _)| {
            rows.iter()
                .any(|row| row[c] != 0 && row.iter().enumerate().all(|(k, &x)| k == c || x == 0))
        })
        .map(|(_, &cell)| cell)
        .collect()
}

/// Brings `rows` to reduced row echelon form over the integers (each row divided by the
/// greatest common divisor of its entries, so they stay small).
fn reduce(rows: &mut Vec<Vec<i64>>, columns: usize) {
    let mut pivot_row = 0;
    for c in 0..columns {
        let Some(found) = (pivot_row..rows.len()).find(|&r| rows[r][c] != 0) else {
            continue;
        };
        rows.swap(pivot_row, found);
        let pivot = rows[pivot_row].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r == pivot_row || row[c] == 0 {
                continue;
            }
            let (a, b) = (pivot[c], row[c]);
            for k in 0..columns {
                row[k] = row[k] * a - pivot[k] * b;
            }
            normalise(row);
        }
        pivot_row += 1;
        if pivot_row == rows.len() {
            break;
        }
    }
    rows.retain(|row| row.iter().any(|&x| x != 0));
}

fn normalise(row: &mut [i64]) {
    let g = row.iter().fold(0i64, |g, &x| gcd(g, x.abs()));
    if g > 1 {
        for x in row.iter_mut() {
            *x /= g;
        }
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The sums of a one-way table: categories `0..n` add up to the total at `n`.
pub fn one_way(categories: usize) -> Vec<Sum> {
    vec![Sum {
        total: categories,
        parts: (0..categories).collect(),
    }]
}

/// The sums of a two-way table of `rows` × `columns` inner cells (row-major, at `r * columns +
/// c`), then the row totals, the column totals and the grand total, in that order.
pub fn two_way(rows: usize, columns: usize) -> Vec<Sum> {
    let inner = rows * columns;
    let row_total = |r: usize| inner + r;
    let column_total = |c: usize| inner + rows + c;
    let grand = inner + rows + columns;
    let mut sums: Vec<Sum> = (0..rows)
        .map(|r| Sum {
            total: row_total(r),
            parts: (0..columns).map(|c| r * columns + c).collect(),
        })
        .collect();
    sums.extend((0..columns).map(|c| Sum {
        total: column_total(c),
        parts: (0..rows).map(|r| r * columns + c).collect(),
    }));
    sums.push(Sum {
        total: grand,
        parts: (0..rows).map(row_total).collect(),
    });
    sums.push(Sum {
        total: grand,
        parts: (0..columns).map(column_total).collect(),
    });
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(values: &[f64]) -> Vec<Vec<f64>> {
        values.iter().map(|&v| vec![v]).collect()
    }

    #[test]
    fn one_small_category_beside_a_published_total_takes_the_next_smallest_with_it() {
        // North 40, Central 55, South 30, Hills 4; total 129.
        let table = counts(&[40.0, 55.0, 30.0, 4.0, 129.0]);
        let sums = one_way(4);
        let mask = suppress(&table, &sums, 10);
        assert_eq!(
            mask,
            vec![
                None,
                None,
                Some(Hidden::Complementary),
                Some(Hidden::Small),
                None
            ]
        );
        assert!(audit(&sums, &mask).is_ok());
    }

    #[test]
    fn a_lone_hidden_cell_is_found_by_the_audit() {
        let sums = one_way(3);
        let mask = vec![None, Some(Hidden::Small), None, None];
        assert_eq!(recoverable(&sums, &mask), vec![1]);
        assert_eq!(
            audit(&sums, &mask),
            Err(Error::RecoverableCell { cells: 1 })
        );
    }

    #[test]
    fn zero_is_shown_and_a_threshold_of_zero_hides_nothing() {
        assert!(!is_small(0.0, 10));
        assert!(is_small(1.0, 10) && is_small(10.0, 10) && !is_small(11.0, 10));
        let table = counts(&[0.0, 3.0, 3.0]);
        assert_eq!(suppress(&table, &one_way(2), 0), vec![None, None, None]);
    }

    #[test]
    fn two_hidden_cells_in_one_row_can_still_be_given_away_by_their_columns() {
        // 2 × 2 inner cells: hiding the two cells of row 0 leaves each column with one hidden.
        let sums = two_way(2, 2);
        let mut mask: Mask = vec![None; 4 + 2 + 2 + 1];
        mask[0] = Some(Hidden::Small);
        mask[1] = Some(Hidden::Small);
        assert_eq!(recoverable(&sums, &mask), vec![0, 1]);
        // Hiding a rectangle protects all four.
        mask[2] = Some(Hidden::Complementary);
        mask[3] = Some(Hidden::Complementary);
        assert!(audit(&sums, &mask).is_ok());
    }

    #[test]
    fn a_crossed_table_with_one_small_cell_hides_a_rectangle_around_it() {
        // Rows: age 13–15, 16–18; columns: North, South, Hills.
        let inner = [40.0, 35.0, 3.0, 38.0, 30.0, 25.0];
        let rows = [78.0, 93.0];
        let columns = [78.0, 65.0, 28.0];
        let all: Vec<f64> = inner
            .iter()
            .chain(&rows)
            .chain(&columns)
            .chain(&[171.0])
            .copied()
            .collect();
        let sums = two_way(2, 3);
        let mask = suppress(&counts(&all), &sums, 10);
        assert_eq!(mask[2], Some(Hidden::Small));
        assert!(audit(&sums, &mask).is_ok());
        let hidden = mask.iter().filter(|m| m.is_some()).count();
        assert_eq!(hidden, 4, "{mask:?}");
    }
}

//! Suggestions for a measure or partner typed slightly wrong.

/// The number of edits from `a` to `b`, ignoring letter case: inserting, deleting or changing a
/// character, or swapping two neighbours (the optimal string alignment distance).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows of the table: two rows back, the last row and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// The items whose name is closest to `typed`, if within max(2, a quarter of its length) edits:
/// up to three, in the order of `names`, each once. An item may have several names (a code and
/// a title).
pub(super) fn closest<'n>(
    typed: &str,
    names: impl IntoIterator<Item = (usize, &'n str)>,
) -> Vec<usize> {
    let length = typed.chars().count();
    let within = 2.max(length / 4);
    let mut best = within + 1;
    let mut found: Vec<usize> = Vec::new();
    for (item, name) in names {
        // Each edit changes the length by one at most.
        if name.chars().count().abs_diff(length) > best.min(within) {
            continue;
        }
        let d = distance(typed, name);
        if d < best {
            best = d;
            found.clear();
        }
        if d == best && !found.contains(&item) {
            found.push(item);
        }
    }
    found.truncate(3);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_insertions_deletions_changes_and_swaps_ignoring_case() {
        assert_eq!(distance("TEEN-VISIT", "teen-visits"), 1);
        assert_eq!(distance("LBI", "LIB"), 1);
        assert_eq!(distance("ABSNET", "ABSENT"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "SAME"), 0);
    }

    #[test]
    fn the_closest_names_are_suggested_within_a_quarter_of_the_length() {
        let names = [(0, "LIB"), (0, "Library"), (1, "ART"), (2, "SCI")];
        assert_eq!(closest("LBI", names), vec![0]);
        assert_eq!(closest("Libary", names), vec![0]);
        assert_eq!(closest("Zoo of everything", names), Vec::<usize>::new());
    }

    #[test]
    fn tied_names_are_all_suggested_up_to_three() {
        let names = [(0, "AB1"), (1, "AB2"), (2, "AB3"), (3, "AB4"), (4, "XYZ")];
        assert_eq!(closest("AB", names), vec![0, 1, 2]);
    }
}

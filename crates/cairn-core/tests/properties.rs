//! Property tests for period codes and document round trips.

mod common;

use cairn_core::format::{load, save};
use cairn_core::stored::Head;
use cairn_core::sync::{apply, canonical, diff, diff_journaled, value_at};
use cairn_core::Document;
use cairn_core::{history, FiscalYearStart, Frequency, MonthIndex, Period};
use proptest::prelude::*;

fn month() -> impl Strategy<Value = MonthIndex> {
    (1901..=2998i32, 1..=12u8).prop_map(|(y, m)| MonthIndex::new(y, m))
}

fn start() -> impl Strategy<Value = FiscalYearStart> {
    (1..=12u8).prop_map(|m| FiscalYearStart::new(m).unwrap())
}

fn frequency() -> impl Strategy<Value = Frequency> {
    prop::sample::select(Frequency::ALL.to_vec())
}

fn period() -> impl Strategy<Value = Period> {
    (month(), frequency(), start()).prop_map(|(m, f, s)| Period::containing(m, f, s))
}

proptest! {
    #[test]
    fn formatting_then_parsing_a_period_gives_it_back(p in period()) {
        prop_assert_eq!(Period::parse(&p.code()), Ok(p));
        prop_assert_eq!(Period::parse(&p.code().to_lowercase()), Ok(p));
    }

    #[test]
    fn periods_of_one_frequency_order_as_the_calendar(
        a in month(), b in month(), f in frequency(), s in start()
    ) {
        let (pa, pb) = (Period::containing(a, f, s), Period::containing(b, f, s));
        prop_assert_eq!(pa.cmp(&pb), pa.first_month(s).cmp(&pb.first_month(s)));
        if a <= b {
            prop_assert!(pa <= pb);
        }
    }

    #[test]
    fn a_period_contains_the_month_it_was_made_from(m in month(), f in frequency(), s in start()) {
        let p = Period::containing(m, f, s);
        prop_assert!(p.first_month(s) <= m && m <= p.last_month(s));
        prop_assert_eq!(p.last_month(s).0 - p.first_month(s).0 + 1, f.months());
    }

    #[test]
    fn a_fiscal_year_is_twelve_months_from_its_start_month_ending_in_its_named_year(
        m in month(), s in start()
    ) {
        let fy = s.fiscal_year_of(m);
        let first = s.first_month_of(fy);
        prop_assert_eq!(first.month(), s.month());
        prop_assert!(first <= m && m.0 < first.0 + 12);
        prop_assert_eq!(first.plus(11).year(), fy);
    }

    #[test]
    fn quarters_tile_the_fiscal_year(m in month(), s in start()) {
        let q = Period::containing(m, Frequency::Quarterly, s);
        let Period::Quarter { fiscal_year, quarter } = q else { unreachable!() };
        prop_assert_eq!(fiscal_year, s.fiscal_year_of(m));
        prop_assert_eq!(
            q.first_month(s),
            s.first_month_of(fiscal_year).plus(3 * (i32::from(quarter) - 1))
        );
    }

    #[test]
    fn stepping_forward_then_back_returns_to_the_same_period(p in period(), s in start(), n in -40i32..40) {
        // Quarters and years are fiscal, so move them under the start they were made with.
        let p = Period::containing(p.first_month(FiscalYearStart::JANUARY), p.frequency(), s);
        prop_assert_eq!(p.offset(n, s).offset(-n, s), p);
        prop_assert_eq!(p.offset(n, s) > p, n > 0);
    }

    #[test]
    fn a_generated_document_survives_a_save_and_load(doc in common::document()) {
        doc.validate().unwrap();
        prop_assert_eq!(load(&save(&doc)), Ok(doc));
    }

    /// The writer applies every mutation to a document in canonical order and never sorts it
    /// again, so applying must keep that order whatever order records arrive in.
    #[test]
    fn applying_changes_in_any_order_keeps_a_document_in_canonical_order(
        doc in common::document(),
        seed in any::<u64>(),
    ) {
        let mut target = doc;
        canonical(&mut target);
        let mut pending = diff(&Document::empty(), &target);
        shuffle(&mut pending, seed);
        let mut built = Document::empty();
        while !pending.is_empty() {
            let before = pending.len();
            // A record whose parts are not there yet waits for a later round.
            pending.retain(|change| apply(&mut built, change).is_err());
            prop_assert!(pending.len() < before, "no change applied: {:?}", pending.first());
            let mut sorted = built.clone();
            canonical(&mut sorted);
            prop_assert_eq!(&sorted, &built);
        }
        prop_assert_eq!(built, target);
    }

    /// Saving and syncing cell by cell rests on this: the journal of a tracked document names
    /// every change the whole-document comparison finds, and nothing else.
    #[test]
    fn the_changes_found_from_the_journal_are_the_changes_found_by_comparing_documents(
        doc in common::document(),
        edits in common::document(),
        cleared in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
        retitle in any::<bool>(),
    ) {
        let before = doc.clone();
        let head = Head::of(&before);
        let mut after = edited(doc, &edits, &cleared, retitle);
        let journal = after.observations.take_journal().unwrap();
        prop_assert_eq!(diff_journaled(&head, &journal, &after), diff(&before, &after));
        prop_assert!(after.observations.take_journal().unwrap().is_empty());
    }
}

/// `doc`, tracked, with up to 20 of `edits`' values recorded, one of its own recorded again
/// unchanged, the cells `cleared` picks emptied (values recorded and emptied again are no
/// change), and its first measure renamed if `retitle`.
fn edited(
    doc: Document,
    edits: &Document,
    cleared: &[prop::sample::Index],
    retitle: bool,
) -> Document {
    let mut after = doc;
    after.observations.track();
    let unchanged = after.observations.iter().next().cloned();
    for o in edits.observations.iter().take(20) {
        after.record(o.clone()).unwrap();
    }
    if let Some(o) = unchanged {
        after.record(o).unwrap();
    }
    let keys: Vec<_> = after.observations.iter().map(|o| o.key()).collect();
    for i in cleared {
        if !keys.is_empty() {
            after.clear(&keys[i.index(keys.len())]);
        }
    }
    if retitle {
        let mut m = after.measures[0].clone();
        m.title.push_str(" (renamed)");
        after.put_measure(m).unwrap();
    }
    after
}

/// A deterministic shuffle (no second random source in the tests).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (seed >> 33) as usize % (i + 1));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Undo rests on this: the history of an edit holds, for every path it changed, what the
    /// path held before (checked against the document before, read the simple way), and
    /// reverting it gives back the document it started from; reverting the revert gives back
    /// the edit.
    #[test]
    fn reverting_an_edit_kept_in_the_history_gives_back_the_document_before_it(
        doc in common::document(),
        edits in common::document(),
        cleared in prop::collection::vec(any::<prop::sample::Index>(), 0..10),
        retitle in any::<bool>(),
    ) {
        let before = doc.clone();
        let head = Head::of(&before);
        let mut after = edited(doc, &edits, &cleared, retitle);
        let journal = after.observations.take_journal().unwrap();
        let changes = diff_journaled(&head, &journal, &after);
        let items = history::items(&changes, |p| history::before_in(&head, &journal, &after, p));
        for item in &items {
            prop_assert_eq!(&item.before, &value_at(&before, &item.path), "{}", item.path);
            prop_assert_eq!(&item.after, &value_at(&after, &item.path), "{}", item.path);
        }
        prop_assert_eq!(items.len(), changes.len());
        let edited = after.clone();
        let month = MonthIndex::new(2026, 6);
        let reverted = history::revert(&mut after, items.iter(), month);
        prop_assert!(reverted.kept.is_empty(), "{:?}", reverted.kept);
        prop_assert_eq!(&after, &before);
        let again = history::items(&reverted.changes, |p| value_at(&edited, p));
        let redone = history::revert(&mut after, again.iter(), month);
        prop_assert!(redone.kept.is_empty(), "{:?}", redone.kept);
        prop_assert_eq!(&after, &edited);
    }
}

//! Observations: one value for one measure, period and reporting partner.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::shared_text::{Interner, SharedText};
use crate::{Code, Error, Group, Measure, Period, Rollup, ValueType};

/// The identity of an observation. One cell never holds two competing values.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub measure: Code,
    pub period: Period,
    pub partner: Code,
    /// The group the value counts: the total (empty) or categories of the measure's
    /// breakdowns. It sorts last, so one partner's total and groups in a period sit together.
    pub group: Group,
}

impl CellKey {
    /// The cell of a total: the key every measure without breakdowns uses.
    pub fn total(measure: Code, period: Period, partner: Code) -> CellKey {
        CellKey {
            measure,
            period,
            partner,
            group: Group::total(),
        }
    }
}

impl std::fmt::Display for CellKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} for {} in {}",
            self.measure, self.partner, self.period
        )?;
        if !self.group.is_total() {
            write!(f, " ({})", self.group)?;
        }
        Ok(())
    }
}

/// A reported value: a single number, a numerator and denominator for percents and rates, or a
/// mean with its weight for measures rolled up as a weighted mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Ratio { numerator: f64, denominator: f64 },
    Weighted { mean: f64, weight: f64 },
}

impl Value {
    /// Returns `Ok` if and only if the value has the shape `measure` takes and is in range:
    /// a ratio with a positive denominator and a non-negative numerator for percents (at most
    /// the denominator) and rates; a mean with a positive weight for weighted means; a
    /// non-negative whole number for counts; a non-negative number for amounts; any finite
    /// number for averages.
    pub fn validate(self, measure: &Measure) -> Result<(), Error> {
        let value_type = measure.value_type;
        let weighted = measure.rollup == Rollup::WeightedMean;
        match self {
            Value::Ratio {
                numerator,
                denominator,
            } if value_type.is_ratio() => {
                bounded("The numerator", numerator)?;
                bounded("The denominator", denominator)?;
                if numerator < 0.0 {
                    return Err(Error::Negative {
                        field: "The numerator",
                    });
                }
                if denominator <= 0.0 {
                    return Err(Error::ZeroDenominator);
                }
                if denominator < SMALLEST_DIVISOR {
                    return Err(Error::TooSmall {
                        field: "The denominator",
                    });
                }
                if value_type == ValueType::Percent && numerator > denominator {
                    return Err(Error::NumeratorAboveDenominator {
                        numerator,
                        denominator,
                    });
                }
                Ok(())
            }
            Value::Ratio { .. } => Err(Error::RatioNotAllowed),
            _ if value_type == ValueType::Percent => Err(Error::PercentNeedsRatio),
            _ if value_type == ValueType::Rate => Err(Error::RateNeedsRatio),
            Value::Weighted { mean, weight } if weighted => {
                bounded("The weight", weight)?;
                if weight <= 0.0 {
                    return Err(Error::WeightNotPositive);
                }
                if weight < SMALLEST_DIVISOR {
                    return Err(Error::TooSmall {
                        field: "The weight",
                    });
                }
                validate_number(mean, value_type)
            }
            Value::Weighted { .. } => Err(Error::WeightNotAllowed),
            Value::Number(_) if weighted => Err(Error::WeightNeeded),
            Value::Number(n) => validate_number(n, value_type),
        }
    }

    /// The text a member would type to enter this value again, such as `412/1000`, `14.2@30`
    /// or `37`.
    pub fn entry_text(self) -> String {
        match self {
            Value::Number(n) => n.to_string(),
            Value::Ratio {
                numerator,
                denominator,
            } => format!("{numerator}/{denominator}"),
            Value::Weighted { mean, weight } => format!("{mean}@{weight}"),
        }
    }
}

fn validate_number(n: f64, value_type: ValueType) -> Result<(), Error> {
    finite(n)?;
    match value_type {
        ValueType::Count if n < 0.0 => Err(Error::Negative { field: "A count" }),
        ValueType::Count if n.fract() != 0.0 => Err(Error::NotWholeNumber {
            text: n.to_string(),
        }),
        ValueType::Amount if n < 0.0 => Err(Error::Negative { field: "An amount" }),
        _ => Ok(()),
    }
}

/// The largest magnitude Cairn takes for any number entered: a trillion. Every total, chart and
/// printed figure stays finite and quick to draw for values up to it, and no coalition counts
/// more than that of anything.
pub const LARGEST: f64 = 1e12;

/// The smallest denominator or weight Cairn takes, so a ratio or a weighted mean stays finite.
pub const SMALLEST_DIVISOR: f64 = 1e-6;

fn finite(n: f64) -> Result<(), Error> {
    bounded("A value", n)
}

/// Returns `Ok` if and only if `n` is a finite number no larger in magnitude than [`LARGEST`].
pub fn bounded(field: &'static str, n: f64) -> Result<(), Error> {
    if !n.is_finite() {
        return Err(Error::NotANumber {
            text: n.to_string(),
        });
    }
    if n.abs() > LARGEST {
        return Err(Error::TooLarge { field });
    }
    Ok(())
}

/// One reported value with the story of who entered it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub measure: Code,
    pub period: Period,
    pub partner: Code,
    /// The group the value counts ([`CellKey::group`]); absent for a total, as in every value
    /// recorded before breakdowns.
    #[serde(default, skip_serializing_if = "Group::is_total")]
    pub group: Group,
    pub value: Value,
    #[serde(default)]
    pub note: SharedText,
    /// Who entered the value, as they named themselves.
    #[serde(default)]
    pub entered_by: SharedText,
    /// When the value was entered, as an RFC 3339 timestamp from the entering device.
    #[serde(default)]
    pub entered_at: SharedText,
}

impl Observation {
    pub fn key(&self) -> CellKey {
        CellKey {
            measure: self.measure.clone(),
            period: self.period,
            partner: self.partner.clone(),
            group: self.group.clone(),
        }
    }

    /// Returns `Ok` if and only if the observation fits `measure`: a period of its frequency,
    /// a valid value of its type and a note of at most 1000 characters.
    pub fn validate_for(&self, measure: &Measure) -> Result<(), Error> {
        self.period.expect_frequency(measure.frequency)?;
        self.value.validate(measure)?;
        crate::code::optional_text("The note", &self.note, 1000)?;
        crate::code::optional_text("The name of who entered it", &self.entered_by, 120)?;
        crate::code::optional_text("The time it was entered", &self.entered_at, 40)
    }
}

/// All observations of a coalition, keyed by cell. Serialized as a list of observations.
///
/// A tracked collection ([`Observations::track`]) also keeps a [`Journal`] of the cells changed
/// since it was last taken, so a caller that saves or syncs cell by cell learns what an edit
/// touched without comparing 100,000 values. The journal is not part of the value: two
/// collections with the same cells are equal, and it is never serialized.
#[derive(Clone, Debug, Default)]
pub struct Observations {
    /// Each observation once, found by its cell. A map from `CellKey` would hold every key
    /// twice (72 bytes of a value's 290 on a loaded server; `cargo bench -p cairn-server
    /// --bench memory`): the set finds an observation by a key through [`Cell`].
    cells: BTreeSet<Stored>,
    journal: Option<Journal>,
    /// The stamp of each measure whose values changed since the collection was built, and
    /// the stamp it was built with (every other measure's): see [`Observations::stamp`].
    changed: BTreeMap<Code, Stamp>,
    built: Stamp,
}

/// A mark of one state of a measure's values: see [`Observations::stamp`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp(u64);

impl Stamp {
    /// A stamp never given before in this process.
    fn next() -> Stamp {
        static LAST: AtomicU64 = AtomicU64::new(0);
        Stamp(LAST.fetch_add(1, AtomicOrdering::Relaxed) + 1)
    }
}

/// What a cell is named by: a key, or an observation (its own cell). The collection's set
/// orders observations by it and is searched with a key through it.
trait Cell {
    fn parts(&self) -> (&Code, Period, &Code, &Group);
}

impl Cell for CellKey {
    fn parts(&self) -> (&Code, Period, &Code, &Group) {
        (&self.measure, self.period, &self.partner, &self.group)
    }
}

/// An observation in the collection, equal to another with the same cell: the set's order,
/// never the observation's own equality.
#[derive(Clone, Debug)]
struct Stored(Observation);

impl Cell for Stored {
    fn parts(&self) -> (&Code, Period, &Code, &Group) {
        let o = &self.0;
        (&o.measure, o.period, &o.partner, &o.group)
    }
}

// The order of `CellKey` (its fields in turn), for anything that names a cell.
impl PartialEq for dyn Cell + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn Cell + '_ {}

impl PartialOrd for dyn Cell + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn Cell + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

impl PartialEq for Stored {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for Stored {}

impl PartialOrd for Stored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stored {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

impl Interner {
    /// `observation` as the collection stores it, its texts shared with equal ones before
    /// (a push's values share one name and one time, an import's one name).
    fn stored(&mut self, mut observation: Observation) -> Stored {
        self.share(&mut observation.note);
        self.share(&mut observation.entered_by);
        self.share(&mut observation.entered_at);
        Stored(observation)
    }
}

impl<'a> Borrow<dyn Cell + 'a> for Stored {
    fn borrow(&self) -> &(dyn Cell + 'a) {
        self
    }
}

/// The cells from `first` on, in order.
fn from<'a>(
    cells: &'a BTreeSet<Stored>,
    first: &CellKey,
) -> impl DoubleEndedIterator<Item = &'a Observation> {
    cells
        .range::<dyn Cell, _>((Bound::Included(first as &dyn Cell), Bound::Unbounded))
        .map(|s| &s.0)
}

/// The cells changed since a journal was started, each with what it held before the first of
/// those changes (`None`: it was empty). A cell changed and changed back is still listed.
pub type Journal = BTreeMap<CellKey, Option<Observation>>;

impl PartialEq for Observations {
    /// Equal when they hold the same cells with the same observations in them.
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Observations {
    pub fn get(&self, key: &CellKey) -> Option<&Observation> {
        self.cells.get(key as &dyn Cell).map(|s| &s.0)
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Observation> + ExactSizeIterator {
        self.cells.iter().map(|s| &s.0)
    }

    /// Starts (or restarts) the journal: from now on every changed cell is noted.
    pub fn track(&mut self) {
        self.journal = Some(Journal::new());
    }

    /// Whether changes are being noted. A collection built anew (collected, read from text) is
    /// not tracked, so a caller that finds its document's collection untracked knows it was
    /// replaced whole.
    pub fn is_tracked(&self) -> bool {
        self.journal.is_some()
    }

    /// The cells changed since tracking started or the journal was last taken, without taking
    /// them; `None` if the collection is not tracked.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// The cells changed since tracking started or the journal was last taken, leaving an empty
    /// journal behind; `None` if the collection is not tracked.
    pub fn take_journal(&mut self) -> Option<Journal> {
        self.journal.as_mut().map(std::mem::take)
    }

    fn note(&mut self, key: &CellKey, before: &Option<Observation>) {
        if let Some(journal) = &mut self.journal {
            journal.entry(key.clone()).or_insert_with(|| before.clone());
        }
    }

    /// The observations of one measure, ordered by period, then partner.
    pub fn of_measure<'a>(&'a self, measure: &'a Code) -> impl Iterator<Item = &'a Observation> {
        let first = CellKey {
            measure: measure.clone(),
            period: Period::Month {
                year: i32::MIN,
                month: 0,
            },
            partner: Code::smallest(),
            group: Group::total(),
        };
        from(&self.cells, &first).take_while(move |o| &o.measure == measure)
    }

    /// One partner's cells of `measure` in `period`: its total first, then its groups.
    pub fn of_cell<'a>(
        &'a self,
        measure: &'a Code,
        period: Period,
        partner: &'a Code,
    ) -> impl Iterator<Item = &'a Observation> {
        let first = CellKey::total(measure.clone(), period, partner.clone());
        from(&self.cells, &first).take_while(move |o| {
            &o.measure == measure && o.period == period && &o.partner == partner
        })
    }

    /// The first and last periods in which `measure` has values, found without scanning them.
    pub fn span(&self, measure: &Code) -> Option<(Period, Period)> {
        let key = |period| CellKey {
            measure: measure.clone(),
            period,
            partner: Code::smallest(),
            group: Group::total(),
        };
        let first = key(Period::Month {
            year: i32::MIN,
            month: 0,
        });
        let beyond = key(Period::Year {
            fiscal_year: i32::MAX,
        });
        let mut range = self.cells.range::<dyn Cell, _>((
            Bound::Included(&first as &dyn Cell),
            Bound::Excluded(&beyond as &dyn Cell),
        ));
        let a = range.next()?.0.period;
        let b = range.next_back().map_or(a, |s| s.0.period);
        Some((a, b))
    }

    /// A mark of the state of `measure`'s values (every cell of it, any partner, period or
    /// group). Two stamps of one measure are equal only if its values are the same in both:
    /// each change of a value, and each collection built, takes a stamp never given before
    /// in this process. A screen showing a figure of one measure keeps it until the stamp
    /// moves, instead of working it out again on every change of the document.
    pub fn stamp(&self, measure: &Code) -> Stamp {
        self.changed.get(measure).copied().unwrap_or(self.built)
    }

    fn touch(&mut self, measure: &Code) {
        let stamp = Stamp::next();
        match self.changed.get_mut(measure) {
            Some(s) => *s = stamp,
            None => {
                self.changed.insert(measure.clone(), stamp);
            }
        }
    }

    /// Stores `observation` in its cell, returning what the cell held before.
    pub(crate) fn put(&mut self, observation: Observation) -> Option<Observation> {
        let key = self.journal.is_some().then(|| observation.key());
        self.touch(&observation.measure);
        let before = self.cells.replace(Stored(observation)).map(|s| s.0);
        if let Some(key) = key {
            self.note(&key, &before);
        }
        before
    }

    pub(crate) fn remove(&mut self, key: &CellKey) -> Option<Observation> {
        let before = self.cells.take(key as &dyn Cell).map(|s| s.0);
        if before.is_some() {
            self.touch(&key.measure);
        }
        if before.is_some() {
            self.note(key, &before);
        }
        before
    }
}

impl FromIterator<Observation> for Observations {
    /// Collects observations; a later observation for the same cell replaces an earlier one.
    fn from_iter<I: IntoIterator<Item = Observation>>(iter: I) -> Self {
        let mut texts = Interner::default();
        let mut list: Vec<Stored> = iter.into_iter().map(|o| texts.stored(o)).collect();
        // Latest first, so the stable sort keeps the latest of each cell first, and the
        // dedup keeps it.
        list.reverse();
        list.sort();
        list.dedup();
        Observations {
            cells: list.into_iter().collect(),
            journal: None,
            changed: BTreeMap::new(),
            built: Stamp::next(),
        }
    }
}

impl Serialize for Observations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Observations {
    /// Reads a list of observations, refusing a list where two share a cell.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<Observation>::deserialize(deserializer)?;
        Observations::from_list(list).map_err(serde::de::Error::custom)
    }
}

impl Observations {
    /// The observations of `list`, in any order, refusing a list where two share a cell.
    ///
    /// The map is built in one pass from the sorted list, which fills its nodes; put in one by
    /// one, even in order, its nodes stay little more than half full, and a loaded coalition
    /// costs about half as much again (`cargo bench -p cairn-server --bench memory`).
    pub fn from_list(list: Vec<Observation>) -> Result<Observations, Error> {
        let mut texts = Interner::default();
        let mut cells: Vec<Stored> = list.into_iter().map(|o| texts.stored(o)).collect();
        cells.sort_unstable();
        if let Some(pair) = cells.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(Error::DuplicateCell(pair[0].0.key().to_string()));
        }
        Ok(Observations {
            cells: cells.into_iter().collect(),
            journal: None,
            changed: BTreeMap::new(),
            built: Stamp::next(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::tests::measure;

    fn ratio(numerator: f64, denominator: f64) -> Value {
        Value::Ratio {
            numerator,
            denominator,
        }
    }

    fn check(value: Value, value_type: ValueType, rollup: Rollup) -> Result<(), Error> {
        value.validate(&measure(value_type, rollup))
    }

    #[test]
    fn a_percent_with_a_zero_denominator_is_refused() {
        assert_eq!(
            check(ratio(0.0, 0.0), ValueType::Percent, Rollup::RatioOfSums),
            Err(Error::ZeroDenominator)
        );
    }

    #[test]
    fn a_percent_with_a_numerator_above_its_denominator_is_refused() {
        assert!(matches!(
            check(ratio(11.0, 10.0), ValueType::Percent, Rollup::RatioOfSums),
            Err(Error::NumeratorAboveDenominator { .. })
        ));
        assert!(check(ratio(10.0, 10.0), ValueType::Percent, Rollup::RatioOfSums).is_ok());
    }

    #[test]
    fn a_rate_may_count_more_events_than_people_but_needs_a_ratio() {
        assert!(check(ratio(30.0, 10.0), ValueType::Rate, Rollup::RatioOfSums).is_ok());
        assert_eq!(
            check(Value::Number(3.0), ValueType::Rate, Rollup::RatioOfSums),
            Err(Error::RateNeedsRatio)
        );
    }

    #[test]
    fn a_weighted_mean_needs_a_positive_weight_and_only_it_takes_one() {
        let w = |mean, weight| Value::Weighted { mean, weight };
        assert!(check(w(14.2, 30.0), ValueType::Average, Rollup::WeightedMean).is_ok());
        assert_eq!(
            check(w(14.2, 0.0), ValueType::Average, Rollup::WeightedMean),
            Err(Error::WeightNotPositive)
        );
        assert_eq!(
            check(
                Value::Number(14.2),
                ValueType::Average,
                Rollup::WeightedMean
            ),
            Err(Error::WeightNeeded)
        );
        assert_eq!(
            check(w(14.2, 30.0), ValueType::Average, Rollup::Mean),
            Err(Error::WeightNotAllowed)
        );
    }

    #[test]
    fn a_percent_needs_a_ratio_and_only_a_percent_or_rate_takes_one() {
        assert_eq!(
            check(Value::Number(41.0), ValueType::Percent, Rollup::RatioOfSums),
            Err(Error::PercentNeedsRatio)
        );
        assert_eq!(
            check(ratio(1.0, 2.0), ValueType::Count, Rollup::Sum),
            Err(Error::RatioNotAllowed)
        );
    }

    #[test]
    fn a_count_is_a_non_negative_whole_number() {
        let count = |n| check(Value::Number(n), ValueType::Count, Rollup::Sum);
        assert!(count(3.0).is_ok());
        assert!(matches!(count(3.5), Err(Error::NotWholeNumber { .. })));
        assert!(matches!(count(-1.0), Err(Error::Negative { .. })));
    }

    #[test]
    fn an_amount_is_not_negative_but_an_average_may_be() {
        assert!(check(Value::Number(-2.0), ValueType::Amount, Rollup::Sum).is_err());
        assert!(check(Value::Number(-2.0), ValueType::Average, Rollup::Mean).is_ok());
        assert!(check(Value::Number(f64::NAN), ValueType::Average, Rollup::Mean).is_err());
    }

    #[test]
    fn the_span_of_a_measure_is_its_first_and_last_period() {
        let doc = crate::sample::coalition();
        let code = Code::parse("LIB-CARD").unwrap();
        let span = doc.observations.span(&code).unwrap();
        assert_eq!(
            span,
            (
                Period::parse("FY2024").unwrap(),
                Period::parse("FY2026").unwrap()
            )
        );
        assert_eq!(doc.observations.span(&Code::parse("NOPE").unwrap()), None);
    }

    #[test]
    fn a_ratio_displays_as_a_percent_or_a_rate_per_n() {
        let percent = measure(ValueType::Percent, Rollup::RatioOfSums);
        assert_eq!(percent.display(ratio(1.0, 4.0)), 25.0);
        let rate = Measure {
            rate_per: 1000,
            earlier: Vec::new(),
            replaced: None,
            change_reason: String::new(),
            closed: None,
            continued_as: None,
            closing_reason: String::new(),
            breakdowns: Vec::new(),
            group_targets: Vec::new(),
            ..measure(ValueType::Rate, Rollup::RatioOfSums)
        };
        assert_eq!(rate.display(ratio(3.0, 1200.0)), 2.5);
    }

    #[test]
    fn a_measures_stamp_moves_when_its_values_change_and_only_then() {
        let mut doc = crate::sample::coalition();
        let first = doc.observations.iter().next().unwrap().clone();
        let other = doc
            .observations
            .iter()
            .find(|o| o.measure != first.measure)
            .unwrap()
            .measure
            .clone();
        let (mine, theirs) = (
            doc.observations.stamp(&first.measure),
            doc.observations.stamp(&other),
        );
        let changed = Observation {
            value: Value::Number(match first.value {
                Value::Number(n) => n + 1.0,
                _ => 1.0,
            }),
            ..first.clone()
        };
        doc.observations.put(changed);
        let after_put = doc.observations.stamp(&first.measure);
        assert_ne!(after_put, mine);
        assert_eq!(doc.observations.stamp(&other), theirs);
        doc.observations.remove(&first.key());
        assert_ne!(doc.observations.stamp(&first.measure), after_put);
        // Removing nothing changes nothing.
        let now = doc.observations.stamp(&first.measure);
        doc.observations.remove(&first.key());
        assert_eq!(doc.observations.stamp(&first.measure), now);
        // A copy holds the same values, so the same stamps; a collection read anew takes its own.
        let copy = doc.observations.clone();
        assert_eq!(copy.stamp(&first.measure), now);
        let read: Observations =
            serde_json::from_str(&serde_json::to_string(&doc.observations).unwrap()).unwrap();
        assert_ne!(read.stamp(&other), theirs);
    }

    #[test]
    fn texts_repeated_across_a_list_are_kept_once() {
        let one = r#"{"measure":"M","period":"FY2026-Q1","partner":"P","value":3,"entered_by":"Ada","entered_at":"2026-12-06T10:00:00Z"}"#;
        let two = one.replace("\"P\"", "\"Q\"");
        let read: Observations = serde_json::from_str(&format!("[{one},{two}]")).unwrap();
        let [a, b] = [0, 1].map(|i| read.iter().nth(i).unwrap());
        assert_eq!(a.entered_by, "Ada");
        assert_eq!(b.entered_at, "2026-12-06T10:00:00Z");
        assert!(std::ptr::eq(a.entered_by.as_ptr(), b.entered_by.as_ptr()));
        assert!(std::ptr::eq(a.entered_at.as_ptr(), b.entered_at.as_ptr()));
    }

    #[test]
    fn a_list_with_two_observations_for_one_cell_is_refused() {
        let one = r#"{"measure":"M","period":"FY2026-Q1","partner":"P","value":3}"#;
        let err = serde_json::from_str::<Observations>(&format!("[{one},{one}]")).unwrap_err();
        assert!(err
            .to_string()
            .contains("two observations for M for P in FY2026-Q1"));
    }

    #[test]
    fn values_serialize_as_a_number_a_ratio_or_a_weighted_mean() {
        assert_eq!(serde_json::to_string(&Value::Number(3.0)).unwrap(), "3.0");
        assert_eq!(
            serde_json::from_str::<Value>(r#"{"numerator":1,"denominator":2}"#).unwrap(),
            ratio(1.0, 2.0)
        );
        assert_eq!(
            serde_json::from_str::<Value>(r#"{"mean":14.2,"weight":30}"#).unwrap(),
            Value::Weighted {
                mean: 14.2,
                weight: 30.0
            }
        );
    }

    #[test]
    fn numbers_beyond_a_trillion_or_divisors_below_a_millionth_are_refused_with_the_limit() {
        let huge = Value::Number(1.797_693_134_862_315_7e308);
        assert_eq!(
            check(huge, ValueType::Amount, Rollup::Sum),
            Err(Error::TooLarge { field: "A value" })
        );
        assert!(check(Value::Number(1e12), ValueType::Count, Rollup::Sum).is_ok());
        assert!(check(Value::Number(-1e13), ValueType::Average, Rollup::Mean).is_err());
        assert_eq!(
            check(ratio(1.0, 1e-9), ValueType::Rate, Rollup::RatioOfSums),
            Err(Error::TooSmall {
                field: "The denominator"
            })
        );
        let message = Error::TooLarge { field: "A value" }.to_string();
        assert_eq!(
            message,
            "A value is too large: Cairn takes numbers up to 1,000,000,000,000 (a trillion)."
        );
    }

    #[test]
    fn observations_listed_in_any_order_are_the_observations_put_one_by_one() {
        let doc = crate::sample::coalition();
        let mut list: Vec<Observation> = doc.observations.iter().cloned().collect();
        list.reverse();
        list.swap(0, 7);
        let mut one_by_one = Observations::default();
        for o in &list {
            one_by_one.put(o.clone());
        }
        let built = Observations::from_list(list).unwrap();
        assert_eq!(built, one_by_one);
        assert_eq!(built, doc.observations);
        assert!(built
            .iter()
            .zip(built.iter().skip(1))
            .all(|(a, b)| a.key() < b.key()));
    }
}

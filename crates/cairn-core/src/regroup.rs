//! Moving a measure's values when it stops using a breakdown: into the totals, or onto the
//! categories of the breakdown that takes its place (five areas become three, or "age band"
//! becomes "age band 2027").
//!
//! A measure never drops a breakdown its values count ([`Document::put_measure`] refuses with
//! [`Error::BreakdownUnderValues`]); [`Document::regroup_measure`] changes the measure and moves
//! its values in one change, by the rules of `docs/numbers.md` §17 ("When a measure's breakdowns
//! change"). Nothing is guessed: a value that cannot be moved exactly refuses the whole change,
//! saying which one and why, and the document is left as it was.

use std::collections::BTreeMap;

use crate::by_group::{categories_add_up, combine_parts};
use crate::observation::CellKey;
use crate::{Breakdown, Code, Document, Error, Group, Measure, Observation, Value};

/// Where the values of one breakdown a measure stops using go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mapping {
    /// Each partner's categories combine into its value without the breakdown (its total, or
    /// its value for the category of the other breakdown it is crossed with). The categories
    /// must cover everyone, add up (counts, amounts, percents, rates, weighted means), and all
    /// be entered.
    IntoTotal { from: Code },
    /// Each category of `from` goes to one category of `to`, a breakdown the measure starts to
    /// use in the same change. A category of `to` that several categories go to gets their
    /// combination, so they must add up and all be entered; one that one category goes to gets
    /// its value as it is.
    Onto {
        from: Code,
        to: Code,
        categories: Vec<(Code, Code)>,
    },
}

impl Mapping {
    /// The breakdown whose values move.
    pub fn from(&self) -> &Code {
        match self {
            Mapping::IntoTotal { from } | Mapping::Onto { from, .. } => from,
        }
    }
}

/// What a regrouping does to a measure's values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Regrouping {
    /// The measure's values as they will be, in cell order.
    pub values: Vec<Observation>,
    /// Values that move to another group as they are.
    pub moved: usize,
    /// Values made by combining several, and how many values they were made from.
    pub combined: usize,
    pub combined_from: usize,
    /// Values of groups whose partner had already entered the value they would make (its
    /// total, mostly): the entered value stays, and these are removed. The history keeps them.
    pub superseded: usize,
}

impl Regrouping {
    /// What the regrouping does, in words, for the editor to show before it is applied: "4
    /// values move as they are. 2 values are made from 4 (their sums). 3 values were entered
    /// beside a value the partner entered for the whole: that value stays, and they are removed
    /// (the history keeps them)."
    pub fn text(&self) -> String {
        let mut said = Vec::new();
        match self.moved {
            0 => {}
            1 => said.push("1 value moves as it is.".to_string()),
            n => said.push(format!("{n} values move as they are.")),
        }
        match self.combined {
            0 => {}
            1 => said.push(format!(
                "1 value is made from {} (their sum).",
                self.combined_from
            )),
            n => said.push(format!(
                "{n} values are made from {} (their sums).",
                self.combined_from
            )),
        }
        let whole =
            "entered beside a value the partner entered for the whole: that value stays, and";
        match self.superseded {
            0 => {}
            1 => said.push(format!(
                "1 value was {whole} it is removed (the history keeps it)."
            )),
            n => said.push(format!(
                "{n} values were {whole} they are removed (the history keeps them)."
            )),
        }
        if said.is_empty() {
            return "No value moves.".into();
        }
        said.join(" ")
    }
}

/// The breakdowns `old` uses that `new` does not and that recorded values count, each with how
/// many values count it: those that need a [`Mapping`].
pub fn dropped_under_values(doc: &Document, old: &Measure, new: &Measure) -> Vec<(Code, usize)> {
    old.breakdowns
        .iter()
        .filter(|b| !new.breakdowns.contains(b))
        .filter_map(|b| {
            let count = doc
                .observations
                .of_measure(&old.code)
                .filter(|o| o.group.category_of(b).is_some())
                .count();
            (count > 0).then(|| (b.clone(), count))
        })
        .collect()
}

/// What changing `old` to `new` (the same measure, with other breakdowns) does to its values
/// with `mappings`, one for each breakdown [`dropped_under_values`] lists, applied in order.
/// Values made by combining are entered `by` someone `at` a time (RFC 3339), now.
///
/// Returns an error, and nothing is changed, if a dropped breakdown under values has no
/// mapping, a mapping does not fit the breakdowns (every category of `from` to a category of
/// `to`, a breakdown `new` adds), or a value cannot be moved exactly: then the error names the
/// first such value and why.
pub fn plan(
    doc: &Document,
    old: &Measure,
    new: &Measure,
    mappings: &[Mapping],
    by: &str,
    at: &str,
) -> Result<Regrouping, Error> {
    if let Some((breakdown, values)) = dropped_under_values(doc, old, new)
        .into_iter()
        .find(|(b, _)| !mappings.iter().any(|m| m.from() == b))
    {
        return Err(Error::BreakdownUnderValues {
            breakdown: name_of(doc, &breakdown),
            values,
        });
    }
    let mut cells: BTreeMap<CellKey, Observation> = doc
        .observations
        .of_measure(&old.code)
        .map(|o| (o.key(), o.clone()))
        .collect();
    let mut outcome = Regrouping::default();
    for mapping in mappings {
        let step = Step::new(doc, old, new, mapping)?;
        step.apply(doc, old, &mut cells, &mut outcome, by, at)?;
    }
    for o in cells.values() {
        o.validate_for(new)?;
        doc.validate_group(new, &o.group)?;
    }
    outcome.values = cells.into_values().collect();
    Ok(outcome)
}

/// One mapping, checked against the breakdowns: for each category of `from`, where it goes
/// (`None`: into the total) and how many categories go there with it.
struct Step<'a> {
    from: &'a Breakdown,
    to: Option<&'a Breakdown>,
    target: BTreeMap<Code, Option<Code>>,
}

impl<'a> Step<'a> {
    fn new(
        doc: &'a Document,
        old: &Measure,
        new: &Measure,
        mapping: &Mapping,
    ) -> Result<Step<'a>, Error> {
        let from = mapping.from();
        let from = doc
            .coalition
            .breakdown(from)
            .filter(|_| old.breakdowns.contains(from) && !new.breakdowns.contains(from))
            .ok_or_else(|| Error::UnknownBreakdown(from.to_string()))?;
        let (to, target) = match mapping {
            Mapping::IntoTotal { .. } => (
                None,
                from.categories
                    .iter()
                    .map(|c| (c.code.clone(), None))
                    .collect(),
            ),
            Mapping::Onto { to, categories, .. } => {
                let to = doc
                    .coalition
                    .breakdown(to)
                    .filter(|_| new.breakdowns.contains(to) && !old.breakdowns.contains(to))
                    .ok_or_else(|| Error::UnknownBreakdown(to.to_string()))?;
                let mut target = BTreeMap::new();
                for (old_category, new_category) in categories {
                    from.expect_category(old_category)?;
                    to.expect_category(new_category)?;
                    target.insert(old_category.clone(), Some(new_category.clone()));
                }
                if let Some(missing) = from
                    .categories
                    .iter()
                    .find(|c| !target.contains_key(&c.code))
                {
                    return Err(Error::CannotRegroup {
                        breakdown: from.name.to_lowercase(),
                        values: 0,
                        example: format!(
                            "{} is given no category of {} to go to.",
                            missing.label, to.name
                        ),
                    });
                }
                (Some(to), target)
            }
        };
        Ok(Step { from, to, target })
    }

    /// How many categories of `from` go where `category` goes.
    fn sharing(&self, category: &Code) -> usize {
        let goes = self.target.get(category);
        self.target.values().filter(|t| Some(*t) == goes).count()
    }

    fn apply(
        &self,
        doc: &Document,
        measure: &Measure,
        cells: &mut BTreeMap<CellKey, Observation>,
        outcome: &mut Regrouping,
        by: &str,
        at: &str,
    ) -> Result<(), Error> {
        // Each new cell with the values that go to it.
        let mut buckets: BTreeMap<CellKey, Vec<Observation>> = BTreeMap::new();
        for (key, o) in cells.iter() {
            let Some(category) = key.group.category_of(&self.from.code) else {
                continue;
            };
            let rest: Vec<_> = key
                .group
                .choices()
                .iter()
                .filter(|c| c.breakdown != self.from.code)
                .cloned()
                .collect();
            let rest = Group::of(rest)?;
            let group = match (self.to, self.target.get(category)) {
                (Some(to), Some(Some(goes))) => rest.with(&to.code, goes)?,
                _ => rest,
            };
            let target = CellKey {
                group,
                ..key.clone()
            };
            buckets.entry(target).or_default().push(o.clone());
        }
        let count: usize = buckets.values().map(Vec::len).sum();
        for (target, parts) in buckets {
            for part in &parts {
                cells.remove(&part.key());
            }
            if cells.contains_key(&target) {
                outcome.superseded += parts.len();
                continue;
            }
            let first = parts[0].group.category_of(&self.from.code).cloned();
            let needed = first.as_ref().map_or(0, |c| self.sharing(c));
            if parts.len() == 1 && needed == 1 {
                let mut moved = parts.into_iter().next().expect("one part");
                moved.group = target.group.clone();
                cells.insert(target, moved);
                outcome.moved += 1;
                continue;
            }
            let value = self
                .combine(doc, measure, &target, &parts, needed)
                .map_err(|example| Error::CannotRegroup {
                    breakdown: self.from.name.to_lowercase(),
                    values: count,
                    example,
                })?;
            outcome.combined += 1;
            outcome.combined_from += parts.len();
            cells.insert(
                target.clone(),
                Observation {
                    measure: target.measure.clone(),
                    period: target.period,
                    partner: target.partner.clone(),
                    group: target.group.clone(),
                    value,
                    note: format!(
                        "Made from {} values by {} when the measure stopped using it.",
                        parts.len(),
                        self.from.name.to_lowercase()
                    )
                    .into(),
                    entered_by: by.into(),
                    entered_at: at.into(),
                },
            );
        }
        Ok(())
    }

    /// The combination of `parts` for `target`, or why there is none, said of the first value
    /// it fails for.
    fn combine(
        &self,
        doc: &Document,
        measure: &Measure,
        target: &CellKey,
        parts: &[Observation],
        needed: usize,
    ) -> Result<Value, String> {
        if !categories_add_up(measure) {
            return Err(format!(
                "“{}” is an average, and an average of groups is not the average of everyone (only counts, amounts, percents, rates and weighted means combine).",
                measure.title
            ));
        }
        if self.to.is_none() && !self.from.exhaustive {
            return Err(format!(
                "the categories of {} do not cover everyone, so together they are not the whole.",
                self.from.name
            ));
        }
        if parts.len() < needed {
            let goes = self
                .target
                .get(parts[0].group.category_of(&self.from.code).expect("a part"))
                .cloned()
                .flatten();
            let have: Vec<&Code> = parts
                .iter()
                .filter_map(|p| p.group.category_of(&self.from.code))
                .collect();
            let missing: Vec<String> = self
                .target
                .iter()
                .filter(|(c, t)| **t == goes && !have.contains(c))
                .map(|(c, _)| self.label(c))
                .collect();
            return Err(format!(
                "{} in {} has {} but not {}, and all of them are needed to make {}.",
                partner_name(doc, &target.partner),
                target.period.code(),
                have.iter()
                    .map(|c| self.label(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                missing.join(", "),
                match (self.to, goes) {
                    (Some(to), Some(c)) => format!(
                        "its value for {}",
                        to.category(&c)
                            .map_or_else(|| c.to_string(), |c| c.label.clone())
                    ),
                    _ => "its value for everyone".to_string(),
                }
            ));
        }
        let values: Vec<Value> = parts.iter().map(|p| p.value).collect();
        combine_parts(&values).ok_or_else(|| {
            format!(
                "the values of {} in {} are not all of one shape.",
                partner_name(doc, &target.partner),
                target.period.code()
            )
        })
    }

    fn label(&self, category: &Code) -> String {
        self.from
            .category(category)
            .map_or_else(|| category.to_string(), |c| c.label.clone())
    }
}

fn name_of(doc: &Document, breakdown: &Code) -> String {
    doc.coalition
        .breakdown(breakdown)
        .map_or_else(|| breakdown.to_string(), |b| b.name.clone())
}

fn partner_name(doc: &Document, partner: &Code) -> String {
    doc.partner(partner)
        .map_or_else(|| partner.to_string(), |p| p.name.clone())
}

impl Document {
    /// Replaces the measure with `measure`'s code by `measure`, moving its values by
    /// `mappings` as [`plan`] says, in one change: the values no longer there are cleared, the
    /// measure is put, and the values made or moved are recorded. Returns what was done.
    ///
    /// Returns an error, leaving the document as it was, where [`plan`] or
    /// [`Document::put_measure`] would, or if the measure is closed.
    pub fn regroup_measure(
        &mut self,
        measure: Measure,
        mappings: &[Mapping],
        by: &str,
        at: &str,
    ) -> Result<Regrouping, Error> {
        let old = self
            .measure(&measure.code)
            .cloned()
            .ok_or_else(|| Error::UnknownMeasure(measure.code.to_string()))?;
        if let (Some(on), Some(next)) = (old.closed, &old.continued_as) {
            return Err(Error::MeasureClosed {
                title: old.title.clone(),
                on: on.to_string(),
                next: next.to_string(),
            });
        }
        self.validate_measure(&measure)?;
        let outcome = plan(self, &old, &measure, mappings, by, at)?;
        let after: BTreeMap<CellKey, &Observation> =
            outcome.values.iter().map(|o| (o.key(), o)).collect();
        let gone: Vec<CellKey> = self
            .observations
            .of_measure(&old.code)
            .map(Observation::key)
            .filter(|k| !after.contains_key(k))
            .collect();
        let removed: Vec<Observation> = gone
            .iter()
            .filter_map(|k| self.observations.remove(k))
            .collect();
        if let Err(e) = self.put_measure(measure) {
            for o in removed {
                self.observations.put(o);
            }
            return Err(e);
        }
        for o in &outcome.values {
            if self.observations.get(&o.key()) != Some(o) {
                self.observations.put(o.clone());
            }
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_is_said_in_the_singular() {
        let one = Regrouping {
            moved: 1,
            combined: 1,
            combined_from: 2,
            superseded: 1,
            ..Regrouping::default()
        };
        assert_eq!(
            one.text(),
            "1 value moves as it is. 1 value is made from 2 (their sum). 1 value was entered beside a value the partner entered for the whole: that value stays, and it is removed (the history keeps it)."
        );
        assert_eq!(Regrouping::default().text(), "No value moves.");
    }
}

//! A partner's value for one group in one period: the value it entered for the group, or the
//! value its categories give when the group is a total (or a margin of crossed breakdowns) the
//! partner did not enter itself.
//!
//! This is the one place a group's value is found; every figure of a group (and every total)
//! reads it through [`cells_of`], so a total entered by a partner and a total given by its
//! categories are never both counted. The rules are in `docs/numbers.md` ("Groups").

use crate::{Document, Group, Measure, Observation, Period, Rollup, Value, ValueType};

/// One partner's value of a group in one period, and whether every value behind it counts in
/// the figures (under review, only approved values do).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupCell<'a> {
    pub partner: &'a crate::Code,
    pub period: Period,
    pub value: Value,
    /// Whether the value is the partner's own entry for the group, rather than given by its
    /// categories.
    pub entered: bool,
}

/// Whether the categories of an exhaustive breakdown give a measure's total: counts and amounts
/// add up, percents and rates add numerators and denominators, and weighted means combine by
/// their weights. A plain mean of averages does not (the groups' sizes are unknown).
pub fn categories_add_up(measure: &Measure) -> bool {
    matches!(
        measure.value_type,
        ValueType::Count | ValueType::Amount | ValueType::Percent | ValueType::Rate
    ) || measure.rollup == Rollup::WeightedMean
}

/// The values of `group` of `measure` that count in the figures, one per partner and period, in
/// period order (then partner order), as [`crate::series::series`] gathers them.
///
/// A partner's value of `group` in a period is, in this order:
/// 1. the value it entered for exactly `group`;
/// 2. otherwise, where the categories add up ([`categories_add_up`]), the combination of its
///    values for every category of an exhaustive breakdown of the measure that `group` does not
///    choose yet (each found by these same rules), if it has all of them;
/// 3. otherwise none: some categories alone are never taken for the whole.
///
/// A value that does not count (waiting for approval) is left out, and so is a combination with
/// one behind it.
pub fn cells_of<'a>(
    document: &'a Document,
    measure: &'a Measure,
    group: &'a Group,
) -> impl Iterator<Item = GroupCell<'a>> + 'a {
    let mut cells = document.observations.of_measure(&measure.code).peekable();
    let simple = measure.breakdowns.is_empty();
    std::iter::from_fn(move || loop {
        let first = cells.next()?;
        if simple {
            if first.group == *group && document.counts(first) {
                return Some(entered(first));
            }
            continue;
        }
        // One partner's cells of one period sit together: its total, then its groups.
        let mut bucket = vec![first];
        while let Some(next) =
            cells.next_if(|o| o.period == first.period && o.partner == first.partner)
        {
            bucket.push(next);
        }
        let plan = Plan {
            document,
            measure,
            counted_only: true,
        };
        if let Some((value, entered)) = plan.value(&bucket, group) {
            return Some(GroupCell {
                partner: &first.partner,
                period: first.period,
                value,
                entered,
            });
        }
    })
}

fn entered(o: &Observation) -> GroupCell<'_> {
    GroupCell {
        partner: &o.partner,
        period: o.period,
        value: o.value,
        entered: true,
    }
}

/// Whether `partner` has a value of `group` of `measure` in `period` by the rules of
/// [`cells_of`], counted in the figures or not (waiting for approval counts as in).
pub fn is_in(
    document: &Document,
    measure: &Measure,
    partner: &crate::Code,
    period: Period,
    group: &Group,
) -> bool {
    value_of(document, measure, partner, period, group).is_some()
}

/// `partner`'s value of `group` in `period` by the rules of [`cells_of`], counted or not, with
/// whether it was entered as it is (`false`: its categories give it).
pub fn value_of(
    document: &Document,
    measure: &Measure,
    partner: &crate::Code,
    period: Period,
    group: &Group,
) -> Option<(Value, bool)> {
    let bucket: Vec<&Observation> = document
        .observations
        .of_cell(&measure.code, period, partner)
        .collect();
    let plan = Plan {
        document,
        measure,
        counted_only: false,
    };
    plan.value(&bucket, group)
}

/// Where `partner` entered a value of `group` in `period` and its categories (all of them, of
/// an exhaustive breakdown) add up to something else: the value entered and what the
/// categories give. Never refused (what is entered is kept); the grid says so, to be checked.
pub fn disagreement(
    document: &Document,
    measure: &Measure,
    partner: &crate::Code,
    period: Period,
    group: &Group,
) -> Option<(Value, Value)> {
    let bucket: Vec<&Observation> = document
        .observations
        .of_cell(&measure.code, period, partner)
        .collect();
    let entered = bucket.iter().find(|o| o.group == *group)?.value;
    let plan = Plan {
        document,
        measure,
        counted_only: false,
    };
    let parts = plan.given_by_parts(&bucket, group)?;
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let agree = match (entered, parts) {
        (Value::Number(a), Value::Number(b)) => same(a, b),
        (
            Value::Ratio {
                numerator: a,
                denominator: b,
            },
            Value::Ratio {
                numerator: c,
                denominator: d,
            },
        ) => same(a, c) && same(b, d),
        (Value::Weighted { mean: a, weight: w }, Value::Weighted { mean: b, weight: v }) => {
            same(a, b) && same(w, v)
        }
        _ => false,
    };
    (!agree).then_some((entered, parts))
}

struct Plan<'a> {
    document: &'a Document,
    measure: &'a Measure,
    /// Whether values waiting for approval are left out, as the figures leave them out.
    counted_only: bool,
}

impl Plan<'_> {
    /// The value of `group` from one partner's cells of one period (`bucket`), by the rules of
    /// [`cells_of`], with whether it was entered as it is.
    fn value(&self, bucket: &[&Observation], group: &Group) -> Option<(Value, bool)> {
        if let Some(o) = bucket.iter().find(|o| o.group == *group) {
            let counts = !self.counted_only || self.document.counts(o);
            return counts.then_some((o.value, true));
        }
        self.given_by_parts(bucket, group).map(|v| (v, false))
    }

    /// What the categories give for `group` (rule 2 of [`cells_of`]), whether or not the
    /// group's own value was entered.
    fn given_by_parts(&self, bucket: &[&Observation], group: &Group) -> Option<Value> {
        if !categories_add_up(self.measure) {
            return None;
        }
        self.measure
            .breakdowns
            .iter()
            .filter(|b| group.category_of(b).is_none())
            .filter_map(|b| self.document.coalition.breakdown(b))
            .filter(|b| b.exhaustive)
            .find_map(|breakdown| {
                let parts = breakdown
                    .categories
                    .iter()
                    .map(|c| {
                        let part = group.with(&breakdown.code, &c.code).ok()?;
                        self.value(bucket, &part).map(|(v, _)| v)
                    })
                    .collect::<Option<Vec<Value>>>()?;
                combine_parts(&parts)
            })
    }
}

/// The whole that parts of one shape make: the sum of numbers, the sums of numerators and
/// denominators, or the weighted mean with the summed weight. `None` if the parts do not share
/// a shape (a value entered before the measure's type changed) or there are none.
pub fn combine_parts(parts: &[Value]) -> Option<Value> {
    let mut whole = *parts.first()?;
    for part in &parts[1..] {
        whole = match (whole, *part) {
            (Value::Number(a), Value::Number(b)) => Value::Number(a + b),
            (
                Value::Ratio {
                    numerator: a,
                    denominator: b,
                },
                Value::Ratio {
                    numerator: c,
                    denominator: d,
                },
            ) => Value::Ratio {
                numerator: a + c,
                denominator: b + d,
            },
            (Value::Weighted { mean: a, weight: w }, Value::Weighted { mean: b, weight: v }) => {
                Value::Weighted {
                    mean: (a * w + b * v) / (w + v),
                    weight: w + v,
                }
            }
            _ => return None,
        };
    }
    Some(whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Breakdown, Category, Code};

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn age(exhaustive: bool) -> Breakdown {
        Breakdown {
            code: code("AGE"),
            name: "Age band".into(),
            categories: ["13-15", "16-18"]
                .iter()
                .map(|c| Category {
                    code: code(c),
                    label: c.to_string(),
                })
                .collect(),
            exhaustive,
        }
    }

    /// The sample with the count TEEN-VISITS broken down by age: LIB enters both age bands
    /// and no total in FY2025-Q1.
    fn broken_down(exhaustive: bool) -> (Document, Measure) {
        let mut doc = crate::sample::coalition();
        let mut coalition = doc.coalition.clone();
        coalition.breakdowns.retain(|b| b.code != code("AGE"));
        coalition.breakdowns.push(age(exhaustive));
        doc.set_coalition(coalition).unwrap();
        let mut measure = doc
            .measures
            .iter()
            .find(|m| {
                m.value_type == ValueType::Count && m.accumulation == crate::Accumulation::PerPeriod
            })
            .unwrap()
            .clone();
        measure.breakdowns = vec![code("AGE")];
        doc.put_measure(measure.clone()).unwrap();
        (doc, measure)
    }

    /// Replaces the measure's first total with a value of `group`, returning the cell's
    /// period and partner.
    fn value_at(doc: &mut Document, measure: &Measure, group: Group, n: f64) -> (Period, Code) {
        let existing = doc
            .observations
            .of_measure(&measure.code)
            .next()
            .unwrap()
            .clone();
        doc.clear(&existing.key());
        doc.record(Observation {
            group,
            value: Value::Number(n),
            ..existing.clone()
        })
        .unwrap();
        (existing.period, existing.partner)
    }

    fn other_age_band(doc: &mut Document, m: &Measure, at: &(Period, Code), n: f64) {
        let key = crate::CellKey {
            group: Group::one(code("AGE"), code("13-15")),
            ..crate::CellKey::total(m.code.clone(), at.0, at.1.clone())
        };
        let existing = doc.observations.get(&key).unwrap().clone();
        doc.record(Observation {
            group: Group::one(code("AGE"), code("16-18")),
            value: Value::Number(n),
            ..existing
        })
        .unwrap();
    }

    fn total_of(doc: &Document, m: &Measure, at: &(Period, Code)) -> Option<(Value, bool)> {
        let total = Group::total();
        let found = cells_of(doc, m, &total)
            .find(|c| c.period == at.0 && *c.partner == at.1)
            .map(|c| (c.value, c.entered));
        found
    }

    #[test]
    fn the_categories_of_an_exhaustive_breakdown_give_the_total_a_partner_did_not_enter() {
        let (mut doc, m) = broken_down(true);
        let at = value_at(&mut doc, &m, Group::one(code("AGE"), code("13-15")), 30.0);
        other_age_band(&mut doc, &m, &at, 12.0);
        assert_eq!(total_of(&doc, &m, &at), Some((Value::Number(42.0), false)));
    }

    #[test]
    fn a_total_the_partner_entered_is_its_total_whatever_its_categories_say() {
        let (mut doc, m) = broken_down(true);
        let at = value_at(&mut doc, &m, Group::one(code("AGE"), code("13-15")), 30.0);
        other_age_band(&mut doc, &m, &at, 12.0);
        let existing = doc
            .observations
            .of_measure(&m.code)
            .find(|o| o.period == at.0)
            .unwrap()
            .clone();
        doc.record(Observation {
            group: Group::total(),
            partner: at.1.clone(),
            value: Value::Number(50.0),
            ..existing
        })
        .unwrap();
        assert_eq!(total_of(&doc, &m, &at), Some((Value::Number(50.0), true)));
    }

    #[test]
    fn a_total_that_its_categories_do_not_add_up_to_is_kept_and_told() {
        let (mut doc, m) = broken_down(true);
        let at = value_at(&mut doc, &m, Group::one(code("AGE"), code("13-15")), 30.0);
        other_age_band(&mut doc, &m, &at, 12.0);
        let existing = doc
            .observations
            .of_measure(&m.code)
            .find(|o| o.period == at.0)
            .unwrap()
            .clone();
        let total = Observation {
            group: Group::total(),
            partner: at.1.clone(),
            value: Value::Number(50.0),
            ..existing
        };
        doc.record(total.clone()).unwrap();
        assert_eq!(
            disagreement(&doc, &m, &at.1, at.0, &Group::total()),
            Some((Value::Number(50.0), Value::Number(42.0)))
        );
        doc.record(Observation {
            value: Value::Number(42.0),
            ..total
        })
        .unwrap();
        assert_eq!(disagreement(&doc, &m, &at.1, at.0, &Group::total()), None);
    }

    #[test]
    fn some_categories_alone_never_stand_for_the_total() {
        let (mut doc, m) = broken_down(true);
        let at = value_at(&mut doc, &m, Group::one(code("AGE"), code("13-15")), 30.0);
        assert_eq!(total_of(&doc, &m, &at), None);
    }

    #[test]
    fn categories_that_do_not_cover_everyone_give_no_total() {
        let (mut doc, m) = broken_down(false);
        let at = value_at(&mut doc, &m, Group::one(code("AGE"), code("13-15")), 30.0);
        other_age_band(&mut doc, &m, &at, 12.0);
        assert_eq!(total_of(&doc, &m, &at), None);
    }

    #[test]
    fn a_value_in_a_category_the_measure_is_not_broken_down_by_is_refused() {
        let mut doc = crate::sample::coalition();
        let existing = doc.observations.iter().next().unwrap().clone();
        let refused = doc.record(Observation {
            group: Group::one(code("AGE"), code("13-15")),
            ..existing
        });
        assert!(matches!(refused, Err(crate::Error::NotBrokenDownBy { .. })));
    }

    #[test]
    fn parts_of_a_ratio_add_numerators_and_denominators() {
        let whole = combine_parts(&[
            Value::Ratio {
                numerator: 3.0,
                denominator: 10.0,
            },
            Value::Ratio {
                numerator: 5.0,
                denominator: 30.0,
            },
        ]);
        assert_eq!(
            whole,
            Some(Value::Ratio {
                numerator: 8.0,
                denominator: 40.0
            })
        );
        assert_eq!(
            combine_parts(&[
                Value::Number(1.0),
                Value::Ratio {
                    numerator: 1.0,
                    denominator: 2.0
                }
            ]),
            None
        );
    }
}

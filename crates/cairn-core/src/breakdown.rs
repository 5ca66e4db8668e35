//! Breakdowns: the named sets of categories a coalition reports its measures by, such as age
//! band (13–15, 16–18) or neighbourhood, so it can see not only whether teens are better off but
//! which teens.
//!
//! A breakdown is defined once on the coalition ([`crate::Coalition::breakdowns`]); a measure
//! chooses zero, one or two of them ([`crate::Measure::breakdowns`]). A value entered for one
//! category (or one pair of categories, when a measure crosses two breakdowns) is its own cell,
//! named by a [`Group`], so it syncs and meets conflicts like any other value.

use serde::{Deserialize, Serialize};

use crate::code::{at_most, required_text};
use crate::{Code, Error};

/// One category of a breakdown, such as "13–15" of the age band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// The stable code values are stored under; it never changes once values use it.
    pub code: Code,
    pub label: String,
}

/// A named set of categories, such as "Age band" with 13–15 and 16–18.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub code: Code,
    pub name: String,
    pub categories: Vec<Category>,
    /// Whether the categories cover everyone (every teen is in exactly one of them), so the
    /// categories of a measure that adds up give its total. A breakdown with a category for
    /// "not reported" covers everyone; one listing only some neighbourhoods does not.
    pub exhaustive: bool,
}

impl Breakdown {
    /// The most categories one breakdown holds: far above any real one (a county's areas), and
    /// small enough that a crossed measure's table stays readable.
    pub const MAX_CATEGORIES: usize = 40;

    /// Returns `Ok` if and only if the breakdown has a name and 2 to 40 categories, each with a
    /// label and a code no other category of it uses.
    pub fn validate(&self) -> Result<(), Error> {
        required_text("A breakdown's name", &self.name, 120)?;
        at_most("Categories", &self.categories, Self::MAX_CATEGORIES)?;
        if self.categories.len() < 2 {
            return Err(Error::TooFewCategories {
                breakdown: self.name.clone(),
            });
        }
        for (i, category) in self.categories.iter().enumerate() {
            required_text("A category's label", &category.label, 80)?;
            if self.categories[..i].iter().any(|c| c.code == category.code) {
                return Err(Error::DuplicateCode {
                    kind: "category",
                    code: category.code.to_string(),
                });
            }
        }
        Ok(())
    }

    pub fn category(&self, code: &Code) -> Option<&Category> {
        self.categories.iter().find(|c| &c.code == code)
    }

    /// The category with `code`, or an error naming the breakdown's categories.
    pub fn expect_category(&self, code: &Code) -> Result<&Category, Error> {
        self.category(code).ok_or_else(|| Error::UnknownCategory {
            breakdown: self.name.clone(),
            category: code.to_string(),
            known: self
                .categories
                .iter()
                .map(|c| c.code.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// One category chosen from one breakdown: part of a [`Group`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Choice {
    pub breakdown: Code,
    pub category: Code,
}

/// The group a value counts: nobody in particular (the total, the empty group), one category of
/// one breakdown, or one category of each of two crossed breakdowns.
///
/// Its choices are kept sorted by breakdown code, so age × area and area × age name the same
/// cell. The total is empty and sorts first, so a measure's totals come before its groups. It
/// costs 16 bytes in every cell and allocates only for a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Group(Box<[Choice]>);

impl Group {
    /// The most breakdowns a measure crosses.
    pub const MAX_BREAKDOWNS: usize = 2;

    /// The total: the value of nobody in particular.
    pub fn total() -> Group {
        Group::default()
    }

    /// Returns the group of `choices` in canonical order if and only if no two of them choose
    /// from the same breakdown and there are at most two.
    pub fn of(mut choices: Vec<Choice>) -> Result<Group, Error> {
        choices.sort();
        if choices.len() > Self::MAX_BREAKDOWNS {
            return Err(Error::InvalidGroup {
                group: describe_choices(&choices),
                reason: "a value counts at most two crossed breakdowns",
            });
        }
        if choices.windows(2).any(|w| w[0].breakdown == w[1].breakdown) {
            return Err(Error::InvalidGroup {
                group: describe_choices(&choices),
                reason: "it names two categories of one breakdown",
            });
        }
        Ok(Group(choices.into_boxed_slice()))
    }

    /// The group of one category of one breakdown.
    pub fn one(breakdown: Code, category: Code) -> Group {
        Group(Box::new([Choice {
            breakdown,
            category,
        }]))
    }

    pub fn is_total(&self) -> bool {
        self.0.is_empty()
    }

    pub fn choices(&self) -> &[Choice] {
        &self.0
    }

    /// The category this group chooses from `breakdown`, if it chooses one.
    pub fn category_of(&self, breakdown: &Code) -> Option<&Code> {
        self.0
            .iter()
            .find(|c| &c.breakdown == breakdown)
            .map(|c| &c.category)
    }

    /// This group with `category` of `breakdown` added, which it must not choose yet.
    pub fn with(&self, breakdown: &Code, category: &Code) -> Result<Group, Error> {
        let mut choices = self.0.to_vec();
        choices.push(Choice {
            breakdown: breakdown.clone(),
            category: category.clone(),
        });
        Group::of(choices)
    }

    /// The group as path parts, `AGE=13-15` for each choice; none for the total.
    pub fn path_parts(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .iter()
            .map(|c| format!("{}={}", c.breakdown, c.category))
    }

    /// Reads the group from path parts as [`Group::path_parts`] writes them.
    pub fn parse_path_parts(parts: &[&str]) -> Result<Group, Error> {
        let choices = parts
            .iter()
            .map(|part| {
                let invalid = || Error::InvalidGroup {
                    group: part.chars().take(60).collect(),
                    reason: "write each category as BREAKDOWN=CATEGORY",
                };
                let (b, c) = part.split_once('=').ok_or_else(invalid)?;
                Ok(Choice {
                    breakdown: Code::parse(b).map_err(|_| invalid())?,
                    category: Code::parse(c).map_err(|_| invalid())?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let group = Group::of(choices)?;
        if group.path_parts().ne(parts.iter().map(|p| p.to_string())) {
            return Err(Error::InvalidGroup {
                group: parts.join("/"),
                reason: "name its breakdowns in order of their codes, in capitals",
            });
        }
        Ok(group)
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_total() {
            return write!(f, "total");
        }
        write!(f, "{}", describe_choices(&self.0))
    }
}

fn describe_choices(choices: &[Choice]) -> String {
    choices
        .iter()
        .map(|c| format!("{} {}", c.breakdown, c.category))
        .collect::<Vec<_>>()
        .join(" × ")
}

/// Written as an object from breakdown code to category code (`{"AGE": "13-15"}`), which is
/// what a long-form export's category columns hold.
impl Serialize for Group {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .iter()
                .map(|c| (c.breakdown.as_str(), c.category.as_str())),
        )
    }
}

impl<'de> Deserialize<'de> for Group {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<Code, Code>::deserialize(deserializer)?;
        Group::of(
            map.into_iter()
                .map(|(breakdown, category)| Choice {
                    breakdown,
                    category,
                })
                .collect(),
        )
        .map_err(serde::de::Error::custom)
    }
}

/// Returns `Ok` if and only if `breakdowns` (a coalition's) are each valid and no two share a
/// code, and there are at most 20.
pub fn validate_all(breakdowns: &[Breakdown]) -> Result<(), Error> {
    at_most("Breakdowns", breakdowns, 20)?;
    for (i, breakdown) in breakdowns.iter().enumerate() {
        breakdown.validate()?;
        if breakdowns[..i].iter().any(|b| b.code == breakdown.code) {
            return Err(Error::DuplicateCode {
                kind: "breakdown",
                code: breakdown.code.to_string(),
            });
        }
    }
    Ok(())
}

/// The groups a measure crossing `breakdowns` asks values for, besides the total: each category
/// of one breakdown or, for two crossed breakdowns, each pair of categories (the margins, such
/// as every age band over all areas, follow from the pairs: see [`crate::equity`]). In a stable
/// order: by the first breakdown's categories, then the second's.
pub fn groups_of(breakdowns: &[&Breakdown]) -> Vec<Group> {
    match breakdowns {
        [one] => one
            .categories
            .iter()
            .map(|c| Group::one(one.code.clone(), c.code.clone()))
            .collect(),
        [a, b] => a
            .categories
            .iter()
            .flat_map(|x| {
                b.categories.iter().filter_map(move |y| {
                    Group::one(a.code.clone(), x.code.clone())
                        .with(&b.code, &y.code)
                        .ok()
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn age() -> Breakdown {
        Breakdown {
            code: code("AGE"),
            name: "Age band".into(),
            categories: vec![
                Category {
                    code: code("13-15"),
                    label: "13–15".into(),
                },
                Category {
                    code: code("16-18"),
                    label: "16–18".into(),
                },
            ],
            exhaustive: true,
        }
    }

    #[test]
    fn a_group_names_the_same_cell_whatever_order_its_breakdowns_are_given_in() {
        let a = Group::one(code("AREA"), code("NORTH"))
            .with(&code("AGE"), &code("13-15"))
            .unwrap();
        let b = Group::one(code("AGE"), code("13-15"))
            .with(&code("AREA"), &code("NORTH"))
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(
            a.path_parts().collect::<Vec<_>>(),
            ["AGE=13-15", "AREA=NORTH"]
        );
    }

    #[test]
    fn a_group_reads_back_from_its_path_and_its_json() {
        let group = Group::one(code("AGE"), code("13-15"))
            .with(&code("AREA"), &code("NORTH"))
            .unwrap();
        let parts: Vec<String> = group.path_parts().collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        assert_eq!(Group::parse_path_parts(&parts).unwrap(), group);
        let json = serde_json::to_string(&group).unwrap();
        assert_eq!(json, r#"{"AGE":"13-15","AREA":"NORTH"}"#);
        assert_eq!(serde_json::from_str::<Group>(&json).unwrap(), group);
    }

    #[test]
    fn a_path_naming_breakdowns_out_of_order_or_twice_is_refused() {
        assert!(Group::parse_path_parts(&["AREA=NORTH", "AGE=13-15"]).is_err());
        assert!(Group::parse_path_parts(&["AGE=13-15", "AGE=16-18"]).is_err());
        assert!(Group::parse_path_parts(&["AGE"]).is_err());
        assert!(Group::parse_path_parts(&["A=1", "B=2", "C=3"]).is_err());
    }

    #[test]
    fn the_total_sorts_before_every_group() {
        assert!(Group::total() < Group::one(code("A"), code("0")));
        assert!(Group::total().is_total());
        assert_eq!(Group::total().to_string(), "total");
    }

    #[test]
    fn a_breakdown_needs_two_categories_with_codes_of_their_own() {
        assert!(age().validate().is_ok());
        let mut one = age();
        one.categories.pop();
        assert!(matches!(
            one.validate(),
            Err(Error::TooFewCategories { .. })
        ));
        let mut twice = age();
        twice.categories[1].code = code("13-15");
        assert!(matches!(
            twice.validate(),
            Err(Error::DuplicateCode {
                kind: "category",
                ..
            })
        ));
    }

    #[test]
    fn a_crossed_measure_asks_for_each_pair_of_categories() {
        let mut area = age();
        area.code = code("AREA");
        let groups = groups_of(&[&age(), &area]);
        assert_eq!(groups.len(), 4);
        assert!(groups.iter().all(|g| g.choices().len() == 2));
        assert_eq!(groups_of(&[&age()]).len(), 2);
    }
}

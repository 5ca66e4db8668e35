//! Who does what: the partner × strategy matrix, with the gaps (strategies and key measures no
//! running activity aims to move) and possible duplication it exposes.

use crate::{Activity, ActivityStatus, Code, Document};

/// The activities in each partner's row and strategy's column, as lead or supporter.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub partners: Vec<Code>,
    pub strategies: Vec<Code>,
    /// `cells[partner][strategy]`: indices into the document's activities.
    pub cells: Vec<Vec<Vec<usize>>>,
}

/// Builds the matrix of every partner (rows) by every strategy (columns). Dropped activities
/// are left out; activities without a strategy appear in no cell.
pub fn matrix(document: &Document) -> Matrix {
    let partners: Vec<Code> = document.partners.iter().map(|p| p.code.clone()).collect();
    let strategies: Vec<Code> = document
        .coalition
        .strategies
        .iter()
        .map(|s| s.code.clone())
        .collect();
    let cells = partners
        .iter()
        .map(|partner| {
            strategies
                .iter()
                .map(|strategy| {
                    document
                        .activities
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| a.status != ActivityStatus::Dropped)
                        .filter(|(_, a)| {
                            a.strategy.as_ref() == Some(strategy) && a.involves(partner)
                        })
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect()
        })
        .collect();
    Matrix {
        partners,
        strategies,
        cells,
    }
}

/// Something no running activity works on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    Strategy(Code),
    KeyMeasure(Code),
}

/// Returns the strategies with no running (active or at-risk) activity, then the key measures
/// no running activity aims to move, in the document's order.
pub fn gaps(document: &Document) -> Vec<Gap> {
    let running: Vec<&Activity> = document
        .activities
        .iter()
        .filter(|a| a.is_running())
        .collect();
    let strategies = document
        .coalition
        .strategies
        .iter()
        .filter(|s| !running.iter().any(|a| a.strategy.as_ref() == Some(&s.code)))
        .map(|s| Gap::Strategy(s.code.clone()));
    let measures = document
        .measures
        .iter()
        .filter(|m| m.key && !running.iter().any(|a| a.aims_at(&m.code)))
        .map(|m| Gap::KeyMeasure(m.code.clone()));
    strategies.chain(measures).collect()
}

/// Two activities that may duplicate each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplication {
    /// Indices into the document's activities, the earlier first.
    pub first: usize,
    pub second: usize,
    pub strategy: Code,
    pub measure: Code,
}

/// Returns pairs of activities, not dropped, led by different partners, on the same strategy,
/// aiming at a shared measure, for the same audience (ignoring case and spaces), at
/// overlapping dates, where neither lead takes part in the other's activity.
pub fn duplications(document: &Document) -> Vec<Duplication> {
    let audience = |a: &Activity| a.audience.trim().to_lowercase();
    let live: Vec<(usize, &Activity)> = document
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status != ActivityStatus::Dropped)
        .collect();
    let mut out = Vec::new();
    for (i, &(ai, a)) in live.iter().enumerate() {
        for &(bi, b) in &live[i + 1..] {
            let (Some(sa), Some(sb)) = (&a.strategy, &b.strategy) else {
                continue;
            };
            if sa != sb
                || a.lead == b.lead
                || audience(a).is_empty()
                || audience(a) != audience(b)
                || !a.overlaps(b)
                || a.involves(&b.lead)
                || b.involves(&a.lead)
            {
                continue;
            }
            if let Some(aim) = a.aims.iter().find(|x| b.aims_at(&x.measure)) {
                out.push(Duplication {
                    first: ai,
                    second: bi,
                    strategy: sa.clone(),
                    measure: aim.measure.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::tests::activity;
    use crate::{sample, Aim, Date, Direction};

    fn code(s: &str) -> Code {
        Code::parse(s).unwrap()
    }

    fn doc_with(activities: Vec<Activity>) -> Document {
        let mut doc = sample::coalition();
        doc.activities = activities;
        doc
    }

    fn on(code_: &str, lead: &str, strategy: &str, measure: &str) -> Activity {
        Activity {
            strategy: Some(code(strategy)),
            aims: vec![Aim {
                measure: code(measure),
                direction: Direction::Up,
            }],
            ..activity(code_, lead)
        }
    }

    #[test]
    fn each_cell_lists_the_partners_activities_under_that_strategy() {
        let mut a = on("A1", "SCI", "SKILLS", "NEW-SKILL");
        a.supporters = vec![code("LIB")];
        let doc = doc_with(vec![a]);
        let m = matrix(&doc);
        let row = |p: &str| m.partners.iter().position(|x| x.as_str() == p).unwrap();
        let col = m
            .strategies
            .iter()
            .position(|x| x.as_str() == "SKILLS")
            .unwrap();
        assert_eq!(m.cells[row("SCI")][col], vec![0]);
        assert_eq!(m.cells[row("LIB")][col], vec![0]);
        assert!(m.cells[row("ART")][col].is_empty());
    }

    #[test]
    fn strategies_and_key_measures_nobody_works_on_are_gaps() {
        let doc = doc_with(vec![on("A1", "SCI", "SKILLS", "NEW-SKILL")]);
        let gaps = gaps(&doc);
        assert!(gaps.contains(&Gap::Strategy(code("ACCESS"))));
        assert!(!gaps.contains(&Gap::Strategy(code("SKILLS"))));
        assert!(gaps.contains(&Gap::KeyMeasure(code("ABSENT"))));
        assert!(!gaps.contains(&Gap::KeyMeasure(code("NEW-SKILL"))));
    }

    #[test]
    fn a_planned_or_completed_activity_does_not_close_a_gap() {
        let mut a = on("A1", "SCI", "SKILLS", "NEW-SKILL");
        a.status = ActivityStatus::Completed;
        assert!(gaps(&doc_with(vec![a])).contains(&Gap::Strategy(code("SKILLS"))));
    }

    #[test]
    fn two_partners_running_the_same_thing_apart_are_flagged() {
        let doc = doc_with(vec![
            on("A1", "SCI", "SKILLS", "NEW-SKILL"),
            on("A2", "ART", "SKILLS", "NEW-SKILL"),
        ]);
        assert_eq!(
            duplications(&doc),
            vec![Duplication {
                first: 0,
                second: 1,
                strategy: code("SKILLS"),
                measure: code("NEW-SKILL")
            }]
        );
    }

    #[test]
    fn working_together_another_audience_or_other_dates_is_not_duplication() {
        let mut together = on("A2", "ART", "SKILLS", "NEW-SKILL");
        together.supporters = vec![code("SCI")];
        let mut adults = on("A2", "ART", "SKILLS", "NEW-SKILL");
        adults.audience = "adults".into();
        let mut earlier = on("A2", "ART", "SKILLS", "NEW-SKILL");
        earlier.start = Date::parse("2024-01-01").unwrap();
        earlier.end = Some(Date::parse("2024-06-30").unwrap());
        let mut dropped = on("A2", "ART", "SKILLS", "NEW-SKILL");
        dropped.status = ActivityStatus::Dropped;
        for other in [together, adults, earlier, dropped] {
            let doc = doc_with(vec![on("A1", "SCI", "SKILLS", "NEW-SKILL"), other]);
            assert_eq!(duplications(&doc), vec![]);
        }
    }
}

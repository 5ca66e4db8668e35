//! Every text and every list a record holds has a limit, so no one change (a mistake, or a
//! member on purpose) can grow what every other member downloads without bound.

use cairn_core::{sample, Document, Error};

/// `change` applied to a fresh copy of the sample coalition, then validated.
fn refused(change: impl FnOnce(&mut Document)) -> Error {
    let mut doc = sample::coalition();
    change(&mut doc);
    doc.validate().expect_err("the change goes past a limit")
}

fn too_many(e: Error) -> usize {
    match e {
        Error::TooMany { max, .. } => max,
        other => panic!("expected TooMany, got {other:?}"),
    }
}

fn too_long(e: Error) -> usize {
    match e {
        Error::TooLong { max, .. } => max,
        other => panic!("expected TooLong, got {other:?}"),
    }
}

#[test]
fn the_sample_coalition_is_within_every_limit() {
    sample::coalition().validate().unwrap();
}

#[test]
fn every_list_in_a_record_has_a_limit() {
    let max = too_many(refused(|d| {
        let s = d.coalition.strategies[0].clone();
        d.coalition.strategies = vec![s; 101];
    }));
    assert_eq!(max, 100);
    let max = too_many(refused(|d| {
        let t = d.measures[0].targets[0];
        d.measures[0].targets = vec![t; 201];
    }));
    assert_eq!(max, 200);
    let max = too_many(refused(|d| {
        let p = d.measures[0].reporters[0].clone();
        d.measures[0].reporters = vec![p; 1001];
    }));
    assert_eq!(max, 1000);
    let max = too_many(refused(|d| {
        let a = d.activities.iter_mut().find(|a| !a.log.is_empty()).unwrap();
        let u = a.log[0].clone();
        a.log = vec![u; 201];
    }));
    assert_eq!(max, 200);
    let max = too_many(refused(|d| {
        let p = d
            .partners
            .iter_mut()
            .find(|p| !p.history.is_empty())
            .unwrap();
        let c = p.history[0].clone();
        p.history = vec![c; 201];
    }));
    assert_eq!(max, 200);
}

/// A change to a document, and the limit it goes past.
type Case = (usize, Box<dyn FnOnce(&mut Document)>);

#[test]
fn every_text_in_a_record_has_a_limit() {
    let long = "x".repeat(5000);
    let cases: Vec<Case> = vec![
        (120, Box::new(|d| d.coalition.name = "x".repeat(121))),
        (500, Box::new(|d| d.coalition.goal = "x".repeat(501))),
        (160, Box::new(|d| d.measures[0].title = "x".repeat(161))),
        (
            2000,
            Box::new({
                let long = long.clone();
                move |d| d.measures[0].definition = long
            }),
        ),
        (40, Box::new(|d| d.measures[0].unit = "x".repeat(41))),
        (120, Box::new(|d| d.partners[0].name = "x".repeat(121))),
        (160, Box::new(|d| d.activities[0].title = "x".repeat(161))),
        (
            120,
            Box::new(|d| d.activities[0].audience = "x".repeat(121)),
        ),
        (
            120,
            Box::new(|d| {
                let a = d.activities.iter_mut().find(|a| !a.log.is_empty()).unwrap();
                a.log[0].author = "x".repeat(121);
            }),
        ),
    ];
    for (i, (max, change)) in cases.into_iter().enumerate() {
        assert_eq!(too_long(refused(change)), max, "case {i}");
    }
}

#[test]
fn an_observations_texts_have_limits() {
    let doc = sample::coalition();
    let mut o = doc.observations.iter().next().unwrap().clone();
    let measure = doc.measures.iter().find(|m| m.code == o.measure).unwrap();
    o.entered_at = "x".repeat(41).into();
    assert_eq!(too_long(o.validate_for(measure).unwrap_err()), 40);
    o.entered_at.clear();
    o.entered_by = "x".repeat(121).into();
    assert_eq!(too_long(o.validate_for(measure).unwrap_err()), 120);
    o.entered_by.clear();
    o.note = "x".repeat(1001).into();
    assert_eq!(too_long(o.validate_for(measure).unwrap_err()), 1000);
}

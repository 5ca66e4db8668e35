//! Several members edit the same coalition at once, some of them offline for a while, through
//! the real server. Afterwards every replica equals the server, every acknowledged edit is
//! either the current value or kept in a conflict, and conflicts are exactly where two members
//! edited the same thing from the same version.

mod common;

use std::collections::BTreeMap;

use cairn_core::sync::{Mutation, Outcome, Receipt};
use cairn_core::{sample, CellKey, Document, Value as Reported};
use common::*;

const ID: &str = "teen-futures";

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The things members edit: a few cells of a count measure and three fields.
#[derive(Clone, Debug)]
enum Target {
    Cell(CellKey),
    Goal,
    Title,
    Unit,
}

fn edit(doc: &mut Document, target: &Target, n: u64) {
    match target {
        Target::Cell(key) => {
            let mut o = doc.observations.get(key).unwrap().clone();
            o.value = Reported::Number(n as f64);
            doc.record(o).unwrap();
        }
        Target::Goal => doc.coalition.goal = format!("goal {n}"),
        Target::Title => doc.measures[0].title = format!("title {n}"),
        Target::Unit => doc.measures[1].unit = format!("u{n}"),
    }
}

#[test]
fn members_editing_at_once_converge_and_conflict_exactly_where_they_shared_a_base() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, ID, &sample::coalition());
    let mut members: Vec<Member> = (0..4)
        .map(|i| Member::invite(&server, ID, &format!("member-{i}")))
        .collect();
    let doc = &members[0].doc;
    let counted = doc
        .measures
        .iter()
        .find(|m| m.value_type == cairn_core::ValueType::Count)
        .unwrap()
        .code
        .clone();
    let mut targets: Vec<Target> = doc
        .observations
        .of_measure(&counted)
        .take(4)
        .map(|o| Target::Cell(o.key()))
        .collect();
    targets.extend([Target::Goal, Target::Title, Target::Unit]);

    let mut rng = Rng(0x5eed_cafe);
    let mut counter = 0;
    let mut log: Vec<(String, Mutation, Receipt)> = Vec::new();
    for round in 0..40 {
        for (i, member) in members.iter_mut().enumerate() {
            for _ in 0..rng.below(3) {
                counter += 1;
                let target = &targets[rng.below(targets.len() as u64) as usize];
                member.edit(|d| edit(d, target, counter));
            }
            // Member 2 is offline for rounds 5 to 19, member 3 for rounds 12 to 29.
            let offline =
                (i == 2 && (5..20).contains(&round)) || (i == 3 && (12..30).contains(&round));
            if offline {
                continue;
            }
            if rng.below(2) == 0 {
                member.pull(&server, ID);
            }
            for (m, r) in member.push(&server, ID) {
                log.push((member.name.clone(), m, r));
            }
        }
    }
    // Everyone back online: push and pull until nothing moves.
    loop {
        let mut moved = 0;
        for member in members.iter_mut() {
            let sent = member.push(&server, ID);
            moved += sent.len();
            for (m, r) in sent {
                log.push((member.name.clone(), m, r));
            }
            moved += member.pull(&server, ID);
        }
        if moved == 0 {
            break;
        }
    }

    let truth = server_copy(&server, ID);
    for member in &members {
        assert_eq!(member.doc, truth, "{} differs from the server", member.name);
        assert!(member.replica.outbox.is_empty());
        assert_eq!(member.replica.conflicts, members[0].replica.conflicts);
    }
    let conflicts = &members[0].replica.conflicts;
    assert!(!conflicts.is_empty(), "the schedule makes some conflicts");

    let mut applied: BTreeMap<String, (u64, Option<serde_json::Value>)> = BTreeMap::new();
    for (who, m, r) in &log {
        match &r.outcome {
            Outcome::Applied { version, value } => {
                let entry = applied.entry(m.path.to_string()).or_insert((0, None));
                if *version > entry.0 {
                    // A value comes back signed by the server; anything else as sent.
                    *entry = (*version, value.clone().or_else(|| m.value.clone()));
                }
            }
            Outcome::Conflict { conflict, .. } => {
                // Kept in a conflict record that every member has, with both values.
                let c = conflicts.iter().find(|c| c.id == *conflict).unwrap();
                assert_eq!(unsigned(&c.proposed.value), unsigned(&m.value));
                assert_ne!(unsigned(&c.kept.value), unsigned(&m.value));
                // Someone else wrote the path after this edit's base, before it arrived.
                assert!(
                    log.iter().any(|(other, o, or)| other != who
                        && o.path == m.path
                        && matches!(or.outcome, Outcome::Applied { version, .. } if version > m.base && version < *conflict)),
                    "conflict {conflict} has no other writer since its base"
                );
            }
            Outcome::Rejected { message, .. } => panic!("unexpected refusal: {message}"),
        }
    }
    // Every acknowledged edit is either the value now held or was written over later.
    let rows = pull(&server, ID, 0).rows;
    for (path, (version, value)) in &applied {
        let row = rows.iter().find(|r| &r.path.to_string() == path).unwrap();
        assert_eq!(row.version, *version, "{path}");
        assert_eq!(&row.value, value, "{path}");
    }
    // Two edits from different members on one path from one base never both apply silently.
    for (i, (a, ma, ra)) in log.iter().enumerate() {
        for (b, mb, rb) in &log[i + 1..] {
            if a != b && ma.path == mb.path && ma.base == mb.base && ma.value != mb.value {
                assert!(
                    matches!(ra.outcome, Outcome::Conflict { .. })
                        || matches!(rb.outcome, Outcome::Conflict { .. }),
                    "{} and {} both changed {} from version {} without a conflict",
                    a,
                    b,
                    ma.path,
                    ma.base
                );
            }
        }
    }
    println!(
        "{} mutations, {} conflicts, final cursor {}",
        log.len(),
        conflicts.len(),
        members[0].replica.cursor
    );
}

/// A value without who entered it and when, which the server sets.
fn unsigned(value: &Option<serde_json::Value>) -> Option<serde_json::Value> {
    let mut value = value.clone()?;
    if let Some(fields) = value.as_object_mut() {
        fields.remove("entered_by");
        fields.remove("entered_at");
    }
    Some(value)
}

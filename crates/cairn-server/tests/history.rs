//! The history over real HTTP with a real SQLite file: every change is kept with who made it
//! (signed by the server), an administrator reverts a whole import in one step, and nobody
//! rewrites or deletes what the history holds.

mod common;

use cairn_core::history::{self, Via};
use cairn_core::sync::{Outcome, Path, Record};
use cairn_core::{Document, MonthIndex, Value};
use common::*;

const ID: &str = "teen-futures";

/// Doubles every plain number `partner` reported, as an import of corrected figures would.
fn double_every_value_of(doc: &mut Document, partner: &str) {
    let mine: Vec<_> = doc
        .observations
        .iter()
        .filter(|o| o.partner.as_str() == partner && matches!(o.value, Value::Number(_)))
        .cloned()
        .collect();
    for mut o in mine {
        if let Value::Number(n) = o.value {
            o.value = Value::Number(n * 2.0 + 1.0);
            doc.record(o).unwrap();
        }
    }
}

/// Reverts the action `id` as `admin`'s app does, keeping the revert in the history.
fn revert(admin: &mut Member, id: &str) -> history::Reverted {
    let items: Vec<_> = admin
        .doc
        .history
        .of_action(id)
        .flat_map(|e| e.items.clone())
        .collect();
    let mut reverted = None;
    admin.edit_kept(Via::Revert, Some(id), |doc| {
        reverted = Some(history::revert(
            doc,
            items.iter(),
            MonthIndex::new(2026, 12),
        ));
    });
    reverted.expect("the edit ran")
}

fn every_applied(sent: &[(cairn_core::sync::Mutation, cairn_core::sync::Receipt)]) {
    for (m, r) in sent {
        assert!(
            matches!(r.outcome, Outcome::Applied { .. }),
            "{}: {:?}",
            m.path,
            r.outcome
        );
    }
}

#[test]
fn reverting_an_import_restores_every_value_it_changed() {
    let (_dir, server) = with_sample(ID);
    let original = server_copy(&server, ID);
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let import = sam.edit_kept(Via::Import, None, |doc| double_every_value_of(doc, "SCI"));
    every_applied(&sam.push(&server, ID));

    let mut admin = Member::invite(&server, ID, "Ada");
    let entries: Vec<_> = admin.doc.history.of_action(&import).cloned().collect();
    assert!(
        !entries.is_empty(),
        "the import's history reached the server"
    );
    assert!(entries
        .iter()
        .all(|e| e.by == "Sam" && e.at != "2026-12-04T12:00:00Z"));
    let changed: usize = entries.iter().map(|e| e.items.len()).sum();
    assert!(changed > 5, "{changed}");

    let reverted = revert(&mut admin, &import);
    assert_eq!(reverted.kept, []);
    assert_eq!(reverted.changes.len(), changed);
    every_applied(&admin.push(&server, ID));

    // Every value is back as it was, signed by the administrator who put it back.
    let now = server_copy(&server, ID);
    let reported = |doc: &Document| -> Vec<_> {
        doc.observations
            .iter()
            .map(|o| (o.key(), o.value, o.note.clone()))
            .collect()
    };
    assert_eq!(reported(&now), reported(&original));
    let revert = now
        .history
        .iter()
        .find(|e| e.reverts.as_deref() == Some(import.as_str()))
        .expect("the revert is itself in the history");
    assert_eq!(revert.by, "Ada");
    assert_eq!(revert.via, Via::Revert);
    assert_eq!(
        now.history.iter().map(|e| e.items.len()).sum::<usize>(),
        changed * 2
    );
}

#[test]
fn a_revert_leaves_a_value_changed_again_since_and_says_which() {
    let (_dir, server) = with_sample(ID);
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let import = sam.edit_kept(Via::Import, None, |doc| double_every_value_of(doc, "SCI"));
    every_applied(&sam.push(&server, ID));
    let key = number_in(
        &sam.doc,
        "SCI",
        sam.doc.observations.iter().next().unwrap().period,
    );
    sam.edit_kept(Via::Grid, None, |doc| {
        let mut o = doc.observations.get(&key).unwrap().clone();
        o.value = Value::Number(12345.0);
        doc.record(o).unwrap();
    });
    every_applied(&sam.push(&server, ID));

    let mut admin = Member::invite(&server, ID, "Ada");
    let reverted = revert(&mut admin, &import);
    let kept: Vec<&Path> = reverted.kept.iter().map(|(p, _)| p).collect();
    assert_eq!(kept, [&Path::record(Record::Observation(key.clone()))]);
    every_applied(&admin.push(&server, ID));
    assert_eq!(value_on_server(&server, ID, &key), Value::Number(12345.0));
}

#[test]
fn nobody_deletes_or_rewrites_the_history_and_an_editor_keeps_only_their_own() {
    let (_dir, server) = with_sample(ID);
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let import = sam.edit_kept(Via::Import, None, |doc| double_every_value_of(doc, "SCI"));
    every_applied(&sam.push(&server, ID));

    let mut admin = Member::invite(&server, ID, "Ada");
    let path = Path::record(Record::History(import.clone()));
    let mut forged = admin.doc.history.get(&import).unwrap().clone();
    forged.items.truncate(1);
    for value in [None, Some(serde_json::to_value(&forged).unwrap())] {
        admin.replica.outbox.clear();
        let before = admin.doc.clone();
        let mut after = before.clone();
        // Written straight into the outbox: the app never makes such a change.
        let change = cairn_core::sync::Change {
            path: path.clone(),
            value: value.clone(),
        };
        let _ = cairn_core::sync::apply(&mut after, &change);
        admin
            .replica
            .record_changes(&[change], "Ada", "2026-12-04T12:00:00Z");
        match admin.pushed(&server, ID) {
            Outcome::Rejected { code, .. } => assert_eq!(code, "history_rewritten"),
            other => panic!("not refused: {other:?}"),
        }
    }
    assert_eq!(
        server_copy(&server, ID)
            .history
            .get(&import)
            .unwrap()
            .items
            .len(),
        sam.doc.history.get(&import).unwrap().items.len()
    );

    // An entry telling of a change to another partner's value is not Sam's to keep.
    let forged = sam.edit_kept(Via::Grid, None, |doc| double_every_value_of(doc, "LIB"));
    let sent = sam.push(&server, ID);
    let refused: Vec<_> = sent
        .iter()
        .filter(|(m, _)| matches!(m.path.record, Record::History(_)))
        .map(|(_, r)| &r.outcome)
        .collect();
    assert!(!refused.is_empty());
    // Refused for what it tells of (LIB's values, refused to Sam, were never made).
    assert!(refused.iter().all(|o| matches!(
        o,
        Outcome::Rejected { code, .. } if code == "not_allowed" || code == "invalid_history"
    )));
    assert!(
        sam.doc.history.get(&forged).is_none(),
        "the refused entry goes from Sam's copy too"
    );
}

#[test]
fn the_history_keeps_only_the_changes_the_server_made() {
    let (_dir, server) = with_sample(ID);
    let q1 = cairn_core::Period::Quarter {
        fiscal_year: 2026,
        quarter: 1,
    };
    let mut admin = Member::invite(&server, ID, "Ada");
    admin.edit(|doc| doc.coalition.locked_periods.push(q1));
    every_applied(&admin.push(&server, ID));

    // One action changing a value in the locked quarter and one in the next.
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let locked = number_in(&sam.doc, "SCI", q1);
    let open = number_in(
        &sam.doc,
        "SCI",
        cairn_core::Period::Quarter {
            fiscal_year: 2026,
            quarter: 2,
        },
    );
    let action = sam.edit_kept(Via::Grid, None, |doc| {
        for key in [&locked, &open] {
            let mut o = doc.observations.get(key).unwrap().clone();
            o.value = Value::Number(4321.0);
            doc.record(o).unwrap();
        }
    });
    sam.push(&server, ID);
    let kept = server_copy(&server, ID)
        .history
        .get(&action)
        .cloned()
        .unwrap();
    let paths: Vec<&Path> = kept.items.iter().map(|i| &i.path).collect();
    assert_eq!(paths, [&Path::record(Record::Observation(open.clone()))]);
    assert_eq!(kept.items[0].after.as_ref().unwrap()["entered_by"], "Sam");
    assert_eq!(
        sam.doc.history.get(&action),
        Some(&kept),
        "Sam's copy says the same"
    );
}

#[test]
fn an_entry_about_a_change_someone_else_made_is_refused() {
    let (_dir, server) = with_sample(ID);
    let mut admin = Member::invite(&server, ID, "Ada");
    let key = number_in(
        &admin.doc,
        "SCI",
        admin.doc.observations.iter().next().unwrap().period,
    );
    admin.set(&key, 5.0);
    every_applied(&admin.push(&server, ID));

    // Sam claims Ada's change as his own, from a made-up earlier value, to have it reverted.
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let forged = history::entries(
        &history::Signature {
            action: "20261204T120000Z-Sam-9".into(),
            by: "Sam",
            at: "2026-12-04T12:00:00Z",
            via: Via::Grid,
            note: "",
            reverts: None,
        },
        vec![history::Item {
            path: Path::record(Record::Observation(key.clone())),
            before: Some(serde_json::json!({"value": 999})),
            after: cairn_core::sync::value_at(&sam.doc, &Path::record(Record::Observation(key))),
        }],
    )
    .remove(0);
    let change = cairn_core::sync::Change {
        path: Path::record(Record::History(forged.id.clone())),
        value: Some(serde_json::to_value(&forged).unwrap()),
    };
    sam.replica
        .record_changes(&[change], "Sam", "2026-12-04T12:00:00Z");
    match sam.pushed(&server, ID) {
        Outcome::Rejected { code, .. } => assert_eq!(code, "invalid_history"),
        other => panic!("not refused: {other:?}"),
    }
    assert!(server_copy(&server, ID).history.get(&forged.id).is_none());
}

#[test]
fn an_entry_sent_again_keeps_its_first_signature() {
    let (_dir, server) = with_sample(ID);
    let mut sam = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    let import = sam.edit_kept(Via::Import, None, |doc| double_every_value_of(doc, "SCI"));
    every_applied(&sam.push(&server, ID));
    let signed = server_copy(&server, ID)
        .history
        .get(&import)
        .cloned()
        .unwrap();

    // Ada restores a backup holding Sam's entry and sends it again as hers.
    let mut admin = Member::invite(&server, ID, "Ada");
    let mut again = signed.clone();
    again.by = "Ada".into();
    let change = cairn_core::sync::Change {
        path: Path::record(Record::History(import.clone())),
        value: Some(serde_json::to_value(&again).unwrap()),
    };
    admin
        .replica
        .record_changes(&[change], "Ada", "2026-12-04T12:00:00Z");
    assert!(matches!(admin.pushed(&server, ID), Outcome::Applied { .. }));
    assert_eq!(server_copy(&server, ID).history.get(&import), Some(&signed));
    assert_eq!(admin.doc.history.get(&import), Some(&signed));
}

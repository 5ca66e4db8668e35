//! Locked periods over real HTTP with a real SQLite file: a lock set by an administrator
//! refuses every change to a value in the period, whoever sends it and however long it waited
//! offline, with the reason; unlocking lets changes in again.

mod common;

use cairn_core::sync::Outcome;
use cairn_core::{CellKey, Period, Value as Reported};
use common::*;

const ID: &str = "teen-futures";

fn q1() -> Period {
    Period::Quarter {
        fiscal_year: 2026,
        quarter: 1,
    }
}

fn started() -> (tempfile::TempDir, Server) {
    with_sample(ID)
}

fn lock_q1(admin: &mut Member, server: &Server) {
    admin.edit(|doc| doc.coalition.locked_periods.push(q1()));
    assert!(matches!(admin.pushed(server, ID), Outcome::Applied { .. }));
}

/// A server with the sample whose FY2026-Q1 an administrator has locked: the administrator's
/// browser, and a counted value of SCI in the quarter.
fn locked_q1() -> (tempfile::TempDir, Server, Member, CellKey) {
    let (dir, server) = started();
    let mut admin = Member::join(&server, ID, "backbone");
    lock_q1(&mut admin, &server);
    let key = number_in(&admin.doc, "SCI", q1());
    (dir, server, admin, key)
}

fn refused_as_locked(outcome: Outcome) {
    match outcome {
        Outcome::Rejected { code, message, .. } => {
            assert_eq!(code, "period_locked");
            assert!(message.contains("FY2026-Q1"), "{message}");
            assert!(message.contains("unlock"), "{message}");
        }
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn a_locked_period_refuses_a_change_from_anyone_with_the_reason_until_it_is_unlocked() {
    let (_dir, server, mut admin, key) = locked_q1();
    let before = admin.doc.observations.get(&key).unwrap().value;

    let mut editor = Member::invite_as(&server, ID, "editor", Some("SCI"), "Sam");
    editor.set(&key, 4321.0);
    refused_as_locked(editor.pushed(&server, ID));
    admin.set(&key, 4321.0);
    refused_as_locked(admin.pushed(&server, ID));
    assert_eq!(value_on_server(&server, ID, &key), before);

    admin.edit(|doc| doc.coalition.locked_periods.clear());
    assert!(matches!(admin.pushed(&server, ID), Outcome::Applied { .. }));
    editor.set(&key, 4321.0);
    assert!(matches!(
        editor.pushed(&server, ID),
        Outcome::Applied { .. }
    ));
    assert_eq!(value_on_server(&server, ID, &key), Reported::Number(4321.0));
}

#[test]
fn an_edit_made_offline_before_the_lock_comes_back_refused_and_the_cell_shows_the_locked_value() {
    let (_dir, server) = started();
    let mut away = Member::join(&server, ID, "away");
    let key = number_in(&away.doc, "SCI", q1());
    let locked = away.doc.observations.get(&key).unwrap().value;
    // The edit waits in the outbox (no network) while an administrator locks the quarter.
    away.set(&key, 999.0);
    let mut admin = Member::join(&server, ID, "backbone");
    lock_q1(&mut admin, &server);
    refused_as_locked(away.pushed(&server, ID));
    assert_eq!(
        away.replica.refused.len(),
        1,
        "the refusal is kept to be shown"
    );
    assert_eq!(away.doc.observations.get(&key).unwrap().value, locked);
}

#[test]
fn a_restored_backup_sending_the_locked_values_again_is_not_refused() {
    let (_dir, server, admin, key) = locked_q1();
    // The same value, entered again (as a restore sends every value): no change, no refusal.
    let held = admin.doc.observations.get(&key).unwrap().clone();
    let mutation = cairn_core::sync::Mutation {
        id: 1,
        path: cairn_core::sync::Path::record(cairn_core::sync::Record::Observation(key)),
        base: 0,
        value: Some(serde_json::to_value(&held).unwrap()),
        by: String::new(),
        at: String::new(),
        resolves: None,
    };
    let reply = push(
        &server,
        ID,
        &cairn_core::sync::Push {
            client: "restorer".into(),
            mutations: vec![mutation],
        },
    );
    assert!(
        !matches!(&reply.receipts[0].outcome, Outcome::Rejected { code, .. } if code == "period_locked"),
        "{:?}",
        reply.receipts[0].outcome
    );
}

#[test]
fn the_fiscal_year_cannot_move_under_quarterly_values_even_for_an_administrator() {
    let (_dir, server) = started();
    let mut admin = Member::join(&server, ID, "backbone");
    admin.edit(|doc| doc.coalition.fiscal_year_start = cairn_core::FiscalYearStart::JANUARY);
    match admin.pushed(&server, ID) {
        Outcome::Rejected { code, message, .. } => {
            assert_eq!(code, "fiscal_year_under_values");
            assert!(
                message.contains("would then name other months"),
                "{message}"
            );
        }
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(
        server_copy(&server, ID).coalition.fiscal_year_start,
        cairn_core::FiscalYearStart::JULY
    );
}

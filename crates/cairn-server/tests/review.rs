//! Review over real HTTP with a real SQLite file: a partner editor submits their own partner's
//! values for a period and nobody else's, cannot approve or return them, and cannot change them
//! once submitted; the backbone approves or returns with a comment; each step is signed with
//! the member's name and the server's clock; a step built on a review that changed meanwhile
//! is refused, so no approval is undone by a stale screen.

mod common;

use cairn_core::review::{Review, Stage};
use cairn_core::sync::Outcome;
use cairn_core::{Code, Period, Value as Reported};
use common::*;

const ID: &str = "teen-futures";

fn q1() -> Period {
    Period::Quarter {
        fiscal_year: 2026,
        quarter: 1,
    }
}

fn code(text: &str) -> Code {
    Code::parse(text).unwrap()
}

/// A partner editor for `partner` named `name`, who has just pulled the coalition.
fn editor(server: &Server, partner: &str, name: &str) -> Member {
    Member::invite_as(server, ID, "editor", Some(partner), name)
}

/// Takes the next step of `partner`'s FY2026-Q1 round in `member`'s copy.
fn step(member: &mut Member, partner: &str, stage: Stage, comment: &str) {
    member.edit(|doc| {
        let held = doc
            .review(&code(partner), q1())
            .cloned()
            .unwrap_or_else(|| Review::new(code(partner), q1()));
        let next = held.then(
            stage,
            comment,
            "typed in the browser",
            "1999-01-01T00:00:00Z",
        );
        doc.put_review(next).unwrap();
    });
}

fn applied(outcome: Outcome) {
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
}

/// Asserts `outcome` is a refusal with `code` and a message containing `says`.
fn refused(outcome: Outcome, code: &str, says: &str) {
    match outcome {
        Outcome::Rejected {
            code: got, message, ..
        } => {
            assert_eq!(got, code, "{message}");
            assert!(message.contains(says), "{message}");
        }
        other => panic!("not refused: {other:?}"),
    }
}

fn stage_on_server(server: &Server, partner: &str) -> Stage {
    server_copy(server, ID).stage(&code(partner), q1())
}

#[test]
fn a_partner_editor_submits_their_own_round_but_cannot_approve_it_or_submit_another_partners() {
    let (_dir, server) = with_sample(ID);
    let mut sam = editor(&server, "SCI", "Sam");
    step(&mut sam, "LIB", Stage::Submitted, "");
    refused(sam.pushed(&server, ID), "not_allowed", "LIB");
    assert_eq!(stage_on_server(&server, "LIB"), Stage::Draft);
    assert!(
        sam.doc.review(&code("LIB"), q1()).is_none(),
        "the refusal is undone"
    );

    step(&mut sam, "SCI", Stage::Submitted, "All three months in");
    applied(sam.pushed(&server, ID));
    let review = server_copy(&server, ID)
        .review(&code("SCI"), q1())
        .cloned()
        .unwrap();
    let signed = &review.steps[0];
    assert_eq!(
        (signed.stage, signed.by.as_str()),
        (Stage::Submitted, "Sam")
    );
    assert!(signed.at.starts_with("20") && signed.at != "1999-01-01T00:00:00Z");
    assert_eq!(
        sam.doc.review(&code("SCI"), q1()),
        Some(&review),
        "the sender converges"
    );

    step(&mut sam, "SCI", Stage::Approved, "");
    refused(
        sam.pushed(&server, ID),
        "not_allowed",
        "backbone administrator",
    );
    assert_eq!(stage_on_server(&server, "SCI"), Stage::Submitted);

    let mut ada = Member::invite(&server, ID, "Ada");
    step(&mut ada, "SCI", Stage::Approved, "");
    applied(ada.pushed(&server, ID));
    let review = server_copy(&server, ID)
        .review(&code("SCI"), q1())
        .cloned()
        .unwrap();
    assert_eq!(review.steps.len(), 2);
    assert_eq!(
        (review.stage(), review.steps[1].by.as_str()),
        (Stage::Approved, "Ada")
    );
}

#[test]
fn a_submitted_round_keeps_its_values_until_the_backbone_returns_it_with_a_comment() {
    let (_dir, server) = with_sample(ID);
    let mut sam = editor(&server, "SCI", "Sam");
    let key = number_in(&sam.doc, "SCI", q1());
    let before = sam.doc.observations.get(&key).unwrap().value;
    step(&mut sam, "SCI", Stage::Submitted, "");
    applied(sam.pushed(&server, ID));

    sam.set(&key, 4321.0);
    refused(
        sam.pushed(&server, ID),
        "under_review",
        "submitted for review",
    );
    let mut ada = Member::invite(&server, ID, "Ada");
    ada.set(&key, 4321.0);
    refused(ada.pushed(&server, ID), "under_review", "returns them");
    let held = |server: &Server| value_on_server(server, ID, &key);
    assert_eq!(held(&server), before);
    assert_eq!(sam.doc.observations.get(&key).unwrap().value, before);

    step(&mut ada, "SCI", Stage::Returned, "October looks doubled");
    applied(ada.pushed(&server, ID));
    sam.pull(&server, ID);
    let returned = sam.doc.review(&code("SCI"), q1()).unwrap();
    assert_eq!(returned.steps[1].comment, "October looks doubled");

    sam.set(&key, 4321.0);
    applied(sam.pushed(&server, ID));
    step(&mut sam, "SCI", Stage::Submitted, "Fixed October");
    applied(sam.pushed(&server, ID));
    ada.pull(&server, ID);
    step(&mut ada, "SCI", Stage::Approved, "");
    applied(ada.pushed(&server, ID));
    assert_eq!(held(&server), Reported::Number(4321.0));
    let review = server_copy(&server, ID)
        .review(&code("SCI"), q1())
        .cloned()
        .unwrap();
    let stages: Vec<Stage> = review.steps.iter().map(|s| s.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Submitted,
            Stage::Returned,
            Stage::Submitted,
            Stage::Approved
        ]
    );
}

#[test]
fn a_step_taken_on_a_review_that_changed_meanwhile_is_refused_and_the_approval_stands() {
    let (_dir, server) = with_sample(ID);
    let mut sam = editor(&server, "SCI", "Sam");
    step(&mut sam, "SCI", Stage::Submitted, "");
    applied(sam.pushed(&server, ID));
    let mut ada = Member::invite(&server, ID, "Ada");
    let mut bo = Member::invite(&server, ID, "Bo");
    step(&mut ada, "SCI", Stage::Approved, "");
    applied(ada.pushed(&server, ID));
    // Bo's screen still shows it submitted.
    step(&mut bo, "SCI", Stage::Returned, "Check the museum's count");
    refused(bo.pushed(&server, ID), "review_move", "changed meanwhile");
    assert_eq!(stage_on_server(&server, "SCI"), Stage::Approved);
    assert_eq!(
        bo.doc.stage(&code("SCI"), q1()),
        Stage::Approved,
        "Bo's copy converges"
    );

    // Deleting a review, even as an administrator, is refused.
    bo.edit(|doc| doc.reviews.clear());
    refused(bo.pushed(&server, ID), "review_move", "kept for good");
    assert_eq!(stage_on_server(&server, "SCI"), Stage::Approved);
}

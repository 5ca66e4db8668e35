//! The server over real HTTP with a real SQLite file: push, pull, retries, conflicts,
//! refusals and limits.

mod common;

use cairn_core::sync::{Mutation, Outcome, Path, Push};
use cairn_core::{sample, Document, Value as Reported};
use common::*;
use serde_json::{json, Value};

const ID: &str = "teen-futures";

fn started() -> (tempfile::TempDir, Server) {
    with_sample(ID)
}

fn first_cell(doc: &Document) -> cairn_core::Observation {
    doc.observations.iter().next().unwrap().clone()
}

fn set_value(doc: &mut Document, key: &cairn_core::CellKey, value: f64) {
    let mut o = doc.observations.get(key).unwrap().clone();
    o.value = match o.value {
        Reported::Ratio { denominator, .. } => Reported::Ratio {
            numerator: value.min(denominator),
            denominator,
        },
        Reported::Weighted { weight, .. } => Reported::Weighted {
            mean: value,
            weight,
        },
        Reported::Number(_) => Reported::Number(value),
    };
    doc.record(o).unwrap();
}

#[test]
fn an_uploaded_coalition_comes_back_whole_in_a_snapshot() {
    let (_dir, server) = started();
    let mut expected = sample::coalition();
    cairn_core::sync::canonical(&mut expected);
    assert_eq!(server_copy(&server, ID), expected);
    let (status, list) = get(&server.url("/api/v1/coalitions"));
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], ID);
    // Uploading the same id again is refused and changes nothing.
    let (status, answer) = post(
        &server.url("/api/v1/coalitions"),
        &json!({"id": ID, "document": Document::empty()}).to_string(),
    );
    assert_eq!(status, 409);
    assert_eq!(answer["error"]["code"], "coalition_exists");
}

#[test]
fn an_edit_reaches_another_member_through_push_and_pull() {
    let (_dir, server) = started();
    let mut ana = Member::join(&server, ID, "ana");
    let mut ben = Member::join(&server, ID, "ben");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| set_value(d, &key, 7.0));
    ana.edit(|d| d.coalition.goal = "A new goal".into());
    let sent = ana.push(&server, ID);
    assert!(sent
        .iter()
        .all(|(_, r)| matches!(r.outcome, Outcome::Applied { .. })));
    let before = ben.replica.cursor;
    assert_eq!(
        ben.pull(&server, ID),
        2,
        "only the two changed rows come back"
    );
    assert!(ben.replica.cursor > before);
    assert_eq!(ben.doc, ana.doc);
    assert_eq!(ben.doc.coalition.goal, "A new goal");
}

#[test]
fn a_retried_push_is_applied_once_and_answered_the_same() {
    let (_dir, server) = started();
    let mut ana = Member::join(&server, ID, "ana");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| set_value(d, &key, 11.0));
    let batch = ana.replica.push(10);
    let first = push(&server, ID, &batch);
    let again = push(&server, ID, &batch);
    assert_eq!(first, again);
    assert_eq!(pull(&server, ID, 0).cursor, first.cursor);
}

#[test]
fn two_members_changing_one_cell_from_the_same_version_make_a_conflict_that_keeps_both() {
    let (_dir, server) = started();
    let mut ana = Member::invite(&server, ID, "ana");
    let mut ben = Member::invite(&server, ID, "ben");
    // Ben's browser claims to be Ana: the server signs each change with the account's name.
    ben.name = "ana".into();
    let mut cy = Member::join(&server, ID, "cy");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| set_value(d, &key, 5.0));
    ben.edit(|d| set_value(d, &key, 9.0));
    ana.push(&server, ID);
    let sent = ben.push(&server, ID);
    let Outcome::Conflict { conflict, .. } = sent[0].1.outcome.clone() else {
        panic!("expected a conflict, got {:?}", sent[0].1);
    };
    // Ben's screen now shows the kept value, and the conflict reaches every member.
    assert_eq!(
        ben.doc.observations.get(&key),
        ana.doc.observations.get(&key)
    );
    cy.pull(&server, ID);
    ben.pull(&server, ID);
    for member in [&cy, &ben] {
        let c = &member.replica.conflicts[0];
        assert_eq!(c.id, conflict);
        assert_eq!(c.kept.by, "ana");
        assert_eq!(c.proposed.by, "ben");
        assert_ne!(c.kept.value, c.proposed.value);
    }
    // Ben keeps his own value; the answer syncs and closes the conflict for everyone.
    let mine = ben.replica.conflicts[0].proposed.value.clone();
    ben.replica
        .resolve(conflict, mine, &mut ben.doc, "ben", "2026-11-29T12:05:00Z")
        .unwrap();
    let sent = ben.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Applied { .. }),
        "{sent:?}"
    );
    cy.pull(&server, ID);
    ana.pull(&server, ID);
    assert!(cy.replica.conflicts.is_empty());
    assert!(ana.replica.conflicts.is_empty());
    assert_eq!(ana.doc, ben.doc);
    assert_eq!(cy.doc, ben.doc);
}

#[test]
fn changes_to_different_fields_or_different_cells_never_conflict() {
    let (_dir, server) = started();
    let mut ana = Member::join(&server, ID, "ana");
    let mut ben = Member::join(&server, ID, "ben");
    let cells: Vec<_> = ana
        .doc
        .observations
        .iter()
        .map(|o| o.key())
        .take(2)
        .collect();
    let (one, two) = (cells[0].clone(), cells[1].clone());
    ana.edit(|d| {
        d.measures[0].title = "Ana's title".into();
        set_value(d, &one, 3.0);
    });
    ben.edit(|d| {
        d.measures[0].unit = "Ben's unit".into();
        set_value(d, &two, 4.0);
    });
    for (_, r) in ana
        .push(&server, ID)
        .iter()
        .chain(ben.push(&server, ID).iter())
    {
        assert!(matches!(r.outcome, Outcome::Applied { .. }), "{r:?}");
    }
    ana.pull(&server, ID);
    ben.pull(&server, ID);
    assert_eq!(ana.doc, ben.doc);
    assert_eq!(ana.doc.measures[0].title, "Ana's title");
    assert_eq!(ana.doc.measures[0].unit, "Ben's unit");
    assert_eq!(server_copy(&server, ID), ana.doc);
}

fn mutation(id: u64, path: &str, value: Value) -> Mutation {
    Mutation {
        id,
        path: Path::parse(path).unwrap(),
        base: 0,
        value: Some(value),
        resolves: None,
        by: "test".into(),
        at: String::new(),
    }
}

/// Pushes one mutation (`id`, of `path` to `value`, made on version `base`) from `client` as
/// the administrator, and returns its outcome.
fn push_one(
    server: &Server,
    client: &str,
    id: u64,
    path: &str,
    value: Value,
    base: u64,
) -> Outcome {
    let mut m = mutation(id, path, value);
    m.base = base;
    let push_body = Push {
        client: client.into(),
        mutations: vec![m],
    };
    push(server, ID, &push_body).receipts[0].outcome.clone()
}

#[test]
fn a_refused_mutation_says_why_and_never_blocks_the_rest() {
    let (_dir, server) = started();
    let doc = server_copy(&server, ID);
    let o = first_cell(&doc);
    let base = pull(&server, ID, 0)
        .rows
        .iter()
        .find(|r| r.path.to_string() == "coalition/goal")
        .unwrap()
        .version;
    let mut goal = mutation(3, "coalition/goal", json!("Still pushed"));
    goal.base = base;
    let batch = Push {
        client: "ana".into(),
        mutations: vec![
            mutation(
                1,
                &format!("observations/{}/{}/NOBODY", o.measure, o.period),
                json!({"measure": o.measure, "period": o.period, "partner": "NOBODY", "value": 1}),
            ),
            mutation(2, "coalition/name", json!("")),
            goal,
        ],
    };
    let reply = push(&server, ID, &batch);
    let codes: Vec<String> = reply
        .receipts
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Rejected { code, message, .. } => {
                assert!(!message.is_empty());
                code.clone()
            }
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(codes[0], "unknown_partner");
    assert_eq!(codes[1], "required");
    assert!(codes[2].starts_with("Applied"), "{codes:?}");
    assert_eq!(server_copy(&server, ID).coalition.goal, "Still pushed");
}

#[test]
fn a_value_beyond_what_the_core_accepts_is_refused_with_the_limit_and_changes_nothing() {
    let (_dir, server) = started();
    let doc = server_copy(&server, ID);
    let o = first_cell(&doc);
    let path = format!("observations/{}/{}/{}", o.measure, o.period, o.partner);
    let base = pull(&server, ID, 0)
        .rows
        .iter()
        .find(|r| r.path.to_string() == path)
        .unwrap()
        .version;
    let mut huge = serde_json::to_value(&o).unwrap();
    huge["value"] = match o.value {
        Reported::Ratio { .. } => json!({"numerator": 1, "denominator": 1.0e-300}),
        _ => json!(1.797_693_134_862_315_7e308),
    };
    let mut m = mutation(1, &path, huge);
    m.base = base;
    let reply = push(
        &server,
        ID,
        &Push {
            client: "ana".into(),
            mutations: vec![m],
        },
    );
    match &reply.receipts[0].outcome {
        Outcome::Rejected { code, message, .. } => {
            assert!(code == "too_large" || code == "too_small", "{code}");
            assert!(message.contains("1,000,000,000,000") || message.contains("0.000001"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server_copy(&server, ID).observations.get(&o.key()),
        Some(&o)
    );
}

#[test]
fn a_record_past_a_list_or_text_limit_is_refused_and_the_stored_one_kept() {
    let (_dir, server) = started();
    let doc = server_copy(&server, ID);
    let partner = doc.partners.iter().find(|p| !p.history.is_empty()).unwrap();
    let path = format!("partners/{}/history", partner.code);
    let row = pull(&server, ID, 0)
        .rows
        .into_iter()
        .find(|r| {
            r.path.to_string() == path || r.path.to_string() == format!("partners/{}", partner.code)
        })
        .expect("the partner's row");
    let mut grown = serde_json::to_value(partner).unwrap();
    grown["history"] = json!(vec![
        serde_json::to_value(&partner.history[0]).unwrap();
        201
    ]);
    let mut long = serde_json::to_value(partner).unwrap();
    long["name"] = json!("x".repeat(121));
    for (i, value) in [grown, long].into_iter().enumerate() {
        let path = row.path.to_string();
        match push_one(&server, "ana", i as u64 + 1, &path, value, row.version) {
            Outcome::Rejected { code, .. } => assert_eq!(code, ["too_many", "too_long"][i]),
            other => panic!("{other:?}"),
        }
    }
    let stored = server_copy(&server, ID);
    assert_eq!(
        stored.partners.iter().find(|p| p.code == partner.code),
        Some(partner)
    );
}

#[test]
fn who_entered_a_value_and_when_are_the_servers_and_nothing_else_a_browser_adds_is_kept() {
    let (_dir, server) = started();
    let doc = server_copy(&server, ID);
    let o = first_cell(&doc);
    let path = format!("observations/{}/{}/{}", o.measure, o.period, o.partner);
    let row_of = |pull: &cairn_core::sync::Pull| {
        pull.rows
            .iter()
            .find(|r| r.path.to_string() == path)
            .unwrap()
            .clone()
    };
    let base = row_of(&pull(&server, ID, 0)).version;
    let mut value = serde_json::to_value(&o).unwrap();
    value["entered_by"] = json!("Somebody else");
    value["entered_at"] = json!("1999-01-01T00:00:00Z");
    value["padding"] = json!("x".repeat(100_000));
    value["note"] = json!("first");
    let send_as = |client: &str, value: Value| push_one(&server, client, 1, &path, value, base);
    assert!(matches!(
        send_as("ana", value.clone()),
        Outcome::Applied { .. }
    ));
    let stored = row_of(&pull(&server, ID, 0)).value.unwrap();
    assert_eq!(stored["entered_by"], json!("Backbone"));
    let at = stored["entered_at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z') && at > "2026", "{at}");
    assert!(stored.get("padding").is_none());
    // Another browser that had not seen it proposes a value with padding: the conflict every
    // member pulls holds the value as the core reads it, signed by the server, without it.
    value["note"] = json!("second");
    assert!(matches!(send_as("bob", value), Outcome::Conflict { .. }));
    let snapshot = pull(&server, ID, 0);
    let proposed = snapshot.conflicts[0].proposed.value.clone().unwrap();
    assert_eq!(proposed["note"], json!("second"));
    assert_eq!(proposed["entered_by"], json!("Backbone"));
    assert!(proposed.get("padding").is_none());
    assert!(serde_json::to_string(&snapshot.conflicts).unwrap().len() < 2_000);
}

#[test]
fn one_member_can_leave_at_most_25_conflicts_open_so_nobodys_pull_grows_without_bound() {
    let (_dir, server) = started();
    let snapshot = pull(&server, ID, 0);
    let cells: Vec<_> = snapshot
        .rows
        .iter()
        .filter(|r| r.path.to_string().starts_with("observations/"))
        .take(30)
        .cloned()
        .collect();
    let send = |client: &str, id: u64, row: &cairn_core::sync::RowChange, note: &str| {
        let mut value = row.value.clone().unwrap();
        value["note"] = json!(note);
        push_one(
            &server,
            client,
            id,
            &row.path.to_string(),
            value,
            row.version,
        )
    };
    let mut refused = Vec::new();
    for (i, row) in cells.iter().enumerate() {
        let id = i as u64 + 1;
        assert!(matches!(
            send("ana", id, row, "first"),
            Outcome::Applied { .. }
        ));
        match send("bob", id, row, &"padding ".repeat(120)) {
            Outcome::Conflict { .. } => {}
            Outcome::Rejected { code, message, .. } => {
                assert_eq!(code, "too_many_conflicts");
                assert!(message.contains("settle some of them first"), "{message}");
                refused.push(i);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(refused, (25..30).collect::<Vec<_>>());
    // What every other member pulls of these conflicts is bounded: 25 of them, each holding
    // two values of bounded size.
    let open = pull(&server, ID, 0).conflicts;
    assert_eq!(open.len(), 25);
    let bytes = serde_json::to_string(&open).unwrap().len();
    assert!(bytes < 25 * 3_000, "{bytes} bytes of conflicts");
}

#[test]
fn every_limit_and_malformed_body_gets_a_clear_4xx_and_changes_nothing() {
    let (_dir, server) = started();
    let push_url = server.url(&format!("/api/v1/coalitions/{ID}/push"));
    let before = pull(&server, ID, 0).cursor;
    let cases: Vec<(String, u16, &str)> = vec![
        ("{not json".into(), 400, "malformed_json"),
        (r#"{"client": "a"}"#.into(), 400, "wrong_shape"),
        (
            json!({"client": "a", "mutations": [{"id": 1, "path": "nowhere/x", "base": 0}]})
                .to_string(),
            400,
            "wrong_shape",
        ),
        (
            json!({"client": "a b", "mutations": []}).to_string(),
            422,
            "invalid_client",
        ),
        (
            json!({"client": "a", "mutations": (1..=501).map(|i| mutation(i, "coalition/goal", json!("x"))).collect::<Vec<_>>()}).to_string(),
            422,
            "too_many_mutations",
        ),
        (
            json!({"client": "a", "mutations": [mutation(2, "coalition/goal", json!("x")), mutation(1, "coalition/goal", json!("y"))]}).to_string(),
            422,
            "mutation_order",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = post(&push_url, &body);
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{answer}"
        );
        assert!(answer["error"]["message"].as_str().unwrap().len() > 10);
    }
    // A body over the limit is refused as soon as it passes the limit (over a raw socket: a
    // client still writing the rest may see the connection close before it reads the answer).
    {
        use std::io::{Read, Write};
        let address = server.base.trim_start_matches("http://");
        let mut socket = std::net::TcpStream::connect(address).unwrap();
        write!(
            socket,
            "POST /api/v1/coalitions/{ID}/push HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nX-Cairn-Csrf: 1\r\nCookie: cairn_session={}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
            server.admin(),
            2 * 1024 * 1024
        )
        .unwrap();
        let _ = socket.write_all(&vec![b' '; 1024 * 1024 + 4096]);
        socket
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let mut answer = String::new();
        let mut chunk = [0u8; 4096];
        while !answer.contains("too_large") {
            match socket.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.push_str(&String::from_utf8_lossy(&chunk[..n])),
            }
        }
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains(r#""code":"too_large""#), "{answer}");
    }
    // Text longer than the rules allow is refused per mutation, with the field named.
    let reply = push(
        &server,
        ID,
        &Push {
            client: "a".into(),
            mutations: vec![mutation(1, "coalition/goal", json!("x".repeat(501)))],
        },
    );
    match &reply.receipts[0].outcome {
        Outcome::Rejected { code, message, .. } => {
            assert_eq!(code, "too_long");
            assert!(message.contains("common goal"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pull(&server, ID, 0).cursor, before);
    let (status, answer) = get(&server.url("/api/v1/coalitions/nobody/pull"));
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (404, Some("unknown_coalition"))
    );
    let (status, answer) = get(&server.url("/api/v1/nothing-here"));
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, answer) = post(
        &server.url("/api/v1/coalitions"),
        &json!({"id": "Bad Id", "document": {}}).to_string(),
    );
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("invalid_coalition_id"))
    );
    let (status, answer) = post(
        &server.url("/api/v1/coalitions"),
        &json!({"id": "newer", "document": {"format": 99}}).to_string(),
    );
    assert_eq!(
        (status, answer["error"]["code"].as_str()),
        (400, Some("unreadable_document"))
    );
}

#[test]
fn an_unknown_cursor_gets_a_full_snapshot() {
    let (_dir, server) = started();
    // A cursor beyond the server's sequence (one from before a restore, say) is unknown here.
    for cursor in ["0", "999999", "9223372036854775807"] {
        let (status, answer) =
            get(&server.url(&format!("/api/v1/coalitions/{ID}/pull?cursor={cursor}")));
        assert_eq!(status, 200);
        assert_eq!(answer["snapshot"], true, "{cursor}");
    }
    // What is not a cursor at all is refused, saying what a cursor is.
    for cursor in ["abc", "-1", "1.5", ""] {
        let (status, answer) =
            get(&server.url(&format!("/api/v1/coalitions/{ID}/pull?cursor={cursor}")));
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (400, Some("invalid_query")),
            "{cursor}"
        );
        assert!(answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("whole number"));
    }
    let cursor = pull(&server, ID, 0).cursor;
    let fresh = pull(&server, ID, cursor);
    assert!(!fresh.snapshot);
    assert!(fresh.rows.is_empty());
}

#[test]
fn a_cell_answers_its_stored_value_and_version() {
    let (_dir, server) = started();
    let o = first_cell(&server_copy(&server, ID));
    let (status, cell) = get(&server.url(&format!(
        "/api/v1/coalitions/{ID}/cell/{}/{}/{}",
        o.measure, o.period, o.partner
    )));
    assert_eq!(status, 200, "{cell}");
    assert_eq!(cell["value"]["partner"], o.partner.as_str());
    assert!(cell["version"].as_u64().unwrap() >= 1);
}

#[test]
fn live_updates_announce_each_new_cursor() {
    use std::io::{BufRead, BufReader};
    let (_dir, server) = started();
    let mut response = admin_get(&server.url(&format!("/api/v1/coalitions/{ID}/events")))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mut lines = BufReader::new(response.body_mut().as_reader()).lines();
    let mut next_data = || loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str::<Value>(data).unwrap()["cursor"]
                .as_u64()
                .unwrap();
        }
    };
    let first = next_data();
    let mut ana = Member::join(&server, ID, "ana");
    ana.edit(|d| d.coalition.goal = "Live".into());
    ana.push(&server, ID);
    assert_eq!(next_data(), first + 1);
}

#[test]
fn an_event_stream_ends_when_its_session_ends() {
    use std::io::{BufRead, BufReader};
    let (_dir, server) = started();
    let cookie = invited(&server, ID, "viewer", None, "vera");
    let mut response = agent()
        .get(&server.url(&format!("/api/v1/coalitions/{ID}/events")))
        .header("cookie", format!("cairn_session={cookie}"))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let mut lines = BufReader::new(response.body_mut().as_reader()).lines();
    let mut events = 0;
    let mut data = || loop {
        match lines.next() {
            Some(Ok(line)) if line.starts_with("data: ") => {
                events += 1;
                return Some(events);
            }
            Some(Ok(_)) => {}
            _ => return None,
        }
    };
    assert_eq!(data(), Some(1));
    let (status, _, _) = send(
        "DELETE",
        &server.url("/api/v1/session"),
        Some(""),
        Some(&cookie),
    );
    assert_eq!(status, 204);
    // The next change is not announced to the signed-out browser: its stream ends instead.
    let mut ana = Member::join(&server, ID, "ana");
    ana.edit(|d| d.coalition.goal = "Not for vera".into());
    ana.push(&server, ID);
    let started = std::time::Instant::now();
    assert_eq!(data(), None, "the stream went on after signing out");
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}

#[test]
fn shutting_down_finishes_writes_in_flight_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, ID, &sample::coalition());
    let url = server.url(&format!("/api/v1/coalitions/{ID}/push"));
    let writers: Vec<_> = (0..4)
        .map(|t| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                for i in 1..=400u64 {
                    let goal = format!("writer {t} edit {i}");
                    let body = json!({"client": format!("w{t}"), "mutations": [
                        {"id": i, "path": "coalition/goal", "base": 0, "value": goal}]});
                    let Ok(mut r) = admin_post(&url)
                        .header("content-type", "application/json")
                        .send(body.to_string())
                    else {
                        break;
                    };
                    if r.status().as_u16() != 200 {
                        break;
                    }
                    let answer: Value = r.body_mut().read_json().unwrap();
                    acked.push((
                        i,
                        answer["receipts"][0]["outcome"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    ));
                }
                acked
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        server.terminate(),
        "the server exits with success on SIGTERM"
    );
    let acked: usize = writers.into_iter().map(|w| w.join().unwrap().len()).sum();
    assert!(acked > 0);
    // Every acknowledged mutation is on disk: its receipt is there after a restart.
    let again = Server::start(dir.path());
    let conn = rusqlite::Connection::open(dir.path().join("cairn.sqlite3")).unwrap();
    let receipts: i64 = conn
        .query_row("SELECT count(*) FROM receipts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(receipts as usize, acked);
    drop(again);
}

#[test]
fn deleting_a_record_conflicts_with_a_field_edit_its_author_had_not_seen() {
    let (_dir, server) = started();
    let mut ana = Member::join(&server, ID, "ana");
    let mut ben = Member::join(&server, ID, "ben");
    let mut fresh = ana.doc.measures[0].clone();
    fresh.code = cairn_core::Code::parse("FRESH").unwrap();
    fresh.baseline = None;
    fresh.targets.clear();
    ana.edit(|d| d.add_measure(fresh).unwrap());
    ana.push(&server, ID);
    ben.pull(&server, ID);
    ben.edit(|d| {
        d.measures
            .iter_mut()
            .find(|m| m.code.as_str() == "FRESH")
            .unwrap()
            .title = "Ben's title".into()
    });
    ben.push(&server, ID);
    // Ana edits another field of it, then deletes it, without having pulled Ben's edit.
    ana.edit(|d| {
        d.measures
            .iter_mut()
            .find(|m| m.code.as_str() == "FRESH")
            .unwrap()
            .unit = "things".into()
    });
    ana.push(&server, ID);
    ana.edit(|d| {
        d.remove_measure(&cairn_core::Code::parse("FRESH").unwrap())
            .unwrap();
    });
    let sent = ana.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Conflict { .. }),
        "{:?}",
        sent[0].1
    );
    assert!(server_copy(&server, ID)
        .measures
        .iter()
        .any(|m| m.title == "Ben's title"));
}

#[test]
fn a_cell_someone_cleared_can_be_filled_again_by_a_member_who_joined_later() {
    let (_dir, server) = started();
    let mut ana = Member::join(&server, ID, "ana");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| {
        d.clear(&key);
    });
    ana.push(&server, ID);
    let mut ben = Member::join(&server, ID, "ben");
    assert!(ben.doc.observations.get(&key).is_none());
    let mut o = first_cell(&server_copy(&server, ID));
    o.measure = key.measure.clone();
    o.period = key.period;
    o.partner = key.partner.clone();
    o.group = key.group.clone();
    ben.edit(|d| {
        d.record(o).unwrap();
    });
    let sent = ben.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Applied { .. }),
        "{:?}",
        sent[0].1
    );
}

#[test]
fn a_reused_mutation_id_with_other_content_is_refused_not_answered_with_the_old_receipt() {
    let (_dir, server) = started();
    let base = pull(&server, ID, 0)
        .rows
        .iter()
        .find(|r| r.path.to_string() == "coalition/goal")
        .unwrap()
        .version;
    let mut first = mutation(1, "coalition/goal", json!("First"));
    first.base = base;
    let mut second = first.clone();
    second.value = Some(json!("Second"));
    let send = |m: &Mutation| {
        push(
            &server,
            ID,
            &Push {
                client: "tab".into(),
                mutations: vec![m.clone()],
            },
        )
    };
    assert!(matches!(
        send(&first).receipts[0].outcome,
        Outcome::Applied { .. }
    ));
    match &send(&second).receipts[0].outcome {
        Outcome::Rejected { code, .. } => assert_eq!(code, "mutation_id_reused"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server_copy(&server, ID).coalition.goal, "First");
}

#[test]
fn every_response_carries_the_security_headers() {
    let (_dir, server) = started();
    for url in ["/api/v1/health", "/api/v1/nothing", "/", "/favicon.svg"] {
        let response = agent().get(&server.url(url)).call().unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let csp = header("content-security-policy");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{url}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{url}");
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src "))
            .unwrap();
        assert!(!scripts.contains("unsafe-inline"), "{url}: {scripts}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{url}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{url}");
        // API answers carry members' data: nothing may cache them. The app's files may be.
        let cache = header("cache-control");
        assert_eq!(
            cache == "no-store",
            url.starts_with("/api/"),
            "{url}: {cache}"
        );
        // No cross-origin access is granted.
        assert!(header("access-control-allow-origin").is_empty(), "{url}");
    }
}

#[test]
fn an_idle_coalition_leaves_memory_and_comes_back_whole_on_its_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--unload-after", "1"]);
    server.sign_in_admin();
    upload(&server, ID, &sample::coalition());
    let mut ana = Member::join(&server, ID, "ana");
    let mut ben = Member::join(&server, ID, "ben");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| set_value(d, &key, 5.0));
    ana.push(&server, ID);
    wait_for_log(dir.path(), "idle coalitions let go");
    // Loaded again from its rows: Ben's change from before Ana's is still a conflict, and a
    // change to another cell is applied.
    ben.edit(|d| set_value(d, &key, 9.0));
    let sent = ben.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Conflict { .. }),
        "{sent:?}"
    );
    let other = ana.doc.observations.iter().nth(1).unwrap().key();
    ana.edit(|d| set_value(d, &other, 7.0));
    let sent = ana.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Applied { .. }),
        "{sent:?}"
    );
    let stored = server_copy(&server, ID);
    assert_eq!(
        stored.observations.get(&key),
        ana.doc.observations.get(&key)
    );
    assert_eq!(
        stored.observations.get(&other),
        ana.doc.observations.get(&other)
    );
}

/// Waits until the server's log says `line`.
fn wait_for_log(dir: &std::path::Path, line: &str) {
    let log = dir.join("server.log");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !std::fs::read_to_string(&log)
        .unwrap_or_default()
        .contains(line)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the log never said {line:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn a_retry_whose_receipt_was_let_go_is_refused_and_never_undoes_a_later_change() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--keep-receipts", "1"]);
    server.sign_in_admin();
    upload(&server, ID, &sample::coalition());
    let mut ana = Member::join(&server, ID, "ana");
    let key = first_cell(&ana.doc).key();
    ana.edit(|d| set_value(d, &key, 5.0));
    let first = ana.replica.push(100);
    let reply = push_as(&server, None, ID, &first);
    ana.replica.acknowledge(&reply, &mut ana.doc);
    // Ben changes the value after Ana; Ana's first push is then retried once its receipt is
    // gone (its answer lost, say, on a laptop closed for a month).
    let mut ben = Member::join(&server, ID, "ben");
    ben.edit(|d| set_value(d, &key, 9.0));
    ben.push(&server, ID);
    wait_for_log(dir.path(), "old receipts let go");
    let again = push_as(&server, None, ID, &first);
    let Outcome::Rejected { code, current, .. } = &again.receipts[0].outcome else {
        panic!("the retry was not refused: {:?}", again.receipts[0]);
    };
    assert_eq!(code, "mutation_too_old");
    let stored = server_copy(&server, ID);
    assert_eq!(
        stored.observations.get(&key),
        ben.doc.observations.get(&key)
    );
    assert_eq!(
        current.as_ref().map(|v| v["value"].clone()),
        Some(serde_json::to_value(ben.doc.observations.get(&key).unwrap().value).unwrap()),
        "the refusal shows the value held now"
    );
    // Ana's next change has a higher id and is applied as usual.
    ana.pull(&server, ID);
    ana.edit(|d| set_value(d, &key, 6.0));
    let sent = ana.push(&server, ID);
    assert!(
        matches!(sent[0].1.outcome, Outcome::Applied { .. }),
        "{sent:?}"
    );
}

//! Members, roles, sessions and web security, over real HTTP against the real binary.

mod common;

use std::time::{Duration, Instant};

use cairn_core::sync::{rows, Mutation, Path, Push, Record};
use cairn_core::{sample, Document};
use common::*;
use serde_json::{json, Value};

const OURS: &str = "north";
const THEIRS: &str = "south";

/// The status and, for a 200 push, the outcome (or refusal code) of its one receipt.
fn outcome(server: &Server, cookie: Option<&str>, coalition: &str, m: &Mutation) -> String {
    let push = Push {
        client: format!("c{}", m.id),
        mutations: vec![m.clone()],
    };
    let (status, answer, _) = send(
        "POST",
        &server.url(&format!("/api/v1/coalitions/{coalition}/push")),
        Some(&serde_json::to_string(&push).unwrap()),
        cookie,
    );
    match status {
        200 => {
            let receipt = &answer["receipts"][0];
            match receipt["outcome"].as_str().unwrap() {
                "rejected" => format!("rejected {}", receipt["code"].as_str().unwrap()),
                other => other.to_string(),
            }
        }
        _ => format!(
            "{status} {}",
            answer["error"]["code"].as_str().unwrap_or("")
        ),
    }
}

fn read_status(server: &Server, cookie: Option<&str>, path: &str) -> String {
    let (status, answer, _) = send("GET", &server.url(path), None, cookie);
    match status {
        200 => "200".into(),
        _ => format!(
            "{status} {}",
            answer["error"]["code"].as_str().unwrap_or("")
        ),
    }
}

/// One of each kind of change, named, against the sample coalition: `own` is a partner that
/// leads an activity, `other` another partner with values.
fn changes(doc: &Document, own: &str, other: &str) -> Vec<(&'static str, Path, Value)> {
    let all = rows(doc);
    let find = |pred: &dyn Fn(&Path) -> bool| -> (Path, Value) {
        all.iter()
            .find(|(p, _)| pred(p))
            .cloned()
            .expect("the sample has such a row")
    };
    let observation_of = |partner: &str| {
        find(&|p| matches!(&p.record, Record::Observation(k) if k.partner.as_str() == partner))
    };
    let activity_led_by = |partner: &str| {
        let a = doc
            .activities
            .iter()
            .find(|a| a.lead.as_str() == partner)
            .expect("the partner leads an activity");
        Path::field(Record::Activity(a.code.clone()), "title")
    };
    let edited = |v: &Value| json!(format!("{} (edited)", v.as_str().unwrap()));
    let goal = find(&|p| p.to_string() == "coalition/goal");
    let partner_name = find(&|p| p.to_string() == format!("partners/{other}/name"));
    let measure =
        find(&|p| matches!(p.record, Record::Measure(_)) && p.field.as_deref() == Some("title"));
    let mine = observation_of(own);
    let theirs = observation_of(other);
    let lead_own = activity_led_by(own);
    let mut new_activity = serde_json::to_value(
        doc.activities
            .iter()
            .find(|a| a.lead.as_str() == own)
            .unwrap(),
    )
    .unwrap();
    new_activity["code"] = json!("NEW1");
    new_activity["title"] = json!("A new activity");
    let mut handed_over = new_activity.clone();
    handed_over["code"] = json!("NEW2");
    handed_over["lead"] = json!(other);
    handed_over["supporters"] = json!([]);
    vec![
        ("coalition goal", goal.0, edited(&goal.1)),
        (
            "another partner's name",
            partner_name.0,
            edited(&partner_name.1),
        ),
        ("a measure's title", measure.0, edited(&measure.1)),
        ("own partner's value", mine.0, mine.1),
        ("another partner's value", theirs.0, theirs.1),
        (
            "title of an activity own partner leads",
            lead_own,
            json!("Retitled"),
        ),
        (
            "title of an activity another partner leads",
            activity_led_by(other),
            json!("Retitled"),
        ),
        (
            "a new activity led by own partner",
            Path::record(Record::Activity(cairn_core::Code::parse("NEW1").unwrap())),
            new_activity,
        ),
        (
            "a new activity led by another partner",
            Path::record(Record::Activity(cairn_core::Code::parse("NEW2").unwrap())),
            handed_over,
        ),
    ]
}

#[test]
fn every_role_gets_exactly_its_outcome_for_every_read_and_change_in_its_own_and_another_coalition()
{
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let doc = sample::coalition();
    upload(&server, OURS, &doc);
    upload(&server, THEIRS, &doc);
    let own = doc.activities[0].lead.to_string();
    let other = doc
        .activities
        .iter()
        .map(|a| a.lead.to_string())
        .find(|l| *l != own)
        .expect("two partners lead activities");
    let admin = invited(&server, OURS, "admin", None, "admin-ours");
    let editor = invited(&server, OURS, "editor", Some(&own), "editor-ours");
    let viewer = invited(&server, OURS, "viewer", None, "viewer-ours");
    let server_admin = server.admin();
    let roles: [(&str, Option<&str>); 5] = [
        ("server administrator", Some(&server_admin)),
        ("coalition administrator", Some(&admin)),
        ("partner editor", Some(&editor)),
        ("viewer", Some(&viewer)),
        ("not signed in", None),
    ];

    // Reads.
    let o = doc.observations.iter().next().unwrap();
    let reads = |c: &str| {
        vec![
            format!("/api/v1/coalitions/{c}/pull?cursor=0"),
            format!(
                "/api/v1/coalitions/{c}/cell/{}/{}/{}",
                o.measure, o.period, o.partner
            ),
            format!("/api/v1/coalitions/{c}/members"),
        ]
    };
    let mut seen = Vec::new();
    for (role, cookie) in roles {
        let (status, list, _) = send("GET", &server.url("/api/v1/coalitions"), None, cookie);
        let ids: Vec<String> = if status == 200 {
            list.as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string())
                .collect()
        } else {
            vec![format!("{status}")]
        };
        seen.push(format!("{role}: list {}", ids.join(",")));
        for c in [OURS, THEIRS] {
            for path in reads(c) {
                let what = path
                    .split('/')
                    .nth(5)
                    .unwrap()
                    .split('?')
                    .next()
                    .unwrap()
                    .to_string();
                seen.push(format!(
                    "{role}: {c} {what} {}",
                    read_status(&server, cookie, &path)
                ));
            }
        }
    }
    let expected_reads = "\
server administrator: list north,south
server administrator: north pull 200
server administrator: north cell 200
server administrator: north members 200
server administrator: south pull 200
server administrator: south cell 200
server administrator: south members 200
coalition administrator: list north
coalition administrator: north pull 200
coalition administrator: north cell 200
coalition administrator: north members 200
coalition administrator: south pull 403 not_a_member
coalition administrator: south cell 403 not_a_member
coalition administrator: south members 403 not_a_member
partner editor: list north
partner editor: north pull 200
partner editor: north cell 200
partner editor: north members 403 not_allowed
partner editor: south pull 403 not_a_member
partner editor: south cell 403 not_a_member
partner editor: south members 403 not_a_member
viewer: list north
viewer: north pull 200
viewer: north cell 200
viewer: north members 403 not_allowed
viewer: south pull 403 not_a_member
viewer: south cell 403 not_a_member
viewer: south members 403 not_a_member
not signed in: list 401
not signed in: north pull 401 sign_in_required
not signed in: north cell 401 sign_in_required
not signed in: north members 401 sign_in_required
not signed in: south pull 401 sign_in_required
not signed in: south cell 401 sign_in_required
not signed in: south members 401 sign_in_required";
    assert_eq!(seen.join("\n"), expected_reads);

    // Changes: each role tries each kind in both coalitions, on a fresh copy of each path
    // (the administrators' edits land, so later roles change an edited coalition: the outcome
    // depends on the role, not on the order).
    let mut seen = Vec::new();
    let mut id = 0;
    for (role, cookie) in roles {
        for c in [OURS, THEIRS] {
            for (what, path, value) in changes(&doc, &own, &other) {
                id += 1;
                let m = Mutation {
                    id,
                    path,
                    base: u64::MAX / 2, // never behind: only the role decides
                    value: Some(value),
                    resolves: None,
                    by: role.into(),
                    at: String::new(),
                };
                seen.push(format!(
                    "{role}: {c} {what}: {}",
                    outcome(&server, cookie, c, &m)
                ));
            }
            // Inviting is an administrator's change too.
            let (status, answer, _) = send(
                "POST",
                &server.url(&format!("/api/v1/coalitions/{c}/invites")),
                Some(r#"{"role":"viewer","email":"new@x.org"}"#),
                cookie,
            );
            let code = answer["error"]["code"].as_str().unwrap_or("");
            seen.push(
                format!("{role}: {c} invite: {status} {code}")
                    .trim()
                    .to_string(),
            );
        }
    }
    let mut expected = Vec::new();
    let kinds: Vec<&str> = changes(&doc, &own, &other).iter().map(|c| c.0).collect();
    for (role, _) in roles {
        for c in [OURS, THEIRS] {
            for kind in &kinds {
                let editor_may = kind.contains("own partner");
                let outcome = match (role, c) {
                    ("not signed in", _) => "401 sign_in_required",
                    ("server administrator", _) | ("coalition administrator", OURS) => "applied",
                    (_, THEIRS) => "403 not_a_member",
                    ("partner editor", _) if editor_may => "applied",
                    _ => "rejected not_allowed",
                };
                expected.push(format!("{role}: {c} {kind}: {outcome}"));
            }
            let invite = match (role, c) {
                ("not signed in", _) => "401 sign_in_required",
                ("server administrator", _) | ("coalition administrator", OURS) => "201",
                (_, THEIRS) => "403 not_a_member",
                _ => "403 not_allowed",
            };
            expected.push(format!("{role}: {c} invite: {invite}"));
        }
    }
    assert_eq!(seen.join("\n"), expected.join("\n"));

    // Only the server's administrator adds coalitions.
    for (role, cookie) in roles {
        let body = json!({ "id": format!("new-{}", role.len()), "document": doc }).to_string();
        let (status, _, _) = send(
            "POST",
            &server.url("/api/v1/coalitions"),
            Some(&body),
            cookie,
        );
        let expected = match role {
            "server administrator" => 201,
            "not signed in" => 401,
            _ => 403,
        };
        assert_eq!(status, expected, "{role}");
    }
}

#[test]
fn a_removed_member_is_refused_at_once_and_a_refusal_says_what_the_role_allows() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let doc = sample::coalition();
    upload(&server, OURS, &doc);
    let viewer = invited(&server, OURS, "viewer", None, "viewer-ours");
    let m = Mutation {
        id: 1,
        path: Path::parse("coalition/goal").unwrap(),
        base: 0,
        value: Some(json!("A viewer's goal")),
        resolves: None,
        by: "viewer".into(),
        at: String::new(),
    };
    let push = serde_json::to_string(&Push {
        client: "v".into(),
        mutations: vec![m],
    })
    .unwrap();
    let url = server.url(&format!("/api/v1/coalitions/{OURS}/push"));
    let (_, answer, _) = send("POST", &url, Some(&push), Some(&viewer));
    assert_eq!(answer["receipts"][0]["code"], "not_allowed");
    assert!(answer["receipts"][0]["message"]
        .as_str()
        .unwrap()
        .contains("viewer"));
    assert_eq!(answer["receipts"][0]["current"], json!(doc.coalition.goal));
    remove_only_member(&server);
    let pull = format!("/api/v1/coalitions/{OURS}/pull");
    assert_eq!(
        read_status(&server, Some(&viewer), &pull),
        "403 not_a_member"
    );
}

/// The administrator takes the role of the coalition's one member away.
fn remove_only_member(server: &Server) {
    let (_, members) = get(&server.url(&format!("/api/v1/coalitions/{OURS}/members")));
    let id = members["members"][0]["id"].as_i64().unwrap();
    let (status, _, _) = send(
        "DELETE",
        &server.url(&format!("/api/v1/coalitions/{OURS}/members/{id}")),
        None,
        Some(&server.admin()),
    );
    assert_eq!(status, 204);
}

fn sign_in(server: &Server, email: &str, password: &str) -> (u16, Value, Option<String>) {
    send(
        "POST",
        &server.url("/api/v1/session"),
        Some(&json!({ "email": email, "password": password }).to_string()),
        None,
    )
}

#[test]
fn signing_out_ends_the_session_so_a_copied_cookie_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let (status, _, first) = sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD);
    assert_eq!(status, 200);
    let first = first.unwrap();
    let (_, _, second) = sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD);
    let second = second.unwrap();
    assert_ne!(first, second);
    assert_eq!(
        read_status(&server, Some(&first), "/api/v1/coalitions"),
        "200"
    );
    let (status, _, _) = send("DELETE", &server.url("/api/v1/session"), None, Some(&first));
    assert_eq!(status, 204);
    assert_eq!(
        read_status(&server, Some(&first), "/api/v1/coalitions"),
        "401 sign_in_required"
    );
    // Asking who is signed in is never an error: nobody is.
    let (status, me, _) = send("GET", &server.url("/api/v1/me"), None, Some(&first));
    assert_eq!(
        (status, &me["account"], &me["coalitions"]),
        (200, &Value::Null, &json!([]))
    );
    // The other device stays signed in until "sign out everywhere".
    assert_eq!(
        read_status(&server, Some(&second), "/api/v1/coalitions"),
        "200"
    );
    let (status, _, _) = send(
        "POST",
        &server.url("/api/v1/session/everywhere"),
        None,
        Some(&second),
    );
    assert_eq!(status, 204);
    for cookie in [&second, &server.admin()] {
        assert_eq!(
            read_status(&server, Some(cookie), "/api/v1/coalitions"),
            "401 sign_in_required"
        );
    }
}

#[test]
fn the_session_cookie_is_http_only_same_site_strict_and_secure_over_tls() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let cookie_for = |origin: Option<&str>| {
        let mut request = agent()
            .post(&server.url("/api/v1/session"))
            .header("x-cairn-csrf", "1")
            .header("content-type", "application/json");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request
            .send(json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }).to_string())
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        response
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    let plain = cookie_for(None);
    assert!(
        plain.contains("HttpOnly") && plain.contains("SameSite=Strict"),
        "{plain}"
    );
    assert!(plain.contains("Max-Age=1209600"), "{plain}");
    assert!(!plain.contains("Secure"), "{plain}");
    // Behind a TLS proxy the page's origin is https (the proxy keeps the Host).
    let host = server.base.trim_start_matches("http://");
    let tls = cookie_for(Some(&format!("https://{host}")));
    assert!(tls.contains("; Secure"), "{tls}");
}

#[test]
fn a_session_expires_and_a_changed_password_ends_the_other_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--session-ttl", "2"]);
    let admin = server.sign_in_admin();
    let (_, _, other) = sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD);
    let other = other.unwrap();
    let (status, answer, _) = send(
        "POST",
        &server.url("/api/v1/password"),
        Some(
            &json!({ "current": "wrong password!!", "new": "a brand new passphrase" }).to_string(),
        ),
        Some(&admin),
    );
    assert_eq!(status, 422, "{answer}");
    let (status, answer, _) = send(
        "POST",
        &server.url("/api/v1/password"),
        Some(&json!({ "current": ADMIN_PASSWORD, "new": "a brand new passphrase" }).to_string()),
        Some(&admin),
    );
    assert_eq!(status, 204, "{answer}");
    assert_eq!(
        read_status(&server, Some(&other), "/api/v1/coalitions"),
        "401 sign_in_required"
    );
    assert_eq!(
        read_status(&server, Some(&admin), "/api/v1/coalitions"),
        "200"
    );
    assert_eq!(sign_in(&server, ADMIN_EMAIL, ADMIN_PASSWORD).0, 401);
    assert_eq!(
        sign_in(&server, ADMIN_EMAIL, "a brand new passphrase").0,
        200
    );
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(
        read_status(&server, Some(&admin), "/api/v1/coalitions"),
        "401 sign_in_required"
    );
}

#[test]
fn an_invite_works_once_for_its_address_and_not_after_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--invite-ttl", "2"]);
    server.sign_in_admin();
    upload(&server, OURS, &sample::coalition());
    let invite = |email: &str| {
        let (status, invite) = post(
            &server.url(&format!("/api/v1/coalitions/{OURS}/invites")),
            &json!({ "role": "viewer", "email": email }).to_string(),
        );
        assert_eq!(status, 201, "{invite}");
        assert!(invite["path"].as_str().unwrap().starts_with("/#/invite/"));
        invite["token"].as_str().unwrap().to_string()
    };
    let accept = |token: &str, email: &str| {
        let body = json!({ "token": token, "email": email, "name": "Ana", "password": "a long enough passphrase" });
        let (status, answer, _) = send(
            "POST",
            &server.url("/api/v1/invites/accept"),
            Some(&body.to_string()),
            None,
        );
        (
            status,
            answer["error"]["code"].as_str().unwrap_or("").to_string(),
        )
    };
    let token = invite("ana@ours.org");
    let (status, offer) = get(&server.url(&format!("/api/v1/invites/{token}")));
    assert_eq!(
        (status, offer["email"].as_str()),
        (200, Some("ana@ours.org"))
    );
    assert_eq!(accept(&token, "ANA@ours.org "), (201, String::new()));
    assert_eq!(
        accept(&token, "ana@ours.org"),
        (410, "invite_invalid".into())
    );
    assert_eq!(
        read_status(&server, None, &format!("/api/v1/invites/{token}")),
        "410 invite_invalid"
    );
    let late = invite("ben@ours.org");
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(accept(&late, ""), (410, "invite_invalid".into()));
    // The refused attempt made no account.
    assert_eq!(
        sign_in(&server, "ben@ours.org", "a long enough passphrase").0,
        401
    );
    // An editor's invite must name one of the coalition's partners, and every invite an
    // address.
    for body in [
        r#"{"role":"editor","partner":"NOPE","email":"c@ours.org"}"#,
        r#"{"role":"viewer","email":"not an address"}"#,
    ] {
        let (status, answer) = post(
            &server.url(&format!("/api/v1/coalitions/{OURS}/invites")),
            body,
        );
        assert_eq!(status, 422, "{answer}");
    }
}

#[test]
fn an_invite_link_cannot_tell_which_addresses_have_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, OURS, &sample::coalition());
    let (status, invite) = post(
        &server.url(&format!("/api/v1/coalitions/{OURS}/invites")),
        r#"{"role":"viewer","email":"cleo@ours.org"}"#,
    );
    assert_eq!(status, 201, "{invite}");
    let token = invite["token"].as_str().unwrap();
    let accept = |email: &str, cookie: Option<&str>| {
        let body = json!({ "token": token, "email": email, "name": "Eve", "password": "a long enough passphrase" });
        let (status, answer, _) = send(
            "POST",
            &server.url("/api/v1/invites/accept"),
            Some(&body.to_string()),
            cookie,
        );
        (status, answer)
    };
    // An address with an account and one without get the same answer, and neither uses the
    // invite: the link holder learns nothing about either.
    let taken = accept(ADMIN_EMAIL, None);
    let free = accept("nobody@nowhere.org", None);
    assert_eq!(taken.0, 403, "{}", taken.1);
    assert_eq!(taken.1["error"]["code"], "invite_for_another");
    assert_eq!(
        taken.1.to_string().replace(ADMIN_EMAIL, "?"),
        free.1.to_string().replace("nobody@nowhere.org", "?")
    );
    // Someone signed in with another address cannot take it either.
    let other = invited(&server, OURS, "viewer", None, "dan");
    assert_eq!(
        accept("", Some(&other)).1["error"]["code"],
        "invite_for_another"
    );
    // Its own address still can.
    assert_eq!(accept("cleo@ours.org", None).0, 201);
}

#[test]
fn the_set_up_code_makes_one_administrator_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &[]);
    let code = server
        .setup_code
        .clone()
        .expect("a new server prints a set-up code");
    assert_eq!(get(&server.url("/api/v1/setup")).1["needed"], true);
    let setup = |code: &str, email: &str| {
        let body =
            json!({ "code": code, "email": email, "name": "Backbone", "password": ADMIN_PASSWORD });
        send(
            "POST",
            &server.url("/api/v1/setup"),
            Some(&body.to_string()),
            None,
        )
        .0
    };
    assert_eq!(setup("AAAA-BBBB-CCCC", "eve@x.org"), 403);
    assert_eq!(setup(&code.to_lowercase(), ADMIN_EMAIL), 201);
    assert_eq!(setup(&code, "eve@x.org"), 409);
    assert_eq!(get(&server.url("/api/v1/setup")).1["needed"], false);
    drop(server);
    let again = Server::start_bare(dir.path(), &[]);
    assert!(
        again.setup_code.is_none(),
        "no code once an administrator exists"
    );
}

#[test]
fn a_failed_sign_in_never_says_which_accounts_exist() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let time = |email: &str| {
        let started = Instant::now();
        let (status, answer, _) = sign_in(&server, email, "not the password at all");
        (started.elapsed(), status, answer)
    };
    // Same answer, about the same time, for a real account and a made-up one.
    let (mut real, mut made_up) = (Vec::new(), Vec::new());
    for i in 0..4 {
        let (t, status, answer) = time(ADMIN_EMAIL);
        assert_eq!(status, 401);
        real.push(t);
        let (u, status2, answer2) = time(&format!("nobody{i}@nowhere.org"));
        assert_eq!((status2, &answer2), (status, &answer));
        made_up.push(u);
    }
    real.sort();
    made_up.sort();
    let (a, b) = (real[2].as_secs_f64(), made_up[2].as_secs_f64());
    println!(
        "median failed sign-in: existing account {:.1} ms, no account {:.1} ms",
        a * 1e3,
        b * 1e3
    );
    assert!(a / b < 3.0 && b / a < 3.0, "{a} vs {b}");
}

/// What one sign-in attempt got.
struct Attempt {
    status: u16,
    retry_after: Option<u64>,
    message: String,
    /// The known-device cookie it set, as `name=value`.
    device: Option<String>,
}

/// Signs in to `email` from the client address `from` (as a trusted proxy would name it),
/// with the known-device cookie `device` if given.
fn attempt(
    server: &Server,
    from: &str,
    email: &str,
    password: &str,
    device: Option<&str>,
) -> Attempt {
    let mut request = agent()
        .post(&server.url("/api/v1/session"))
        .header("x-cairn-csrf", "1")
        .header("x-forwarded-for", from)
        .header("content-type", "application/json");
    if let Some(device) = device {
        request = request.header("cookie", device);
    }
    let mut response = request
        .send(json!({ "email": email, "password": password }).to_string())
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect::<Vec<_>>()
    };
    let retry_after = header("retry-after").first().map(|v| v.parse().unwrap());
    let device = header("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("cairn_device="))
        .map(|c| c.split(';').next().unwrap().to_string());
    Attempt {
        status: response.status().as_u16(),
        retry_after,
        device,
        message: response.body_mut().read_to_string().unwrap(),
    }
}

const GUESS: &str = "not the password at all";

#[test]
fn guesses_slow_down_the_guesser_with_growing_delays_but_never_the_member_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--trust-proxy", "127.0.0.1"]);
    server.sign_in_admin();
    let eve = "198.51.100.7";
    for _ in 0..5 {
        assert_eq!(attempt(&server, eve, ADMIN_EMAIL, GUESS, None).status, 401);
    }
    // The sixth guess waits a second, and after that wait the next waits two.
    let refused = attempt(&server, eve, ADMIN_EMAIL, GUESS, None);
    assert_eq!((refused.status, refused.retry_after), (429, Some(1)));
    assert!(refused.message.contains("a second"), "{}", refused.message);
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(attempt(&server, eve, ADMIN_EMAIL, GUESS, None).status, 401);
    let refused = attempt(&server, eve, ADMIN_EMAIL, GUESS, None);
    assert_eq!((refused.status, refused.retry_after), (429, Some(2)));
    // Even the right password waits from Eve's address; from the member's it goes in at once.
    assert_eq!(
        attempt(&server, eve, ADMIN_EMAIL, ADMIN_PASSWORD, None).status,
        429
    );
    let member = attempt(&server, "203.0.113.5", ADMIN_EMAIL, ADMIN_PASSWORD, None);
    assert_eq!(member.status, 200, "{}", member.message);
    assert!(
        member.device.is_some(),
        "a sign-in marks the device as known"
    );
}

#[test]
fn guesses_spread_over_many_addresses_slow_down_new_devices_but_not_the_members_own() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--trust-proxy", "127.0.0.1"]);
    server.sign_in_admin();
    let home = "203.0.113.5";
    let device = attempt(&server, home, ADMIN_EMAIL, ADMIN_PASSWORD, None)
        .device
        .expect("a known-device cookie");
    for i in 0..20 {
        let from = format!("198.51.100.{i}");
        assert_eq!(
            attempt(&server, &from, ADMIN_EMAIL, GUESS, None).status,
            401
        );
    }
    // The account has had twenty guesses from everywhere: a new device waits (a second at
    // first, never more than a minute) ...
    let stranger = attempt(&server, "192.0.2.1", ADMIN_EMAIL, ADMIN_PASSWORD, None);
    assert_eq!(stranger.status, 429, "{}", stranger.message);
    assert!(stranger.retry_after.unwrap() <= 60);
    // ... and the member's own browser does not, even from an address it never used.
    let own = attempt(
        &server,
        "192.0.2.1",
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        Some(&device),
    );
    assert_eq!(own.status, 200, "{}", own.message);
    // A known-device cookie is the account's: it does nothing for another account.
    let forged = attempt(
        &server,
        "192.0.2.2",
        "someone@else.org",
        GUESS,
        Some(&device),
    );
    assert_eq!(forged.status, 401);
}

#[test]
fn without_trust_proxy_a_forwarded_address_is_not_believed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    for i in 0..5 {
        let from = format!("198.51.100.{i}");
        assert_eq!(
            attempt(&server, &from, ADMIN_EMAIL, GUESS, None).status,
            401
        );
    }
    // A new made-up address with every guess does not escape the delay.
    assert_eq!(
        attempt(&server, "198.51.100.99", ADMIN_EMAIL, GUESS, None).status,
        429
    );
}

#[test]
fn guesses_at_the_set_up_code_from_elsewhere_never_delay_the_real_one() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--trust-proxy", "127.0.0.1"]);
    let code = server.setup_code.clone().unwrap();
    let setup = |from: &str, code: &str| {
        let body = json!({ "code": code, "email": ADMIN_EMAIL, "name": "Backbone", "password": ADMIN_PASSWORD });
        agent()
            .post(&server.url("/api/v1/setup"))
            .header("x-cairn-csrf", "1")
            .header("x-forwarded-for", from)
            .header("content-type", "application/json")
            .send(body.to_string())
            .unwrap()
            .status()
            .as_u16()
    };
    let statuses: Vec<u16> = (0..12)
        .map(|_| setup("198.51.100.7", "AAAA-BBBB-CCCC"))
        .collect();
    assert_eq!(statuses[..10], [403; 10]);
    assert_eq!(statuses[11], 429, "{statuses:?}");
    assert_eq!(setup("203.0.113.5", &code), 201);
}

#[test]
fn writes_from_another_site_are_refused_and_no_cross_origin_access_is_granted() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, OURS, &sample::coalition());
    let url = server.url(&format!("/api/v1/coalitions/{OURS}/push"));
    let body = r#"{"client":"x","mutations":[{"id":1,"path":"coalition/goal","base":0,"value":"Forged"}]}"#;
    let cookie = format!("cairn_session={}", server.admin());
    let host = server.base.trim_start_matches("http://").to_string();
    let attempt = |headers: &[(&str, &str)]| {
        let mut request = agent()
            .post(&url)
            .header("content-type", "application/json")
            .header("cookie", &cookie);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request.send(body).unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    };
    // A form or fetch from another page carries the cookie but not the header.
    let (status, answer) = attempt(&[]);
    assert_eq!(status, 403);
    assert!(answer.contains("cross_site"), "{answer}");
    let (status, _) = attempt(&[("x-cairn-csrf", "1"), ("origin", "https://evil.example")]);
    assert_eq!(status, 403);
    let (status, _) = attempt(&[("x-cairn-csrf", "1"), ("sec-fetch-site", "cross-site")]);
    assert_eq!(status, 403);
    assert_eq!(
        server_copy(&server, OURS).coalition.goal,
        sample::coalition().coalition.goal
    );
    let origin = format!("http://{host}");
    let (status, answer) = attempt(&[
        ("x-cairn-csrf", "1"),
        ("origin", &origin),
        ("sec-fetch-site", "same-origin"),
    ]);
    assert_eq!(status, 200, "{answer}");
    // A preflight from another site gets no permission.
    let response = agent()
        .options(&url)
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "x-cairn-csrf")
        .call()
        .unwrap();
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    assert!(response
        .headers()
        .get("access-control-allow-headers")
        .is_none());
}

#[test]
fn behind_a_tls_proxy_the_public_address_is_cairns_own_and_cookies_are_secure() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--public-url", "https://cairn.example.org/"]);
    server.sign_in_admin();
    let sign_in_from = |origin: &str| {
        let mut response = agent()
            .post(&server.url("/api/v1/session"))
            .header("x-cairn-csrf", "1")
            .header("origin", origin)
            .header("content-type", "application/json")
            .send(json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }).to_string())
            .unwrap();
        let cookie = response
            .headers()
            .get("set-cookie")
            .map(|c| c.to_str().unwrap().to_string());
        let _ = response.body_mut().read_to_string();
        (response.status().as_u16(), cookie.unwrap_or_default())
    };
    // The proxy passes its own Host; the page's origin is the public address.
    let (status, cookie) = sign_in_from("https://cairn.example.org");
    assert_eq!(status, 200);
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert_eq!(
        sign_in_from("https://cairn.example.org.evil.example").0,
        403
    );
}

#[test]
fn a_changed_role_applies_to_the_members_next_change_and_only_administrators_change_roles() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let doc = sample::coalition();
    upload(&server, OURS, &doc);
    let partner = doc.observations.iter().next().unwrap().partner.to_string();
    let member = invited(&server, OURS, "viewer", None, "member");
    let (_, members) = get(&server.url(&format!("/api/v1/coalitions/{OURS}/members")));
    let id = members["members"][0]["id"].as_i64().unwrap();
    let role_url = server.url(&format!("/api/v1/coalitions/{OURS}/members/{id}"));
    let observation = rows(&doc)
        .into_iter()
        .find(|(p, _)| matches!(&p.record, Record::Observation(k) if k.partner.as_str() == partner))
        .unwrap();
    let mut next = 0;
    let mut try_change = || {
        next += 1;
        let m = Mutation {
            id: next,
            path: observation.0.clone(),
            base: u64::MAX / 2,
            value: Some(observation.1.clone()),
            resolves: None,
            by: String::new(),
            at: String::new(),
        };
        outcome(&server, Some(&member), OURS, &m)
    };
    assert_eq!(try_change(), "rejected not_allowed");
    let editor = json!({ "role": "editor", "partner": partner }).to_string();
    // The member cannot promote themselves.
    let (status, _, _) = send("PUT", &role_url, Some(&editor), Some(&member));
    assert_eq!(status, 403);
    let (status, answer, _) = send("PUT", &role_url, Some(&editor), Some(&server.admin()));
    assert_eq!(status, 204, "{answer}");
    assert_eq!(try_change(), "applied");
    let unknown = json!({ "role": "editor", "partner": "NOPE" }).to_string();
    let (status, _, _) = send("PUT", &role_url, Some(&unknown), Some(&server.admin()));
    assert_eq!(status, 422);
    let (status, _, _) = send(
        "PUT",
        &role_url,
        Some(r#"{"role":"viewer"}"#),
        Some(&server.admin()),
    );
    assert_eq!(status, 204);
    assert_eq!(try_change(), "rejected not_allowed");
}

/// A mutation made on `base`; `None` is a base newer than anything stored (never behind).
fn mutation_of(
    id: u64,
    path: &Path,
    value: Value,
    resolves: Option<u64>,
    base: Option<u64>,
) -> Mutation {
    Mutation {
        id,
        path: path.clone(),
        base: base.unwrap_or(u64::MAX / 2),
        value: Some(value),
        resolves,
        by: String::new(),
        at: String::new(),
    }
}

fn push_from(server: &Server, cookie: &str, client: &str, m: Mutation) -> Value {
    let push = Push {
        client: client.into(),
        mutations: vec![m],
    };
    let (status, answer, _) = send(
        "POST",
        &server.url(&format!("/api/v1/coalitions/{OURS}/push")),
        Some(&serde_json::to_string(&push).unwrap()),
        Some(cookie),
    );
    assert_eq!(status, 200, "{answer}");
    answer["receipts"][0].clone()
}

#[test]
fn an_answer_settles_only_the_conflict_of_the_value_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    let doc = sample::coalition();
    upload(&server, OURS, &doc);
    let own = doc.observations.iter().next().unwrap().partner.to_string();
    let (ana, ben) = (
        invited(&server, OURS, "admin", None, "ana"),
        invited(&server, OURS, "admin", None, "ben"),
    );
    let editor = invited(&server, OURS, "editor", Some(&own), "ed");
    let goal = Path::parse("coalition/goal").unwrap();
    push_from(
        &server,
        &ana,
        "a",
        mutation_of(1, &goal, json!("Ana's goal"), None, None),
    );
    let receipt = push_from(
        &server,
        &ben,
        "b",
        mutation_of(1, &goal, json!("Ben's goal"), None, Some(1)),
    );
    assert_eq!(receipt["outcome"], "conflict");
    let conflict = receipt["conflict"].as_u64().unwrap();
    // The editor writes a value they may write, naming the coalition's conflict as answered.
    let (path, value) = rows(&doc)
        .into_iter()
        .find(|(p, _)| matches!(&p.record, Record::Observation(k) if k.partner.as_str() == own))
        .unwrap();
    let receipt = push_from(
        &server,
        &editor,
        "e",
        mutation_of(1, &path, value, Some(conflict), None),
    );
    assert_eq!(receipt["outcome"], "applied");
    let open: Vec<u64> = pull(&server, OURS, 0)
        .conflicts
        .iter()
        .filter(|c| !c.resolved)
        .map(|c| c.id)
        .collect();
    assert_eq!(open, vec![conflict], "the goal's conflict is still open");
}

#[test]
fn a_member_cannot_use_another_members_client_id_to_block_or_replay_their_changes() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, OURS, &sample::coalition());
    let ana = invited(&server, OURS, "admin", None, "ana");
    let viewer = invited(&server, OURS, "viewer", None, "vi");
    let goal = Path::parse("coalition/goal").unwrap();
    // Vi sends Ana's next mutation id under Ana's client id first.
    let refused = push_from(
        &server,
        &viewer,
        "ana-browser",
        mutation_of(1, &goal, json!("Vi's"), None, None),
    );
    assert_eq!(refused["code"], "not_allowed");
    let mine = push_from(
        &server,
        &ana,
        "ana-browser",
        mutation_of(1, &goal, json!("Ana's"), None, None),
    );
    assert_eq!(mine["outcome"], "applied", "{mine}");
    assert_eq!(server_copy(&server, OURS).coalition.goal, "Ana's");
}

#[test]
fn an_invite_dies_with_its_makers_role_and_a_made_up_one_costs_no_hash() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, OURS, &sample::coalition());
    let admin = invited(&server, OURS, "admin", None, "ada");
    let (status, invite, _) = send(
        "POST",
        &server.url(&format!("/api/v1/coalitions/{OURS}/invites")),
        Some(r#"{"role":"admin","email":"back@door.org"}"#),
        Some(&admin),
    );
    assert_eq!(status, 201, "{invite}");
    remove_only_member(&server);
    let accept = |token: &Value| {
        let body =
            json!({ "token": token, "name": "Back", "password": "a long enough passphrase" });
        send(
            "POST",
            &server.url("/api/v1/invites/accept"),
            Some(&body.to_string()),
            None,
        )
        .0
    };
    assert_eq!(accept(&invite["token"]), 410);
    let started = Instant::now();
    assert_eq!(accept(&json!("0".repeat(64))), 410);
    println!(
        "a made-up invite is refused in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    // Account bodies are small.
    let (status, _, _) = send(
        "POST",
        &server.url("/api/v1/session"),
        Some(&json!({ "email": "a@b.org", "password": "x".repeat(20_000) }).to_string()),
        None,
    );
    assert_eq!(status, 413);
}

//! The OpenAPI document is the contract. The real server's own document is read, and every
//! operation in it is called: once with a valid request made from real data (the test
//! coalition, a real observation, real members and invites), then with inputs the document
//! itself forbids (path and query values that break their schemas, malformed and wrong-shaped
//! bodies, no session, no CSRF header) and values it allows at the edges. Every answer must have
//! a status the operation lists and a body its schema for that status accepts; no invalid input
//! may get a 5xx; every method a path does not list must get the JSON 405 with an `Allow`
//! header naming exactly the ones it lists. The event stream's events are checked against the
//! documented item schema.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};

use cairn_core::sample;
use common::*;
use serde_json::{json, Value};

const ID: &str = "teen-futures";
const PASSWORD: &str = "a long enough passphrase";

/// Every path the API serves, in the document's order.
const SERVED: [&str; 18] = [
    "/api/v1/coalitions",
    "/api/v1/coalitions/{id}/cell/{measure}/{period}/{partner}",
    "/api/v1/coalitions/{id}/events",
    "/api/v1/coalitions/{id}/invites",
    "/api/v1/coalitions/{id}/members",
    "/api/v1/coalitions/{id}/members/{member}",
    "/api/v1/coalitions/{id}/pull",
    "/api/v1/coalitions/{id}/push",
    "/api/v1/coalitions/{id}/report-card",
    "/api/v1/health",
    "/api/v1/invites/accept",
    "/api/v1/invites/{token}",
    "/api/v1/me",
    "/api/v1/openapi.json",
    "/api/v1/password",
    "/api/v1/session",
    "/api/v1/session/everywhere",
    "/api/v1/setup",
];

/// One answer, as the contract sees it.
struct Answer {
    status: u16,
    content_type: String,
    allow: Option<String>,
    body: String,
}

/// A request to one operation.
#[derive(Clone, Default)]
struct Call {
    params: BTreeMap<String, String>,
    query: BTreeMap<String, String>,
    body: Option<String>,
    cookie: Option<String>,
    csrf: bool,
}

/// Sends `method` to `url` with the session `cookie`, the CSRF header if `csrf`, and `body` as
/// JSON. An event stream's body is not read.
fn send_raw(method: &str, url: &str, call: &Call) -> Answer {
    let mut request = ureq::http::Request::builder().method(method).uri(url);
    if call.csrf {
        request = request.header("x-cairn-csrf", "1");
    }
    if let Some(cookie) = &call.cookie {
        request = request.header("cookie", format!("cairn_session={cookie}"));
    }
    let agent = agent();
    let result = match &call.body {
        Some(body) => agent.run(
            request
                .header("content-type", "application/json")
                .body(body.clone())
                .unwrap(),
        ),
        None => agent.run(request.body(()).unwrap()),
    };
    let mut response = result.expect("the request reaches the server");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header("content-type").unwrap_or_default();
    let allow = header("allow");
    let status = response.status().as_u16();
    let body = if content_type.starts_with("text/event-stream") {
        String::new()
    } else {
        response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_else(|e| format!("<unreadable body: {e}>"))
    };
    Answer {
        status,
        content_type,
        allow,
        body,
    }
}

/// Every byte but the unreserved ones, percent-encoded: a value as one path segment.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The document's `schema`, resolved if it is a `$ref` into the document.
fn resolved<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(pointer) => {
            let target = doc
                .pointer(pointer.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("the document has no {pointer}"));
            resolved(doc, target)
        }
        None => value,
    }
}

/// Checks `instance` against `schema`, whose `$ref`s point into the document.
fn validate(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let mut root = match schema {
        Value::Object(_) => schema.clone(),
        other => return Err(format!("not a schema: {other}")),
    };
    root["components"] = doc["components"].clone();
    let validator = jsonschema::validator_for(&root)
        .map_err(|e| format!("the documented schema does not compile: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{e} (at {})", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// A parameter's text as the JSON value its schema describes: a number for a numeric schema if
/// it is written as a JSON number, else a string.
fn instance(schema: &Value, text: &str) -> Value {
    let numeric = matches!(schema["type"].as_str(), Some("integer" | "number"));
    match serde_json::from_str::<Value>(text) {
        Ok(n @ Value::Number(_)) if numeric => n,
        _ => Value::String(text.to_string()),
    }
}

/// Texts to try as a parameter's value: of every type, in and out of every range, long and
/// short, odd characters; each is kept as a violation or as an acceptable value by what the
/// schema says of it.
fn candidates(schema: &Value) -> Vec<String> {
    let mut texts: Vec<String> = [
        "abc",
        "-1",
        "0",
        "1",
        "1.5",
        "+1",
        "01",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999",
        "has space",
        "UPPER-case",
        "semi;colon",
        "a/b",
        "é",
        "fy2026-q1",
        "FY2999-Q4",
        "1900-01",
        "2026-13",
        "FY2026-Q5",
        "lib_2",
        "_lib",
        "true",
    ]
    .map(str::to_string)
    .to_vec();
    texts.push("x".repeat(300));
    if let Some(n) = schema["maxLength"].as_u64() {
        texts.push("a".repeat(n as usize + 1));
        texts.push("a".repeat(n as usize));
    }
    texts
}

/// Everything the contract needs: the server, its document, and real data to call it with.
struct Contract {
    server: Server,
    doc: Value,
    admin: String,
    failures: Vec<String>,
    checked: usize,
}

impl Contract {
    fn url(&self, path: &str, call: &Call) -> String {
        let mut url = path.to_string();
        for (name, value) in &call.params {
            url = url.replace(&format!("{{{name}}}"), value);
        }
        let query: Vec<String> = call
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", encoded(v)))
            .collect();
        if !query.is_empty() {
            url = format!("{url}?{}", query.join("&"));
        }
        self.server.url(&url)
    }

    fn operation(&self, path: &str, method: &str) -> &Value {
        &self.doc["paths"][path][method]
    }

    /// Sends `call` to the operation and checks the answer against what the operation lists;
    /// `what` says which case it was, for the failure message. Returns the answer.
    fn check(&mut self, path: &str, method: &str, call: &Call, what: &str) -> Answer {
        let url = self.url(path, call);
        let answer = send_raw(&method.to_uppercase(), &url, call);
        self.checked += 1;
        let context = format!("{} {path} ({what}: {url})", method.to_uppercase());
        if let Err(problem) = self.conforms(path, method, &answer) {
            self.failures.push(format!(
                "{context}: {problem}; answered {} {}",
                answer.status, answer.body
            ));
        }
        answer
    }

    /// Whether `answer` is one the operation documents: a listed status, and a body of the
    /// listed media type that the listed schema accepts.
    fn conforms(&self, path: &str, method: &str, answer: &Answer) -> Result<(), String> {
        let doc = &self.doc;
        let operation = self.operation(path, method);
        let Some(response) = operation["responses"].get(answer.status.to_string()) else {
            let listed: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
            return Err(format!(
                "status {} is not listed ({listed:?})",
                answer.status
            ));
        };
        let response = resolved(doc, response);
        let Some(content) = response["content"].as_object() else {
            return if answer.body.is_empty() {
                Ok(())
            } else {
                Err("a body where the document lists none".into())
            };
        };
        let (media, listed) = content
            .iter()
            .find(|(media, _)| answer.content_type.starts_with(media.as_str()))
            .ok_or_else(|| {
                format!(
                    "content type {:?} is not listed ({:?})",
                    answer.content_type,
                    content.keys().collect::<Vec<_>>()
                )
            })?;
        if media != "application/json" {
            return Ok(()); // the event stream: its items are checked by `events`
        }
        let body: Value = serde_json::from_str(&answer.body)
            .map_err(|e| format!("the body is not JSON ({e})"))?;
        validate(doc, &listed["schema"], &body)
            .map_err(|e| format!("the body does not fit the documented schema: {e}"))
    }

    /// Refusals: never a server error, always the JSON error shape (which `check` validates
    /// against the listed schema).
    fn refused(&mut self, answer: &Answer, context: &str, statuses: &[u16]) {
        let body: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
        let shaped = body["error"]["code"].is_string() && body["error"]["message"].is_string();
        if !statuses.contains(&answer.status) || !shaped {
            self.failures.push(format!(
                "{context}: expected one of {statuses:?} with the JSON error, got {} {}",
                answer.status, answer.body
            ));
        }
    }
}

/// The session cookie of a fresh sign-in.
fn signed_in(server: &Server, email: &str, password: &str) -> String {
    let (status, answer, cookie) = send(
        "POST",
        &server.url("/api/v1/session"),
        Some(&json!({ "email": email, "password": password }).to_string()),
        None,
    );
    assert_eq!(status, 200, "{answer}");
    cookie.unwrap()
}

fn member_id(server: &Server, cookie: &str) -> String {
    let (status, me, _) = send("GET", &server.url("/api/v1/me"), None, Some(cookie));
    assert_eq!(status, 200, "{me}");
    me["account"]["id"].as_i64().unwrap().to_string()
}

fn invite_token(server: &Server) -> String {
    let (status, invite) = post(
        &server.url(&format!("/api/v1/coalitions/{ID}/invites")),
        &json!({ "role": "viewer", "email": "newcomer@members.org" }).to_string(),
    );
    assert_eq!(status, 201, "{invite}");
    invite["token"].as_str().unwrap().to_string()
}

#[test]
fn every_operation_answers_as_the_document_says() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, ID, &sample::coalition());
    let admin = server.admin();
    let vera = invited(&server, ID, "viewer", None, "vera");
    let remy = invited(&server, ID, "viewer", None, "remy");
    let sam = invited(&server, ID, "viewer", None, "sam");
    let pat = invited(&server, ID, "viewer", None, "pat");
    let partner = sample::coalition().partners[0].code.to_string();
    let roles = [
        (
            "a coalition administrator",
            invited(&server, ID, "admin", None, "ada"),
        ),
        (
            "a partner editor",
            invited(&server, ID, "editor", Some(&partner), "edna"),
        ),
        ("a viewer", invited(&server, ID, "viewer", None, "vic")),
    ];
    let leaving = signed_in(&server, "pat@members.org", PASSWORD);
    let (vera_id, remy_id) = (member_id(&server, &vera), member_id(&server, &remy));
    let (offered, accepted) = (invite_token(&server), invite_token(&server));
    let cell = server_copy(&server, ID)
        .observations
        .iter()
        .next()
        .unwrap()
        .clone();
    let cursor = pull(&server, ID, 0).cursor.to_string();

    let (status, doc) = get(&server.url("/api/v1/openapi.json"));
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["openapi"], "3.2.0");
    let mut contract = Contract {
        server,
        doc,
        admin: admin.clone(),
        failures: Vec::new(),
        checked: 0,
    };

    // Real values for every path parameter the document names.
    let real: BTreeMap<&str, String> = BTreeMap::from([
        ("id", ID.to_string()),
        ("member", vera_id.clone()),
        ("measure", cell.measure.to_string()),
        ("period", cell.period.to_string()),
        ("partner", cell.partner.to_string()),
        ("token", offered.clone()),
    ]);
    let as_admin = |body: Option<Value>| Call {
        cookie: Some(admin.clone()),
        csrf: true,
        body: body.map(|b| b.to_string()),
        ..Call::default()
    };
    let as_member = |cookie: &str, body: Option<Value>| Call {
        cookie: Some(cookie.to_string()),
        ..as_admin(body)
    };
    let anonymous = |body: Option<Value>| Call {
        cookie: None,
        ..as_admin(body)
    };
    // One valid request per operation, in an order where each leaves the next its data, and
    // the status it must get.
    let valid: Vec<(&str, Call, u16)> = vec![
        ("health", as_admin(None), 200),
        ("openapi", as_admin(None), 200),
        ("setupNeeded", as_admin(None), 200),
        (
            "setup",
            anonymous(Some(
                json!({ "code": "AAAA-BBBB-CCCC", "email": "x@y.org", "name": "X", "password": PASSWORD }),
            )),
            409,
        ),
        (
            "signIn",
            anonymous(Some(
                json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }),
            )),
            200,
        ),
        ("me", as_admin(None), 200),
        ("listCoalitions", as_admin(None), 200),
        (
            "uploadCoalition",
            as_admin(Some(
                json!({ "id": "contract-copy", "document": sample::coalition() }),
            )),
            201,
        ),
        (
            "pull",
            {
                let mut call = as_admin(None);
                call.query.insert("cursor".into(), cursor.clone());
                call
            },
            200,
        ),
        (
            "push",
            as_admin(Some(json!({
                "client": "contract",
                "mutations": [{ "id": 1, "path": "coalition/goal", "base": 0, "value": "Every teen has a plan" }]
            }))),
            200,
        ),
        ("cell", as_admin(None), 200),
        (
            "publishReportCard",
            as_admin(Some(json!({
                "template": cairn_core::report::ReportTemplate::new("Report card", 2026),
                "partner_values": false
            }))),
            200,
        ),
        ("reportCard", as_admin(None), 200),
        ("unpublishReportCard", as_admin(None), 204),
        ("events", as_admin(None), 200),
        ("listMembers", as_admin(None), 200),
        (
            "invite",
            as_admin(Some(
                json!({ "role": "editor", "partner": cell.partner, "email": "editor@members.org" }),
            )),
            201,
        ),
        ("inviteOffer", anonymous(None), 200),
        (
            "acceptInvite",
            anonymous(Some(
                json!({ "token": accepted, "email": "newcomer@members.org", "name": "Newcomer", "password": PASSWORD }),
            )),
            201,
        ),
        ("setRole", as_admin(Some(json!({ "role": "viewer" }))), 204),
        (
            "removeMember",
            {
                let mut call = as_admin(None);
                call.params.insert("member".into(), remy_id.clone());
                call
            },
            204,
        ),
        (
            "changePassword",
            as_member(
                &pat,
                Some(json!({ "current": PASSWORD, "new": "another long passphrase" })),
            ),
            204,
        ),
        ("signOutEverywhere", as_member(&sam, None), 204),
        ("signOut", as_member(&leaving, None), 204),
    ];

    // Every operation of the document, by id; the valid requests name exactly these.
    let mut operations: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (path, item) in contract.doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_string();
            let before = operations.insert(id.clone(), (path.clone(), method.clone()));
            assert!(before.is_none(), "operationId {id} is not unique");
        }
    }
    // The routes served: the router and the document are built from one declaration of them.
    let served: Vec<&String> = contract.doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(served, SERVED, "the document's paths");
    let named: BTreeSet<&str> = valid.iter().map(|(id, _, _)| *id).collect();
    let documented: BTreeSet<&str> = operations.keys().map(String::as_str).collect();
    assert_eq!(
        named, documented,
        "the document's operations and the contract's valid requests differ: a route was added or removed"
    );

    for (id, mut call, expected) in valid.clone() {
        let (path, method) = operations[id].clone();
        let parameters = contract.operation(&path, &method)["parameters"].clone();
        for parameter in parameters.as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            if parameter["in"] == "path" {
                call.params
                    .entry(name.to_string())
                    .or_insert_with(|| real[name].clone());
            }
            // Real values must be values the document allows.
            let value = call.params.get(name).or(call.query.get(name));
            if let Some(value) = value {
                let schema = resolved(&contract.doc, &parameter["schema"]);
                if let Err(e) = validate(&contract.doc, schema, &instance(schema, value)) {
                    contract.failures.push(format!(
                        "{id}: the real {name} {value:?} is refused by the document: {e}"
                    ));
                }
            }
        }
        if id == "events" {
            events(&mut contract, &path, &call);
            continue;
        }
        let answer = contract.check(&path, &method, &call, "valid");
        if answer.status != expected {
            contract.failures.push(format!(
                "{id}: a valid request got {} (expected {expected}): {}",
                answer.status, answer.body
            ));
        }
    }

    // The same requests from members of each role, and from a member of another coalition:
    // whatever each may or may not do, the answer is one the document lists.
    for (role, cookie) in &roles {
        for (id, call, _) in &valid {
            let (path, method) = operations[*id].clone();
            for coalition in [ID, "contract-copy"] {
                let mut call = Call {
                    cookie: Some(cookie.clone()),
                    ..call.clone()
                };
                for (name, value) in &real {
                    call.params
                        .entry(name.to_string())
                        .or_insert_with(|| value.clone());
                }
                call.params.insert("id".into(), coalition.into());
                let answer =
                    contract.check(&path, &method, &call, &format!("as {role} in {coalition}"));
                if answer.status >= 500 {
                    contract
                        .failures
                        .push(format!("{id} as {role}: {} {}", answer.status, answer.body));
                }
            }
        }
    }

    // Inputs the document forbids, and values it allows at the edges.
    for (id, mut base, _) in valid {
        let (path, method) = operations[id].clone();
        let operation = contract.operation(&path, &method).clone();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            if parameter["in"] == "path" {
                base.params
                    .entry(name.to_string())
                    .or_insert_with(|| real[name].clone());
            }
        }
        // Writes are only sent values that cannot change anything that matters.
        let write = method != "get";
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap().to_string();
            let place = parameter["in"].as_str().unwrap().to_string();
            let schema = resolved(&contract.doc, &parameter["schema"]).clone();
            let mut texts = candidates(&schema);
            if place == "path" {
                texts.push("%FF".into()); // not UTF-8 once decoded
            }
            for text in texts {
                let mut call = base.clone();
                let raw = text == "%FF";
                let allowed =
                    !raw && validate(&contract.doc, &schema, &instance(&schema, &text)).is_ok();
                let at_maximum = schema["maximum"]
                    .as_i64()
                    .is_some_and(|max| max.to_string() == text);
                if allowed && write && !at_maximum {
                    continue;
                }
                if allowed && id == "events" && text == ID {
                    continue;
                }
                match place.as_str() {
                    "path" if raw => call.params.insert(name.clone(), text.clone()),
                    "path" => call.params.insert(name.clone(), encoded(&text)),
                    _ => call.query.insert(name.clone(), text.clone()),
                };
                let what = format!(
                    "{name} = {text:?}, which the document {}",
                    if allowed { "allows" } else { "forbids" }
                );
                let answer = contract.check(&path, &method, &call, &what);
                let context = format!("{id} with {what}");
                if allowed {
                    let body: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
                    let code = body["error"]["code"].as_str().unwrap_or("");
                    if answer.status >= 500
                        || code.starts_with("invalid_path")
                        || code == "invalid_query"
                    {
                        contract.failures.push(format!(
                            "{context}: refused a value the document allows: {} {}",
                            answer.status, answer.body
                        ));
                    }
                } else {
                    contract.refused(&answer, &context, &[400]);
                }
            }
        }
        if let Some(body) = operation["requestBody"].get("content") {
            let schema = resolved(&contract.doc, &body["application/json"]["schema"]).clone();
            let valid_body: Value =
                serde_json::from_str(base.body.as_deref().unwrap_or("{}")).unwrap();
            let mut bodies: Vec<(String, String)> = vec![
                ("malformed JSON".into(), "{not json".into()),
                ("an empty body".into(), String::new()),
                ("a list".into(), "[1]".into()),
                ("an empty object".into(), "{}".into()),
                (
                    "17 KB of filler".into(),
                    json!({ "filler": "a".repeat(17 * 1024) }).to_string(),
                ),
            ];
            for (property, _) in schema["properties"].as_object().into_iter().flatten() {
                for wrong in [json!(12345), json!("text"), json!([]), json!({ "a": 1 })] {
                    let mut body = valid_body.clone();
                    body[property] = wrong.clone();
                    bodies.push((format!("{property} = {wrong}"), body.to_string()));
                }
            }
            for (what, text) in bodies {
                // Only bodies the document forbids.
                if let Ok(value) = serde_json::from_str::<Value>(&text) {
                    if what != "17 KB of filler" && validate(&contract.doc, &schema, &value).is_ok()
                    {
                        continue;
                    }
                }
                let call = Call {
                    body: Some(text),
                    ..base.clone()
                };
                let answer = contract.check(&path, &method, &call, &format!("body: {what}"));
                contract.refused(
                    &answer,
                    &format!("{id} with the body {what}"),
                    &[400, 413, 422],
                );
            }
        }
        let security = operation["security"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let session_needed =
            !security.is_empty() && security.iter().all(|r| r.get("session").is_some());
        if session_needed {
            let call = Call {
                cookie: None,
                ..base.clone()
            };
            let answer = contract.check(&path, &method, &call, "without a session");
            contract.refused(&answer, &format!("{id} without a session"), &[401]);
        }
        if write {
            let call = Call {
                csrf: false,
                ..base.clone()
            };
            let answer = contract.check(&path, &method, &call, "without the CSRF header");
            contract.refused(&answer, &format!("{id} without the CSRF header"), &[403]);
        }
    }

    // Methods a path does not list.
    let paths: Vec<(String, BTreeSet<String>)> = contract.doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let methods = item
                .as_object()
                .unwrap()
                .keys()
                .map(|m| m.to_uppercase())
                .collect();
            (path.clone(), methods)
        })
        .collect();
    for (path, listed) in paths {
        let mut call = Call {
            cookie: Some(contract.admin.clone()),
            csrf: true,
            ..Call::default()
        };
        for (name, value) in &real {
            call.params.insert(name.to_string(), value.clone());
        }
        let mut allowed = listed.clone();
        if listed.contains("GET") {
            allowed.insert("HEAD".into());
        }
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            if allowed.contains(method) {
                continue;
            }
            let url = contract.url(&path, &call);
            let answer = send_raw(method, &url, &call);
            contract.checked += 1;
            let context = format!("{method} {path}, which the document does not list");
            contract.refused(&answer, &context, &[405]);
            let allow: BTreeSet<String> = answer
                .allow
                .as_deref()
                .unwrap_or("")
                .split(',')
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .collect();
            if allow != allowed {
                contract.failures.push(format!(
                    "{context}: Allow is {:?}, the document lists {allowed:?}",
                    answer.allow
                ));
            }
        }
    }

    println!("{} answers checked against the document", contract.checked);
    assert!(
        contract.checked > 500,
        "only {} answers checked",
        contract.checked
    );
    assert!(
        contract.failures.is_empty(),
        "{} of {} answers break the contract:\n{}",
        contract.failures.len(),
        contract.checked,
        contract.failures.join("\n")
    );
}

/// Reads the stream's first event, makes a change, reads the event it causes, and checks both
/// against the documented item schema (and their data against its content schema).
fn events(contract: &mut Contract, path: &str, call: &Call) {
    let url = contract.url(path, call);
    let mut response = agent()
        .get(&url)
        .header("cookie", format!("cairn_session={}", contract.admin))
        .call()
        .unwrap();
    let status = response.status().as_u16();
    let operation = contract.operation(path, "get").clone();
    let content = &resolved(&contract.doc, &operation["responses"][status.to_string()])["content"];
    let item = resolved(&contract.doc, &content["text/event-stream"]["itemSchema"]).clone();
    if item.is_null() {
        contract.failures.push(format!(
            "events: {status} lists no text/event-stream item schema"
        ));
        return;
    }
    let mut lines = BufReader::new(response.body_mut().as_reader()).lines();
    let mut next_event = || {
        let mut fields = serde_json::Map::new();
        loop {
            let line = lines.next().expect("the stream stays open").unwrap();
            if line.is_empty() && !fields.is_empty() {
                return Value::Object(fields);
            }
            if line.is_empty() || line.starts_with(':') {
                continue;
            }
            let (field, value) = line.split_once(':').unwrap_or((&line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            fields.insert(field.to_string(), Value::String(value.to_string()));
        }
    };
    let first = next_event();
    let mut ana = Member::join(&contract.server, ID, "ana");
    ana.edit(|d| d.coalition.goal = "Every teen has a plan, live".into());
    ana.push(&contract.server, ID);
    let second = next_event();
    let data_schema = item["properties"]["data"]["contentSchema"].clone();
    let mut cursors = Vec::new();
    for event in [first, second] {
        contract.checked += 1;
        if let Err(e) = validate(&contract.doc, &item, &event) {
            contract
                .failures
                .push(format!("events: {event} does not fit the item schema: {e}"));
            continue;
        }
        let data: Value =
            serde_json::from_str(event["data"].as_str().unwrap()).unwrap_or(Value::Null);
        if let Err(e) = validate(&contract.doc, &data_schema, &data) {
            contract.failures.push(format!(
                "events: data {data} does not fit its content schema: {e}"
            ));
        }
        cursors.push(data["cursor"].as_u64().unwrap_or(0));
    }
    if cursors.len() == 2 && cursors[1] <= cursors[0] {
        contract.failures.push(format!(
            "events: the cursor did not move on a change: {cursors:?}"
        ));
    }
}

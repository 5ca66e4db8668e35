//! Helpers shared by the server's tests: the real binary on a free loopback port with its own
//! data directory, and a small HTTP client.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use cairn_core::sync::{Mutation, Pull, Push, PushReply, Replica};
use cairn_core::Document;
use serde_json::{json, Value};

/// The administrator every test server is set up with.
pub const ADMIN_EMAIL: &str = "admin@backbone.org";
pub const ADMIN_PASSWORD: &str = "backbone staff passphrase";

/// The administrator's session cookie of each running server, by base address: the plain
/// helpers ([`get`], [`post`]) act as the administrator.
static ADMIN: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// A running `cairn-server` process.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub data: PathBuf,
    /// The set-up code it printed, if it started without an administrator.
    pub setup_code: Option<String>,
}

impl Server {
    /// Starts the binary on a free port with `data` as its data directory, and signs in as the
    /// administrator (setting one up with the printed code on first start).
    pub fn start(data: &Path) -> Server {
        let server = Server::start_bare(data, &[]);
        server.sign_in_admin();
        server
    }

    /// Starts the binary with extra flags, without signing anybody in.
    pub fn start_bare(data: &Path, flags: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cairn-server"))
            .args(["--listen", "127.0.0.1:0", "--app-dir", "/nonexistent"])
            .args(flags)
            .arg("--data-dir")
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(log_file(data))
            .spawn()
            .expect("the server binary starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut setup_code = None;
        let base = loop {
            let mut line = String::new();
            out.read_line(&mut line)
                .expect("the server prints its address");
            if line.is_empty() {
                let log = std::fs::read_to_string(data.join("server.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(20).collect();
                panic!(
                    "the server stopped before listening; its log ends:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            if let Some(rest) = line.strip_prefix("Set-up code for the first administrator: ") {
                setup_code = Some(rest.split(' ').next().unwrap().to_string());
            }
            if line.contains("listening on") {
                break line.trim().rsplit(' ').next().unwrap().to_string();
            }
        };
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Server {
            child,
            base,
            data: data.to_path_buf(),
            setup_code,
        }
    }

    /// Sets up the administrator if the server has none, or signs them in; the plain helpers
    /// then act as them.
    pub fn sign_in_admin(&self) -> String {
        let (status, answer, cookie) = match &self.setup_code {
            Some(code) => send(
                "POST",
                &self.url("/api/v1/setup"),
                Some(&json!({ "code": code, "email": ADMIN_EMAIL, "name": "Backbone", "password": ADMIN_PASSWORD }).to_string()),
                None,
            ),
            None => send(
                "POST",
                &self.url("/api/v1/session"),
                Some(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }).to_string()),
                None,
            ),
        };
        assert!(status == 200 || status == 201, "{status} {answer}");
        let cookie = cookie.expect("signing in sets a cookie");
        ADMIN
            .lock()
            .unwrap()
            .get_or_insert_with(HashMap::new)
            .insert(self.base.clone(), cookie.clone());
        cookie
    }

    /// The administrator's cookie.
    pub fn admin(&self) -> String {
        admin_cookie(&self.url("/")).expect("the administrator signed in")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then waits; returns whether the process exited successfully.
    pub fn terminate(mut self) -> bool {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        self.child.wait().unwrap().success()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// The administrator's cookie for the server `url` belongs to, if one signed in.
pub fn admin_cookie(url: &str) -> Option<String> {
    let admins = ADMIN.lock().unwrap();
    admins
        .as_ref()?
        .iter()
        .find(|(base, _)| url.starts_with(base.as_str()))
        .map(|(_, cookie)| cookie.clone())
}

/// Sends a request as Cairn's pages do (JSON, with the CSRF header), with the session
/// `cookie` if given; returns the status, the JSON answer and the session cookie it set.
pub fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    cookie: Option<&str>,
) -> (u16, Value, Option<String>) {
    let request = axum_free_request(method, url, cookie);
    let result = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .send(body),
        None => request.send_empty(),
    };
    let mut response = result.expect("the request reaches the server");
    let status = response.status().as_u16();
    let set = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("cairn_session="))
        .map(|v| v.split(';').next().unwrap().to_string())
        .filter(|v| !v.is_empty());
    let text = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
        set,
    )
}

fn axum_free_request(
    method: &str,
    url: &str,
    cookie: Option<&str>,
) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
    let agent = agent();
    let mut request = match method {
        "POST" => agent.post(url),
        "PUT" => agent.put(url),
        "DELETE" => agent.delete(url).force_send_body(),
        _ => agent.get(url).force_send_body(),
    };
    request = request.header("x-cairn-csrf", "1");
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("cairn_session={cookie}"));
    }
    request
}

/// Sends `body` as the administrator and returns the status and the JSON answer.
pub fn post(url: &str, body: &str) -> (u16, Value) {
    let (status, answer, _) = send("POST", url, Some(body), admin_cookie(url).as_deref());
    (status, answer)
}

/// Reads `url` as the administrator.
pub fn get(url: &str) -> (u16, Value) {
    let (status, answer, _) = send("GET", url, None, admin_cookie(url).as_deref());
    (status, answer)
}

/// A request as the administrator, for tests that read the answer themselves.
pub fn admin_get(url: &str) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
    let mut request = agent().get(url);
    if let Some(cookie) = admin_cookie(url) {
        request = request.header("cookie", format!("cairn_session={cookie}"));
    }
    request
}

/// A POST as the administrator, with the CSRF header, for tests that read the answer
/// themselves.
pub fn admin_post(url: &str) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
    axum_free_request("POST", url, admin_cookie(url).as_deref())
}

/// A new server in a new folder with the sample coalition uploaded as `id`; the folder goes
/// when the first half is dropped.
pub fn with_sample(id: &str) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, id, &cairn_core::sample::coalition());
    (dir, server)
}

/// Uploads `doc` as coalition `id`.
pub fn upload(server: &Server, id: &str, doc: &Document) {
    let body = json!({ "id": id, "document": doc }).to_string();
    let (status, answer) = post(&server.url("/api/v1/coalitions"), &body);
    assert_eq!(status, 201, "{answer}");
}

pub fn push(server: &Server, id: &str, push: &Push) -> PushReply {
    push_as(server, None, id, push)
}

/// Pushes as the member of `cookie` (the administrator if `None`).
pub fn push_as(server: &Server, cookie: Option<&str>, id: &str, push: &Push) -> PushReply {
    let url = server.url(&format!("/api/v1/coalitions/{id}/push"));
    let cookie = cookie.map(str::to_string).or_else(|| admin_cookie(&url));
    let body = serde_json::to_string(push).unwrap();
    let (status, answer, _) = send("POST", &url, Some(&body), cookie.as_deref());
    assert_eq!(status, 200, "{answer}");
    serde_json::from_value(answer).unwrap()
}

pub fn pull(server: &Server, id: &str, cursor: u64) -> Pull {
    let (status, answer) =
        get(&server.url(&format!("/api/v1/coalitions/{id}/pull?cursor={cursor}")));
    assert_eq!(status, 200, "{answer}");
    serde_json::from_value(answer).unwrap()
}

/// Makes an invite to `coalition` as the administrator and accepts it as a new member named
/// `name` (e-mail `name@members.org`); returns their session cookie.
pub fn invited(
    server: &Server,
    coalition: &str,
    role: &str,
    partner: Option<&str>,
    name: &str,
) -> String {
    let (status, invite) = post(
        &server.url(&format!("/api/v1/coalitions/{coalition}/invites")),
        &json!({ "role": role, "partner": partner, "email": format!("{name}@members.org") })
            .to_string(),
    );
    assert_eq!(status, 201, "{invite}");
    let body =
        json!({ "token": invite["token"], "name": name, "password": "a long enough passphrase" });
    let (status, answer, cookie) = send(
        "POST",
        &server.url("/api/v1/invites/accept"),
        Some(&body.to_string()),
        None,
    );
    assert_eq!(status, 201, "{answer}");
    cookie.expect("accepting signs the new member in")
}

/// The cell of a value of `partner` in `period` that holds a plain number.
pub fn number_in(doc: &Document, partner: &str, period: cairn_core::Period) -> cairn_core::CellKey {
    doc.observations
        .iter()
        .find(|o| {
            o.period == period
                && o.partner.as_str() == partner
                && matches!(o.value, cairn_core::Value::Number(_))
        })
        .map(|o| o.key())
        .unwrap_or_else(|| panic!("a number of {partner} in {period}"))
}

/// The value the server holds in `key`'s cell of coalition `id`.
pub fn value_on_server(server: &Server, id: &str, key: &cairn_core::CellKey) -> cairn_core::Value {
    server_copy(server, id)
        .observations
        .get(key)
        .expect("a value in the cell")
        .value
}

/// The server's copy of a coalition, as a fresh member would see it.
pub fn server_copy(server: &Server, id: &str) -> Document {
    let mut doc = Document::empty();
    let mut replica = Replica::new("reader");
    let absorbed = replica.absorb(pull(server, id, 0), &mut doc);
    assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
    doc
}

/// A member: a document and its replica, connected to one coalition.
pub struct Member {
    pub doc: Document,
    pub replica: Replica,
    pub name: String,
    /// Their session; `None` acts as the server's administrator.
    pub cookie: Option<String>,
}

impl Member {
    /// A browser of the administrator's that has just pulled the coalition.
    pub fn join(server: &Server, id: &str, client: &str) -> Member {
        let mut member = Member {
            doc: Document::empty(),
            replica: Replica::new(client),
            name: client.to_string(),
            cookie: None,
        };
        member.pull(server, id);
        member
    }

    /// A new member with their own account, invited as a coalition administrator, who has just
    /// pulled the coalition: their changes are signed with their name.
    pub fn invite(server: &Server, id: &str, name: &str) -> Member {
        Member::invite_as(server, id, "admin", None, name)
    }

    /// A new member invited with `role` (for an editor, for `partner`), who has just pulled.
    pub fn invite_as(
        server: &Server,
        id: &str,
        role: &str,
        partner: Option<&str>,
        name: &str,
    ) -> Member {
        let cookie = invited(server, id, role, partner, name);
        let mut member = Member {
            doc: Document::empty(),
            replica: Replica::new(name),
            name: name.to_string(),
            cookie: Some(cookie),
        };
        member.pull(server, id);
        member
    }

    /// Sets the value of `key` (which holds a number) to `to`, as the grid would.
    pub fn set(&mut self, key: &cairn_core::CellKey, to: f64) {
        self.edit(|doc| {
            let mut o = doc.observations.get(key).unwrap().clone();
            o.value = cairn_core::Value::Number(to);
            doc.record(o).unwrap();
        });
    }

    /// Pushes what waits and returns the outcome of the last change.
    pub fn pushed(&mut self, server: &Server, id: &str) -> cairn_core::sync::Outcome {
        self.push(server, id)
            .pop()
            .expect("a change was sent")
            .1
            .outcome
    }

    /// Makes an edit the way the app does: change a copy, record the difference.
    pub fn edit(&mut self, change: impl FnOnce(&mut Document)) -> usize {
        let before = self.doc.clone();
        change(&mut self.doc);
        self.replica
            .record(&before, &self.doc, &self.name, "2026-11-29T12:00:00Z")
    }

    /// Pushes the whole outbox; returns the mutations sent with their receipts.
    pub fn push(
        &mut self,
        server: &Server,
        id: &str,
    ) -> Vec<(Mutation, cairn_core::sync::Receipt)> {
        let mut sent = Vec::new();
        while !self.replica.outbox.is_empty() {
            let batch = self.replica.push(100);
            let reply = push_as(server, self.cookie.as_deref(), id, &batch);
            for (m, r) in batch.mutations.iter().zip(&reply.receipts) {
                sent.push((m.clone(), r.clone()));
            }
            let absorbed = self.replica.acknowledge(&reply, &mut self.doc);
            assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
        }
        sent
    }

    pub fn pull(&mut self, server: &Server, id: &str) -> usize {
        let url = server.url(&format!(
            "/api/v1/coalitions/{id}/pull?cursor={}",
            self.replica.cursor
        ));
        let cookie = self.cookie.clone().or_else(|| admin_cookie(&url));
        let (status, answer, _) = send("GET", &url, None, cookie.as_deref());
        assert_eq!(status, 200, "{answer}");
        let pulled: Pull = serde_json::from_value(answer).unwrap();
        let n = pulled.rows.len() + pulled.conflicts.len();
        let absorbed = self.replica.absorb(pulled, &mut self.doc);
        assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
        n
    }
}

/// The whole body of `response` as bytes (up to 256 MiB: the tests read large snapshots).
pub fn body_bytes(response: &mut ureq::http::Response<ureq::Body>) -> Vec<u8> {
    response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_vec()
        .unwrap()
}

/// Where a server's log goes: a file in its data directory (appended to across restarts), so a
/// failing start can show why.
fn log_file(data: &Path) -> Stdio {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data.join("server.log"))
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null())
}

impl Member {
    /// Makes an edit the way the app does and keeps it in the history as one action that came
    /// by `via` (reverting `reverts`, if given): change a copy, keep the difference, record it.
    pub fn edit_kept(
        &mut self,
        via: cairn_core::history::Via,
        reverts: Option<&str>,
        change: impl FnOnce(&mut Document),
    ) -> String {
        use cairn_core::history::{entries, items, Signature};
        let before = self.doc.clone();
        change(&mut self.doc);
        let changes = cairn_core::sync::diff(&before, &self.doc);
        let kept = items(&changes, |p| cairn_core::sync::value_at(&before, p));
        let action = format!(
            "20261204T120000Z-{}-{}",
            self.name,
            self.doc.history.len() + 1
        );
        let signature = Signature {
            action: action.clone(),
            by: &self.name,
            at: "2026-12-04T12:00:00Z",
            via,
            note: "",
            reverts,
        };
        for entry in entries(&signature, kept) {
            self.doc.history.put(entry).unwrap();
        }
        self.replica
            .record(&before, &self.doc, &self.name, "2026-12-04T12:00:00Z");
        action
    }
}

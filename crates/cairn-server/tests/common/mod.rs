//! Helpers shared by the server's tests: the real binary on a free loopback port with its own
//! data directory, and a small HTTP client.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cairn_core::sync::{Mutation, Pull, Push, PushReply, Replica};
use cairn_core::Document;
use serde_json::{json, Value};

/// A running `cairn-server` process.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub data: PathBuf,
}

impl Server {
    /// Starts the binary on a free port with `data` as its data directory.
    pub fn start(data: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cairn-server"))
            .args(["--listen", "127.0.0.1:0", "--app-dir", "/nonexistent"])
            .arg("--data-dir")
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("the server prints its address");
        let base = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "{line}");
        Server {
            child,
            base,
            data: data.to_path_buf(),
        }
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

/// Sends `body` and returns the status and the JSON answer.
pub fn post(url: &str, body: &str) -> (u16, Value) {
    let mut response = agent()
        .post(url)
        .header("content-type", "application/json")
        .send(body)
        .expect("the request reaches the server");
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub fn get(url: &str) -> (u16, Value) {
    let mut response = agent()
        .get(url)
        .call()
        .expect("the request reaches the server");
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Uploads `doc` as coalition `id`.
pub fn upload(server: &Server, id: &str, doc: &Document) {
    let body = json!({ "id": id, "document": doc }).to_string();
    let (status, answer) = post(&server.url("/api/v1/coalitions"), &body);
    assert_eq!(status, 201, "{answer}");
}

pub fn push(server: &Server, id: &str, push: &Push) -> PushReply {
    let (status, answer) = post(
        &server.url(&format!("/api/v1/coalitions/{id}/push")),
        &serde_json::to_string(push).unwrap(),
    );
    assert_eq!(status, 200, "{answer}");
    serde_json::from_value(answer).unwrap()
}

pub fn pull(server: &Server, id: &str, cursor: u64) -> Pull {
    let (status, answer) =
        get(&server.url(&format!("/api/v1/coalitions/{id}/pull?cursor={cursor}")));
    assert_eq!(status, 200, "{answer}");
    serde_json::from_value(answer).unwrap()
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
}

impl Member {
    /// A member who has just pulled the coalition.
    pub fn join(server: &Server, id: &str, client: &str) -> Member {
        let mut member = Member {
            doc: Document::empty(),
            replica: Replica::new(client),
            name: client.to_string(),
        };
        member.pull(server, id);
        member
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
            let reply = push(server, id, &batch);
            for (m, r) in batch.mutations.iter().zip(&reply.receipts) {
                sent.push((m.clone(), r.clone()));
            }
            let absorbed = self.replica.acknowledge(&reply, &mut self.doc);
            assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
        }
        sent
    }

    pub fn pull(&mut self, server: &Server, id: &str) -> usize {
        let pulled = pull(server, id, self.replica.cursor);
        let n = pulled.rows.len() + pulled.conflicts.len();
        let absorbed = self.replica.absorb(pulled, &mut self.doc);
        assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
        n
    }
}

//! The one writer: a thread that owns the write connection and every coalition's document in
//! memory, and applies pushes in `BEGIN IMMEDIATE` transactions.
//!
//! Pushes that arrive together are applied in one transaction and acknowledged after its single
//! commit (group commit): every acknowledged mutation is on disk, and many members writing at
//! once share one fsync instead of queueing for one each.

use std::collections::{HashMap, HashSet};
use std::path::Path as FilePath;
use std::sync::mpsc;
use std::sync::Mutex;
use std::thread::JoinHandle;

use cairn_core::sync::{
    adopt, canonical, fingerprint, record_rows, rows, value_at, Change, Conflict, Mutation,
    Outcome, Path, Push, PushReply, Receipt, Record, Side,
};
use cairn_core::Document;
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use tokio::sync::{broadcast, oneshot};

use crate::error::ApiError;
use crate::time::now_rfc3339;

/// How many queued jobs at most share one transaction.
const MAX_BATCH: usize = 128;

enum Job {
    Push {
        coalition: String,
        /// The member pushing: their role is checked inside the transaction.
        member: i64,
        push: Push,
        reply: oneshot::Sender<Result<PushReply, ApiError>>,
    },
    Create {
        id: String,
        document: Box<Document>,
        reply: oneshot::Sender<Result<u64, ApiError>>,
    },
    /// Any other write (accounts, sessions, invites), run in its own savepoint.
    Exec(Box<dyn Work>),
}

/// A write job with its own answer.
trait Work: Send {
    /// Runs the write (unless an earlier job of the batch `failed` in storage) and returns
    /// what sends the answer once the batch's commit succeeded or failed.
    fn run(self: Box<Self>, tx: &Transaction, failed: &mut bool) -> Box<dyn FnOnce(bool) + Send>;
    /// Answers that nothing was written.
    fn refuse(self: Box<Self>);
}

struct Exec<T, F> {
    work: F,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> Work for Exec<T, F>
where
    T: Send + 'static,
    F: FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
{
    fn run(self: Box<Self>, tx: &Transaction, failed: &mut bool) -> Box<dyn FnOnce(bool) + Send> {
        let Exec { work, reply } = *self;
        let result = if *failed {
            Err(ApiError::Unavailable)
        } else {
            in_savepoint(tx, failed, work)
        };
        Box::new(move |committed| {
            let _ = reply.send(settle(committed, result));
        })
    }

    fn refuse(self: Box<Self>) {
        let _ = self.reply.send(Err(ApiError::Unavailable));
    }
}

/// Runs `work` so that a refusal leaves nothing of it behind while the rest of the batch
/// commits; a storage failure (`Unavailable`) fails the whole batch.
fn in_savepoint<T>(
    tx: &Transaction,
    failed: &mut bool,
    work: impl FnOnce(&Transaction) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    if let Err(e) = tx.execute_batch("SAVEPOINT job") {
        tracing::error!(error = %e, "could not begin a savepoint");
        *failed = true;
        return Err(ApiError::Unavailable);
    }
    let result = work(tx);
    let end = match &result {
        Ok(_) => tx.execute_batch("RELEASE job"),
        Err(ApiError::Unavailable) => {
            *failed = true;
            Ok(())
        }
        Err(_) => tx.execute_batch("ROLLBACK TO job; RELEASE job"),
    };
    if let Err(e) = end {
        tracing::error!(error = %e, "could not end a savepoint");
        *failed = true;
        return Err(ApiError::Unavailable);
    }
    result
}

/// Nothing is acknowledged unless it is on disk.
fn settle<T>(committed: bool, result: Result<T, ApiError>) -> Result<T, ApiError> {
    if committed {
        result
    } else {
        Err(ApiError::Unavailable)
    }
}

/// A handle to the writer thread.
pub struct Writer {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

/// A coalition's sequence moved: members connected for live updates have something to pull.
pub type Changed = (String, u64);

impl Writer {
    /// Opens the data file and starts the writer thread.
    pub fn start(file: &FilePath, changed: broadcast::Sender<Changed>) -> Result<Writer, String> {
        let mut conn = crate::db::open(file).map_err(|e| e.to_string())?;
        crate::db::migrate(&mut conn)?;
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("cairn-writer".into())
            .spawn(move || {
                let mut state = State {
                    conn,
                    docs: HashMap::new(),
                    changed,
                };
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    while jobs.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => jobs.push(job),
                            Err(_) => break,
                        }
                    }
                    state.run(jobs);
                }
                tracing::info!("writer finished every queued write");
            })
            .map_err(|e| e.to_string())?;
        Ok(Writer {
            jobs: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    fn send(&self, job: Job) -> Result<(), ApiError> {
        let jobs = self.jobs.lock().expect("writer lock");
        jobs.as_ref()
            .ok_or(ApiError::Unavailable)?
            .send(job)
            .map_err(|_| ApiError::Unavailable)
    }

    /// Applies a push and returns one receipt per mutation, once they are on disk.
    pub async fn push(
        &self,
        coalition: String,
        member: i64,
        push: Push,
    ) -> Result<PushReply, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Push {
            coalition,
            member,
            push,
            reply,
        })?;
        answer.await.map_err(|_| ApiError::Unavailable)?
    }

    /// Stores a new coalition; returns its first cursor.
    pub async fn create(&self, id: String, document: Document) -> Result<u64, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Create {
            id,
            document: Box::new(document),
            reply,
        })?;
        answer.await.map_err(|_| ApiError::Unavailable)?
    }

    /// Runs `work` in the write transaction (in a savepoint of its own: if it fails, nothing it
    /// wrote is kept) and returns its answer once it is on disk.
    pub async fn exec<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Exec(Box::new(Exec { work, reply })))?;
        answer.await.map_err(|_| ApiError::Unavailable)?
    }

    /// Whether the writer thread is running; false once it stopped or failed.
    pub fn is_running(&self) -> bool {
        self.thread
            .lock()
            .expect("writer lock")
            .as_ref()
            .is_some_and(|t| !t.is_finished())
    }

    /// Refuses new writes, lets the thread finish every write already queued, and waits for it.
    pub fn stop(&self) {
        self.jobs.lock().expect("writer lock").take();
        if let Some(thread) = self.thread.lock().expect("writer lock").take() {
            let _ = thread.join();
        }
    }
}

struct State {
    conn: rusqlite::Connection,
    docs: HashMap<String, Document>,
    changed: broadcast::Sender<Changed>,
}

enum Answer {
    Push(
        oneshot::Sender<Result<PushReply, ApiError>>,
        Result<PushReply, ApiError>,
    ),
    Create(
        oneshot::Sender<Result<u64, ApiError>>,
        Result<u64, ApiError>,
    ),
    Exec(Box<dyn FnOnce(bool) + Send>),
}

impl State {
    fn run(&mut self, jobs: Vec<Job>) {
        let mut touched = HashSet::new();
        let mut answers = Vec::with_capacity(jobs.len());
        let mut failed = false;
        let tx = match self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
        {
            Ok(tx) => tx,
            Err(e) => {
                tracing::error!(error = %e, "could not begin a write");
                return refuse_all(jobs);
            }
        };
        for job in jobs {
            match job {
                Job::Push {
                    coalition,
                    member,
                    push,
                    reply,
                } => {
                    let result = attempt(&mut failed, "a push", || {
                        apply_push(&tx, &mut self.docs, &coalition, member, &push)
                    });
                    touched.insert(coalition);
                    answers.push(Answer::Push(reply, result));
                }
                Job::Create {
                    id,
                    document,
                    reply,
                } => {
                    let result = attempt(&mut failed, "an upload", || {
                        create(&tx, &mut self.docs, &id, *document)
                    });
                    touched.insert(id);
                    answers.push(Answer::Create(reply, result));
                }
                Job::Exec(work) => answers.push(Answer::Exec(work.run(&tx, &mut failed))),
            }
        }
        let committed = if failed {
            drop(tx); // rolls back
            false
        } else {
            match tx.commit() {
                Ok(()) => true,
                Err(e) => {
                    tracing::error!(error = %e, "a commit failed");
                    false
                }
            }
        };
        if !committed {
            // The documents in memory may hold changes that never reached the disk.
            for id in &touched {
                self.docs.remove(id);
            }
        }
        for answer in answers {
            match answer {
                Answer::Push(reply, result) => {
                    let _ = reply.send(settle(committed, result));
                }
                Answer::Create(reply, result) => {
                    let _ = reply.send(settle(committed, result));
                }
                Answer::Exec(answer) => answer(committed),
            }
        }
        if committed {
            for id in touched {
                if let Ok(seq) = seq_of(&self.conn, &id) {
                    let _ = self.changed.send((id, seq));
                }
            }
        }
    }
}

/// Runs one job's step, unless an earlier job of the batch failed in storage: the batch then
/// rolls back, so this one is refused too.
fn attempt<T>(
    failed: &mut bool,
    what: &str,
    step: impl FnOnce() -> rusqlite::Result<Result<T, ApiError>>,
) -> Result<T, ApiError> {
    if *failed {
        return Err(ApiError::Unavailable);
    }
    step().unwrap_or_else(|e| {
        tracing::error!(error = %e, "{what} failed in storage");
        *failed = true;
        Err(ApiError::Unavailable)
    })
}

fn refuse_all(jobs: Vec<Job>) {
    for job in jobs {
        match job {
            Job::Push { reply, .. } => {
                let _ = reply.send(Err(ApiError::Unavailable));
            }
            Job::Create { reply, .. } => {
                let _ = reply.send(Err(ApiError::Unavailable));
            }
            Job::Exec(work) => work.refuse(),
        }
    }
}

fn seq_of(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<u64> {
    conn.query_row("SELECT seq FROM coalitions WHERE id = ?1", [id], |r| {
        r.get::<_, i64>(0)
    })
    .map(|s| s as u64)
}

/// Reads a coalition's document from its rows: `None` if there is no such coalition, and the
/// reason if its rows do not assemble into a valid document.
pub fn load(
    conn: &rusqlite::Connection,
    id: &str,
) -> rusqlite::Result<Option<Result<Document, String>>> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM coalitions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if exists.is_none() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT path, value FROM rows WHERE coalition = ?1 AND value IS NOT NULL",
    )?;
    let mut found = Vec::new();
    let mut rows = stmt.query([id])?;
    while let Some(row) = rows.next()? {
        let path: String = row.get(0)?;
        let value: String = row.get(1)?;
        match (Path::parse(&path), serde_json::from_str(&value)) {
            (Ok(p), Ok(v)) => found.push((p, v)),
            _ => tracing::error!(coalition = id, path, "a stored row is unreadable; skipped"),
        }
    }
    Ok(Some(cairn_core::sync::assemble(found).map_err(|e| {
        tracing::error!(coalition = id, error = %e, "the stored coalition does not assemble");
        e.to_string()
    })))
}

fn create(
    tx: &Transaction,
    docs: &mut HashMap<String, Document>,
    id: &str,
    mut doc: Document,
) -> rusqlite::Result<Result<u64, ApiError>> {
    let exists: Option<i64> = tx
        .query_row("SELECT 1 FROM coalitions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    if exists.is_some() {
        return Ok(Err(ApiError::CoalitionExists(id.to_string())));
    }
    canonical(&mut doc);
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO coalitions (id, name, seq, created_at) VALUES (?1, ?2, 1, ?3)",
        params![id, doc.coalition.name, now],
    )?;
    for (path, value) in rows(&doc) {
        let author = Author {
            client: "upload",
            by: "",
            at: &now,
        };
        upsert(tx, id, &path, Some(&value), 1, &author)?;
    }
    docs.insert(id.to_string(), doc);
    Ok(Ok(1))
}

/// A fingerprint of a mutation's content, to tell a retry from a reused id.
fn digest(m: &Mutation) -> String {
    fingerprint(&serde_json::to_string(m).expect("mutations serialize"))
}

/// Who wrote a row: the client, the member's name and when.
struct Author<'a> {
    client: &'a str,
    by: &'a str,
    at: &'a str,
}

fn upsert(
    tx: &Transaction,
    coalition: &str,
    path: &Path,
    value: Option<&serde_json::Value>,
    version: u64,
    author: &Author,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO rows (coalition, path, value, version, client, by_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (coalition, path) DO UPDATE SET value = excluded.value,
           version = excluded.version, client = excluded.client, by_name = excluded.by_name,
           at = excluded.at",
    )?;
    let text = value.map(|v| v.to_string());
    stmt.execute(params![
        coalition,
        path.to_string(),
        text,
        version as i64,
        author.client,
        author.by,
        author.at
    ])?;
    Ok(())
}

/// Who last wrote a path (or a record with its fields), and at which version.
#[derive(Default)]
struct Current {
    version: u64,
    client: String,
    by: String,
    at: String,
}

/// The bounds of the field rows of a record: `measures/M1/` up to (not including) `measures/M10`.
fn field_range(record: &Record) -> (String, String) {
    let key = record.to_string();
    (format!("{key}/"), format!("{key}0"))
}

/// Who last wrote a path (or a record with its fields), and at which version; version 0 if
/// nobody has.
fn current(tx: &Transaction, coalition: &str, path: &Path) -> rusqlite::Result<Current> {
    // Client ids are never empty, so this excludes no one.
    Ok(unseen(tx, coalition, path, 0, "")?.unwrap_or_default())
}

/// Writes the rows a mutation of `path` changed in `doc`, at `version`.
fn write_rows(
    tx: &Transaction,
    coalition: &str,
    doc: &Document,
    path: &Path,
    version: u64,
    author: &Author,
) -> rusqlite::Result<()> {
    if path.field.is_some() || !path.record.has_fields() {
        let value = value_at(doc, path);
        return upsert(tx, coalition, path, value.as_ref(), version, author);
    }
    let record_rows = record_rows(doc, &path.record);
    if record_rows.is_empty() {
        upsert(tx, coalition, path, None, version, author)?;
        let (from, to) = field_range(&path.record);
        tx.prepare_cached("DELETE FROM rows WHERE coalition = ?1 AND path >= ?2 AND path < ?3")?
            .execute(params![coalition, from, to])?;
    } else {
        for (p, value) in record_rows {
            upsert(tx, coalition, &p, Some(&value), version, author)?;
        }
    }
    Ok(())
}

fn apply_push(
    tx: &Transaction,
    docs: &mut HashMap<String, Document>,
    coalition: &str,
    member: i64,
    push: &Push,
) -> rusqlite::Result<Result<PushReply, ApiError>> {
    // Checked here, in the transaction that writes: a role removed a moment ago is gone.
    let grant = match crate::auth::access::grant(tx, member, coalition) {
        Ok(grant) => grant,
        Err(e) => return Ok(Err(e)),
    };
    if !docs.contains_key(coalition) {
        match load(tx, coalition)? {
            Some(Ok(doc)) => {
                docs.insert(coalition.to_string(), doc);
            }
            Some(Err(reason)) => return Ok(Err(ApiError::Damaged(reason))),
            None => return Ok(Err(ApiError::UnknownCoalition(coalition.to_string()))),
        }
    }
    let doc = docs.get_mut(coalition).expect("loaded above");
    // Client ids come from browsers: bound to the account, one member can never answer for,
    // replay, or hide behind another member's client.
    let owner = owner_of(member, &push.client);
    let mut seq = seq_of(tx, coalition)?;
    let now = now_rfc3339();
    let mut receipts = Vec::with_capacity(push.mutations.len());
    for m in &push.mutations {
        let digest = digest(m);
        let stored: Option<(String, String)> = tx
            .prepare_cached(
                "SELECT receipt, digest FROM receipts WHERE coalition = ?1 AND client = ?2 AND mutation = ?3",
            )?
            .query_row(params![coalition, owner, m.id as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((receipt, stored_digest)) = stored {
            if stored_digest == digest || stored_digest.is_empty() {
                if let Ok(receipt) = serde_json::from_str::<Receipt>(&receipt) {
                    receipts.push(receipt);
                    continue;
                }
            }
            let version = current(tx, coalition, &m.path)?.version;
            receipts.push(Receipt {
                id: m.id,
                outcome: Outcome::Rejected {
                    code: "mutation_id_reused".into(),
                    message: "This change reused the id of an earlier, different change from the same browser (two tabs saving at the same moment?), so it was not applied: enter it again.".into(),
                    version,
                    current: value_at(doc, &m.path),
                },
            });
            continue;
        }
        let at = if m.at.is_empty() {
            now.as_str()
        } else {
            m.at.as_str()
        };
        let attributed = attributed(m, &now);
        let m = attributed.as_ref().unwrap_or(m);
        let outcome = match grant.check(doc, &m.path, m.value.as_ref()) {
            Ok(()) => decide(tx, doc, coalition, &owner, m, at, &mut seq)?,
            Err(e) => {
                let version = current(tx, coalition, &m.path)?.version;
                refusal(&e, doc, &m.path, version)
            }
        };
        let receipt = Receipt { id: m.id, outcome };
        tx.prepare_cached(
            "INSERT INTO receipts (coalition, client, mutation, receipt, digest)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            coalition,
            owner,
            m.id as i64,
            serde_json::to_string(&receipt).expect("receipts serialize"),
            digest
        ])?;
        receipts.push(receipt);
    }
    tx.prepare_cached("UPDATE coalitions SET seq = ?2 WHERE id = ?1")?
        .execute(params![coalition, seq as i64])?;
    Ok(Ok(PushReply {
        receipts,
        cursor: seq,
    }))
}

/// A value entered in a shared coalition is signed by the server: who entered it is the
/// account's name (already in `m.by`) and when is the server's clock, whatever the browser
/// wrote in the value. `None` when `m` is not a value.
fn attributed(m: &Mutation, now: &str) -> Option<Mutation> {
    if !matches!(m.path.record, cairn_core::sync::Record::Observation(_)) {
        return None;
    }
    let mut signed = m.clone();
    let value = signed.value.as_mut()?.as_object_mut()?;
    value.insert("entered_by".into(), serde_json::Value::String(m.by.clone()));
    value.insert(
        "entered_at".into(),
        serde_json::Value::String(now.to_string()),
    );
    Some(signed)
}

/// The newest row of `path` (a field, or a whole record with its fields) written after `base`
/// by a client other than `client`: what a mutation based on `base` did not see. `None` if
/// there is none.
fn unseen(
    tx: &Transaction,
    coalition: &str,
    path: &Path,
    base: u64,
    client: &str,
) -> rusqlite::Result<Option<Current>> {
    let read = |r: &rusqlite::Row| -> rusqlite::Result<Current> {
        Ok(Current {
            version: r.get::<_, i64>(0)? as u64,
            client: r.get(1)?,
            by: r.get(2)?,
            at: r.get(3)?,
        })
    };
    let key = path.to_string();
    if path.field.is_none() && path.record.has_fields() {
        let (from, to) = field_range(&path.record);
        tx.prepare_cached(
            "SELECT version, client, by_name, at FROM rows WHERE coalition = ?1
             AND (path = ?2 OR (path >= ?5 AND path < ?6)) AND version > ?3 AND client != ?4
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![coalition, key, base as i64, client, from, to], read)
        .optional()
    } else {
        tx.prepare_cached(
            "SELECT version, client, by_name, at FROM rows WHERE coalition = ?1 AND path = ?2
             AND version > ?3 AND client != ?4",
        )?
        .query_row(params![coalition, key, base as i64, client], read)
        .optional()
    }
}

/// Whether two values of `path` are the same (for a field, missing and `null` are).
fn same(path: &Path, a: &Option<serde_json::Value>, b: &Option<serde_json::Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        (None, None) => true,
        (None, Some(serde_json::Value::Null)) | (Some(serde_json::Value::Null), None) => {
            path.field.is_some()
        }
        _ => false,
    }
}

/// Decides and carries out one mutation: a conflict if another client wrote the path (or, for
/// a whole record, any of its fields) after the mutation's base; otherwise applied if the
/// core's rules accept it, refused with the reason if not.
fn decide(
    tx: &Transaction,
    doc: &mut Document,
    coalition: &str,
    owner: &str,
    m: &Mutation,
    at: &str,
    seq: &mut u64,
) -> rusqlite::Result<Outcome> {
    let path = &m.path;
    let change = Change {
        path: path.clone(),
        value: m.value.clone(),
    };
    let Some(theirs) = unseen(tx, coalition, path, m.base, owner)? else {
        // `adopt`: a whole record that exists takes the new value field by field.
        if let Err(e) = adopt(doc, &change) {
            let version = current(tx, coalition, path)?.version;
            return Ok(refusal(&e, doc, path, version));
        }
        canonical(doc);
        *seq += 1;
        let author = Author {
            client: owner,
            by: &m.by,
            at,
        };
        write_rows(tx, coalition, doc, path, *seq, &author)?;
        if let Some(id) = m.resolves {
            resolve(tx, coalition, id, path, *seq)?;
        }
        // A value is signed here (`attributed`): the sender learns what was stored.
        let value = match path.record {
            cairn_core::sync::Record::Observation(_) => value_at(doc, path),
            _ => None,
        };
        return Ok(Outcome::Applied {
            version: *seq,
            value,
        });
    };
    let kept = value_at(doc, path);
    if same(path, &kept, &m.value) {
        // Two members agreeing on a value is not a conflict; an answer that keeps the value
        // held settles its conflict.
        if let Some(id) = m.resolves {
            *seq += 1;
            resolve(tx, coalition, id, path, *seq)?;
        }
        return Ok(Outcome::Applied {
            version: theirs.version,
            value: None,
        });
    }
    // The proposed value must be one the rules accept, as if it had arrived first. Checked on
    // a copy: conflicts are rare, and the document in memory must stay exactly what is stored.
    // The conflict keeps the value as the core reads it back, so nothing a browser added
    // beyond it (unknown fields, padding) reaches every member's pull.
    let mut proposed = doc.clone();
    if let Err(e) = adopt(&mut proposed, &change) {
        return Ok(refusal(&e, doc, path, theirs.version));
    }
    let proposed = value_at(&proposed, path);
    if let Some(refused) = too_many_conflicts(tx, doc, coalition, owner, path, theirs.version)? {
        return Ok(refused);
    }
    *seq += 1;
    let conflict = Conflict {
        id: *seq,
        path: path.clone(),
        kept: Side {
            value: kept.clone(),
            by: theirs.by.clone(),
            at: theirs.at.clone(),
            client: client_of(&theirs.client).to_string(),
            version: theirs.version,
        },
        proposed: Side {
            value: proposed,
            by: m.by.clone(),
            at: at.to_string(),
            client: client_of(owner).to_string(),
            version: m.base,
        },
        resolved: false,
    };
    tx.prepare_cached(
        "INSERT INTO conflicts (coalition, id, seq, body, resolved, member)
         VALUES (?1, ?2, ?2, ?3, 0, ?4)",
    )?
    .execute(params![
        coalition,
        *seq as i64,
        serde_json::to_string(&conflict).expect("conflicts serialize"),
        member_of(owner)
    ])?;
    Ok(Outcome::Conflict {
        conflict: *seq,
        version: theirs.version,
        kept,
    })
}

/// How many conflicts one member may leave open in a coalition, and how many a coalition may
/// hold open in all. Every member pulls every open conflict, and each holds at most two values
/// of bounded size, so these bound what one member can add to everyone's pull.
pub const OPEN_CONFLICTS_PER_MEMBER: i64 = 25;
pub const OPEN_CONFLICTS_PER_COALITION: i64 = 500;

/// A refusal when the member (or the coalition) already has the most open conflicts allowed;
/// `None` when another may be opened.
fn too_many_conflicts(
    tx: &Transaction,
    doc: &Document,
    coalition: &str,
    owner: &str,
    path: &Path,
    version: u64,
) -> rusqlite::Result<Option<Outcome>> {
    let mine: i64 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM conflicts WHERE coalition = ?1 AND resolved = 0 AND member = ?2",
        )?
        .query_row(params![coalition, member_of(owner)], |r| r.get(0))?;
    let all: i64 = tx
        .prepare_cached("SELECT COUNT(*) FROM conflicts WHERE coalition = ?1 AND resolved = 0")?
        .query_row(params![coalition], |r| r.get(0))?;
    let message = if mine >= OPEN_CONFLICTS_PER_MEMBER {
        format!("You already have {mine} changes waiting for someone to choose between two values: settle some of them first (they are listed on the sharing page), then enter this again.")
    } else if all >= OPEN_CONFLICTS_PER_COALITION {
        format!("The coalition already has {all} changes waiting for someone to choose between two values: settle some of them first (they are listed on the sharing page), then enter this again.")
    } else {
        return Ok(None);
    };
    Ok(Some(Outcome::Rejected {
        code: "too_many_conflicts".into(),
        message,
        version,
        current: value_at(doc, path),
    }))
}

/// The member id inside an owner key, if it has one.
fn member_of(owner: &str) -> Option<i64> {
    owner
        .split_once(':')
        .and_then(|(member, _)| member.parse().ok())
}

/// A refusal of a change to `path` for reason `e`; the path still holds its value in `doc` at
/// `version`.
fn refusal(e: &cairn_core::Error, doc: &Document, path: &Path, version: u64) -> Outcome {
    Outcome::Rejected {
        code: e.code().to_string(),
        message: e.to_string(),
        version,
        current: value_at(doc, path),
    }
}

/// The key a member's client writes under: receipts and rows are kept per (member, client).
fn owner_of(member: i64, client: &str) -> String {
    format!("{member}:{client}")
}

/// The client id inside an owner key, as browsers know it (uploads and rows written before
/// accounts have no member part).
fn client_of(owner: &str) -> &str {
    owner.split_once(':').map_or(owner, |(_, client)| client)
}

/// Marks a conflict settled at `seq`, so every member's next pull closes it, if and only if it
/// is a conflict over `path`: an answer settles only the conflict of the value it writes, so
/// a member can never close a conflict over something their role does not let them change.
fn resolve(
    tx: &Transaction,
    coalition: &str,
    id: u64,
    path: &Path,
    seq: u64,
) -> rusqlite::Result<()> {
    let body: Option<String> = tx
        .query_row(
            "SELECT body FROM conflicts WHERE coalition = ?1 AND id = ?2 AND resolved = 0",
            params![coalition, id as i64],
            |r| r.get(0),
        )
        .optional()?;
    let Some(mut conflict) = body.and_then(|b| serde_json::from_str::<Conflict>(&b).ok()) else {
        return Ok(());
    };
    if conflict.path != *path {
        return Ok(());
    }
    conflict.resolved = true;
    tx.execute(
        "UPDATE conflicts SET resolved = 1, seq = ?3, body = ?4 WHERE coalition = ?1 AND id = ?2",
        params![
            coalition,
            id as i64,
            seq as i64,
            serde_json::to_string(&conflict).expect("conflicts serialize")
        ],
    )?;
    Ok(())
}

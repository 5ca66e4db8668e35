//! The one writer: a thread that owns the write connection and the documents of the coalitions
//! in use, and applies pushes in `BEGIN IMMEDIATE` transactions.
//!
//! Pushes that arrive together are applied in one transaction and acknowledged after its single
//! commit (group commit): every acknowledged mutation is on disk, and many members writing at
//! once share one fsync instead of queueing for one each.
//!
//! Three rooms: this module is the queue and the group commit; [`push`] carries out a push
//! (the rule for each mutation is the core's, [`cairn_core::sync::decide`]); [`rows`] is the
//! SQL; [`documents`] holds the documents, loaded outside the writer and let go when idle.

mod documents;
mod push;
pub mod receipts;
mod rows;

pub use rows::load as load_document;

use std::collections::{HashMap, HashSet};
use std::path::{Path as FilePath, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cairn_core::sync::{Push, PushReply};
use cairn_core::Document;
use rusqlite::{Transaction, TransactionBehavior};
use tokio::sync::{broadcast, oneshot};

use crate::error::ApiError;
use documents::{Documents, Loaded, Preloaded};
pub use rows::load;

/// How many queued jobs at most share one transaction.
const MAX_BATCH: usize = 128;

enum Job {
    Push {
        coalition: String,
        /// The member pushing: their role is checked inside the transaction.
        member: i64,
        push: Push,
        /// The coalition's document, if it was not loaded and was read for this push.
        preloaded: Option<Box<Preloaded>>,
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
    file: PathBuf,
    loaded: Loaded,
    /// One lock per coalition being loaded, so pushes arriving together load it once.
    loading: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// How long the writer keeps what it holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Keeping {
    /// A coalition's document, after its last write (`--unload-after`).
    pub unload_after: Duration,
    /// A receipt, after it was stored (`--keep-receipts`; the rule is in [`receipts`]).
    pub receipts: Duration,
}

/// A coalition's sequence moved: members connected for live updates have something to pull.
pub type Changed = (String, u64);

impl Writer {
    /// Opens the data file and starts the writer thread, which keeps documents and receipts
    /// as `keeping` says.
    pub fn start(
        file: &FilePath,
        changed: broadcast::Sender<Changed>,
        keeping: Keeping,
    ) -> Result<Writer, String> {
        let mut conn = crate::db::open(file).map_err(|e| e.to_string())?;
        crate::db::migrate(&mut conn)?;
        let (tx, rx) = mpsc::channel();
        let loaded = Loaded::default();
        let docs = Documents::new(loaded.clone(), keeping.unload_after);
        let thread = std::thread::Builder::new()
            .name("cairn-writer".into())
            .spawn(move || {
                let prune_every = receipts::every(keeping.receipts);
                let tick = docs.tick().min(prune_every);
                let mut state = State {
                    conn,
                    docs,
                    changed,
                    keep_receipts: keeping.receipts,
                    prune_every,
                    pruned: Instant::now(),
                    tick,
                    maintained: Instant::now(),
                };
                loop {
                    let first = match rx.recv_timeout(tick) {
                        Ok(job) => job,
                        Err(mpsc::RecvTimeoutError::Timeout) => {
                            state.maintain();
                            continue;
                        }
                        Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    let mut jobs = vec![first];
                    while jobs.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => jobs.push(job),
                            Err(_) => break,
                        }
                    }
                    state.run(jobs);
                    state.maintain();
                }
                tracing::info!("writer finished every queued write");
            })
            .map_err(|e| e.to_string())?;
        Ok(Writer {
            jobs: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
            file: file.to_path_buf(),
            loaded,
            loading: Mutex::default(),
        })
    }

    fn send(&self, job: Job) -> Result<(), ApiError> {
        let jobs = self.jobs.lock().expect("writer lock");
        jobs.as_ref()
            .ok_or(ApiError::Unavailable)?
            .send(job)
            .map_err(|_| ApiError::Unavailable)
    }

    /// Applies a push and returns one receipt per mutation, once they are on disk. A coalition
    /// not loaded yet is read here first, on a blocking thread, so the writer never stalls on it.
    pub async fn push(
        &self,
        coalition: String,
        member: i64,
        push: Push,
    ) -> Result<PushReply, ApiError> {
        if self.is_loaded(&coalition) {
            return self.send_push(coalition, member, push, None).await;
        }
        let lock = self
            .loading
            .lock()
            .expect("loading lock")
            .entry(coalition.clone())
            .or_default()
            .clone();
        // Held until the writer has the document, so pushes arriving together read it once.
        let loading = lock.lock().await;
        let preloaded = if self.is_loaded(&coalition) {
            None
        } else {
            self.preload(&coalition).await
        };
        let answer = self
            .send_push(coalition.clone(), member, push, preloaded)
            .await;
        drop(loading);
        // The last one through takes the lock away, so the map holds only loads under way.
        let mut locks = self.loading.lock().expect("loading lock");
        if Arc::strong_count(&lock) == 2 {
            locks.remove(&coalition);
        }
        answer
    }

    fn is_loaded(&self, coalition: &str) -> bool {
        self.loaded.lock().expect("loaded lock").contains(coalition)
    }

    /// Reads a coalition's document from a read connection; `None` if it cannot (the writer
    /// then finds out why and answers).
    async fn preload(&self, coalition: &str) -> Option<Preloaded> {
        let (file, id) = (self.file.clone(), coalition.to_string());
        let read = tokio::task::spawn_blocking(move || -> rusqlite::Result<Option<Preloaded>> {
            let mut conn = crate::db::open(&file)?;
            let tx = conn.transaction()?;
            let seq = rows::seq_of(&tx, &id)?;
            Ok(match rows::load(&tx, &id)? {
                Some(Ok(doc)) => Some(Preloaded { doc, seq }),
                _ => None,
            })
        });
        match read.await {
            Ok(Ok(preloaded)) => preloaded,
            Ok(Err(e)) => {
                tracing::debug!(coalition, error = %e, "a coalition could not be read ahead");
                None
            }
            Err(_) => None,
        }
    }

    async fn send_push(
        &self,
        coalition: String,
        member: i64,
        push: Push,
        preloaded: Option<Preloaded>,
    ) -> Result<PushReply, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.send(Job::Push {
            coalition,
            member,
            push,
            preloaded: preloaded.map(Box::new),
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
    docs: Documents,
    changed: broadcast::Sender<Changed>,
    keep_receipts: Duration,
    prune_every: Duration,
    pruned: Instant,
    /// How often `maintain` looks at all: after a busy batch it is called again at once, and
    /// walking every loaded document after each would put that walk on the write path.
    tick: Duration,
    maintained: Instant,
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
    /// Between writes: lets idle documents go, and old receipts when it is time.
    fn maintain(&mut self) {
        if self.maintained.elapsed() < self.tick {
            return;
        }
        self.maintained = Instant::now();
        self.docs.unload_idle();
        if self.pruned.elapsed() < self.prune_every {
            return;
        }
        self.pruned = Instant::now();
        let cutoff = crate::time::unix_now() - self.keep_receipts.as_secs() as i64;
        let pruned = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .and_then(|tx| {
                let n = receipts::prune(&tx, cutoff)?;
                tx.commit().map(|()| n)
            });
        match pruned {
            Ok(0) => {}
            Ok(n) => tracing::info!(receipts = n, "old receipts let go"),
            Err(e) => tracing::error!(error = %e, "could not let old receipts go"),
        }
    }

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
                    preloaded,
                    reply,
                } => {
                    let result = attempt(&mut failed, "a push", || {
                        push::apply_push(
                            &tx,
                            &mut self.docs,
                            &coalition,
                            member,
                            &push,
                            preloaded.map(|p| *p),
                        )
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
                        push::create(&tx, &mut self.docs, &id, *document)
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
                self.docs.forget(id);
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
                if let Ok(seq) = rows::seq_of(&self.conn, &id) {
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

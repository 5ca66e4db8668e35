//! The coalitions' documents the writer holds in memory, the rules' view of each coalition
//! that every push is checked against.
//!
//! A document is loaded when a push first needs it: read from the rows on a blocking thread of
//! its own before the push reaches the writer ([`super::Writer::push`]), so loading a large
//! coalition never holds up another coalition's writes. It is let go when nobody has written to
//! the coalition for a while (`--unload-after`), so memory follows the coalitions in use, not
//! every coalition the server holds.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cairn_core::Document;
use rusqlite::Transaction;

use super::rows;
use crate::error::ApiError;

/// A document read from the rows outside the writer, at sequence `seq`.
pub struct Preloaded {
    pub(super) doc: Document,
    pub(super) seq: u64,
}

/// Which coalitions are loaded: shared between the writer thread, which changes it, and the
/// handlers, which read it to decide whether to load a document first.
pub(super) type Loaded = Arc<Mutex<HashSet<String>>>;

pub(super) struct Documents {
    held: HashMap<String, Held>,
    loaded: Loaded,
    /// How long a document stays loaded after its last write.
    idle: Duration,
}

struct Held {
    doc: Document,
    used: Instant,
}

impl Documents {
    pub(super) fn new(loaded: Loaded, idle: Duration) -> Documents {
        Documents {
            held: HashMap::new(),
            loaded,
            idle,
        }
    }

    /// The document of `coalition`: the one held, else `preloaded` if it is still current
    /// (nothing was written since it was read), else read here from the rows. Fails if there
    /// is no such coalition or its rows do not assemble.
    pub(super) fn get_or_load(
        &mut self,
        tx: &Transaction,
        coalition: &str,
        preloaded: Option<Preloaded>,
    ) -> rusqlite::Result<Result<&mut Document, ApiError>> {
        if !self.held.contains_key(coalition) {
            let doc = match preloaded {
                Some(p) if p.seq == rows::seq_of(tx, coalition)? => p.doc,
                _ => {
                    // Rare: the coalition was let go between the check and the push, or
                    // written to from elsewhere since it was read.
                    tracing::debug!(coalition, "loading a coalition on the writer thread");
                    match rows::load(tx, coalition)? {
                        Some(Ok(doc)) => doc,
                        Some(Err(reason)) => return Ok(Err(ApiError::Damaged(reason))),
                        None => return Ok(Err(ApiError::UnknownCoalition(coalition.to_string()))),
                    }
                }
            };
            self.insert(coalition, doc);
        }
        let held = self.held.get_mut(coalition).expect("loaded above");
        held.used = Instant::now();
        Ok(Ok(&mut held.doc))
    }

    pub(super) fn insert(&mut self, coalition: &str, doc: Document) {
        self.held.insert(
            coalition.to_string(),
            Held {
                doc,
                used: Instant::now(),
            },
        );
        self.loaded
            .lock()
            .expect("loaded lock")
            .insert(coalition.to_string());
    }

    /// Lets a document go, so the next push reads it from the rows again (after a failed
    /// commit, the one in memory may hold changes that never reached the disk).
    pub(super) fn forget(&mut self, coalition: &str) {
        self.held.remove(coalition);
        self.loaded.lock().expect("loaded lock").remove(coalition);
    }

    /// Lets go of every document not written to for the idle time; returns how many.
    pub(super) fn unload_idle(&mut self) -> usize {
        let now = Instant::now();
        let idle: Vec<String> = self
            .held
            .iter()
            .filter(|(_, h)| now.duration_since(h.used) >= self.idle)
            .map(|(id, _)| id.clone())
            .collect();
        for id in &idle {
            self.forget(id);
        }
        if !idle.is_empty() {
            tracing::info!(
                unloaded = idle.len(),
                held = self.held.len(),
                "idle coalitions let go"
            );
            give_back_memory();
        }
        idle.len()
    }

    /// How often to look for idle documents.
    pub(super) fn tick(&self) -> Duration {
        (self.idle / 2).clamp(Duration::from_millis(50), Duration::from_secs(60))
    }
}

/// Returns freed memory to the system: glibc's allocator otherwise keeps the pages of a large
/// document let go, and the process's size would show every coalition ever loaded.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory at the top of the heap and in free pages; it
    // is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

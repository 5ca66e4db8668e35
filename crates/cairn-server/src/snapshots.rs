//! Pull answers, built once and shared. A snapshot (every stored value of a coalition) is the
//! same for every member at one sequence, so it is serialised once per change and every pull in
//! the meantime shares the same bytes; two hundred new members joining at once cost one copy,
//! not two hundred. Building any pull answer holds one of [`HEAVY_READS`] permits, so a crowd of
//! pulls queues instead of each holding its own copy in memory at once. A snapshot's compressed
//! forms are made once too ([`Encoded`]), so compressing it costs nothing per member either.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::Semaphore;

use crate::encoding::Encoded;
use crate::error::ApiError;
use crate::reads::{self, Reads};

/// Pull answers built at once, at most.
pub const HEAVY_READS: usize = 4;
/// The most bytes of snapshots kept; past it the least recently used go first.
pub const CACHE_BYTES: usize = 128 * 1024 * 1024;

struct Entry {
    seq: u64,
    body: Arc<Encoded>,
    used: Instant,
}

pub struct Snapshots {
    cache: Mutex<HashMap<String, Entry>>,
    /// One build at a time per coalition: the pulls waiting behind it take what it built.
    building: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    heavy: Semaphore,
}

impl Default for Snapshots {
    fn default() -> Self {
        Snapshots {
            cache: Mutex::new(HashMap::new()),
            building: Mutex::new(HashMap::new()),
            heavy: Semaphore::new(HEAVY_READS),
        }
    }
}

impl Snapshots {
    /// The snapshot of `coalition` as JSON (a [`cairn_core::sync::Pull`]), as of sequence `seq`
    /// or later.
    pub async fn snapshot(
        &self,
        reads: &Arc<Reads>,
        coalition: &str,
        seq: u64,
    ) -> Result<Arc<Encoded>, ApiError> {
        if let Some(body) = self.cached(coalition, seq) {
            return Ok(body);
        }
        let lock = self
            .building
            .lock()
            .expect("snapshot lock")
            .entry(coalition.to_string())
            .or_default()
            .clone();
        let _building = lock.lock().await;
        if let Some(body) = self.cached(coalition, seq) {
            return Ok(body);
        }
        let (built_at, body) = self.build(reads, coalition, 0).await?;
        let body = Arc::new(Encoded::new(body));
        self.keep(coalition, built_at, body.clone());
        Ok(body)
    }

    /// The changes to `coalition` since `cursor` as JSON.
    pub async fn changes(
        &self,
        reads: &Arc<Reads>,
        coalition: &str,
        cursor: u64,
    ) -> Result<Bytes, ApiError> {
        Ok(self.build(reads, coalition, cursor).await?.1)
    }

    /// The pull of `coalition` from `cursor` as JSON, and the sequence it is as of, built under
    /// a heavy-read permit.
    async fn build(
        &self,
        reads: &Arc<Reads>,
        coalition: &str,
        cursor: u64,
    ) -> Result<(u64, Bytes), ApiError> {
        let _permit = self
            .heavy
            .acquire()
            .await
            .map_err(|_| ApiError::Unavailable)?;
        let id = coalition.to_string();
        reads
            .with(move |conn| {
                let pull = reads::pull(conn, &id, cursor)?;
                let body = serde_json::to_vec(&pull).map_err(|_| ApiError::Unavailable)?;
                Ok((pull.cursor, Bytes::from(body)))
            })
            .await
    }

    fn cached(&self, coalition: &str, seq: u64) -> Option<Arc<Encoded>> {
        let mut cache = self.cache.lock().expect("snapshot lock");
        let entry = cache.get_mut(coalition).filter(|e| e.seq >= seq)?;
        entry.used = Instant::now();
        Some(entry.body.clone())
    }

    fn keep(&self, coalition: &str, seq: u64, body: Arc<Encoded>) {
        let mut cache = self.cache.lock().expect("snapshot lock");
        if cache.get(coalition).is_some_and(|e| e.seq > seq) {
            return;
        }
        cache.insert(
            coalition.to_string(),
            Entry {
                seq,
                body,
                used: Instant::now(),
            },
        );
        while cache.values().map(|e| e.body.size()).sum::<usize>() > CACHE_BYTES && cache.len() > 1
        {
            let oldest = cache
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
                .expect("the cache is not empty");
            cache.remove(&oldest);
        }
    }
}

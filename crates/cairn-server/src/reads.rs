//! Reads: a small pool of read-only connections. In WAL mode a read sees one committed state
//! from its first statement to its last, so a pull is one consistent read and never waits for
//! the writer.

use std::path::PathBuf;
use std::sync::Mutex;

use cairn_core::sync::{Conflict, Path, Pull, RowChange};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiError;

pub struct Reads {
    file: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Reads {
    pub fn new(file: PathBuf) -> Reads {
        Reads {
            file,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `read` on an idle connection (opening one if none is idle) on a blocking thread.
    pub async fn with<T: Send + 'static>(
        self: &std::sync::Arc<Self>,
        read: impl FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.idle.lock().expect("pool lock").pop();
            let mut conn = match conn {
                Some(c) => c,
                None => crate::db::open(&pool.file)?,
            };
            let result = read(&mut conn);
            pool.idle.lock().expect("pool lock").push(conn);
            result
        })
        .await
        .map_err(|_| ApiError::Unavailable)?
    }
}

/// The coalition's sequence (its current cursor); fails if there is no such coalition.
pub fn sequence(conn: &Connection, coalition: &str) -> Result<u64, ApiError> {
    let seq: Option<i64> = conn
        .query_row(
            "SELECT seq FROM coalitions WHERE id = ?1",
            [coalition],
            |r| r.get(0),
        )
        .optional()?;
    Ok(seq.ok_or_else(|| ApiError::UnknownCoalition(coalition.to_string()))? as u64)
}

/// Everything in `coalition` changed after `cursor`, or everything it holds (deletions
/// included, so their versions are known) if the cursor is 0 or not one this server gave out.
pub fn pull(conn: &mut Connection, coalition: &str, cursor: u64) -> Result<Pull, ApiError> {
    let tx = conn.transaction()?;
    let seq = sequence(&tx, coalition)?;
    let snapshot = cursor == 0 || cursor > seq;
    let (row_sql, conflict_sql) = if snapshot {
        (
            "SELECT path, value, version FROM rows WHERE coalition = ?1 AND ?2 >= 0",
            "SELECT body FROM conflicts WHERE coalition = ?1 AND resolved = 0 AND ?2 >= 0 ORDER BY id",
        )
    } else {
        (
            "SELECT path, value, version FROM rows WHERE coalition = ?1 AND version > ?2 ORDER BY version",
            "SELECT body FROM conflicts WHERE coalition = ?1 AND seq > ?2 ORDER BY id",
        )
    };
    let mut rows = Vec::new();
    {
        let mut stmt = tx.prepare_cached(row_sql)?;
        let mut found = stmt.query(params![coalition, cursor as i64])?;
        while let Some(r) = found.next()? {
            let path: String = r.get(0)?;
            let value: Option<String> = r.get(1)?;
            let Ok(path) = Path::parse(&path) else {
                continue;
            };
            rows.push(RowChange {
                path,
                value: value.and_then(|v| serde_json::from_str(&v).ok()),
                version: r.get::<_, i64>(2)? as u64,
            });
        }
    }
    let mut conflicts = Vec::new();
    {
        let mut stmt = tx.prepare_cached(conflict_sql)?;
        let mut found = stmt.query(params![coalition, cursor as i64])?;
        while let Some(r) = found.next()? {
            let body: String = r.get(0)?;
            if let Ok(c) = serde_json::from_str::<Conflict>(&body) {
                conflicts.push(c);
            }
        }
    }
    tx.commit()?;
    Ok(Pull {
        cursor: seq,
        snapshot,
        rows,
        conflicts,
    })
}

/// One stored value and its version, or `None` if the path holds nothing.
pub fn value(
    conn: &mut Connection,
    coalition: &str,
    path: &Path,
) -> Result<Option<(serde_json::Value, u64)>, ApiError> {
    let exists: Option<i64> = conn
        .query_row("SELECT 1 FROM coalitions WHERE id = ?1", [coalition], |r| {
            r.get(0)
        })
        .optional()?;
    if exists.is_none() {
        return Err(ApiError::UnknownCoalition(coalition.to_string()));
    }
    let found: Option<(Option<String>, i64)> = conn
        .prepare_cached("SELECT value, version FROM rows WHERE coalition = ?1 AND path = ?2")?
        .query_row(params![coalition, path.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(found.and_then(|(v, version)| {
        let v = serde_json::from_str(&v?).ok()?;
        Some((v, version as u64))
    }))
}

//! How long receipts are kept, and what a retry gets once its receipt is gone.
//!
//! A browser sends each change until it holds the change's receipt. When an answer is lost
//! (the connection dropped after the commit), the browser sends the same change again with the
//! same id, and the stored receipt answers it, so nothing is applied twice. That is the only
//! use of a receipt, and it lasts only until the browser hears the answer: usually seconds, at
//! most the time a laptop stays closed.
//!
//! **The rule.** A receipt is kept for `--keep-receipts` (30 days by default) after it was
//! stored, then let go. For each client the server remembers the highest mutation id whose
//! receipt it let go (its *floor*). A client numbers its changes in increasing order and sends
//! them oldest first, and every change of a push gets a receipt, so every id at or below the
//! floor was received and answered once. A change that arrives with such an id and no receipt
//! is therefore a retry of an answered change: it is refused with `mutation_too_old` and the
//! value the path holds now, never applied a second time over later changes (two tabs, or a
//! browser back after months, cannot undo anyone's work). The member sees the value and enters
//! theirs again if it is still wanted.

use std::time::Duration;

use rusqlite::{params, OptionalExtension, Transaction};

/// Thirty days.
pub const DEFAULT_KEEP: Duration = Duration::from_secs(30 * 24 * 3600);

/// Lets go of the receipts stored before `cutoff` (seconds since the epoch), raising each
/// client's floor to the highest id let go; returns how many were let go.
pub(super) fn prune(tx: &Transaction, cutoff: i64) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO receipt_floors (coalition, client, floor)
         SELECT coalition, client, MAX(mutation) FROM receipts WHERE stored_at < ?1
         GROUP BY coalition, client
         ON CONFLICT (coalition, client) DO UPDATE SET floor = MAX(floor, excluded.floor)",
        params![cutoff],
    )?;
    tx.execute("DELETE FROM receipts WHERE stored_at < ?1", params![cutoff])
}

/// The highest mutation id of `owner`'s whose receipt was let go; 0 if none was.
pub(super) fn floor(tx: &Transaction, coalition: &str, owner: &str) -> rusqlite::Result<u64> {
    let floor: Option<i64> = tx
        .prepare_cached("SELECT floor FROM receipt_floors WHERE coalition = ?1 AND client = ?2")?
        .query_row(params![coalition, owner], |r| r.get(0))
        .optional()?;
    Ok(floor.unwrap_or(0) as u64)
}

/// How often to look for receipts to let go: often enough that none outlives its time by more
/// than half of it, at most once an hour.
pub(super) fn every(keep: Duration) -> Duration {
    (keep / 2).clamp(Duration::from_millis(50), Duration::from_secs(3600))
}

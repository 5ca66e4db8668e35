//! The SQL of a coalition's rows, receipts and conflicts, as the writer reads and writes them
//! inside its transaction.

use cairn_core::sync::{record_rows, value_at, Conflict, Path, Receipt, Record};
use cairn_core::Document;
use rusqlite::{params, OptionalExtension, Transaction};

pub(super) fn seq_of(conn: &rusqlite::Connection, id: &str) -> rusqlite::Result<u64> {
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
    // Each row is read, parsed and taken in before the next: a list of every row's parsed
    // value first would cost several times the document, and leave the memory it freed too
    // scattered to give back.
    let mut rows = stmt.query([id])?;
    let mut failed = None;
    let found = std::iter::from_fn(|| loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => return None,
            Err(e) => {
                failed = Some(e);
                return None;
            }
        };
        let read = row
            .get::<_, String>(0)
            .and_then(|path| Ok((path, row.get::<_, String>(1)?)));
        let (path, value) = match read {
            Ok(read) => read,
            Err(e) => {
                failed = Some(e);
                return None;
            }
        };
        match (Path::parse(&path), serde_json::from_str(&value)) {
            (Ok(p), Ok(v)) => return Some((p, v)),
            _ => tracing::error!(coalition = id, path, "a stored row is unreadable; skipped"),
        }
    });
    let assembled = cairn_core::sync::assemble(found);
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Some(assembled.map_err(|e| {
        tracing::error!(coalition = id, error = %e, "the stored coalition does not assemble");
        e.to_string()
    })))
}

/// Who wrote a row: the client, the member's name and when.
pub(super) struct Author<'a> {
    pub client: &'a str,
    pub by: &'a str,
    pub at: &'a str,
}

pub(super) fn upsert(
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
pub(super) struct Current {
    pub version: u64,
    pub client: String,
    pub by: String,
    pub at: String,
}

/// The bounds of the field rows of a record: `measures/M1/` up to (not including) `measures/M10`.
fn field_range(record: &Record) -> (String, String) {
    let key = record.to_string();
    (format!("{key}/"), format!("{key}0"))
}

/// Who last wrote a path (or a record with its fields), and at which version; version 0 if
/// nobody has.
pub(super) fn current(tx: &Transaction, coalition: &str, path: &Path) -> rusqlite::Result<Current> {
    // Client ids are never empty, so this excludes no one.
    Ok(unseen(tx, coalition, path, 0, "")?.unwrap_or_default())
}

/// Writes the rows a mutation of `path` changed in `doc`, at `version`.
pub(super) fn write_rows(
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

/// The newest row of `path` (a field, or a whole record with its fields) written after `base`
/// by a client other than `client`: what a mutation based on `base` did not see. `None` if
/// there is none.
pub(super) fn unseen(
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

/// Marks a conflict settled at `seq`, so every member's next pull closes it, if and only if it
/// is a conflict over `path`: an answer settles only the conflict of the value it writes, so
/// a member can never close a conflict over something their role does not let them change.
pub(super) fn resolve(
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

/// The receipt stored for a client's mutation id, with the fingerprint of the mutation it
/// answered; `None` if that id was never seen.
pub(super) fn receipt(
    tx: &Transaction,
    coalition: &str,
    owner: &str,
    id: u64,
) -> rusqlite::Result<Option<(String, String)>> {
    tx.prepare_cached(
        "SELECT receipt, digest FROM receipts WHERE coalition = ?1 AND client = ?2 AND mutation = ?3",
    )?
    .query_row(params![coalition, owner, id as i64], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
}

/// Keeps the receipt of a client's mutation, so a retry is answered with it.
pub(super) fn keep_receipt(
    tx: &Transaction,
    coalition: &str,
    owner: &str,
    receipt: &Receipt,
    digest: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO receipts (coalition, client, mutation, receipt, digest, stored_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        coalition,
        owner,
        receipt.id as i64,
        serde_json::to_string(receipt).expect("receipts serialize"),
        digest,
        crate::time::unix_now()
    ])?;
    Ok(())
}

/// How many conflicts `member` has open in the coalition, and how many it has open in all.
pub(super) fn open_conflicts(
    tx: &Transaction,
    coalition: &str,
    member: Option<i64>,
) -> rusqlite::Result<(u64, u64)> {
    let mine: i64 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM conflicts WHERE coalition = ?1 AND resolved = 0 AND member = ?2",
        )?
        .query_row(params![coalition, member], |r| r.get(0))?;
    let all: i64 = tx
        .prepare_cached("SELECT COUNT(*) FROM conflicts WHERE coalition = ?1 AND resolved = 0")?
        .query_row(params![coalition], |r| r.get(0))?;
    Ok((mine as u64, all as u64))
}

/// Stores a new open conflict, opened by `member`.
pub(super) fn open_conflict(
    tx: &Transaction,
    coalition: &str,
    conflict: &Conflict,
    member: Option<i64>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO conflicts (coalition, id, seq, body, resolved, member)
         VALUES (?1, ?2, ?2, ?3, 0, ?4)",
    )?
    .execute(params![
        coalition,
        conflict.id as i64,
        serde_json::to_string(conflict).expect("conflicts serialize"),
        member
    ])?;
    Ok(())
}

/// Moves the coalition's sequence to `seq`.
pub(super) fn set_seq(tx: &Transaction, coalition: &str, seq: u64) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE coalitions SET seq = ?2 WHERE id = ?1")?
        .execute(params![coalition, seq as i64])?;
    Ok(())
}

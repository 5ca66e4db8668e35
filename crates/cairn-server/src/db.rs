//! The SQLite file: opening it with the durability settings every connection needs, and its
//! schema, migrated by version.

use std::path::Path;

use rusqlite::Connection;

/// Each entry moves the schema from its index to the next version. Never edit an entry that
/// has shipped; add one.
const MIGRATIONS: &[&str] = &[
    // 1: coalitions, their rows (one per field or whole record), receipts and conflicts.
    "CREATE TABLE coalitions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE rows (
        coalition TEXT NOT NULL REFERENCES coalitions(id),
        path TEXT NOT NULL,
        value TEXT,
        version INTEGER NOT NULL,
        client TEXT NOT NULL,
        by_name TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (coalition, path)
    ) WITHOUT ROWID;
    CREATE INDEX rows_by_version ON rows (coalition, version);
    CREATE TABLE receipts (
        coalition TEXT NOT NULL,
        client TEXT NOT NULL,
        mutation INTEGER NOT NULL,
        receipt TEXT NOT NULL,
        PRIMARY KEY (coalition, client, mutation)
    ) WITHOUT ROWID;
    CREATE TABLE conflicts (
        coalition TEXT NOT NULL,
        id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        body TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (coalition, id)
    ) WITHOUT ROWID;
    CREATE INDEX conflicts_by_seq ON conflicts (coalition, seq);",
    // 2: a digest of each mutation beside its receipt, so a reused id with other content is
    // refused instead of answered with another change's receipt.
    "ALTER TABLE receipts ADD COLUMN digest TEXT NOT NULL DEFAULT '';",
    // 3: accounts, their roles per coalition, sessions and invites. Tokens are stored only as
    // SHA-256 hashes; times to compare are Unix seconds.
    "CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        password TEXT NOT NULL,
        server_admin INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE TABLE memberships (
        member INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        coalition TEXT NOT NULL REFERENCES coalitions(id),
        role TEXT NOT NULL,
        partner TEXT,
        PRIMARY KEY (member, coalition)
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        member INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_member ON sessions (member);
    CREATE TABLE invites (
        token_hash TEXT PRIMARY KEY,
        coalition TEXT NOT NULL REFERENCES coalitions(id),
        role TEXT NOT NULL,
        partner TEXT,
        created_by INTEGER NOT NULL REFERENCES members(id),
        expires_at INTEGER NOT NULL,
        used_by INTEGER
    ) WITHOUT ROWID;",
    // 4: who proposed each conflict, so open conflicts can be limited per member as well as
    // per coalition (older conflicts have none, and count only for their coalition).
    "ALTER TABLE conflicts ADD COLUMN member INTEGER;
    CREATE INDEX conflicts_open ON conflicts (coalition, resolved, member);",
    // 5: the server's own secrets (the key of known-device cookies), and the e-mail address an
    // invite is for, so a link cannot be used to test which addresses have accounts. Invites
    // made before were for anyone: the unused ones are withdrawn (their makers can make new
    // ones).
    "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    ALTER TABLE invites ADD COLUMN email TEXT;
    DELETE FROM invites WHERE used_by IS NULL;",
    // 6: when each receipt was stored, so receipts can be let go after a while (see
    // `writer::receipts`), and per client the highest mutation id whose receipt was let go, so
    // a retry of it is refused rather than applied twice. Receipts kept until now count from
    // today.
    "ALTER TABLE receipts ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0;
    UPDATE receipts SET stored_at = CAST(strftime('%s', 'now') AS INTEGER);
    CREATE INDEX receipts_by_age ON receipts (stored_at);
    CREATE TABLE receipt_floors (
        coalition TEXT NOT NULL,
        client TEXT NOT NULL,
        floor INTEGER NOT NULL,
        PRIMARY KEY (coalition, client)
    ) WITHOUT ROWID;",
    // 7: each coalition's public report card, as published: the publication it was made from,
    // when and by whom, and its pages as rendered then (a snapshot, served as it is until it is
    // published again or taken down).
    "CREATE TABLE report_cards (
        coalition TEXT PRIMARY KEY REFERENCES coalitions(id),
        publication TEXT NOT NULL,
        published_at TEXT NOT NULL,
        data_as_of TEXT,
        published_by TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE report_card_pages (
        coalition TEXT NOT NULL REFERENCES report_cards(coalition) ON DELETE CASCADE,
        path TEXT NOT NULL,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        html TEXT NOT NULL,
        PRIMARY KEY (coalition, path)
    ) WITHOUT ROWID;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Opens a connection with WAL, `synchronous=FULL` (a commit is on disk before it is
/// acknowledged) and a busy timeout, so readers never block the writer.
pub fn open(file: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(file)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Brings the schema up to [`SCHEMA_VERSION`] in one transaction. Returns an error if the file
/// was written by a newer Cairn.
pub fn migrate(conn: &mut Connection) -> Result<(), String> {
    let found: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())? as usize;
    if found > SCHEMA_VERSION {
        return Err(format!(
            "the data file has schema version {found}, but this server knows up to {SCHEMA_VERSION}: run a newer Cairn server"
        ));
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| e.to_string())?;
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(found) {
        tx.execute_batch(sql).map_err(|e| e.to_string())?;
        tx.pragma_update(None, "user_version", (version + 1) as i64)
            .map_err(|e| e.to_string())?;
    }
    tx.commit().map_err(|e| e.to_string())
}

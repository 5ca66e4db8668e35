//! The browser's local storage: the member's name, backups of unreadable data, and the
//! document as older versions of Cairn kept it, read once when it moves to IndexedDB
//! ([`super::opening`]).

use cairn_core::{format, Document, LoadError};
use wasm_bindgen::JsCast;

/// The key older versions kept the document under.
pub const KEY: &str = "cairn.document";
/// The prefix of keys that keep unreadable stored text, followed by when it was set aside.
pub const BACKUP_PREFIX: &str = "cairn.backup.";

/// Why the document could not be written to local storage.
#[derive(Debug, Clone, PartialEq)]
pub enum StorageError {
    /// The browser refuses storage (private mode, or storage disabled for the site).
    Unavailable,
    /// The browser's storage quota for this site is used up.
    Full,
    Other(String),
}

impl StorageError {
    /// What happened and what the user can do, in one or two sentences.
    pub fn message(&self) -> String {
        match self {
            StorageError::Unavailable => "This browser does not let Cairn store data (private browsing, or storage turned off for this site). Your changes are kept while this tab stays open: download a copy before you close it.".into(),
            StorageError::Full => "This browser's storage for Cairn is full. Your changes are kept while this tab stays open: download a copy now, then free space (remove old backups, or clear other data for this site) and Cairn will save again on your next change.".into(),
            StorageError::Other(reason) => format!("The browser refused to save ({reason}). Your changes are kept while this tab stays open: download a copy before you close it."),
        }
    }
}

/// What was found in local storage at start-up.
pub enum Loaded {
    /// Nothing stored yet: the first run.
    Nothing,
    Document(Document),
    /// Stored text that is not a readable document. It is set aside under `backup_key` (or
    /// left in place when even that failed) and never overwritten.
    Unreadable {
        error: LoadError,
        raw: String,
        backup_key: Result<String, StorageError>,
    },
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// Reads the stored document. Unreadable text is copied to a backup key and removed from
/// [`KEY`] only once the copy is safely stored.
pub fn load() -> Loaded {
    let Ok(storage) = storage() else {
        return Loaded::Nothing;
    };
    let raw = match storage.get_item(KEY) {
        Ok(Some(raw)) => raw,
        _ => return Loaded::Nothing,
    };
    match format::load(&raw) {
        Ok(document) => Loaded::Document(document),
        Err(error) => {
            let key = format!("{BACKUP_PREFIX}{}", crate::clock::now());
            let backup_key = set(&storage, &key, &raw).map(|()| {
                let _ = storage.remove_item(KEY);
                key
            });
            Loaded::Unreadable {
                error,
                raw,
                backup_key,
            }
        }
    }
}

fn set(storage: &web_sys::Storage, key: &str, value: &str) -> Result<(), StorageError> {
    storage
        .set_item(key, value)
        .map_err(|error| match error.dyn_ref::<web_sys::DomException>() {
            Some(e) if e.name() == "QuotaExceededError" => StorageError::Full,
            Some(e) => StorageError::Other(e.message()),
            None => StorageError::Other("unknown error".into()),
        })
}

/// The keys of unreadable data set aside earlier.
pub fn backup_keys() -> Vec<String> {
    let Ok(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(BACKUP_PREFIX))
        .collect()
}

/// Writes `value` under `key`, saying why if the browser refuses.
pub fn set_item(key: &str, value: &str) -> Result<(), StorageError> {
    set(&storage()?, key, value)
}

pub fn get(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// The member's own name, remembered in this browser to sign their entries.
pub fn member_name() -> String {
    get("cairn.member").unwrap_or_default()
}

pub fn set_member_name(name: &str) {
    if let Ok(storage) = storage() {
        let _ = set(&storage, "cairn.member", name);
    }
}

//! The browser's IndexedDB, through web-sys directly: Cairn needs one database with one object
//! store of text records, read whole at start-up and written in one transaction per save. The
//! wrapper crates (`rexie`, `indexed_db_futures`, `idb`) each bring a cursor, index and
//! versioning API this never uses, into the bundle every member downloads.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::storage::StorageError;

/// The database's name and version. A new version is only ever needed for a new object store;
/// the records' shapes are versioned by the stored format ([`cairn_core::stored`]).
const NAME: &str = "cairn";
const VERSION: u32 = 1;
/// The one object store: text values under text keys (see [`super::records`]).
const RECORDS: &str = "records";

/// An open database.
#[derive(Clone)]
pub struct Db(IdbDatabase);

/// What one save writes, in one transaction: whole key ranges emptied first, then records put
/// and deleted. Either all of it is stored or none of it.
#[derive(Default, Debug)]
pub struct Batch {
    /// Key prefixes whose records are all deleted first.
    pub cleared: Vec<String>,
    pub puts: Vec<(String, String)>,
    pub deletes: Vec<String>,
}

/// Why the browser refused, as the user is told it.
fn refusal(error: JsValue) -> StorageError {
    match error.dyn_ref::<web_sys::DomException>() {
        Some(e) if e.name() == "QuotaExceededError" => StorageError::Full,
        Some(e) if matches!(e.name().as_str(), "SecurityError" | "InvalidStateError") => {
            StorageError::Unavailable
        }
        Some(e) => StorageError::Other(e.message()),
        None => StorageError::Other(
            error
                .as_string()
                .unwrap_or_else(|| "the browser gave no reason".into()),
        ),
    }
}

/// A promise settled by `settle(resolve, reject)`, which installs the event handlers.
async fn settled(settle: impl FnOnce(Function, Function)) -> Result<JsValue, JsValue> {
    let mut settle = Some(settle);
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(settle) = settle.take() {
            settle(resolve, reject);
        }
    });
    JsFuture::from(promise).await
}

/// A handler that calls `then` once with the event.
fn once(then: impl FnOnce(web_sys::Event) + 'static) -> Function {
    Closure::once_into_js(then).unchecked_into()
}

/// The value of a request once it succeeds.
async fn request(req: IdbRequest) -> Result<JsValue, StorageError> {
    let target = req.clone();
    settled(move |resolve, reject| {
        let ok = target.clone();
        req.set_onsuccess(Some(&once(move |_| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::NULL));
        })));
        let failed = target.clone();
        req.set_onerror(Some(&once(move |_| {
            let error = failed.error().ok().flatten().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::NULL));
        })));
    })
    .await
    .map_err(refusal)
}

/// Waits for a transaction to be stored, or for the reason it was not.
async fn committed(tx: IdbTransaction) -> Result<(), StorageError> {
    let target = tx.clone();
    settled(move |resolve, reject| {
        tx.set_oncomplete(Some(&once(move |_| {
            let _ = resolve.call0(&JsValue::NULL);
        })));
        let aborted = target.clone();
        tx.set_onabort(Some(&once(move |_| {
            let error = aborted.error().map(JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error.unwrap_or(JsValue::NULL));
        })));
    })
    .await
    .map(|_| ())
    .map_err(refusal)
}

/// Opens (creating on the first run) Cairn's database, or says why the browser refuses.
pub async fn open() -> Result<Db, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let req = factory.open_with_u32(NAME, VERSION).map_err(refusal)?;
    let upgrading = req.clone();
    req.set_onupgradeneeded(Some(&once(move |_| {
        if let Ok(db) = upgrading.result() {
            let db: IdbDatabase = db.unchecked_into();
            if !db.object_store_names().contains(RECORDS) {
                let _ = db.create_object_store(RECORDS);
            }
        }
    })));
    let db: IdbDatabase = request(req.unchecked_into()).await?.unchecked_into();
    // Another page deleting or upgrading the database (a newer Cairn in another tab, a test
    // starting afresh) is never held up by this one; this tab's later saves then say that
    // storage is unavailable.
    let closing = db.clone();
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_| closing.close());
    db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    Ok(Db(db))
}

impl Db {
    /// Every record, as (key, text) in key order, read in one transaction so the keys and the
    /// values belong together.
    pub async fn read_all(&self) -> Result<Vec<(String, String)>, StorageError> {
        let tx = self.0.transaction_with_str(RECORDS).map_err(refusal)?;
        let store = tx.object_store(RECORDS).map_err(refusal)?;
        let keys = store.get_all_keys().map_err(refusal)?;
        let values = store.get_all().map_err(refusal)?;
        let keys: Array = request(keys).await?.unchecked_into();
        let values: Array = request(values).await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    /// Stores `batch` whole, or nothing of it, and says why not.
    pub async fn write(&self, batch: &Batch) -> Result<(), StorageError> {
        let tx = self
            .0
            .transaction_with_str_and_mode(RECORDS, IdbTransactionMode::Readwrite)
            .map_err(refusal)?;
        let store = tx.object_store(RECORDS).map_err(refusal)?;
        let queued = (|| -> Result<(), JsValue> {
            for prefix in &batch.cleared {
                store.delete(&prefix_range(prefix)?)?;
            }
            for (key, value) in &batch.puts {
                store.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?;
            }
            for key in &batch.deletes {
                store.delete(&JsValue::from_str(key))?;
            }
            Ok(())
        })();
        if let Err(e) = queued {
            let _ = tx.abort();
            return Err(refusal(e));
        }
        committed(tx).await
    }
}

/// Every key that starts with `prefix` (which ends in `/`): from the prefix up to, not
/// including, the same text with its last character's successor (`/` is followed by `0`).
fn prefix_range(prefix: &str) -> Result<JsValue, JsValue> {
    let mut upper = prefix.to_string();
    let last = upper
        .pop()
        .map_or('\u{0}', |c| char::from_u32(c as u32 + 1).unwrap_or(c));
    upper.push(last);
    IdbKeyRange::bound_with_lower_open_and_upper_open(
        &JsValue::from_str(prefix),
        &JsValue::from_str(&upper),
        false,
        true,
    )
    .map(JsValue::from)
}

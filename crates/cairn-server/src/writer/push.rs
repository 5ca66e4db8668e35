//! A push carried out: receipts for retries, the member's role, and the core's decision on
//! each mutation ([`cairn_core::sync::decide`]) written to rows and conflicts.

use cairn_core::sync::{
    canonical, decide, fingerprint, may_open_conflict, rows as rows_of, value_at, Change, Conflict,
    Decision, Mutation, Outcome, Path, Push, PushReply, Receipt, Record, Side,
};
use cairn_core::Document;
use rusqlite::{params, OptionalExtension, Transaction};

use super::documents::{Documents, Preloaded};
use super::rows;
use crate::error::ApiError;
use crate::time::now_rfc3339;

/// Applies one push to `coalition` in the write transaction: checks the member's role, finds
/// the document (loaded before if `preloaded` carries it), and decides each mutation.
pub(super) fn apply_push(
    tx: &Transaction,
    docs: &mut Documents,
    coalition: &str,
    member: i64,
    push: &Push,
    preloaded: Option<Preloaded>,
) -> rusqlite::Result<Result<PushReply, ApiError>> {
    // Checked here, in the transaction that writes: a role removed a moment ago is gone.
    let grant = match crate::auth::access::grant(tx, member, coalition) {
        Ok(grant) => grant,
        Err(e) => return Ok(Err(e)),
    };
    let doc = match docs.get_or_load(tx, coalition, preloaded)? {
        Ok(doc) => doc,
        Err(e) => return Ok(Err(e)),
    };
    // Client ids come from browsers: bound to the account, one member can never answer for,
    // replay, or hide behind another member's client.
    let owner = owner_of(member, &push.client);
    let mut seq = rows::seq_of(tx, coalition)?;
    let now = now_rfc3339();
    // Locks that wait N months after a period ends count months on the server's clock.
    let this_month = crate::time::this_month();
    let mut receipts = Vec::with_capacity(push.mutations.len());
    let floor = super::receipts::floor(tx, coalition, &owner)?;
    for m in &push.mutations {
        let digest = digest(m);
        if let Some((receipt, stored_digest)) = rows::receipt(tx, coalition, &owner, m.id)? {
            if stored_digest == digest || stored_digest.is_empty() {
                if let Ok(receipt) = serde_json::from_str::<Receipt>(&receipt) {
                    receipts.push(receipt);
                    continue;
                }
            }
            let version = rows::current(tx, coalition, &m.path)?.version;
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
        if m.id <= floor {
            // Answered once already, its receipt let go since (`super::receipts`).
            let version = rows::current(tx, coalition, &m.path)?.version;
            receipts.push(Receipt {
                id: m.id,
                outcome: Outcome::Rejected {
                    code: "mutation_too_old".into(),
                    message: "This change was sent long ago and answered then; its answer was lost on the way, so it was not applied again (someone may have changed the value since). Check the value shown and enter yours again if it is still needed.".into(),
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
        let attributed =
            match history_entry(tx, doc, coalition, &owner, m, attributed(doc, m, &now))? {
                Ok(kept) => kept,
                Err(outcome) => {
                    // An entry held already, or of which nothing happened: answered at once.
                    let receipt = Receipt { id: m.id, outcome };
                    rows::keep_receipt(tx, coalition, &owner, &receipt, &digest)?;
                    receipts.push(receipt);
                    continue;
                }
            };
        let m = attributed.as_ref().unwrap_or(m);
        // A locked period and a round under review refuse everyone, administrators included;
        // then the role decides.
        let allowed = cairn_core::lock::check(doc, &m.path, m.value.as_ref(), this_month)
            .and_then(|()| cairn_core::review::check(doc, &m.path, m.value.as_ref()))
            .and_then(|()| cairn_core::document::settings_check(doc, &m.path, m.value.as_ref()))
            .and_then(|()| grant.check(doc, &m.path, m.value.as_ref()));
        let outcome = match allowed {
            Ok(()) => carry_out(tx, doc, coalition, &owner, m, at, &mut seq)?,
            Err(e) => {
                let version = rows::current(tx, coalition, &m.path)?.version;
                refusal(&e, doc, &m.path, version)
            }
        };
        let receipt = Receipt { id: m.id, outcome };
        rows::keep_receipt(tx, coalition, &owner, &receipt, &digest)?;
        receipts.push(receipt);
    }
    rows::set_seq(tx, coalition, seq)?;
    Ok(Ok(PushReply {
        receipts,
        cursor: seq,
    }))
}

/// Carries out the core's decision on one mutation ([`cairn_core::sync::decide`]): writes the
/// rows it changed, settles the conflict it answers, or opens a conflict, and says what
/// happened in the receipt's outcome.
fn carry_out(
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
    // Another client's write the mutation did not see: of the path, or for a whole record, of
    // any of its fields.
    let theirs = rows::unseen(tx, coalition, path, m.base, owner)?;
    match (decide(doc, &change, theirs.is_some()), theirs) {
        (Decision::Applied, _) => {
            *seq += 1;
            let author = rows::Author {
                client: owner,
                by: &m.by,
                at,
            };
            rows::write_rows(tx, coalition, doc, path, *seq, &author)?;
            if let Some(id) = m.resolves {
                rows::resolve(tx, coalition, id, path, *seq)?;
            }
            // A value and a review step are signed here (`attributed`): the sender learns what
            // was stored.
            let value = match path.record {
                Record::Observation(_) | Record::Review { .. } | Record::History(_) => {
                    value_at(doc, path)
                }
                _ => None,
            };
            Ok(Outcome::Applied {
                version: *seq,
                value,
            })
        }
        (Decision::Refused(e), Some(theirs)) => Ok(refusal(&e, doc, path, theirs.version)),
        (Decision::Refused(e), None) => {
            let version = rows::current(tx, coalition, path)?.version;
            Ok(refusal(&e, doc, path, version))
        }
        (Decision::Agreed, theirs) => {
            // Two members agreeing on a value is not a conflict; an answer that keeps the value
            // held settles its conflict.
            if let Some(id) = m.resolves {
                *seq += 1;
                rows::resolve(tx, coalition, id, path, *seq)?;
            }
            Ok(Outcome::Applied {
                version: theirs.map_or(0, |t| t.version),
                value: None,
            })
        }
        (Decision::Conflict { kept, proposed }, theirs) => {
            let theirs = theirs.unwrap_or_default();
            let (mine, all) = rows::open_conflicts(tx, coalition, member_of(owner))?;
            if let Err(message) = may_open_conflict(mine, all) {
                return Ok(Outcome::Rejected {
                    code: "too_many_conflicts".into(),
                    message,
                    version: theirs.version,
                    current: kept,
                });
            }
            *seq += 1;
            let conflict = Conflict {
                id: *seq,
                path: path.clone(),
                kept: Side {
                    value: kept.clone(),
                    by: theirs.by,
                    at: theirs.at,
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
            rows::open_conflict(tx, coalition, &conflict, member_of(owner))?;
            Ok(Outcome::Conflict {
                conflict: *seq,
                version: theirs.version,
                kept,
            })
        }
    }
}
/// A value entered in a shared coalition, a history entry, and the step a member takes in a
/// review, are signed by the server: who is the account's name (already in `m.by`) and when
/// is the server's clock, whatever the browser wrote. `None` when `m` is none of these, or is
/// a review that takes no new step (sent again as it is held, it stays as it was signed).
fn attributed(doc: &Document, m: &Mutation, now: &str) -> Option<Mutation> {
    let (by, at) = match m.path.record {
        Record::Observation(_) => ("entered_by", "entered_at"),
        Record::Review { .. } | Record::History(_) => ("by", "at"),
        _ => return None,
    };
    let mut signed = m.clone();
    let value = signed.value.as_mut()?.as_object_mut()?;
    // Of a review, its newest step: the earlier ones are checked to be as they were.
    let value = match &m.path.record {
        Record::Review { partner, period } => {
            let held = doc.review(partner, *period).map_or(0, |r| r.steps.len());
            let steps = value.get_mut("steps")?.as_array_mut()?;
            if steps.len() <= held {
                return None;
            }
            steps.last_mut()?.as_object_mut()?
        }
        _ => value,
    };
    value.insert(by.into(), serde_json::Value::String(m.by.clone()));
    value.insert(at.into(), serde_json::Value::String(now.to_string()));
    Some(signed)
}

/// A history entry as the server keeps it ([`cairn_core::history::as_happened`]: only the
/// changes `owner` made that the document holds), signed (`signed`, from [`attributed`]); or
/// the outcome to answer at once. An entry the server holds already is answered with what it
/// holds if it says the same (its signature is never written again), and refused if it says
/// something else; one of which nothing happened is refused. Any other mutation is `signed` as
/// it is.
fn history_entry(
    tx: &Transaction,
    doc: &Document,
    coalition: &str,
    owner: &str,
    m: &Mutation,
    signed: Option<Mutation>,
) -> rusqlite::Result<Result<Option<Mutation>, Outcome>> {
    let Record::History(id) = &m.path.record else {
        return Ok(Ok(signed));
    };
    let version = rows::current(tx, coalition, &m.path)?.version;
    let refused = |e: cairn_core::Error| Err(refusal(&e, doc, &m.path, version));
    match cairn_core::history::is_held(doc, id, m.value.as_ref()) {
        Some(true) => {
            return Ok(Err(Outcome::Applied {
                version,
                value: value_at(doc, &m.path),
            }))
        }
        Some(false) => return Ok(refused(cairn_core::Error::HistoryRewritten(id.clone()))),
        None => {}
    }
    let sent = signed.as_ref().unwrap_or(m);
    // The latest change of the path is this member's, from this browser.
    let made_here = |p: &Path| rows::current(tx, coalition, p).is_ok_and(|c| c.client == owner);
    match cairn_core::history::as_happened(doc, &sent.path, sent.value.as_ref(), made_here) {
        Ok(value) => {
            let mut kept = signed.unwrap_or_else(|| m.clone());
            kept.value = value;
            Ok(Ok(Some(kept)))
        }
        Err(e) => Ok(refused(e)),
    }
}

/// Stores a new coalition at sequence 1, and keeps its document loaded.
pub(super) fn create(
    tx: &Transaction,
    docs: &mut Documents,
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
    for (path, value) in rows_of(&doc) {
        let author = rows::Author {
            client: "upload",
            by: "",
            at: &now,
        };
        rows::upsert(tx, id, &path, Some(&value), 1, &author)?;
    }
    docs.insert(id, doc);
    Ok(Ok(1))
}

/// A fingerprint of a mutation's content, to tell a retry from a reused id.
fn digest(m: &Mutation) -> String {
    fingerprint(&serde_json::to_string(m).expect("mutations serialize"))
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

/// The member id inside an owner key, if it has one.
fn member_of(owner: &str) -> Option<i64> {
    owner
        .split_once(':')
        .and_then(|(member, _)| member.parse().ok())
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

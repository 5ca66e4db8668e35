//! Offline-first sync between browsers and a shared server.
//!
//! A document is taken apart into rows ([`rows`]): one per field of the coalition, partners,
//! measures and activities, and one per observation, update and story. An edit becomes
//! [`Change`]s to paths ([`diff`]), which every side applies with the same rules the screens
//! use ([`apply`]). A client's [`Replica`] queues them as [`Mutation`]s based on the version
//! it saw; the server orders them in one sequence per coalition and keeps both values when two
//! members changed the same path from the same version ([`Conflict`]).

mod change;
mod decide;
mod path;
mod protocol;
mod replica;
mod rows;

pub use crate::code::natural;
pub use crate::fingerprint::fingerprint;
pub use change::{adopt, apply, diff, diff_journaled, merge_edit, Change};
pub use decide::{
    decide, may_open_conflict, same, trial, Decision, OPEN_CONFLICTS_PER_COALITION,
    OPEN_CONFLICTS_PER_MEMBER,
};
pub use path::{Path, Record, MAX_PATH_LEN};
pub use protocol::{
    Conflict, Mutation, Outcome, Pull, Push, PushReply, Receipt, RowChange, Side,
    MAX_MUTATIONS_PER_PUSH,
};
pub use replica::{Absorbed, Refusal, Replica};
pub(crate) use rows::read;
pub use rows::{
    assemble, canonical, record_rows, rows, to_json, update_key, value_at, value_in_head,
};

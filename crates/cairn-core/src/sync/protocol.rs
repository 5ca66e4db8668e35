//! The messages of the sync protocol, shared by the browser and the server so both read and
//! write exactly the same JSON. ARCHITECTURE.md describes the protocol as a whole.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::path::Path;
use crate::Error;

/// The most mutations one push may carry; a longer outbox is sent in several pushes.
pub const MAX_MUTATIONS_PER_PUSH: usize = 500;

/// One edit as a client sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// Increases with every mutation a client makes, so a retried push is applied once: a
    /// retried id is answered with its first receipt.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub id: u64,
    pub path: Path,
    /// The version of the path the edit was made on; 0 if the client had never seen it.
    pub base: u64,
    /// The new value; for a whole record, `null` deletes it.
    #[serde(default)]
    // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
    // twice over, which no validator accepts for `null`.
    #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
    pub value: Option<Json>,
    /// The conflict this mutation settles, if it is a member's answer to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolves: Option<u64>,
    /// Who made the edit, as they named themselves (the server signs it with the account's name).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub by: String,
    /// When the edit was made, as an RFC 3339 timestamp from the client's clock.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub at: String,
}

/// A batch of mutations from one client, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Push {
    /// The browser's client id: 1 to 64 letters, digits and `-`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9-]{1,64}$"))]
    pub client: String,
    /// Oldest first, with strictly increasing ids.
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub mutations: Vec<Mutation>,
}

impl Push {
    /// Returns `Ok` if and only if the client id is 1 to 64 letters, digits and `-`, the batch
    /// has at most [`MAX_MUTATIONS_PER_PUSH`] mutations whose ids are positive and strictly
    /// increasing, and every name and timestamp fits.
    pub fn validate(&self) -> Result<(), Error> {
        if self.client.is_empty()
            || self.client.len() > 64
            || !self
                .client
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(Error::InvalidClient);
        }
        if self.mutations.len() > MAX_MUTATIONS_PER_PUSH {
            return Err(Error::TooManyMutations {
                count: self.mutations.len(),
                max: MAX_MUTATIONS_PER_PUSH,
            });
        }
        let mut last = 0;
        for m in &self.mutations {
            if m.id <= last {
                return Err(Error::MutationOrder);
            }
            last = m.id;
            crate::code::optional_text("The editor's name", &m.by, 120)?;
            crate::code::optional_text("The edit's time", &m.at, 40)?;
        }
        Ok(())
    }
}

/// What the server did with one mutation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied; the path now has `version`. `value` is what the server stored when it is not
    /// exactly what was sent (the server signs a value with who entered it and when), so the
    /// sender's copy converges without waiting for a pull.
    Applied {
        version: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
        // twice over, which no validator accepts for `null`.
        #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
        value: Option<Json>,
    },
    /// Another member changed the same path since `base`. Their value is `kept` (at
    /// `version`); both values are in conflict record `conflict`, which every member receives.
    Conflict {
        conflict: u64,
        version: u64,
        // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
        // twice over, which no validator accepts for `null`.
        #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
        kept: Option<Json>,
    },
    /// Refused for the reason given; the path still holds `current` at `version`.
    Rejected {
        code: String,
        message: String,
        version: u64,
        // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
        // twice over, which no validator accepts for `null`.
        #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
        current: Option<Json>,
    },
}

/// The server's answer to one mutation of a push.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub id: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushReply {
    /// One receipt per mutation, in the order sent.
    pub receipts: Vec<Receipt>,
    /// The coalition's sequence after the push.
    pub cursor: u64,
}

/// One stored value that changed: a field, or a whole record (`null`: deleted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowChange {
    pub path: Path,
    // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
    // twice over, which no validator accepts for `null`.
    #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
    pub value: Option<Json>,
    pub version: u64,
}

/// One side of a conflict: a value, who set it and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Side {
    // Any JSON, `null` included: a plain `Option<Json>` would read as "a value, or null"
    // twice over, which no validator accepts for `null`.
    #[cfg_attr(feature = "openapi", schema(value_type = serde_json::Value))]
    pub value: Option<Json>,
    pub by: String,
    pub at: String,
    pub client: String,
    pub version: u64,
}

/// Two concurrent values of one path. The path holds `kept` (the first to arrive); `proposed`
/// is the value that arrived second. Nothing is discarded until a member chooses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conflict {
    pub id: u64,
    pub path: Path,
    pub kept: Side,
    pub proposed: Side,
    pub resolved: bool,
}

/// Everything that changed since a cursor, read in one consistent snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pull {
    pub cursor: u64,
    /// Whether `rows` is every stored value (the client's cursor was unknown) rather than the
    /// changes since it.
    pub snapshot: bool,
    pub rows: Vec<RowChange>,
    /// New and newly resolved conflicts (for a snapshot: every open conflict).
    pub conflicts: Vec<Conflict>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mutation(id: u64) -> Mutation {
        Mutation {
            id,
            path: Path::parse("coalition/goal").unwrap(),
            base: 0,
            value: Some(Json::String("x".into())),
            resolves: None,
            by: String::new(),
            at: String::new(),
        }
    }

    #[test]
    fn a_push_with_ids_out_of_order_or_too_many_mutations_is_refused() {
        let push = |ids: &[u64]| Push {
            client: "c-1".into(),
            mutations: ids.iter().map(|&i| mutation(i)).collect(),
        };
        assert!(push(&[1, 2, 5]).validate().is_ok());
        assert_eq!(push(&[2, 2]).validate(), Err(Error::MutationOrder));
        assert_eq!(push(&[0]).validate(), Err(Error::MutationOrder));
        let many: Vec<u64> = (1..=501).collect();
        assert!(matches!(
            push(&many).validate(),
            Err(Error::TooManyMutations { count: 501, .. })
        ));
        let mut bad = push(&[1]);
        bad.client = "no spaces".into();
        assert_eq!(bad.validate(), Err(Error::InvalidClient));
    }

    #[test]
    fn receipts_read_back_as_written() {
        let r = Receipt {
            id: 3,
            outcome: Outcome::Conflict {
                conflict: 9,
                version: 8,
                kept: Some(Json::from(4)),
            },
        };
        let text = serde_json::to_string(&r).unwrap();
        assert!(text.contains(r#""outcome":"conflict""#), "{text}");
        assert_eq!(serde_json::from_str::<Receipt>(&text).unwrap(), r);
    }
}

//! What the server's benchmarks share: a writer on a scratch file, its administrator, and the
//! one-value push they all send.

// Each benchmark uses part of this module.
#![allow(dead_code)]
use std::sync::Arc;
use std::time::Duration;

use cairn_core::sync::{Mutation, Path, Push, Record};
use cairn_server::writer::{receipts, Keeping, Writer};
use serde_json::json;

/// A writer on `file` that lets documents go after `unload_after`.
pub fn start(file: &std::path::Path, unload_after: Duration) -> Arc<Writer> {
    let (changed, _) = tokio::sync::broadcast::channel(1024);
    let keeping = Keeping {
        unload_after,
        receipts: receipts::DEFAULT_KEEP,
    };
    Arc::new(Writer::start(file, changed, keeping).expect("the writer starts"))
}

/// Member 1, a server administrator, who sends every benchmark push.
pub async fn admin(writer: &Writer) {
    writer
        .exec(|tx| {
            tx.execute(
                "INSERT INTO members (id, email, name, password, server_admin, created_at)
                 VALUES (1, 'bench@example.org', 'Bench', '', 1, '')",
                [],
            )?;
            Ok(())
        })
        .await
        .expect("the benchmark's administrator");
}

/// Mutation `id`: the value `id` for one of the first 50 cells of the benchmark coalition.
pub fn value_change(id: u64) -> Mutation {
    let partner = format!("P{:02}", id % 50 + 1);
    let value =
        json!({"measure": "W1", "period": "2000-01", "partner": partner, "value": id as f64});
    let observation: cairn_core::Observation =
        serde_json::from_value(value.clone()).expect("a value");
    mutation(
        id,
        Path::record(Record::Observation(observation.key())),
        value,
    )
}

pub fn mutation(id: u64, path: Path, value: serde_json::Value) -> Mutation {
    Mutation {
        id,
        path,
        base: 1,
        value: Some(value),
        resolves: None,
        by: "Bench".into(),
        at: String::new(),
    }
}

/// Sends `mutation` to `coalition` as member 1 and checks it was applied.
pub async fn push(writer: &Writer, coalition: &str, mutation: Mutation) {
    let reply = writer
        .push(
            coalition.to_string(),
            1,
            Push {
                client: "bench".into(),
                mutations: vec![mutation],
            },
        )
        .await
        .expect("the push is answered");
    let outcome = serde_json::to_string(&reply.receipts[0].outcome).expect("receipts serialize");
    assert!(
        outcome.contains("applied"),
        "the push was not applied: {outcome}"
    );
}

//! Benchmark: what one push costs the writer as a coalition's updates feed and its number of
//! values grow. Each row stores one coalition, then times pushes of one changed value and of one
//! new update, one at a time (each with its own commit) and 32 at once (sharing commits).
//! Prints figures; asserts nothing. The issue on speed and size asks for the same cost with 10
//! or 10,000 updates and 2,000 or 2,000,000 values; `CAIRN_BENCH_FULL=1` adds the 2,000,000
//! row (about a minute to store).
//!
//! Run with `cargo bench -p cairn-server --bench push`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use cairn_core::sync::{Mutation, Path, Record};
use cairn_core::{Document, Update};
use cairn_server::writer::Writer;
use serde_json::json;

/// Pushes timed one at a time, and pushes sent at once (in flights of [`AT_ONCE`]).
const ONE_BY_ONE: usize = 40;
const TOGETHER: usize = 256;
const AT_ONCE: usize = 32;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("a scratch directory");
    let writer = common::start(&dir.path().join("bench.sqlite3"), Duration::from_secs(600));
    runtime.block_on(async {
        common::admin(&writer).await;
        let mut sizes = vec![(2_000, 10), (2_000, 10_000), (20_000, 10), (20_000, 1_000), (20_000, 10_000), (200_000, 10)];
        if std::env::var_os("CAIRN_BENCH_FULL").is_some() {
            sizes.push((2_000_000, 10));
        }
        println!(
            "{:>10} {:>8} {:>9} | {:>14} {:>14} | {:>14} {:>14}",
            "values", "updates", "stored in", "value, alone", "update, alone", "values, 32 at", "updates, 32 at"
        );
        for (values, updates) in sizes {
            let id = format!("c{values}u{updates}");
            let started = Instant::now();
            writer
                .create(id.clone(), coalition(values, updates))
                .await
                .expect("the coalition stores");
            let stored = started.elapsed();
            let ids = Arc::new(AtomicU64::new(1));
            let alone_value = one_by_one(&writer, &id, &ids, common::value_change).await;
            let alone_update = one_by_one(&writer, &id, &ids, new_update).await;
            let together_value = together(&writer, &id, &ids, common::value_change).await;
            let together_update = together(&writer, &id, &ids, new_update).await;
            println!(
                "{values:>10} {updates:>8} {:>7.1} s | {:>11.2} ms {:>11.2} ms | {:>10.0} /s {:>10.0} /s",
                stored.as_secs_f64(),
                ms(alone_value),
                ms(alone_update),
                TOGETHER as f64 / together_value.as_secs_f64(),
                TOGETHER as f64 / together_update.as_secs_f64(),
            );
        }
    });
    writer.stop();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median time of [`ONE_BY_ONE`] pushes sent one after another.
async fn one_by_one(
    writer: &Arc<Writer>,
    id: &str,
    ids: &Arc<AtomicU64>,
    mutation: fn(u64) -> Mutation,
) -> Duration {
    let mut times = Vec::with_capacity(ONE_BY_ONE);
    for _ in 0..ONE_BY_ONE {
        let n = ids.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        common::push(writer, id, mutation(n)).await;
        times.push(started.elapsed());
    }
    times.sort();
    times[ONE_BY_ONE / 2]
}

/// The time [`TOGETHER`] pushes take when [`AT_ONCE`] are in flight at any moment.
async fn together(
    writer: &Arc<Writer>,
    id: &str,
    ids: &Arc<AtomicU64>,
    mutation: fn(u64) -> Mutation,
) -> Duration {
    let started = Instant::now();
    let mut flights = Vec::new();
    for _ in 0..AT_ONCE {
        let (writer, id, ids) = (writer.clone(), id.to_string(), ids.clone());
        flights.push(tokio::spawn(async move {
            for _ in 0..TOGETHER / AT_ONCE {
                let n = ids.fetch_add(1, Ordering::Relaxed);
                common::push(&writer, &id, mutation(n)).await;
            }
        }));
    }
    for flight in flights {
        flight.await.expect("a flight of pushes");
    }
    started.elapsed()
}

/// Mutation `n`: a new post in the updates feed.
fn new_update(n: u64) -> Mutation {
    let update = update(n as usize + 1_000_000);
    let path = Path::record(Record::Update(cairn_core::sync::update_key(&update)));
    common::mutation(
        n,
        path,
        serde_json::to_value(&update).expect("updates serialize"),
    )
}

fn update(i: usize) -> Update {
    serde_json::from_value(json!({
        "date": format!("20{:02}-{:02}-{:02}", 10 + i % 15, i % 12 + 1, i % 28 + 1),
        "author": "Bench", "text": format!("Update number {i}: the workshops went well."), "links": []
    }))
    .expect("a valid update")
}

/// The benchmark coalition with `values` values and `updates` posts in its feed.
fn coalition(values: usize, updates: usize) -> Document {
    let mut doc = cairn_server::seed::document(values);
    for i in 0..updates {
        doc.post_update(update(i)).expect("a valid update");
    }
    doc
}

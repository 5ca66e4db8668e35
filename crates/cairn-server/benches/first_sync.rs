//! Benchmark: a new member's first sync of a large coalition. For 20,000 and 120,000 values, and
//! for issue 16's coalition by group (300 partners' measures by eight categories, 324,000
//! values with the totals, `cairn_core::sample::large_by_group`):
//! the server building the snapshot (read and serialized once, then shared), compressing it
//! once per encoding, the bytes on the wire in each, and the member's side of it (reading the
//! snapshot into a document, natively here; the browser runs the same code as WebAssembly).
//! Prints figures; asserts nothing.
//!
//! Run with `cargo bench -p cairn-server --bench first_sync`.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cairn_core::sync::{Pull, Replica};
use cairn_core::Document;
use cairn_server::encoding::Encoding;
use cairn_server::reads::Reads;
use cairn_server::snapshots::Snapshots;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("a scratch directory");
    let file = dir.path().join("bench.sqlite3");
    runtime.block_on(async {
        let writer = common::start(&file, Duration::from_secs(600));
        println!(
            "{:>16} | {:>10} {:>10} | {:>10} {:>10} | {:>10} {:>10} | {:>10}",
            "values", "built in", "raw", "gzip in", "gzip", "brotli in", "brotli", "read in"
        );
        let coalitions = [
            ("20000", cairn_server::seed::document(20_000)),
            ("120000", cairn_server::seed::document(120_000)),
            ("324000 by group", cairn_core::sample::large_by_group(300)),
        ];
        for (values, document) in coalitions {
            let id = format!("c{}", values.replace(' ', "-"));
            writer.create(id.clone(), document).await.expect("stored");
            let reads = Arc::new(Reads::new(file.clone()));
            let snapshots = Snapshots::default();
            let started = Instant::now();
            let body = snapshots
                .snapshot(&reads, &id, 1)
                .await
                .expect("a snapshot");
            let built = started.elapsed();
            let raw = body.get(Encoding::Identity).await;
            let started = Instant::now();
            let gzip = body.get(Encoding::Gzip).await.len();
            let gzipped = started.elapsed();
            let started = Instant::now();
            let brotli = body.get(Encoding::Brotli).await.len();
            let brotlied = started.elapsed();
            let started = Instant::now();
            let pull: Pull = serde_json::from_slice(&raw).expect("the snapshot reads");
            let mut doc = Document::empty();
            let absorbed = Replica::new("bench").absorb(pull, &mut doc);
            let read = started.elapsed();
            assert!(absorbed.problems.is_empty(), "{:?}", absorbed.problems);
            println!(
                "{values:>16} | {:>7.0} ms {:>7} KB | {:>7.0} ms {:>7} KB | {:>7.0} ms {:>7} KB | {:>7.0} ms",
                ms(built),
                raw.len() / 1000,
                ms(gzipped),
                gzip / 1000,
                ms(brotlied),
                brotli / 1000,
                ms(read)
            );
        }
        writer.stop();
    });
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

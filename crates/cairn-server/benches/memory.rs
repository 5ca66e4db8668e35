//! Benchmark: the writer's memory. How many bytes a loaded value costs (each value with who
//! entered it and when, as in Cairn), and the server's size
//! with 1, 50 and 200 coalitions in use and after they went idle (`--unload-after`). Also how
//! long a small coalition's pushes wait while a large one loads after a restart. Prints
//! figures; asserts nothing. Linux only (it reads the process's resident size from /proc).
//!
//! Run with `cargo bench -p cairn-server --bench memory`.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cairn_server::writer::Writer;

const LARGE: usize = 200_000;
const SMALL: usize = 2_000;
const MANY: usize = 200;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("a scratch directory");
    let file = dir.path().join("bench.sqlite3");
    let before = resident();
    let doc = cairn_server::seed::attributed_document(LARGE);
    let built = resident();
    println!(
        "a document of {LARGE} values built in memory: {:.0} bytes per value",
        built.saturating_sub(before) as f64 / LARGE as f64
    );
    drop(doc);
    runtime.block_on(async {
        let writer = common::start(&file, Duration::from_secs(3600));
        common::admin(&writer).await;
        let started = Instant::now();
        writer
            .create(
                "large".into(),
                cairn_server::seed::attributed_document(LARGE),
            )
            .await
            .expect("stored");
        for i in 0..MANY {
            writer
                .create(
                    format!("small{i}"),
                    cairn_server::seed::attributed_document(SMALL),
                )
                .await
                .expect("stored");
        }
        println!(
            "stored one coalition of {LARGE} values and {MANY} of {SMALL} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        writer.stop();

        // A restart: nothing is loaded. The large coalition's first push loads it.
        let writer = common::start(&file, Duration::from_secs(3600));
        let before = resident();
        let probe = tokio::spawn(small_pushes(writer.clone()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let loading = Instant::now();
        push(&writer, "large", 1).await;
        let load_time = loading.elapsed();
        let waits = probe.await.expect("the small pushes");
        let after = resident();
        println!(
            "first push to the {LARGE}-value coalition after a restart: {:.0} ms",
            ms(load_time)
        );
        println!(
            "meanwhile {} pushes to a small coalition: median {:.1} ms, slowest {:.1} ms",
            waits.len(),
            ms(waits[waits.len() / 2]),
            ms(*waits.last().expect("some pushes"))
        );
        println!(
            "memory per loaded value: {:.0} bytes ({} MiB for {LARGE} values)",
            (after.saturating_sub(before)) as f64 / LARGE as f64,
            (after.saturating_sub(before)) >> 20
        );
        writer.stop();

        // Many coalitions in use, then idle.
        let writer = common::start(&file, Duration::from_secs(4));
        let base = resident();
        println!("resident memory, no coalition loaded: {} MiB", base >> 20);
        let mut used = 0;
        for n in [1, 50, MANY] {
            while used < n {
                push(&writer, &format!("small{used}"), 1_000_000).await;
                used += 1;
            }
            println!(
                "{n:>4} coalitions of {SMALL} values in use: {} MiB",
                resident() >> 20
            );
        }
        tokio::time::sleep(Duration::from_secs(7)).await;
        println!(
            "after {} s without writes (all let go): {} MiB",
            4,
            resident() >> 20
        );
        writer.stop();
    });
}

/// Pushes to a small coalition every 20 ms for two seconds; returns the times, sorted.
async fn small_pushes(writer: Arc<Writer>) -> Vec<Duration> {
    let mut times = Vec::new();
    let until = Instant::now() + Duration::from_secs(2);
    let mut id = 10;
    while Instant::now() < until {
        let started = Instant::now();
        push(&writer, "small0", id).await;
        times.push(started.elapsed());
        id += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    times.sort();
    times
}

async fn push(writer: &Writer, coalition: &str, id: u64) {
    common::push(writer, coalition, common::value_change(id)).await;
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The process's resident memory in bytes, after giving freed memory back to the system.
fn resident() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; safe at any time.
    unsafe {
        libc::malloc_trim(0);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

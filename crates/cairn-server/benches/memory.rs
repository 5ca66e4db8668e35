//! Benchmark: the writer's memory. How many bytes a loaded value costs (each value with who
//! entered it and when, as in Cairn), and the server's size
//! with 1, 50 and 200 coalitions in use and after they went idle (`--unload-after`). Also how
//! long a small coalition's pushes wait while a large one loads after a restart. Prints
//! figures; asserts nothing. Linux only (it reads the process's resident size from /proc).
//!
//! Run with `cargo bench -p cairn-server --bench memory`.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The system's allocator, counting the bytes the process holds: what a loaded coalition
/// keeps, read without the resident size's noise (memory freed but not yet returned, and
/// the allocator's own bookkeeping, which the resident figures still show).
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        HELD.fetch_add(new_size, Ordering::Relaxed);
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn held() -> usize {
    HELD.load(Ordering::Relaxed)
}

use cairn_server::writer::Writer;

const LARGE: usize = 200_000;
const SMALL: usize = 2_000;
const MANY: usize = 200;

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let dir = tempfile::tempdir().expect("a scratch directory");
    let file = dir.path().join("bench.sqlite3");
    let before = resident();
    let held_before = held();
    let doc = cairn_server::seed::attributed_document(LARGE);
    let built = resident();
    println!(
        "a document of {LARGE} values built in memory: {:.0} bytes per value held, {:.0} resident",
        held().saturating_sub(held_before) as f64 / LARGE as f64,
        built.saturating_sub(before) as f64 / LARGE as f64
    );
    drop(doc);
    // The server signs each push's values with one name and one time: values sent together,
    // as an import or a partner's quarter sends them, share both.
    let held_before = held();
    let doc = signed_by_push(cairn_server::seed::attributed_document(LARGE));
    println!(
        "the same values signed in pushes of 100 (one time and one name each): {:.0} bytes per value held",
        held().saturating_sub(held_before) as f64 / LARGE as f64
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
        let held_before = held();
        let probe = tokio::spawn(small_pushes(writer.clone()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let loading = Instant::now();
        push(&writer, "large", 1).await;
        let load_time = loading.elapsed();
        let waits = probe.await.expect("the small pushes");
        let after = resident();
        let held_after = held();
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
            "memory held per loaded value: {:.0} bytes of live allocations (the goal: at most 150)",
            held_after.saturating_sub(held_before) as f64 / LARGE as f64
        );
        println!(
            "memory per loaded value: {:.0} bytes of resident size ({} MiB for {LARGE} values)",
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

/// `doc` with its values' times as pushes of 100 values each would have them signed.
fn signed_by_push(mut doc: cairn_core::Document) -> cairn_core::Document {
    let list = doc
        .observations
        .iter()
        .enumerate()
        .map(|(i, o)| cairn_core::Observation {
            entered_at: format!("2026-12-06T10:{:02}:{:02}Z", i / 6000 % 60, i / 100 % 60).into(),
            ..o.clone()
        })
        .collect();
    doc.observations =
        cairn_core::observation::Observations::from_list(list).expect("one value per cell");
    doc
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

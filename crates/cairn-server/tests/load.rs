//! Memory under load, over real HTTP: two hundred members pulling a 20,000-value coalition at
//! once. Prints the server's resident memory before, at its peak and after, and checks that the
//! peak stays bounded and that memory comes back close to where it started.

mod common;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

/// The resident memory of process `pid`, in MiB (Linux).
fn resident_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

const PULLS: usize = 200;

#[test]
fn two_hundred_pulls_at_once_keep_memory_bounded_and_give_it_back() {
    if !std::path::Path::new("/proc/self/status").exists() {
        println!("no /proc here: resident memory cannot be read, so the load test is skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--seed-bench"]);
    let cookie = server.sign_in_admin();
    let pid = server.child.id();
    let url = server.url("/api/v1/coalitions/bench/pull");
    // One pull first, so "before" counts what any server that has answered once holds.
    let (status, first, _) = send("GET", &url, None, Some(&cookie));
    assert_eq!(status, 200);
    let size = first.to_string().len();
    std::thread::sleep(Duration::from_millis(300));
    let before = resident_mib(pid);
    let peak = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (peak.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max((resident_mib(pid) * 1024.0) as u64, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let started = Instant::now();
    let pulls: Vec<_> = (0..PULLS)
        .map(|_| {
            let (url, cookie) = (url.clone(), cookie.clone());
            std::thread::spawn(move || {
                // Read as bytes: parsing 200 copies here would time the test, not the server.
                let mut response = agent()
                    .get(&url)
                    .header("cookie", format!("cairn_session={cookie}"))
                    .call()
                    .unwrap();
                assert_eq!(response.status().as_u16(), 200);
                let body = body_bytes(&mut response);
                (body.len(), body.starts_with(b"{"))
            })
        })
        .collect();
    let answers: Vec<(usize, bool)> = pulls.into_iter().map(|p| p.join().unwrap()).collect();
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let rows = first["rows"].as_array().map_or(0, Vec::len);
    assert!(rows > 20_000);
    // Every member got the whole snapshot (the same JSON, re-serialised, as the first pull).
    assert!(
        answers
            .iter()
            .all(|(len, json)| *json && *len == answers[0].0),
        "{:?}",
        &answers[..3]
    );
    assert!(
        answers[0].0.abs_diff(size) < size / 10,
        "{} vs {size}",
        answers[0].0
    );
    std::thread::sleep(Duration::from_secs(1));
    let after = resident_mib(pid);
    let peak = peak.load(Ordering::Relaxed) as f64 / 1024.0;
    println!(
        "{PULLS} concurrent pulls of a {:.1} MB snapshot ({} rows) in {:.1} s; server resident memory: before {before:.0} MiB, peak {peak:.0} MiB, after {after:.0} MiB",
        answers[0].0 as f64 / 1e6,
        rows,
        took.as_secs_f64()
    );
    assert!(
        peak < before + 256.0,
        "peak {peak:.0} MiB from {before:.0} MiB"
    );
    assert!(
        after < before + 64.0,
        "after {after:.0} MiB from {before:.0} MiB"
    );
}

//! Kill the server with SIGKILL at random moments under write load, restart it, and check that
//! every acknowledged write survived and the SQLite file is intact after each. A hundred kills,
//! in a bounded time (the run fails rather than hold CI).

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const ID: &str = "crash";
const KILLS: usize = 100;
/// The whole run must finish within this; about 40 s on a 2-core machine.
const BOUND: Duration = Duration::from_secs(240);

/// The cell of write number `n`: one of 50 partners, a month from 2100-01 on.
fn cell(n: u64) -> (String, String) {
    let month = n / 50;
    (
        format!("{}-{:02}", 2100 + month / 12, month % 12 + 1),
        format!("P{:02}", n % 50 + 1),
    )
}

#[test]
fn every_acknowledged_write_survives_a_hundred_kills_and_the_file_stays_intact() {
    let begun = std::time::Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path());
    upload(&server, ID, &cairn_server::seed::document(0));
    let next = Arc::new(AtomicU64::new(0));
    let mut acked: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut seed = 0x9e37_79b9_u64;
    for kill in 0..KILLS {
        let url = server.url(&format!("/api/v1/coalitions/{ID}/push"));
        let running = Arc::new(AtomicBool::new(true));
        let acks = Arc::new(AtomicU64::new(0));
        let writers: Vec<_> = (0..3)
            .map(|t| {
                let (url, next, running) = (url.clone(), next.clone(), running.clone());
                let acks = acks.clone();
                std::thread::spawn(move || {
                    let client = format!("kill{kill}-writer{t}");
                    let mut mine = Vec::new();
                    let mut id = 0;
                    while running.load(Ordering::Relaxed) {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let (period, partner) = cell(n);
                        id += 1;
                        let body = json!({"client": client, "mutations": [{
                            "id": id, "base": 0,
                            "path": format!("observations/W1/{period}/{partner}"),
                            "value": {"measure": "W1", "period": period, "partner": partner, "value": n}
                        }]});
                        let Ok(mut response) = admin_post(&url)
                            .header("content-type", "application/json")
                            .send(body.to_string())
                        else {
                            break; // killed
                        };
                        let Ok(answer) = response.body_mut().read_json::<Value>() else {
                            break;
                        };
                        if answer["receipts"][0]["outcome"] == "applied" {
                            mine.push(((period, partner), n));
                            acks.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    mine
                })
            })
            .collect();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Kill at a random moment once the load is really running.
        let started = std::time::Instant::now();
        while acks.load(Ordering::Relaxed) == 0 && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(seed % 300));
        server.kill();
        running.store(false, Ordering::Relaxed);
        let before = acked.len();
        for w in writers {
            acked.extend(w.join().unwrap());
        }
        assert!(acked.len() > before, "round {kill} acknowledged no write");

        let conn = rusqlite::Connection::open(dir.path().join("cairn.sqlite3")).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "after kill {kill}");
        drop(conn);

        server = Server::start(dir.path());
        let stored: BTreeMap<String, Value> = pull(&server, ID, 0)
            .rows
            .into_iter()
            .filter_map(|r| Some((r.path.to_string(), r.value?)))
            .collect();
        assert!(
            begun.elapsed() < BOUND,
            "kill {kill}: the run took too long"
        );
        for ((period, partner), n) in &acked {
            let path = format!("observations/W1/{period}/{partner}");
            let value = stored
                .get(&path)
                .unwrap_or_else(|| panic!("acknowledged {path} lost after kill {kill}"));
            assert_eq!(value["value"], json!(*n as f64), "{path}");
        }
    }
    println!(
        "{KILLS} kills in {:?}, {} acknowledged writes all present",
        begun.elapsed(),
        acked.len()
    );
}

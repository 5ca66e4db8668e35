//! Slow and silent clients, over real TCP against the real binary: they are cut off, and they
//! never keep a member out.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

/// Opens a connection to `server` and sends `bytes`, then nothing.
fn silent(server: &Server, bytes: &str) -> TcpStream {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("the server takes the connection");
    stream.write_all(bytes.as_bytes()).unwrap();
    stream
}

/// Whether the server closed `stream` within `within`: a read ends (or fails) instead of
/// waiting.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue, // an answer (a 408, say) before closing
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                )
            }
        }
    }
}

/// Everything the server sends on `stream` until it closes it, or `within` passes.
fn answer_within(stream: &mut TcpStream, within: Duration) -> String {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut seen = Vec::new();
    let _ = stream.read_to_end(&mut seen);
    String::from_utf8_lossy(&seen).into_owned()
}

/// Makes room for `files` open files in this test process (the crowd's side of the sockets).
fn raise_open_file_limit(files: u64) {
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by pointer.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if (limit.rlim_cur as u64) < files {
            limit.rlim_cur = limit.rlim_max.min(files as libc::rlim_t);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
}

const HALF_A_HEAD: &str = "GET /api/v1/health HTTP/1.1\r\nHost: cairn\r\n";

#[test]
fn a_thousand_silent_connections_do_not_keep_a_member_out_and_are_closed() {
    raise_open_file_limit(1200);
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--head-timeout", "3"]);
    let cookie = server.sign_in_admin();
    let started = Instant::now();
    let mut crowd: Vec<TcpStream> = (0..1000).map(|_| silent(&server, HALF_A_HEAD)).collect();
    println!(
        "1000 connections sending half a request opened in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let asked = Instant::now();
    let (status, me, _) = send("GET", &server.url("/api/v1/me"), None, Some(&cookie));
    assert_eq!(status, 200, "{me}");
    assert_eq!(get(&server.url("/api/v1/health")).0, 200);
    let answered = asked.elapsed();
    println!(
        "with 1000 silent connections open, a member's two requests took {:.0} ms",
        answered.as_secs_f64() * 1e3
    );
    assert!(answered < Duration::from_secs(2), "{answered:?}");
    // Each is cut off once its head is late (three seconds here, ten by default).
    let closed = crowd
        .iter_mut()
        .map(|s| closed_within(s, Duration::from_secs(6)))
        .filter(|closed| *closed)
        .count();
    println!(
        "{closed} of 1000 closed by the server {:.1} s after they opened",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(closed, 1000);
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--head-timeout", "1"]);
    let mut stream = silent(
        &server,
        "GET /api/v1/health HTTP/1.1\r\nHost: cairn\r\nConnection: keep-alive\r\n\r\n",
    );
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let idle = Instant::now();
    assert!(closed_within(&mut stream, Duration::from_secs(4)));
    let after = idle.elapsed();
    println!("an idle kept-alive connection was closed after {after:?}");
    assert!(after >= Duration::from_millis(800), "{after:?}");
}

#[test]
fn a_body_that_stops_arriving_gets_a_json_408() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(dir.path(), &["--body-timeout", "1"]);
    let mut stream = silent(
        &server,
        "POST /api/v1/session HTTP/1.1\r\nHost: cairn\r\nx-cairn-csrf: 1\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n{\"email\":",
    );
    let answer = answer_within(&mut stream, Duration::from_secs(5));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"too_slow\""), "{answer}");
}

#[test]
fn past_the_connection_bound_a_new_connection_waits_for_a_free_one() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start_bare(
        dir.path(),
        &["--max-connections", "20", "--head-timeout", "2"],
    );
    let opened = Instant::now();
    let _crowd: Vec<TcpStream> = (0..20).map(|_| silent(&server, HALF_A_HEAD)).collect();
    // The twenty-first waits in the listen queue until the silent ones are cut off.
    let (status, _) = get(&server.url("/api/v1/health"));
    let waited = opened.elapsed();
    println!("past the bound of 20, a request was answered after {waited:?}");
    assert_eq!(status, 200);
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
}

//! What the server sends over the wire, over real HTTP: compressed as the browser asks (API
//! answers on the fly, snapshots once for everyone, the app's files as built), cached by name,
//! and a request log that can be quieted.

mod common;

use std::io::Read;
use std::path::Path;

use cairn_core::sample;
use common::*;

const ID: &str = "teen-futures";

/// A GET as the administrator asking for `encoding` (or none); the status, the headers asked
/// for and the raw body.
fn fetch(url: &str, encoding: Option<&str>, names: &[&str]) -> (u16, Vec<Option<String>>, Vec<u8>) {
    let mut request = admin_get(url);
    if let Some(encoding) = encoding {
        request = request.header("accept-encoding", encoding);
    }
    let mut response = request.call().unwrap();
    let headers = names
        .iter()
        .map(|n| {
            response
                .headers()
                .get(*n)
                .map(|v| v.to_str().unwrap().to_string())
        })
        .collect();
    let body = body_bytes(&mut response);
    (response.status().as_u16(), headers, body)
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    out
}

#[test]
fn api_answers_and_snapshots_come_compressed_as_the_browser_asks() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path());
    upload(&server, ID, &sample::coalition());
    let pull = server.url(&format!("/api/v1/coalitions/{ID}/pull"));
    let (_, plain_headers, plain) = fetch(&pull, None, &["content-encoding"]);
    assert_eq!(plain_headers[0], None);
    let (status, headers, br) = fetch(
        &pull,
        Some("gzip, deflate, br"),
        &["content-encoding", "vary"],
    );
    assert_eq!(status, 200);
    assert_eq!(headers[0].as_deref(), Some("br"));
    assert_eq!(headers[1].as_deref(), Some("accept-encoding"));
    assert_eq!(unbrotli(&br), plain);
    let (_, headers, gz) = fetch(&pull, Some("gzip"), &["content-encoding"]);
    assert_eq!(headers[0].as_deref(), Some("gzip"));
    assert_eq!(gunzip(&gz), plain);
    println!(
        "a snapshot of the sample coalition: {} bytes, {} as gzip, {} as brotli",
        plain.len(),
        gz.len(),
        br.len()
    );
    assert!(
        br.len() * 5 < plain.len(),
        "{} of {}",
        br.len(),
        plain.len()
    );
    // Other answers are compressed as they are sent.
    let me = server.url("/api/v1/me");
    let (_, _, plain) = fetch(&me, None, &[]);
    let (_, headers, gz) = fetch(&me, Some("gzip"), &["content-encoding"]);
    assert_eq!(headers[0].as_deref(), Some("gzip"));
    assert_eq!(gunzip(&gz), plain);
}

/// A built app in `dir`: a page, a hashed WebAssembly file with its compressed copies (as
/// `scripts/precompress.mjs` writes them), the service worker and robots.txt.
fn built_app(dir: &Path) -> Vec<u8> {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><html><body></body></html>",
    )
    .unwrap();
    let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 7) as u8).collect();
    let name = dir.join("cairn-0123456789abcdef_bg.wasm");
    std::fs::write(&name, &wasm).unwrap();
    let mut br = Vec::new();
    brotli::BrotliCompress(&mut &wasm[..], &mut br, &Default::default()).unwrap();
    std::fs::write(dir.join("cairn-0123456789abcdef_bg.wasm.br"), &br).unwrap();
    std::fs::write(
        dir.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    std::fs::write(dir.join("robots.txt"), "User-agent: *\nDisallow: /api/\n").unwrap();
    br
}

#[test]
fn the_apps_files_are_sent_as_built_compressed_and_named_files_are_kept_for_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app");
    let br = built_app(&app);
    let server = Server::start_bare(
        &dir.path().join("data"),
        &["--app-dir", app.to_str().unwrap()],
    );
    let names = ["content-encoding", "cache-control", "content-type"];
    let wasm = server.url("/cairn-0123456789abcdef_bg.wasm");
    let (status, headers, body) = fetch(&wasm, Some("br, gzip"), &names);
    assert_eq!(status, 200);
    assert_eq!(headers[0].as_deref(), Some("br"));
    assert_eq!(
        headers[1].as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(headers[2].as_deref(), Some("application/wasm"));
    assert_eq!(
        body, br,
        "the copy made at build time, not compressed again"
    );
    let (_, headers, body) = fetch(&wasm, None, &names);
    assert_eq!(headers[0], None);
    assert_eq!(body.len(), 200_000);
    for path in ["/sw.js", "/", "/index.html"] {
        let (status, headers, _) = fetch(&server.url(path), None, &names);
        assert_eq!(status, 200, "{path}");
        assert_eq!(headers[1].as_deref(), Some("no-cache"), "{path}");
    }
    let (status, headers, body) = fetch(&server.url("/robots.txt"), None, &names);
    assert_eq!(status, 200);
    assert!(headers[2].as_deref().unwrap().starts_with("text/plain"));
    assert!(String::from_utf8(body).unwrap().contains("Disallow: /api/"));
}

#[test]
fn the_log_level_quiets_the_request_log() {
    let count_request_lines = |flags: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start_bare(dir.path(), flags);
        for _ in 0..3 {
            assert_eq!(get(&server.url("/api/v1/health")).0, 200);
        }
        drop(server);
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap();
        log.lines().filter(|l| l.contains(" request ")).count()
    };
    assert!(count_request_lines(&[]) >= 3);
    assert_eq!(count_request_lines(&["--log-level", "warn"]), 0);
}

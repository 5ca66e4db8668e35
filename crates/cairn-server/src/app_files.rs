//! The built app's files: sent in the compressed form the browser accepts (made when the app is
//! built, `scripts/precompress.mjs`), and cached by name: a file whose name carries Trunk's
//! content hash never changes, so browsers keep it for a year; every other file (the page, the
//! service worker, the manifest) is checked again each time, so a new version is seen at once.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::{ServeDir, ServeFile};

/// The app's files under `app_dir`, with `index.html` for any path that is not a file (the app
/// routes in the `#` part, so that is only ever a mistyped address).
pub fn service(app_dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(app_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(app_dir.join("index.html")))
}

/// A year, and never revalidated: for files named by their content.
const HASHED: &str = "public, max-age=31536000, immutable";
/// Checked with the server on every use (a cheap 304 when unchanged).
const UNHASHED: &str = "no-cache";

/// Sets `Cache-Control` on every answer outside `/api/` that has none.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    if path.starts_with("/api/") || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let policy = if response.status().is_success() && is_hashed(&path) {
        HASHED
    } else {
        UNHASHED
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// Whether the file at `path` is named by its content the way Trunk names it:
/// `cairn-0123456789abcdef.wasm`, `cairn-0123456789abcdef_bg.wasm`. Trunk writes the hash, a
/// 64-bit number, in hex without leading zeros, so one build in sixteen has 15 digits.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_trunks_content_hash_are_cached_for_long() {
        assert!(is_hashed("/cairn-d3ae29bf1d007434.css"));
        assert!(is_hashed("/cairn-d3ae29bf1d007434_bg.wasm"));
        assert!(is_hashed("/cairn-aa1ae714b0ce402_bg.wasm"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/teen-futures.json"));
        assert!(!is_hashed("/cairn-init.js"));
    }
}

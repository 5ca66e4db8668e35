//! The public pages: each coalition's published report card at `/public/<coalition>/`, and its
//! embeddable charts under `embed/`, read with no account. They are plain HTML with their
//! stylesheet inline and no script, so their policy allows nothing else: the stylesheet by its
//! hash, images only as data. The embeds alone may be framed by any site; every other page of
//! the server, the card's own included, refuses to be framed ([`policy`]).

use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::report_cards::{self, PUBLIC_PREFIX};
use crate::state::AppState;

/// The public pages' routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/{id}", get(to_folder))
        .route("/{id}/", get(card))
        .route("/{id}/index.html", get(card))
        .route("/{id}/embed/{file}", get(embed))
}

/// The security policy of a page at `path`, and whether it may be framed: `None` for a page
/// that is not public (it takes the app's policy).
pub fn policy(path: &str) -> Option<(&'static str, bool)> {
    let rest = path.strip_prefix(PUBLIC_PREFIX)?.strip_prefix('/')?;
    let embed = rest
        .split_once('/')
        .is_some_and(|(_, page)| page.starts_with("embed/"));
    Some(if embed {
        (&EMBED_POLICY, true)
    } else {
        (&CARD_POLICY, false)
    })
}

/// The report stylesheet's CSP hash: what lets the inline `<style>` of a card apply and
/// nothing else.
static STYLE_HASH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(cairn_report::STYLE.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(digest)
});

fn public_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors {frame_ancestors}",
        *STYLE_HASH
    )
}

static CARD_POLICY: LazyLock<String> = LazyLock::new(|| public_policy("'none'"));
static EMBED_POLICY: LazyLock<String> = LazyLock::new(|| public_policy("*"));

async fn to_folder(Path(id): Path<String>) -> Response {
    // Relative links inside the card (`embed/…`, `../index.html`) need the folder's slash.
    match crate::api::coalition_id(&id) {
        Ok(id) => Redirect::permanent(&format!("{PUBLIC_PREFIX}/{id}/")).into_response(),
        Err(_) => not_published(),
    }
}

async fn card(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    serve(state, id, cairn_report::card::INDEX.to_string()).await
}

async fn embed(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    serve(state, id, format!("embed/{file}")).await
}

async fn serve(state: AppState, id: String, path: String) -> Response {
    let Ok(id) = crate::api::coalition_id(&id) else {
        return not_published();
    };
    let found = state
        .reads
        .with(move |conn| report_cards::page(conn, &id, &path))
        .await;
    match found {
        Ok(Some(html)) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                // Checked again on every visit, so a card taken down is gone at once, even
                // from a browser that read it before.
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            html,
        )
            .into_response(),
        Ok(None) => not_published(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This page cannot be read just now; try again in a moment.",
        )
            .into_response(),
    }
}

/// The answer for a card that is not (or no longer) published.
fn not_published() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        "No report card is published at this address.",
    )
        .into_response()
}
